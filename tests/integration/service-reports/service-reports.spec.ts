/**
 * Residence-place service reports (情况报告单) through HTTP against the real PostgreSQL and Temporal dev
 * server: 新安街道 (Shenzhen, 440306017) files a report about 李娜, registered at 滕王阁街道 (Nanchang,
 * 360102002); 滕王阁街道 acknowledges or contests it; a contest is decided by the arbitrator the two
 * offices' demo agreement names (江西省, 36: no office lies above both). Who may see and act, the rules on
 * a contest, and that no personal data reaches the workflow's search attributes, memo or history.
 */
import { serviceReportWorkflowId } from '../../../libs/contracts';
import { as, expectProblem, violatedFields, type AuthedClient } from '../../support/http';
import { useTestStack } from '../../support/test-app';
import { withCheckCharacter } from '../certificate-applications/case-helpers';
import {
  aReport,
  expectStatus,
  fileDelivered,
  getReport,
  LI_NA_ID,
  LI_NA_NAME,
  REPORTS,
  reportNotifications,
  textsIn,
  waitForReportState,
  type ReportView,
} from './report-helpers';
import { decodedHistory } from '../../support/history-scan';

describe('service reports', () => {
  const stack = useTestStack();
  let residence: AuthedClient; // xinan.caseworker, 440306017
  let registration: AuthedClient; // tengwangge.caseworker, 360102002
  let otherStreet: AuthedClient; // baihuazhou.caseworker, 360102004
  let jiangxi: AuthedClient; // jiangxi.manager, 36: the agreement's arbitrator
  let donghu: AuthedClient; // donghu.manager, 360102: above the registration office only
  let baoan: AuthedClient; // baoan.manager, 440306: above the residence office only

  beforeAll(async () => {
    residence = await as(stack(), 'xinan.caseworker');
    registration = await as(stack(), 'tengwangge.caseworker');
    otherStreet = await as(stack(), 'baihuazhou.caseworker');
    jiangxi = await as(stack(), 'jiangxi.manager');
    donghu = await as(stack(), 'donghu.manager');
    baoan = await as(stack(), 'baoan.manager');
  });

  it('is filed, delivered to the registration office with a deadline, and acknowledged, which answers the notification', async () => {
    const filed = expectStatus(await residence.post(REPORTS).set('Idempotency-Key', 'file-report-ack-1').send(aReport()), 201).body as ReportView;
    expect(filed).toMatchObject({
      filingOfficeCode: '440306017',
      registrationOfficeCode: '360102002',
      arbitratorOfficeCode: '36',
      serviceType: 'free-health-check',
      person: { fullName: LI_NA_NAME, identityNumber: LI_NA_ID },
    });
    expect(filed.caseNumber).toMatch(/^SR-440306017-\d{4}-\d{6}$/);
    // The same request under the same key is the same report.
    const again = expectStatus(await residence.post(REPORTS).set('Idempotency-Key', 'file-report-ack-1').send(aReport()), 200).body as ReportView;
    expect(again.id).toBe(filed.id);
    const otherBody = await residence.post(REPORTS).set('Idempotency-Key', 'file-report-ack-1').send(aReport({ outcome: 'referred' }));
    expectProblem(otherBody, 422, 'BUSINESS_RULE_VIOLATED');

    const delivered = await waitForReportState(residence, filed.id, 'awaiting-acknowledgement');
    expect(delivered.deadlineAt).not.toBeNull();
    expect(Date.parse(delivered.finalDeadlineAt!)).toBeGreaterThan(Date.parse(delivered.deadlineAt!));
    expect(delivered.waitingOn).toEqual({ officeCode: '360102002', for: 'acknowledgement', dueAt: delivered.deadlineAt });
    expect(delivered.allowedActions).toEqual(['correct', 'withdraw']);
    expect((await getReport(registration, filed.id)).allowedActions).toEqual(['acknowledge', 'contest']);

    const [asking] = await reportNotifications(stack().db, filed.id, 'service-report-received');
    expect(asking).toMatchObject({ recipientOfficeCode: '360102002', expectsAnswer: true, answeredAt: null });
    expect(asking!.answerDueAt!.toISOString()).toBe(delivered.deadlineAt);

    // The residence office cannot acknowledge its own report.
    expectProblem(await residence.post(`${REPORTS}/${filed.id}/acknowledge`).send({}), 403, 'ROLE_NOT_PERMITTED');

    const acknowledged = expectStatus(await registration.post(`${REPORTS}/${filed.id}/acknowledge`).send({ note: 'entered in the register' }), 200)
      .body as ReportView;
    expect(acknowledged).toMatchObject({ state: 'acknowledged', waitingOn: null, allowedActions: [] });
    expect(acknowledged.closedAt).not.toBeNull();
    expect(acknowledged.timeline.map((t) => t.action)).toEqual(['file', 'deliver', 'acknowledge']);
    const [answered] = await reportNotifications(stack().db, filed.id, 'service-report-received');
    expect(answered).toMatchObject({ state: 'answered' });
    expect(answered!.answeredAt).not.toBeNull();
    expect(await reportNotifications(stack().db, filed.id, 'service-report-acknowledged')).toEqual([
      expect.objectContaining({ recipientOfficeCode: '440306017', expectsAnswer: false }),
    ]);
    expectProblem(await registration.post(`${REPORTS}/${filed.id}/contest`).send({ reason: 'wrong-person', evidenceNote: 'x' }), 409);
  });

  it('refuses a contest without a reason from the list, or without evidence, and changes nothing', async () => {
    const report = await fileDelivered(residence);
    const contest = (body: object) => registration.post(`${REPORTS}/${report.id}/contest`).send(body);
    expect(violatedFields(expectProblem(await contest({ evidenceNote: 'not ours' }), 400, 'VALIDATION_FAILED'))).toEqual(['reason']);
    expect(violatedFields(expectProblem(await contest({ reason: 'no-reason', evidenceNote: 'not ours' }), 400))).toEqual(['reason']);
    expect(violatedFields(expectProblem(await contest({ reason: '', evidenceNote: 'not ours' }), 400))).toEqual(['reason']);
    expect(violatedFields(expectProblem(await contest({ reason: 'wrong-person' }), 400))).toEqual(['evidenceNote']);
    const after = await getReport(registration, report.id);
    expect(after.state).toBe('awaiting-acknowledgement');
    expect(after.timeline.map((t) => t.action)).toEqual(['file', 'deliver']);
    expect((await reportNotifications(stack().db, report.id, 'service-report-received'))[0]).toMatchObject({ answeredAt: null });
  });

  it('sends a contest with a reason to the arbitrator, whose manager alone decides, with a reason', async () => {
    const report = await fileDelivered(residence);
    const contested = expectStatus(
      await registration.post(`${REPORTS}/${report.id}/contest`).send({ reason: 'not-registered-here', evidenceNote: 'moved out 2024, register entry 17' }),
      200,
    ).body as ReportView;
    expect(contested).toMatchObject({ state: 'contested', contestReason: 'not-registered-here', waitingOn: { officeCode: '36', for: 'decision' } });
    expect((await reportNotifications(stack().db, report.id, 'service-report-received'))[0]).toMatchObject({ state: 'answered' });
    expect(await reportNotifications(stack().db, report.id, 'service-report-arbitration-requested')).toEqual([
      expect.objectContaining({ recipientOfficeCode: '36', expectsAnswer: true }),
    ]);

    // Managers above only one of the offices see the report but may not decide it.
    for (const manager of [donghu, baoan]) {
      expect((await getReport(manager, report.id)).allowedActions).toEqual([]);
      expectProblem(await manager.post(`${REPORTS}/${report.id}/uphold-contest`).send({ reason: 'x' }), 403, 'ROLE_NOT_PERMITTED');
    }
    // A caseworker of the registration office may not decide its own contest.
    expectProblem(await registration.post(`${REPORTS}/${report.id}/dismiss-contest`).send({ reason: 'x' }), 403, 'ROLE_NOT_PERMITTED');
    const arbitrator = await getReport(jiangxi, report.id);
    expect(arbitrator.allowedActions).toEqual(['uphold-contest', 'dismiss-contest']);
    expect(violatedFields(expectProblem(await jiangxi.post(`${REPORTS}/${report.id}/dismiss-contest`).send({}), 400))).toEqual(['reason']);

    const decided = expectStatus(
      await jiangxi.post(`${REPORTS}/${report.id}/dismiss-contest`).send({ reason: 'the person lives at the reported address' }),
      200,
    ).body as ReportView;
    expect(decided).toMatchObject({ state: 'contest-dismissed', waitingOn: null });
    expect(decided.timeline.at(-1)).toMatchObject({ action: 'dismiss-contest', actorRole: 'manager', reason: 'the person lives at the reported address' });
    const told = await reportNotifications(stack().db, report.id, 'service-report-contest-dismissed');
    expect(told.map((n) => n.recipientOfficeCode).sort()).toEqual(['360102002', '440306017']);
    expect((await reportNotifications(stack().db, report.id, 'service-report-arbitration-requested'))[0]).toMatchObject({ state: 'answered' });
  });

  it('lets the filing office correct a contested report (asked again, fresh deadline) and withdraw it', async () => {
    const report = await fileDelivered(residence);
    expectStatus(await registration.post(`${REPORTS}/${report.id}/contest`).send({ reason: 'duplicate-report', evidenceNote: 'same as SR-1' }), 200);
    expectProblem(await registration.post(`${REPORTS}/${report.id}/correct`).send({ reason: 'x', outcome: 'referred' }), 403);
    expect(violatedFields(expectProblem(await residence.post(`${REPORTS}/${report.id}/correct`).send({ reason: 'x' }), 400))).toEqual(['serviceType']);
    const corrected = expectStatus(
      await residence.post(`${REPORTS}/${report.id}/correct`).send({ reason: 'the earlier report was for another check', serviceDate: '2025-11-04' }),
      200,
    ).body as ReportView;
    expect(corrected).toMatchObject({ state: 'awaiting-acknowledgement', serviceDate: '2025-11-04', contestReason: null, remindersSent: 0 });
    expect(Date.parse(corrected.deadlineAt!)).toBeGreaterThanOrEqual(Date.parse(report.deadlineAt!));
    const [askedAgain] = await reportNotifications(stack().db, report.id, 'service-report-corrected');
    expect(askedAgain).toMatchObject({ recipientOfficeCode: '360102002', expectsAnswer: true, answeredAt: null });
    expect((await reportNotifications(stack().db, report.id, 'service-report-arbitration-requested'))[0]).toMatchObject({ state: 'expired' });

    const withdrawn = expectStatus(await residence.post(`${REPORTS}/${report.id}/withdraw`).send({ reason: 'filed by mistake' }), 200).body as ReportView;
    expect(withdrawn.state).toBe('withdrawn');
    expect((await reportNotifications(stack().db, report.id, 'service-report-corrected'))[0]).toMatchObject({ state: 'expired', answeredAt: null });
    // A withdrawn report asks nothing any more: its questions leave the registration office's "needs an answer" inbox.
    const inbox = expectStatus(await registration.get('/api/v1/notifications?needsAnswer=true&limit=100'), 200).body as { items: Array<{ caseId: string | null }> };
    expect(inbox.items.filter((n) => n.caseId === report.id)).toEqual([]);
  });

  it('is seen only by the offices party to it and managers above them, listed both ways and by state', async () => {
    const report = await fileDelivered(residence);
    expectProblem(await otherStreet.get(`${REPORTS}/${report.id}`), 404, 'NOT_FOUND');
    expectProblem(await otherStreet.post(`${REPORTS}/${report.id}/acknowledge`).send({}), 404, 'NOT_FOUND');
    const idsOf = async (client: AuthedClient, query: string) =>
      ((expectStatus(await client.get(`${REPORTS}?${query}`), 200).body as { items: ReportView[] }).items).map((r) => r.id);
    expect(await idsOf(otherStreet, '')).not.toContain(report.id);
    expect(await idsOf(residence, 'direction=filed')).toContain(report.id);
    expect(await idsOf(residence, 'direction=received')).not.toContain(report.id);
    expect(await idsOf(registration, 'direction=received&state=awaiting-acknowledgement')).toContain(report.id);
    expect(await idsOf(registration, 'direction=received&state=acknowledged')).not.toContain(report.id);
    expect(await idsOf(registration, 'overdue=true')).not.toContain(report.id);
    // Past its deadline (moved back in the record: the clock itself is tested under time skipping) it is overdue.
    await stack().db.query(`UPDATE service_report SET deadline_at = now() - interval '1 hour' WHERE id = $1`, [report.id]);
    expect(await idsOf(registration, 'direction=received&overdue=true')).toContain(report.id);
    expect(await idsOf(residence, 'direction=filed&overdue=true')).toContain(report.id);
    expect((await getReport(registration, report.id)).overdue).toBe(true);
    expect(await idsOf(donghu, 'direction=received')).toContain(report.id);
    expect(await idsOf(baoan, 'direction=filed')).toContain(report.id);
    expect(violatedFields(expectProblem(await registration.get(`${REPORTS}?direction=sideways`), 400))).toEqual(['direction']);
  });

  it('refuses a person the system does not know, one registered at the filing office, and a bad report', async () => {
    const unknown = withCheckCharacter('44030619900101123');
    const refused = expectProblem(await residence.post(REPORTS).send(aReport({ personIdentityNumber: unknown })), 422, 'BUSINESS_RULE_VIOLATED');
    expect(refused).toMatchObject({ field: 'personIdentityNumber', rule: 'known-person' });
    expectProblem(await registration.post(REPORTS).send(aReport()), 422, 'BUSINESS_RULE_VIOLATED');
    const bad = expectProblem(
      await residence.post(REPORTS).send(aReport({ serviceType: 'haircut', serviceDate: '3 May', outcome: 'great' })),
      400,
      'VALIDATION_FAILED',
    );
    expect(violatedFields(bad)).toEqual(['outcome', 'serviceDate', 'serviceType']);
    const future = expectProblem(await residence.post(REPORTS).send(aReport({ serviceDate: '2999-01-01' })), 400, 'VALIDATION_FAILED');
    expect(future.errors).toEqual([expect.objectContaining({ field: 'serviceDate', rule: 'not-in-future' })]);
    expectProblem(await jiangxi.post(REPORTS).send(aReport()), 403, 'ROLE_NOT_PERMITTED');
    const count = (await stack().db.query(`SELECT count(*)::int AS n FROM service_report WHERE person_id NOT IN (SELECT id FROM person)`)) as Array<{ n: number }>;
    expect(count[0]!.n).toBe(0);
  });

  it('lists the service catalogue and the two offices’ agreement, and lets an office admin change it', async () => {
    const types = expectStatus(await residence.get('/api/v1/service-report-types'), 200).body as Array<{ code: string }>;
    expect(types.map((t) => t.code)).toEqual(expect.arrayContaining(['arrival-registration', 'free-health-check', 'counselling', 'change-of-address', 'change-of-marital-status']));
    const agreement = expectStatus(await residence.get('/api/v1/cooperation-agreements/440306017/360102002'), 200).body;
    expect(agreement).toEqual({ officeCodes: ['360102002', '440306017'], acknowledgementWorkingDays: 10, feedbackIntervalMonths: 6, arbitratorOfficeCode: '36', agreed: true });
    // Two streets of one district, with no agreement: the defaults, and their district as the arbitrator.
    const defaults = expectStatus(await registration.get('/api/v1/cooperation-agreements/360102002/360102004'), 200).body;
    expect(defaults).toMatchObject({ agreed: false, arbitratorOfficeCode: '360102', acknowledgementWorkingDays: 10 });
    expectProblem(await residence.get('/api/v1/cooperation-agreements/360102002/360102004'), 404);
    const put = { acknowledgementWorkingDays: 5, feedbackIntervalMonths: 3 };
    expectProblem(await registration.put('/api/v1/cooperation-agreements/360102002/360102004').send(put), 403, 'ROLE_NOT_PERMITTED');
    const admin = await as(stack(), 'tengwangge.admin');
    const saved = expectStatus(await admin.put('/api/v1/cooperation-agreements/360102004/360102002').send(put), 200).body;
    expect(saved).toEqual({ officeCodes: ['360102002', '360102004'], acknowledgementWorkingDays: 5, feedbackIntervalMonths: 3, arbitratorOfficeCode: null, agreed: true });
    expect(violatedFields(expectProblem(await admin.put('/api/v1/cooperation-agreements/360102002/360102004').send({ acknowledgementWorkingDays: 0 }), 400))).toEqual([
      'acknowledgementWorkingDays',
      'feedbackIntervalMonths',
    ]);
    // The office's agreements with the two offices of this test (other files keep agreements of their own).
    const listed = expectStatus(await admin.get('/api/v1/cooperation-agreements'), 200).body as Array<{ officeCodes: string[] }>;
    expect(listed.filter((a) => a.officeCodes.includes('360102004') || a.officeCodes.includes('440306017'))).toHaveLength(2);
  });

  it('keeps personal data out of the workflow: search attributes and memo carry codes, the history no name or identity number', async () => {
    const report = await fileDelivered(residence);
    expectStatus(await registration.post(`${REPORTS}/${report.id}/acknowledge`).send({}), 200);
    const handle = stack().client.workflow.getHandle(serviceReportWorkflowId(report.id));
    const description = await handle.describe();
    const attributes = Object.fromEntries(description.typedSearchAttributes.getAll().map((pair) => [pair.key.name, pair.value]));
    expect(attributes).toMatchObject({
      CaseType: 'service-report',
      CaseState: 'acknowledged',
      OfficeCode: '440306017',
      CounterpartOfficeCode: '360102002',
      Escalated: false,
    });
    expect(attributes['DeadlineAt']).toBeUndefined(); // a closed report has no deadline to sort by
    // Decoded (the payloads are encrypted as stored): what the workflow really carries.
    const history = await decodedHistory(handle.client, await handle.fetchHistory());
    const texts = [...textsIn(description.memo ?? {}), ...textsIn(description.typedSearchAttributes.getAll()), ...textsIn(history)].join('\n');
    expect(texts).toContain(report.id); // the search really read the history
    for (const personal of [LI_NA_ID, LI_NA_NAME, '李', 'annual check']) expect(texts).not.toContain(personal);
  });
});
