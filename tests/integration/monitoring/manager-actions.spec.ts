/**
 * A manager's actions on a listed case, through HTTP: reassign a certificate application to another
 * caseworker of its office, nudge the office a report is waiting for, escalate to the manager above. Each
 * changes what it promises (the assignee, a notification to the right office or person) and is audited.
 */
import type { CaseView } from '../../support/case-view';
import { LI_NA } from '../../support/demo-applicants';
import { as, expectProblem, violatedFields, type AuthedClient } from '../../support/http';
import { useTestStack } from '../../support/test-app';
import { CASES, DESTINATION_OFFICE, expectStatus, openCase, waitForState } from '../certificate-applications/case-helpers';
import { aReport, fileDelivered } from '../service-reports/report-helpers';

describe('monitoring: a manager’s actions', () => {
  const stack = useTestStack();
  let caseworker: AuthedClient;
  let donghu: AuthedClient; // 东湖区 (360102), above 滕王阁街道
  let jiangxi: AuthedClient; // 江西省 (36): nobody above
  let baoan: AuthedClient; // 宝安区 (440306), above 新安街道

  beforeAll(async () => {
    caseworker = await as(stack(), 'tengwangge.caseworker');
    donghu = await as(stack(), 'donghu.manager');
    jiangxi = await as(stack(), 'jiangxi.manager');
    baoan = await as(stack(), 'baoan.manager');
  });

  const userId = async (username: string): Promise<string> =>
    ((await stack().db.query(`SELECT id FROM app_user WHERE username = $1`, [username])) as Array<{ id: string }>)[0]!.id;
  const notificationsOf = async (caseId: string, kind: string) =>
    (await stack().db.query(
      `SELECT recipient_office_code AS "officeCode", recipient_user_id AS "userId", payload FROM notification WHERE case_id = $1 AND kind = $2`,
      [caseId, kind],
    )) as Array<{ officeCode: string; userId: string | null; payload: Record<string, unknown> }>;
  const auditOf = async (caseId: string) =>
    (await stack().db.query(`SELECT action, reason FROM audit_event WHERE subject_id = $1 AND action LIKE 'monitoring.%' ORDER BY id`, [caseId])) as Array<{ action: string; reason: string }>;
  const action = (client: AuthedClient, caseType: string, caseId: string, name: string, body: object) =>
    client.post(`/api/v1/monitoring/cases/${caseType}/${caseId}/${name}`).send(body);

  it('reassigns a certificate application to a caseworker of its office, and only to one', async () => {
    const opened = await openCase(caseworker, { applicant: LI_NA, destinationOfficeCode: DESTINATION_OFFICE });
    await waitForState(caseworker, opened.id, 'under-review');
    const reviewer = await userId('tengwangge.reviewer');
    const reassign = (body: object) => action(donghu, 'certificate-application', opened.id, 'reassign', body);

    expect(violatedFields(expectProblem(await reassign({ assigneeUserId: reviewer }), 400, 'VALIDATION_FAILED'))).toEqual(['reason']);
    const otherOffice = expectProblem(await reassign({ assigneeUserId: await userId('baihuazhou.caseworker'), reason: 'x' }), 422, 'BUSINESS_RULE_VIOLATED');
    expect(otherOffice['rule']).toBe('caseworker-of-the-office');
    expectProblem(await reassign({ assigneeUserId: await userId('tengwangge.approver'), reason: 'x' }), 422, 'BUSINESS_RULE_VIOLATED');
    expectProblem(await action(baoan, 'certificate-application', opened.id, 'reassign', { assigneeUserId: reviewer, reason: 'x' }), 404, 'NOT_FOUND');

    expectStatus(await reassign({ assigneeUserId: reviewer, reason: 'the first caseworker is on leave' }), 200);
    const after = expectStatus(await caseworker.get(`${CASES}/${opened.id}`), 200).body as CaseView & { assigneeUserId: string };
    expect(after.assigneeUserId).toBe(reviewer);
    expect(after.state).toBe('under-review');
    expect(await notificationsOf(opened.id, 'case-assigned')).toEqual([expect.objectContaining({ officeCode: '360102002', userId: reviewer })]);
    expect(await auditOf(opened.id)).toEqual([{ action: 'monitoring.reassign', reason: 'the first caseworker is on leave' }]);
  });

  it('nudges the office a report waits for, and refuses when nothing is awaited', async () => {
    const report = await fileDelivered(await as(stack(), 'xinan.caseworker'), aReport());
    const nudged = expectStatus(await action(baoan, 'service-report', report.id, 'nudge', { reason: 'two weeks without an answer' }), 200).body as {
      notified: Array<{ officeCode: string; kind: string }>;
    };
    expect(nudged.notified).toEqual([expect.objectContaining({ officeCode: '360102002', kind: 'manager-nudge' })]);
    expect(await notificationsOf(report.id, 'manager-nudge')).toEqual([
      expect.objectContaining({ officeCode: '360102002', payload: expect.objectContaining({ nudgedKind: 'service-report-received', fromOfficeCode: '440306' }) }),
    ]);
    expect(await auditOf(report.id)).toEqual([{ action: 'monitoring.nudge', reason: 'two weeks without an answer' }]);

    const opened = await openCase(caseworker, { applicant: LI_NA, destinationOfficeCode: DESTINATION_OFFICE });
    await waitForState(caseworker, opened.id, 'under-review');
    const nothing = expectProblem(await action(donghu, 'certificate-application', opened.id, 'nudge', { reason: 'x' }), 409, 'ACTION_NOT_ALLOWED_IN_STATE');
    expect(nothing['rule']).toBe('nothing-awaited');
  });

  it('escalates to the manager of the office above, and not past the top', async () => {
    const opened = await openCase(caseworker, { applicant: LI_NA, destinationOfficeCode: DESTINATION_OFFICE });
    await waitForState(caseworker, opened.id, 'under-review');
    const escalated = expectStatus(await action(donghu, 'certificate-application', opened.id, 'escalate', { reason: 'needs the province’s view' }), 200).body as {
      notified: Array<{ officeCode: string; kind: string }>;
    };
    expect(escalated.notified).toEqual([expect.objectContaining({ officeCode: '36', kind: 'case-escalated-by-manager' })]);
    expect(await notificationsOf(opened.id, 'case-escalated-by-manager')).toEqual([
      expect.objectContaining({ officeCode: '36', userId: await userId('jiangxi.manager'), payload: { fromOfficeCode: '360102' } }),
    ]);
    const top = expectProblem(await action(jiangxi, 'certificate-application', opened.id, 'escalate', { reason: 'x' }), 422, 'BUSINESS_RULE_VIOLATED');
    expect(top['rule']).toBe('manager-above');
    expect(await auditOf(opened.id)).toEqual([{ action: 'monitoring.escalate', reason: 'needs the province’s view' }]);
  });
});
