/**
 * Residence registrations (流入登记) through HTTP against the real PostgreSQL and Temporal dev server:
 * 新安街道 (Shenzhen, 440306017) registers the arrival of people whose households are registered at
 * 滕王阁街道 (Nanchang, 360102002): by a certificate the flagship process issued (its number and code, or
 * its QR payload), or by their own declaration. The file's workflow tells the registration office and
 * asks for feedback; feedback answers that request; a transfer to 西乡街道 (440306018) moves the file and
 * tells all three offices; a return closes it. Who may see and act, and no personal data in the workflow.
 */
import type { DataSource } from 'typeorm';
import { residenceRegistrationWorkflowId } from '../../../libs/contracts';
import { addMonths, chinaEndOfDay, toChinaCalendarDate } from '../../../libs/domain';
import type { CaseView } from '../../support/case-view';
import { WANG_QIANG, ZHANG_WEI } from '../../support/demo-applicants';
import { as, expectProblem, violatedFields, type AuthedClient } from '../../support/http';
import { useTestStack } from '../../support/test-app';
import { CASES, DESTINATION_OFFICE, openCase, waitForState, withCheckCharacter } from '../certificate-applications/case-helpers';
import { expectStatus, textsIn } from '../service-reports/report-helpers';
import { decodedHistory } from '../../support/history-scan';

const FILES = '/api/v1/residence-registrations';
const STATE_TIMEOUT_MS = 30_000;

interface FileView {
  id: string;
  caseNumber: string;
  residenceOfficeCode: string;
  registrationOfficeCode: string;
  state: string;
  verification: string;
  verificationPending: boolean;
  certificateNumber: string | null;
  arrivedOn: string;
  feedbackIntervalMonths: number;
  nextFeedbackDueOn: string;
  feedbackStatus: string;
  feedbacksGiven: number;
  waitingOn: { officeCode: string; for: string; dueAt: string | null } | null;
  closedAt: string | null;
  person?: { fullName: string; identityNumber: string };
  timeline: Array<{ action: string; actorRole: string; payload: Record<string, unknown> }>;
  allowedActions: string[];
}

interface NotificationRecord {
  kind: string;
  recipientOfficeCode: string;
  expectsAnswer: boolean;
  answerDueAt: Date | null;
  answeredAt: Date | null;
  state: string;
}

interface CertificateView {
  number: string;
  verificationCode: string;
  signedToken: string;
}

async function fileNotifications(db: DataSource, caseId: string, kind?: string): Promise<NotificationRecord[]> {
  return db.query(
    `SELECT kind, recipient_office_code AS "recipientOfficeCode", expects_answer AS "expectsAnswer", answer_due_at AS "answerDueAt",
            answered_at AS "answeredAt", state
       FROM notification WHERE case_id = $1 AND ($2::text IS NULL OR kind = $2) ORDER BY created_at, kind, recipient_office_code`,
    [caseId, kind ?? null],
  );
}

/** A person the system does not know yet, with a valid identity number of a Nanchang household (distinct per call). */
let declared = 0;
function unknownPerson(): { identityNumber: string; fullName: string; householdOfficeCode: string } {
  declared += 1;
  const first17 = `360102197711${String(10 + declared).padStart(2, '0')}${String(700 + declared)}`; // born 1977-11-(10+n)
  return { identityNumber: withCheckCharacter(first17), fullName: '测试人', householdOfficeCode: '360102002' };
}

