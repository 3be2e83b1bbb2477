/**
 * Temporal is a trust boundary: anyone who can reach it can send a case workflow an update naming any
 * actor. The recording activity checks the actor against the record, so an update that claims a role or
 * an office the user does not have (or a user who is not active) is refused, and the case is unchanged.
 */
import { certificateApplicationWorkflowId, performCaseActionUpdate, type CaseActionRequest } from '../../../libs/contracts';
import { LI_NA } from '../../support/demo-applicants';
import { as } from '../../support/http';
import { useTestStack } from '../../support/test-app';
import { CASES, expectStatus, getCase, waitForState } from '../certificate-applications/case-helpers';
import type { CaseView } from '../../support/case-view';

describe('case engine: the actor of an update is checked against the record', () => {
  const stack = useTestStack();

  it('refuses a claimed role or office the user does not hold, and records nothing', async () => {
    const { db, client } = stack();
    const caseworker = await as(stack(), 'tengwangge.caseworker');
    const opened = expectStatus(await caseworker.post(CASES).send({ applicant: LI_NA }), 201).body as CaseView;
    await waitForState(caseworker, opened.id, 'under-review');
    const [{ id: userId }] = (await db.query(`SELECT id FROM app_user WHERE username = 'tengwangge.caseworker'`)) as Array<{ id: string }>;
    const handle = client.workflow.getHandle(certificateApplicationWorkflowId(opened.id));
    const send = (actor: CaseActionRequest['actor'], key: string) =>
      handle.executeUpdate(performCaseActionUpdate, { args: [{ action: 'review', actor, transactionId: `${opened.id}:review:${key}`, payload: {} }] });
    const refusal = async (sent: Promise<unknown>): Promise<string> =>
      sent.then(
        () => 'accepted',
        (error: { cause?: { message?: string; type?: string } }) => `${error.cause?.type}: ${error.cause?.message}`,
      );

    // A caseworker of 滕王阁街道 claiming to be a manager of the province, and one claiming another office.
    expect(await refusal(send({ userId: userId!, role: 'manager', officeCode: '36' }, 'forged-role'))).toBe('ROLE_NOT_PERMITTED: The acting user is not on record with this role and office.');
    expect(await refusal(send({ userId: userId!, role: 'caseworker', officeCode: '360102004' }, 'forged-office'))).toBe('ROLE_NOT_PERMITTED: The acting user is not on record with this role and office.');
    expect(await refusal(send({ userId: '00000000-0000-4000-8000-00000000dead', role: 'caseworker', officeCode: '360102002' }, 'unknown-user'))).toBe('ROLE_NOT_PERMITTED: The acting user is not on record with this role and office.');
    const after = await getCase(caseworker, opened.id);
    expect(after.state).toBe('under-review');
    expect(after.timeline.map((t) => t.action)).not.toContain('review');

    // The same update as the user really is goes through.
    await expect(send({ userId: userId!, role: 'caseworker', officeCode: '360102002' }, 'genuine')).resolves.toMatchObject({ state: 'awaiting-approval' });
  });
});
