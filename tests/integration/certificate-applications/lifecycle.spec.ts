/**
 * A certificate application (婚育证明) through HTTP against the real PostgreSQL and the real Temporal dev
 * server: the happy path to an issued, signed, publicly verifiable certificate; a request for information
 * and its answer; rejection; withdrawal; who may review and approve (four eyes); idempotent requests.
 */
import { readVerificationTokenFromPdf, verifyVerificationPayload } from '../../../libs/certificate-document';
import { certificateApplicationWorkflowId } from '../../../libs/contracts';
import type { CaseView } from '../../support/case-view';
import { LI_NA } from '../../support/demo-applicants';
import { authed, type AuthedClient, expectProblem, violatedFields } from '../../support/http';
import { STACK_START_TIMEOUT_MS, startTestStack, type TestStack } from '../../support/test-app';
import {
  actionsOf,
  CASES,
  count,
  DESTINATION_OFFICE,
  expectStatus,
  getCase,
  openCase,
  userIds,
  waitForState,
} from './case-helpers';

describe('certificate applications: lifecycle', () => {
  let stack: TestStack;
  let caseworker: AuthedClient;
  let reviewer: AuthedClient;
  let approver: AuthedClient;
  let ids: Map<string, string>;

  const idOf = (username: string): string => {
    const id = ids.get(username);
    if (!id) throw new Error(`no seeded user ${username}`);
    return id;
  };

  beforeAll(async () => {
    stack = await startTestStack();
    caseworker = authed(stack, await stack.loginAs('tengwangge.caseworker'));
    reviewer = authed(stack, await stack.loginAs('tengwangge.reviewer'));
    approver = authed(stack, await stack.loginAs('tengwangge.approver'));
    ids = await userIds(stack.db);
  }, STACK_START_TIMEOUT_MS);

  afterAll(async () => {
    await stack?.stop();
  });

  /** A case for 李娜 heading to 新安街道, through the registry check to under-review. */
  async function underReview(): Promise<CaseView> {
    const opened = await openCase(caseworker, { applicant: LI_NA, destinationOfficeCode: DESTINATION_OFFICE });
    return waitForState(caseworker, opened.id, 'under-review');
  }

  async function awaitingApproval(): Promise<CaseView> {
    const view = await underReview();
    const reviewed = expectStatus(await caseworker.post(`${CASES}/${view.id}/review`).send({ note: 'documents complete' }), 200)
      .body as CaseView;
    expect(reviewed.state).toBe('awaiting-approval');
    return reviewed;
  }

  it('happy path: registry match, review, approval, a signed certificate the public can verify', async () => {
    const opened = await openCase(caseworker, { applicant: LI_NA, destinationOfficeCode: DESTINATION_OFFICE });
    expect(opened).toMatchObject({ officeCode: '360102002', destinationOfficeCode: DESTINATION_OFFICE, selfDeclared: false });
    expect(opened.caseNumber).toMatch(/^CA-360102002-\d{4}-\d{6}$/);

    const underReviewView = await waitForState(caseworker, opened.id, 'under-review');
    expect(underReviewView.registryCheck).toEqual({ match: true, differences: [] });
    expect(underReviewView.timeline.map((t) => t.action)).toEqual(['submit', 'start-registry-check', 'record-registry-result']);

    const reviewed = expectStatus(await caseworker.post(`${CASES}/${opened.id}/review`).send({ note: 'documents complete' }), 200)
      .body as CaseView;
    expect(reviewed.state).toBe('awaiting-approval');
    expect(reviewed.reviewerUserId).toBe(idOf('tengwangge.caseworker'));

    const approved = expectStatus(await approver.post(`${CASES}/${opened.id}/approve`).send({}), 200).body as CaseView;
    expect(approved.state).toBe('issued');
    expect(approved.closedAt).not.toBeNull();
    expect(approved.certificates).toHaveLength(1);
    const certificate = approved.certificates[0]!;
    expect(certificate).toMatchObject({ status: 'valid', selfDeclared: false, supersedesNumber: null });
    expect(certificate.number).toMatch(/^360102002-\d{4}-\d{6}$/);
    expect(approved.timeline.at(-1)).toMatchObject({
      action: 'approve',
      fromState: 'awaiting-approval',
      toState: 'issued',
      actorUserId: idOf('tengwangge.approver'),
      actorRole: 'approver',
    });

    // The PDF, and the signed token inside it, checked offline against the published key.
    const pdf = await approver.get(`/api/v1/certificates/${certificate.number}/pdf`).responseType('blob') // the body as a Buffer;
    expectStatus(pdf, 200);
    expect(pdf.headers['content-type']).toMatch(/^application\/pdf/);
    expect(pdf.headers['cache-control']).toBe('no-store'); // personal data: no copy in a browser or proxy
    const bytes = pdf.body as Buffer;
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const token = readVerificationTokenFromPdf(bytes);
    expect(token).not.toBeNull();

    const keysResponse = expectStatus(await stack.http.get('/api/v1/public/certificate-signing-keys'), 200);
    const keys = keysResponse.body as Array<{ keyId: string; publicKeyPem: string }>;
    expect(keys.length).toBeGreaterThan(0);
    const verified = verifyVerificationPayload(token!, Object.fromEntries(keys.map((k) => [k.keyId, k.publicKeyPem])));
    if (!verified.valid) throw new Error(`the PDF's token does not verify: ${verified.reason}`);
    expect(verified.fields.certificateNumber).toBe(certificate.number);
    expect(verified.fields.holderMaskedName).toBe('李**');
    expect(verified.fields.issuingOfficeCode).toBe('360102002');

    // Public verification: the number and the code, no account; the answer says nothing else.
    const [stored] = (await stack.db.query(`SELECT verification_code AS code FROM certificate WHERE number = $1`, [certificate.number])) as Array<{
      code: string;
    }>;
    expect(verified.fields.verificationCode).toBe(stored!.code);
    const publicAnswer = expectStatus(
      await stack.http.get(`/api/v1/public/certificates/${certificate.number}/verification`).query({ code: stored!.code }),
      200,
    ).body as Record<string, unknown>;
    expect(publicAnswer).toEqual({ number: certificate.number, status: 'valid', holderMaskedName: '李**' });
    expect(Object.keys(publicAnswer).sort()).toEqual(['holderMaskedName', 'number', 'status']);

    const wrongCode = stored!.code.startsWith('A') ? `B${stored!.code.slice(1)}` : `A${stored!.code.slice(1)}`;
    expectProblem(await stack.http.get(`/api/v1/public/certificates/${certificate.number}/verification`).query({ code: wrongCode }), 404, 'NOT_FOUND');

    // The destination office is told, in the same transaction as the issuance.
    const notifications = (await stack.db.query(
      `SELECT n.recipient_office_code, n.kind, c.number FROM notification n JOIN certificate c ON c.id = n.certificate_id
        WHERE n.case_id = $1`,
      [opened.id],
    )) as Array<{ recipient_office_code: string; kind: string; number: string }>;
    expect(notifications).toEqual([{ recipient_office_code: DESTINATION_OFFICE, kind: 'certificate-issued', number: certificate.number }]);

    // The workflow has finished with the case.
    const result = await stack.client.workflow.getHandle(certificateApplicationWorkflowId(opened.id)).result();
    expect(result).toMatchObject({ caseId: opened.id, caseType: 'certificate-application', state: 'issued', timers: [] });
    expect(await count(stack.db, `SELECT count(*) AS n FROM certificate WHERE case_id = $1`, [opened.id])).toBe(1);
  });

  it('information requested then supplied: the clock pauses and resumes; the timeline names who did what', async () => {
    const view = await underReview();
    const requested = expectStatus(
      await caseworker.post(`${CASES}/${view.id}/request-information`).send({ missing: ['marriage-certificate-copy'], note: 'bring a copy' }),
      200,
    ).body as CaseView;
    expect(requested.state).toBe('awaiting-applicant');
    expect(requested.paused).toBe(true);
    expect(requested.lapseAt).not.toBeNull();

    const supplied = expectStatus(await reviewer.post(`${CASES}/${view.id}/supply-information`).send({ note: 'copy received' }), 200)
      .body as CaseView;
    expect(supplied.state).toBe('under-review');
    expect(supplied.paused).toBe(false);
    expect(supplied.lapseAt).toBeNull();

    const timeline = (await getCase(caseworker, view.id)).timeline;
    expect(timeline.map((t) => t.action)).toEqual([
      'submit',
      'start-registry-check',
      'record-registry-result',
      'request-information',
      'supply-information',
    ]);
    expect(timeline[3]).toMatchObject({
      action: 'request-information',
      fromState: 'under-review',
      toState: 'awaiting-applicant',
      actorUserId: idOf('tengwangge.caseworker'),
      actorRole: 'caseworker',
      payload: { missing: ['marriage-certificate-copy'], note: 'bring a copy' },
    });
    expect(timeline[4]).toMatchObject({
      action: 'supply-information',
      fromState: 'awaiting-applicant',
      toState: 'under-review',
      actorUserId: idOf('tengwangge.reviewer'),
      actorRole: 'caseworker',
    });
    // The system's own steps have no person behind them.
    expect(timeline.slice(1, 3).map((t) => [t.actorUserId, t.actorRole])).toEqual([
      [null, 'system'],
      [null, 'system'],
    ]);
  });

  it('rejection: a reason is required; a rejected case takes no further action', async () => {
    const view = await awaitingApproval();

    const noReason = expectProblem(await approver.post(`${CASES}/${view.id}/reject`).send({}), 400, 'VALIDATION_FAILED');
    expect(violatedFields(noReason)).toContain('reason');
    expect((await getCase(caseworker, view.id)).state).toBe('awaiting-approval');

    const rejected = expectStatus(
      await approver.post(`${CASES}/${view.id}/reject`).send({ reason: 'the marriage record could not be confirmed' }),
      200,
    ).body as CaseView;
    expect(rejected.state).toBe('rejected');
    expect(rejected.closedAt).not.toBeNull();
    expect(rejected.certificates).toEqual([]);
    expect(rejected.timeline.at(-1)).toMatchObject({
      action: 'reject',
      actorUserId: idOf('tengwangge.approver'),
      reason: 'the marriage record could not be confirmed',
    });

    const further = expectProblem(await approver.post(`${CASES}/${view.id}/approve`).send({}), 409, 'ACTION_NOT_ALLOWED_IN_STATE');
    expect(further).toMatchObject({ state: 'rejected', action: 'approve' });
    expectProblem(await caseworker.post(`${CASES}/${view.id}/withdraw`).send({}), 409, 'ACTION_NOT_ALLOWED_IN_STATE');
  });

  it('withdrawal from under-review closes the case and ends its workflow', async () => {
    const view = await underReview();
    const withdrawn = expectStatus(
      await caseworker.post(`${CASES}/${view.id}/withdraw`).send({ reason: 'the applicant no longer needs it' }),
      200,
    ).body as CaseView;
    expect(withdrawn.state).toBe('withdrawn');
    expect(withdrawn.closedAt).not.toBeNull();
    expect(withdrawn.timeline.at(-1)).toMatchObject({
      action: 'withdraw',
      fromState: 'under-review',
      toState: 'withdrawn',
      actorUserId: idOf('tengwangge.caseworker'),
    });

    const handle = stack.client.workflow.getHandle(certificateApplicationWorkflowId(view.id));
    const result = await handle.result();
    expect(result).toMatchObject({ caseId: view.id, state: 'withdrawn', timers: [] });
    expect((await handle.describe()).status.name).toBe('COMPLETED');
  });

  it('four eyes: no role both reviews and approves; an approver cannot review, a caseworker cannot approve', async () => {
    const view = await underReview();

    const approverReviews = expectProblem(await approver.post(`${CASES}/${view.id}/review`).send({}), 403, 'ROLE_NOT_PERMITTED');
    expect(approverReviews).toMatchObject({ role: 'approver', action: 'review' });
    expect((await getCase(caseworker, view.id)).state).toBe('under-review');

    expectStatus(await caseworker.post(`${CASES}/${view.id}/review`).send({}), 200);
    const caseworkerApproves = expectProblem(await caseworker.post(`${CASES}/${view.id}/approve`).send({}), 403, 'ROLE_NOT_PERMITTED');
    expect(caseworkerApproves).toMatchObject({ role: 'caseworker', action: 'approve' });
    // The second caseworker (who did not review) may not approve either: approving is the approver's decision.
    expectProblem(await reviewer.post(`${CASES}/${view.id}/approve`).send({}), 403, 'ROLE_NOT_PERMITTED');
    const manager = authed(stack, await stack.loginAs('donghu.manager'));
    expectProblem(await manager.post(`${CASES}/${view.id}/approve`).send({}), 403, 'ROLE_NOT_PERMITTED');

    const after = await getCase(caseworker, view.id);
    expect(after.state).toBe('awaiting-approval');
    expect(after.certificates).toEqual([]);
    expect(after.timeline.filter((t) => t.action === 'approve')).toEqual([]);
  });

  it('four eyes across a role change: a reviewer later made approver may not approve the case he reviewed', async () => {
    // No role may both review and approve, so the same person can only be both after a change of role
    // (roles are read from the database on every request). A member of staff of this file's own, so the
    // demo users other files assert on stay as they are.
    const username = `it.four-eyes.${stack.taskQueuePrefix}`;
    const [created] = (await stack.db.query(
      `INSERT INTO app_user (username, display_name, role, office_code) VALUES ($1, 'Four-eyes test, 滕王阁街道', 'caseworker', '360102002')
       RETURNING id`,
      [username],
    )) as Array<{ id: string }>;
    try {
      const person = authed(stack, await stack.loginAs(username));
      const view = await underReview();
      const reviewed = expectStatus(await person.post(`${CASES}/${view.id}/review`).send({}), 200).body as CaseView;
      expect(reviewed.reviewerUserId).toBe(created!.id);

      await stack.db.query(`UPDATE app_user SET role = 'approver' WHERE id = $1`, [created!.id]);
      const samePerson = expectProblem(await person.post(`${CASES}/${view.id}/approve`).send({}), 422, 'SAME_PERSON_REVIEW_AND_APPROVAL');
      expect(samePerson).toMatchObject({ action: 'approve', rule: 'four-eyes' });
      expect((await getCase(caseworker, view.id)).state).toBe('awaiting-approval');

      const issued = expectStatus(await approver.post(`${CASES}/${view.id}/approve`).send({}), 200).body as CaseView;
      expect(issued.state).toBe('issued');
    } finally {
      await stack.db.query(`UPDATE app_user SET active = false WHERE id = $1`, [created!.id]);
    }
  });

  it('idempotency: one Idempotency-Key opens one case; one key on an action records it once', async () => {
    const key = `it-open-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`;
    const body = { applicant: LI_NA, destinationOfficeCode: DESTINATION_OFFICE };

    const first = await caseworker.post(CASES).set('Idempotency-Key', key).send(body);
    expectStatus(first, 201);
    const second = await caseworker.post(CASES).set('Idempotency-Key', key).send(body);
    expectStatus(second, 200);
    expect(second.body.id).toBe(first.body.id);
    expect(second.body.caseNumber).toBe(first.body.caseNumber);
    expect(second.headers.location).toBe(first.headers.location);
    expect(await count(stack.db, `SELECT count(*) AS n FROM certificate_application WHERE idempotency_key = $1`, [key])).toBe(1);

    const id = first.body.id as string;
    await waitForState(caseworker, id, 'under-review');
    const reviewKey = `${key}-review`;
    const review1 = expectStatus(await caseworker.post(`${CASES}/${id}/review`).set('Idempotency-Key', reviewKey).send({}), 200);
    const review2 = expectStatus(await caseworker.post(`${CASES}/${id}/review`).set('Idempotency-Key', reviewKey).send({}), 200);
    expect(review1.body.state).toBe('awaiting-approval');
    expect(review2.body.state).toBe('awaiting-approval');
    expect((await actionsOf(stack.db, id)).filter((a) => a.action === 'review')).toHaveLength(1);

    // Without a key a second review is a second request, refused in the state the first left behind.
    expectProblem(await caseworker.post(`${CASES}/${id}/review`).send({}), 409, 'ACTION_NOT_ALLOWED_IN_STATE');
    expect((await actionsOf(stack.db, id)).filter((a) => a.action === 'review')).toHaveLength(1);

    // The approval closes the case (and ends its workflow): its repeat must still answer as the first did.
    const approveKey = `${key}-approve`;
    const approve1 = expectStatus(await approver.post(`${CASES}/${id}/approve`).set('Idempotency-Key', approveKey).send({}), 200);
    const approve2 = expectStatus(await approver.post(`${CASES}/${id}/approve`).set('Idempotency-Key', approveKey).send({}), 200);
    expect(approve1.body.state).toBe('issued');
    expect(approve2.body).toEqual(approve1.body);
    expect((await actionsOf(stack.db, id)).filter((a) => a.action === 'approve')).toHaveLength(1);
    expect(await count(stack.db, `SELECT count(*) AS n FROM certificate WHERE case_id = $1`, [id])).toBe(1);
  });
});
