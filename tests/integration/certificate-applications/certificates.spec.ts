/**
 * After issuance, through HTTP against the real PostgreSQL and Temporal dev server: revoking a certificate
 * (with a reason, by the issuing office's approver) and replacing a lost one (a new number and code, the
 * old one superseded), each as the public verification endpoint then reports it.
 */
import type { CaseView } from '../../support/case-view';
import { LI_NA, ZHANG_WEI } from '../../support/demo-applicants';
import { authed, type AuthedClient, expectProblem, violatedFields } from '../../support/http';
import { STACK_START_TIMEOUT_MS, startTestStack, type TestStack } from '../../support/test-app';
import { CASES, DESTINATION_OFFICE, expectStatus, getCase, openCase, waitForState } from './case-helpers';

interface CertificateView {
  number: string;
  status: string;
  caseId: string;
  verificationCode: string;
  signedToken: string;
  selfDeclared: boolean;
  revokedReason: string | null;
}

describe('certificates: revoke and replace', () => {
  let stack: TestStack;
  let caseworker: AuthedClient;
  let approver: AuthedClient;

  beforeAll(async () => {
    stack = await startTestStack();
    caseworker = authed(stack, await stack.loginAs('tengwangge.caseworker'));
    approver = authed(stack, await stack.loginAs('tengwangge.approver'));
  }, STACK_START_TIMEOUT_MS);

  afterAll(async () => {
    await stack?.stop();
  });

  async function issue(applicant = LI_NA): Promise<{ caseId: string; certificate: CertificateView }> {
    const opened = await openCase(caseworker, { applicant, destinationOfficeCode: DESTINATION_OFFICE });
    await waitForState(caseworker, opened.id, 'under-review');
    expectStatus(await caseworker.post(`${CASES}/${opened.id}/review`).send({}), 200);
    const issued = expectStatus(await approver.post(`${CASES}/${opened.id}/approve`).send({}), 200).body as CaseView;
    expect(issued.state).toBe('issued');
    const number = issued.certificates[0]!.number;
    return { caseId: opened.id, certificate: expectStatus(await approver.get(`/api/v1/certificates/${number}`), 200).body as CertificateView };
  }

  async function publicVerification(number: string, code: string): Promise<Record<string, unknown>> {
    return expectStatus(await stack.http.get(`/api/v1/public/certificates/${number}/verification`).query({ code }), 200).body as Record<
      string,
      unknown
    >;
  }

  it('revoke: with a reason, by the approver; the public then sees it revoked', async () => {
    const { caseId, certificate } = await issue();
    expect(await publicVerification(certificate.number, certificate.verificationCode)).toEqual({
      number: certificate.number,
      status: 'valid',
      holderMaskedName: '李**',
    });

    const noReason = expectProblem(await approver.post(`/api/v1/certificates/${certificate.number}/revoke`).send({}), 400, 'VALIDATION_FAILED');
    expect(violatedFields(noReason)).toEqual(['reason']);
    expectProblem(
      await caseworker.post(`/api/v1/certificates/${certificate.number}/revoke`).send({ reason: 'issued in error' }),
      403,
      'ROLE_NOT_PERMITTED',
    );

    const revoked = expectStatus(
      await approver.post(`/api/v1/certificates/${certificate.number}/revoke`).send({ reason: 'issued in error' }),
      200,
    ).body as Record<string, unknown>;
    expect(revoked).toMatchObject({ number: certificate.number, status: 'revoked', successorNumber: null });

    const stored = expectStatus(await approver.get(`/api/v1/certificates/${certificate.number}`), 200).body as CertificateView;
    expect(stored).toMatchObject({ status: 'revoked', revokedReason: 'issued in error' });
    expect((await getCase(caseworker, caseId)).certificates).toEqual([expect.objectContaining({ number: certificate.number, status: 'revoked' })]);
    expect(await publicVerification(certificate.number, certificate.verificationCode)).toEqual({
      number: certificate.number,
      status: 'revoked',
      holderMaskedName: '李**',
    });

    // A revoked certificate cannot be replaced.
    expectProblem(await approver.post(`/api/v1/certificates/${certificate.number}/replace`).send({}), 409, 'ACTION_NOT_ALLOWED_IN_STATE');

    const notifications = (await stack.db.query(
      `SELECT kind FROM notification WHERE case_id = $1 AND recipient_office_code = $2 ORDER BY created_at`,
      [caseId, DESTINATION_OFFICE],
    )) as Array<{ kind: string }>;
    expect(notifications.map((n) => n.kind)).toEqual(['certificate-issued', 'certificate-revoked']);
  });

  it('replace: a new number and code; the old certificate is superseded', async () => {
    const { caseId, certificate: old } = await issue(ZHANG_WEI);

    const replaced = expectStatus(
      await approver.post(`/api/v1/certificates/${old.number}/replace`).send({ reason: 'lost' }),
      200,
    ).body as { number: string; status: string; successorNumber: string | null };
    expect(replaced).toMatchObject({ number: old.number, status: 'superseded' });
    expect(replaced.successorNumber).toMatch(/^360102002-\d{4}-\d{6}$/);
    expect(replaced.successorNumber).not.toBe(old.number);

    const successor = expectStatus(await approver.get(`/api/v1/certificates/${replaced.successorNumber}`), 200).body as CertificateView;
    expect(successor).toMatchObject({ status: 'valid', caseId });
    expect(successor.verificationCode).not.toBe(old.verificationCode);

    expect(await publicVerification(old.number, old.verificationCode)).toEqual({
      number: old.number,
      status: 'superseded',
      holderMaskedName: '张**',
    });
    expect(await publicVerification(successor.number, successor.verificationCode)).toEqual({
      number: successor.number,
      status: 'valid',
      holderMaskedName: '张**',
    });
    // The old code does not open the new certificate.
    expectProblem(
      await stack.http.get(`/api/v1/public/certificates/${successor.number}/verification`).query({ code: old.verificationCode }),
      404,
      'NOT_FOUND',
    );

    const view = await getCase(caseworker, caseId);
    expect(view.certificates).toEqual([
      expect.objectContaining({ number: old.number, status: 'superseded', supersedesNumber: null }),
      expect.objectContaining({ number: successor.number, status: 'valid', supersedesNumber: old.number }),
    ]);
  });
});