describe('residence registrations', () => {
  const stack = useTestStack();
  let residence: AuthedClient; // xinan.caseworker, 440306017
  let registration: AuthedClient; // tengwangge.caseworker, 360102002
  let approver: AuthedClient; // tengwangge.approver, 360102002
  let thirdOffice: AuthedClient; // xixiang.caseworker, 440306018
  let otherStreet: AuthedClient; // baihuazhou.caseworker, 360102004: no party
  const today = toChinaCalendarDate(new Date());

  beforeAll(async () => {
    residence = await as(stack(), 'xinan.caseworker');
    registration = await as(stack(), 'tengwangge.caseworker');
    approver = await as(stack(), 'tengwangge.approver');
    thirdOffice = await as(stack(), 'xixiang.caseworker');
    otherStreet = await as(stack(), 'baihuazhou.caseworker');
  });

  async function issueCertificate(applicant: typeof WANG_QIANG): Promise<CertificateView> {
    const opened = await openCase(registration, { applicant, destinationOfficeCode: DESTINATION_OFFICE });
    await waitForState(registration, opened.id, 'under-review');
    expectStatus(await registration.post(`${CASES}/${opened.id}/review`).send({}), 200);
    const issued = expectStatus(await approver.post(`${CASES}/${opened.id}/approve`).send({}), 200).body as CaseView;
    return expectStatus(await approver.get(`/api/v1/certificates/${issued.certificates[0]!.number}`), 200).body as CertificateView;
  }

  async function getFile(client: AuthedClient, id: string): Promise<FileView> {
    return expectStatus(await client.get(`${FILES}/${id}`), 200).body as FileView;
  }

  async function waitForFile(id: string, predicate: (f: FileView) => boolean, what: string): Promise<FileView> {
    const until = Date.now() + STATE_TIMEOUT_MS;
    for (;;) {
      const view = await getFile(residence, id);
      if (predicate(view)) return view;
      if (Date.now() > until) throw new Error(`file ${id}: timed out waiting for ${what}; it is ${view.state}`);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }

  async function registerDeclared(): Promise<FileView> {
    const person = unknownPerson();
    const opened = expectStatus(await residence.post(FILES).send({ verification: 'self-declaration', ...person, arrivedOn: today }), 201).body as FileView;
    return waitForFile(opened.id, (f) => f.state === 'registered', 'the announcement');
  }

  it('registers an arrival by a certificate the flagship process issued: the registration office is told, feedback is asked for', async () => {
    const certificate = await issueCertificate(WANG_QIANG);
    const body = { verification: 'certificate', certificateNumber: certificate.number, verificationCode: certificate.verificationCode, arrivedOn: today };
    const opened = expectStatus(await residence.post(FILES).set('Idempotency-Key', 'arrival-wang-1').send(body), 201).body as FileView;
    expect(opened).toMatchObject({
      residenceOfficeCode: '440306017',
      registrationOfficeCode: '360102002',
      verification: 'certificate',
      verificationPending: false,
      certificateNumber: certificate.number,
      arrivedOn: today,
      feedbackIntervalMonths: 6, // the demo agreement 滕王阁街道 ↔ 新安街道
      nextFeedbackDueOn: addMonths(today, 6),
      person: { fullName: WANG_QIANG.fullName, identityNumber: WANG_QIANG.identityNumber },
    });
    expect(opened.caseNumber).toMatch(/^RR-440306017-\d{4}-\d{6}$/);
    // The same request under the same key is the same file; another body under it is refused.
    expect((expectStatus(await residence.post(FILES).set('Idempotency-Key', 'arrival-wang-1').send(body), 200).body as FileView).id).toBe(opened.id);
    expectProblem(await residence.post(FILES).set('Idempotency-Key', 'arrival-wang-1').send({ ...body, arrivedOn: '2026-01-05' }), 422);

    const registered = await waitForFile(opened.id, (f) => f.state === 'registered', 'the announcement');
    expect(registered.timeline.map((t) => t.action)).toEqual(['register', 'announce-arrival']);
    expect(registered).toMatchObject({ feedbackStatus: 'on-track', allowedActions: ['submit-feedback', 'transfer', 'depart', 'return'] });
    expect(registered.waitingOn).toEqual({ officeCode: '440306017', for: 'feedback', dueAt: chinaEndOfDay(addMonths(today, 6)).toISOString() });
    expect(await fileNotifications(stack().db, opened.id)).toEqual([
      expect.objectContaining({ kind: 'arrival-registered', recipientOfficeCode: '360102002', expectsAnswer: false }),
      expect.objectContaining({ kind: 'feedback-requested', recipientOfficeCode: '440306017', expectsAnswer: true, answerDueAt: chinaEndOfDay(addMonths(today, 6)), answeredAt: null }),
    ]);

    // The registration office reads the file and may not act on it; an office that is no party gets 404.
    expect((await getFile(registration, opened.id)).allowedActions).toEqual([]);
    expectProblem(await registration.post(`${FILES}/${opened.id}/feedback`).send({ situation: 'unchanged' }), 403, 'ROLE_NOT_PERMITTED');
    expectProblem(await otherStreet.get(`${FILES}/${opened.id}`), 404, 'NOT_FOUND');
    // One open file per person: a second arrival is refused, here and elsewhere.
    const twice = expectProblem(await residence.post(FILES).send(body), 422, 'BUSINESS_RULE_VIOLATED');
    expect(twice.errors?.[0]?.rule ?? twice['rule']).toBe('one-open-file');
    expectProblem(await thirdOffice.post(FILES).send(body), 422, 'BUSINESS_RULE_VIOLATED');
  });

  it('registers an arrival by the certificate’s signed QR payload, and refuses a payload that does not verify', async () => {
    const certificate = await issueCertificate(ZHANG_WEI);
    const tampered = certificate.signedToken.slice(0, -4) + (certificate.signedToken.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    const refused = expectProblem(await residence.post(FILES).send({ verification: 'certificate', verificationToken: tampered, arrivedOn: today }), 422);
    expect(JSON.stringify(refused)).toContain('certificate-verified');
    const opened = expectStatus(await residence.post(FILES).send({ verification: 'certificate', verificationToken: certificate.signedToken, arrivedOn: today }), 201)
      .body as FileView;
    expect(opened).toMatchObject({ certificateNumber: certificate.number, registrationOfficeCode: '360102002', person: { identityNumber: ZHANG_WEI.identityNumber } });
  });

  it('refuses bad arrivals with the field and the rule, and opens nothing', async () => {
    const before = (await stack().db.query(`SELECT count(*)::int AS n FROM residence_registration`))[0].n as number;
    const post = (body: object) => residence.post(FILES).send(body);
    expect(violatedFields(expectProblem(await post({ verification: 'certificate', arrivedOn: today }), 400, 'VALIDATION_FAILED'))).toEqual([
      'certificateNumber',
      'verificationCode',
    ]);
    expect(violatedFields(expectProblem(await post({ verification: 'self-declaration', arrivedOn: today }), 400))).toEqual(['identityNumber']);
    expect(violatedFields(expectProblem(await post({ verification: 'self-declaration', identityNumber: unknownPerson().identityNumber, arrivedOn: '2999-01-01' }), 400))).toEqual([
      'arrivedOn',
    ]);
    expect(violatedFields(expectProblem(await post({ verification: 'rumour', arrivedOn: today }), 400))).toEqual(['verification']);
    // Someone the system does not know needs a name and a household office.
    expect(violatedFields(expectProblem(await post({ verification: 'self-declaration', identityNumber: unknownPerson().identityNumber, arrivedOn: today }), 400))).toEqual([
      'fullName',
    ]);
    // A wrong verification code answers like an unknown certificate.
    expectProblem(await post({ verification: 'certificate', certificateNumber: 'NO-SUCH-1', verificationCode: 'ABCD2345', arrivedOn: today }), 422);
    // A person registered at the caller's own office is not a migrant there.
    const local = expectProblem(
      await registration.post(FILES).send({ verification: 'self-declaration', identityNumber: WANG_QIANG.identityNumber, arrivedOn: today }),
      422,
    );
    expect(JSON.stringify(local)).toContain('registered-elsewhere');
    // Only caseworkers register arrivals.
    expectProblem(await approver.post(FILES).send({ verification: 'self-declaration', ...unknownPerson(), arrivedOn: today }), 403, 'ROLE_NOT_PERMITTED');
    expect((await stack().db.query(`SELECT count(*)::int AS n FROM residence_registration`))[0].n).toBe(before);
  });

  it('takes feedback, which answers the request, tells the registration office and asks for the next period', async () => {
    const file = await registerDeclared();
    expect(file).toMatchObject({ verification: 'self-declaration', verificationPending: true, certificateNumber: null });
    // A change needs a note saying what changed; nothing is recorded.
    const noNote = expectProblem(await residence.post(`${FILES}/${file.id}/feedback`).send({ situation: 'changed' }), 400, 'VALIDATION_FAILED');
    expect(violatedFields(noNote)).toEqual(['note']);
    expect((await getFile(residence, file.id)).feedbacksGiven).toBe(0);

    const given = expectStatus(await residence.post(`${FILES}/${file.id}/feedback`).send({ situation: 'changed', note: 'moved flat within the street' }), 200)
      .body as FileView;
    expect(given).toMatchObject({ feedbacksGiven: 1, nextFeedbackDueOn: addMonths(today, 12), feedbackStatus: 'on-track' });
    const requests = await fileNotifications(stack().db, file.id, 'feedback-requested');
    expect(requests).toHaveLength(2);
    expect(requests[0]).toMatchObject({ state: 'answered', answeredAt: expect.any(Date) });
    expect(requests[0]!.answeredAt!.getTime()).toBeLessThanOrEqual(requests[0]!.answerDueAt!.getTime());
    expect(requests[1]).toMatchObject({ answeredAt: null, answerDueAt: chinaEndOfDay(addMonths(today, 12)) });
    expect(await fileNotifications(stack().db, file.id, 'feedback-received')).toEqual([expect.objectContaining({ recipientOfficeCode: '360102002' })]);
  });

  it('transfers the file to a third office, which then holds it; all three offices are told', async () => {
    const file = await registerDeclared();
    // Not to the registration office (that is a return), not to an office that does not exist.
    expect(JSON.stringify(expectProblem(await residence.post(`${FILES}/${file.id}/transfer`).send({ toOfficeCode: '360102002' }), 422))).toContain(
      'not-the-registration-office',
    );
    expect(JSON.stringify(expectProblem(await residence.post(`${FILES}/${file.id}/transfer`).send({ toOfficeCode: '440306099' }), 422))).toContain('known-office');
    expect(violatedFields(expectProblem(await residence.post(`${FILES}/${file.id}/transfer`).send({ toOfficeCode: 'xx' }), 400))).toEqual(['toOfficeCode']);

    const moved = expectStatus(await residence.post(`${FILES}/${file.id}/transfer`).send({ toOfficeCode: '440306018', note: 'new job' }), 200).body as FileView;
    expect(moved).toMatchObject({ residenceOfficeCode: '440306018', state: 'registered', nextFeedbackDueOn: file.nextFeedbackDueOn, allowedActions: [] });
    const told = await fileNotifications(stack().db, file.id, 'residence-transferred');
    expect(told.map((n) => n.recipientOfficeCode).sort()).toEqual(['360102002', '440306017', '440306018']);
    // The obligation moved: the old office's request is answered by the move, the new office is asked by the same date.
    const requests = await fileNotifications(stack().db, file.id, 'feedback-requested');
    expect(requests.map((n) => [n.recipientOfficeCode, n.state === 'answered'])).toEqual([
      ['440306017', true],
      ['440306018', false],
    ]);
    expect(requests[1]!.answerDueAt).toEqual(requests[0]!.answerDueAt);

    // The new office acts; the old one reads what it was told of, and may not act any more.
    const atNew = await getFile(thirdOffice, file.id);
    expect(atNew.allowedActions).toEqual(['submit-feedback', 'transfer', 'depart', 'return']);
    expectProblem(await residence.post(`${FILES}/${file.id}/feedback`).send({ situation: 'unchanged' }), 403, 'ROLE_NOT_PERMITTED');
    const residents = expectStatus(await thirdOffice.get(FILES).query({ direction: 'residing', state: 'registered' }), 200).body as { items: FileView[] };
    expect(residents.items.map((f) => f.id)).toContain(file.id);
    const formerResidents = expectStatus(await residence.get(FILES).query({ direction: 'residing' }), 200).body as { items: FileView[] };
    expect(formerResidents.items.map((f) => f.id)).not.toContain(file.id);

    // The workflow's office moved with the file; its search attributes and history carry codes, not the person.
    const handle = stack().client.workflow.getHandle(residenceRegistrationWorkflowId(file.id));
    const description = await handle.describe();
    const attributes = Object.fromEntries(description.typedSearchAttributes.getAll().map((pair) => [pair.key.name, pair.value]));
    expect(attributes).toMatchObject({ CaseType: 'residence-registration', CaseState: 'registered', OfficeCode: '440306018', CounterpartOfficeCode: '360102002' });
    // Decoded (the payloads are encrypted as stored): what the workflow really carries.
    const history = await decodedHistory(handle.client, await handle.fetchHistory());
    const texts = [...textsIn(description.memo ?? {}), ...textsIn(description.typedSearchAttributes.getAll()), ...textsIn(history)].join('\n');
    expect(texts).toContain(file.id);
    for (const personal of [file.person!.identityNumber, file.person!.fullName]) expect(texts).not.toContain(personal);

    // A return closes it, tells the registration office, and ends the workflow.
    const returned = expectStatus(await thirdOffice.post(`${FILES}/${file.id}/return`).send({}), 200).body as FileView;
    expect(returned).toMatchObject({ state: 'returned', feedbackStatus: 'closed', waitingOn: null, allowedActions: [] });
    expect(await fileNotifications(stack().db, file.id, 'residence-returned')).toEqual([expect.objectContaining({ recipientOfficeCode: '360102002' })]);
    expectProblem(await thirdOffice.post(`${FILES}/${file.id}/depart`).send({}), 409, 'ACTION_NOT_ALLOWED_IN_STATE');
    await expect(handle.result()).resolves.toMatchObject({ state: 'returned' });
  });

  it('lists an office’s residents with their next feedback date, and the people registered at an office', async () => {
    const file = await registerDeclared();
    const residents = expectStatus(await residence.get(FILES).query({ direction: 'residing', state: 'registered', limit: 100 }), 200).body as {
      items: FileView[];
      total: number;
    };
    expect(residents.items.every((f) => f.residenceOfficeCode === '440306017' && f.state === 'registered')).toBe(true);
    expect(residents.items.find((f) => f.id === file.id)).toMatchObject({ nextFeedbackDueOn: addMonths(today, 6), feedbackStatus: 'on-track' });
    const registeredHere = expectStatus(await registration.get(FILES).query({ direction: 'registered', limit: 100 }), 200).body as { items: FileView[] };
    expect(registeredHere.items.map((f) => f.id)).toContain(file.id);
    const overdue = expectStatus(await residence.get(FILES).query({ feedbackOverdue: true }), 200).body as { items: FileView[] };
    expect(overdue.items.map((f) => f.id)).not.toContain(file.id);
    expect(((await otherStreet.get(FILES)).body as { items: FileView[] }).items.map((f) => f.id)).not.toContain(file.id);
    // Managers see their subtree: 宝安区 above the residence office, 东湖区 above the registration office.
    for (const username of ['baoan.manager', 'donghu.manager']) {
      const manager = await as(stack(), username);
      expect((await getFile(manager, file.id)).allowedActions).toEqual([]);
      const seen = expectStatus(await manager.get(FILES).query({ limit: 100 }), 200).body as { items: FileView[] };
      expect(seen.items.map((f) => f.id)).toContain(file.id);
    }
    // 江西省's manager is above the registration office too; a manager of another city is not.
    expect((await getFile(await as(stack(), 'jiangxi.manager'), file.id)).id).toBe(file.id);
  });
});
