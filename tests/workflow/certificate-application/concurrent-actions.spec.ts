/**
 * The case engine under concurrency, on the time-skipping server: many updates at once and a timer that
 * falls due among them are serialised by the workflow's mutex, each accepted action is logged exactly once,
 * the log is one unbroken path through the transition table, and the workflow never fails. Also: input the
 * database cannot store (a NUL character sent straight to the workflow, past the api's own check) is refused
 * at once as a validation failure instead of being retried without end, and the case stays actionable.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import {
  caseSnapshotQuery,
  certificateApplicationWorkflowId,
  performCaseActionUpdate,
  type CaseActionRequest,
  type CaseActorRef,
} from '../../../libs/contracts';
import { CERTIFICATE_APPLICATION_PROCESS, type CertificateApplicationAction, type CertificateApplicationState } from '../../../libs/domain';
import { getCase, openCaseUnderReview, skipTo, useStackWithCaseworker } from './support';

const DOMAIN_REFUSALS = ['ACTION_NOT_ALLOWED_IN_STATE', 'ROLE_NOT_PERMITTED', 'SAME_PERSON_REVIEW_AND_APPROVAL', 'BUSINESS_RULE_VIOLATED'];

function refusalType(error: unknown): string | undefined {
  if (!(error instanceof WorkflowUpdateFailedError)) return undefined;
  return (error.cause as { type?: string } | undefined)?.type;
}

describe('certificate application: the engine under concurrency (time skipping)', () => {
  const started = useStackWithCaseworker('passage_wf_concurrency');

  it('serialises 20 concurrent updates and a due reminder: one log row per accepted action, no failed workflow', async () => {
    const { stack, caseworker } = started();
    const approver = await stack.loginAs('tengwangge.approver');
    const { opened } = await openCaseUnderReview(caseworker);
    const handle = stack.env.client.workflow.getHandle(certificateApplicationWorkflowId(opened.id));
    const snapshot = await handle.query(caseSnapshotQuery);
    const reminder = snapshot!.timers.find((t) => t.action === 'send-reminder')!;
    expect(reminder).toBeDefined();
    await skipTo(stack.env, Date.parse(reminder.at), -2_000);

    const as = (user: { userId: string; role: string; officeCode: string }): CaseActorRef => ({
      userId: user.userId,
      role: user.role,
      officeCode: user.officeCode,
    });
    const plan: Array<[CertificateApplicationAction, CaseActorRef, Record<string, unknown>]> = [];
    for (let i = 0; i < 19; i++) {
      const step = i % 4;
      if (step === 0) plan.push(['review', as(caseworker), {}]);
      if (step === 1) plan.push(['request-information', as(caseworker), { missing: [`item-${i}`] }]);
      if (step === 2) plan.push(['supply-information', as(caseworker), {}]);
      if (step === 3) plan.push(['approve', as(approver), {}]);
    }
    plan.push(['withdraw', as(caseworker), { reason: 'applicant withdrew' }]);
    const requests: CaseActionRequest[] = plan.map(([action, actor, payload], i) => ({
      action,
      actor,
      payload,
      transactionId: `${opened.id}:${action}:concurrent-${i}`,
    }));

    // All at once, while the server's clock passes the reminder's instant.
    const outcomes = await Promise.allSettled([
      ...requests.map((request) => handle.executeUpdate(performCaseActionUpdate, { args: [request], updateId: request.transactionId })),
      stack.env.sleep(5_000),
    ]);
    const accepted = new Set<string>();
    requests.forEach((request, i) => {
      const outcome = outcomes[i]!;
      if (outcome.status === 'fulfilled') accepted.add(request.transactionId);
      else expect(DOMAIN_REFUSALS).toContain(refusalType(outcome.reason));
    });
    expect(accepted.size).toBeGreaterThan(0);

    const description = await handle.describe();
    expect(['RUNNING', 'COMPLETED']).toContain(description.status.name);

    const log: Array<{ action: string; fromState: string | null; toState: string; transactionId: string }> = await stack.db.query(
      `SELECT action, from_state AS "fromState", to_state AS "toState", transaction_id AS "transactionId"
         FROM case_action WHERE case_id = $1 ORDER BY id`,
      [opened.id],
    );
    // Exactly the accepted updates, each once.
    const fromUpdates = log.filter((entry) => entry.transactionId.includes(':concurrent-')).map((entry) => entry.transactionId);
    expect([...fromUpdates].sort()).toEqual([...accepted].sort());
    // One unbroken path: every entry starts where the one before it ended, and was allowed there.
    for (let i = 1; i < log.length; i++) {
      const entry = log[i]!;
      expect(entry.fromState).toBe(log[i - 1]!.toState);
      expect(
        CERTIFICATE_APPLICATION_PROCESS.isActionAllowedInState(entry.fromState as CertificateApplicationState, entry.action as CertificateApplicationAction),
      ).toBe(true);
    }
    // The stored case and the workflow agree.
    const view = await getCase(caseworker, opened.id);
    expect(view.state).toBe(log[log.length - 1]!.toState);
    if (description.status.name === 'RUNNING') expect((await handle.query(caseSnapshotQuery))?.state).toBe(view.state);
  });

  it('refuses a NUL character at once as a validation failure, and the case stays actionable', async () => {
    const { stack, caseworker } = started();
    const { opened } = await openCaseUnderReview(caseworker);
    const handle = stack.env.client.workflow.getHandle(certificateApplicationWorkflowId(opened.id));
    const actor = { userId: caseworker.userId, role: caseworker.role, officeCode: caseworker.officeCode };
    const poisoned: CaseActionRequest = { action: 'review', actor, payload: { note: 'a\u0000b' }, transactionId: `${opened.id}:review:nul` };

    const startedAt = Date.now();
    const failure = await handle.executeUpdate(performCaseActionUpdate, { args: [poisoned], updateId: poisoned.transactionId }).catch((e: unknown) => e);
    expect(refusalType(failure)).toBe('VALIDATION_FAILED');
    expect(Date.now() - startedAt).toBeLessThan(15_000); // refused, not retried until a timeout

    const clean: CaseActionRequest = { ...poisoned, payload: { note: 'ab' }, transactionId: `${opened.id}:review:clean` };
    const after = await handle.executeUpdate(performCaseActionUpdate, { args: [clean], updateId: clean.transactionId });
    expect(after.state).toBe('awaiting-approval');
    expect((await getCase(caseworker, opened.id)).state).toBe('awaiting-approval');
  });
});
