import {
  allHandlersFinished,
  condition,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  uuid4,
} from '@temporalio/workflow';
import type { CertificateApplicationActivities, RecordCaseActionInput } from '../../activities/certificate-applications';
import {
  caseSnapshotQuery,
  CaseStateKey,
  DeadlineAtKey,
  EscalatedKey,
  performStaffActionUpdate,
  type CaseSnapshot,
  type CertificateApplicationWorkflowInput,
  type StaffActionRequest,
} from '../../libs/contracts';
import {
  assertActionAllowed,
  isTerminal,
  type Actor,
  type CertificateApplicationAction,
  type CertificateApplicationState,
} from '../../libs/domain';
import { DATABASE_ACTIVITY } from '../activity-options';
import { deliverNotifications } from '../deliver-notifications';
import { asUpdateFailure } from '../domain-failure';

const { recordCaseAction, checkHouseholdRegistry } = proxyActivities<CertificateApplicationActivities>(DATABASE_ACTIVITY);

interface DueTimer {
  at: number;
  action: Extract<CertificateApplicationAction, 'send-reminder' | 'escalate' | 'lapse'>;
}

/** The next timer of a case: a reminder or the escalation while the clock runs, the lapse while it waits. */
export function nextDueTimer(snapshot: CaseSnapshot): DueTimer | null {
  if (snapshot.state === 'awaiting-applicant') {
    return snapshot.lapseAt ? { at: Date.parse(snapshot.lapseAt), action: 'lapse' } : null;
  }
  const candidates: DueTimer[] = [];
  const reminder = snapshot.pendingReminderAts[0];
  if (reminder) candidates.push({ at: Date.parse(reminder), action: 'send-reminder' });
  if (snapshot.deadlineAt && !snapshot.escalated) candidates.push({ at: Date.parse(snapshot.deadlineAt), action: 'escalate' });
  candidates.sort((a, b) => a.at - b.at);
  return candidates[0] ?? null;
}

/**
 * One certificate application (婚育证明), from submission to a final state. The case's record lives in
 * PostgreSQL; this workflow owns the process: it runs the registry check, accepts staff actions as
 * updates (validated against the transition table before they enter history), and keeps the timers:
 * reminders at fractions of the statutory deadline, escalation when it passes, lapse when the applicant
 * never answers a request for information. Every action is written by the recordCaseAction activity
 * under a transaction id chosen here, so a retried write is a no-op.
 */
export async function certificateApplicationWorkflow(input: CertificateApplicationWorkflowInput): Promise<CaseSnapshot> {
  let snapshot: CaseSnapshot | null = null;
  /** One action at a time: the state an update was validated against is the state it is applied to. */
  let busy = false;

  const record = async (
    action: CertificateApplicationAction,
    extra: Partial<Pick<RecordCaseActionInput, 'actor' | 'payload' | 'transactionId'>> = {},
  ): Promise<CaseSnapshot> => {
    const { snapshot: next, notificationIds } = await recordCaseAction({
      caseId: input.caseId,
      action,
      actor: extra.actor ?? null,
      transactionId: extra.transactionId ?? `${input.caseId}:${action}:${uuid4()}`,
      payload: extra.payload ?? {},
      occurredAt: new Date().toISOString(), // workflow time: deterministic, and skippable in tests
    });
    snapshot = next;
    await deliverNotifications(notificationIds);
    upsertSearchAttributes([
      { key: CaseStateKey, value: next.state },
      { key: DeadlineAtKey, value: next.deadlineAt ? new Date(next.deadlineAt) : null },
      { key: EscalatedKey, value: next.escalated },
    ]);
    return next;
  };

  const check = (request: StaffActionRequest): void => {
    if (!snapshot) return; // the activity checks against the stored case
    try {
      assertActionAllowed({
        state: snapshot.state as CertificateApplicationState,
        action: request.action,
        actorRole: request.actor.role as Actor,
        actorUserId: request.actor.userId,
        ...(snapshot.reviewerUserId ? { reviewerUserId: snapshot.reviewerUserId } : {}),
      });
    } catch (error) {
      throw asUpdateFailure(error);
    }
  };

  setHandler(caseSnapshotQuery, () => snapshot);
  setHandler(
    performStaffActionUpdate,
    async (request) => {
      await condition(() => !busy);
      busy = true;
      try {
        check(request); // again: another action may have been applied while this one waited
        return await record(request.action, { actor: request.actor, payload: request.payload, transactionId: request.transactionId });
      } catch (error) {
        throw asUpdateFailure(error);
      } finally {
        busy = false;
      }
    },
    { validator: check },
  );

  busy = true;
  try {
    if (input.selfDeclared) {
      await record('skip-registry-check');
    } else {
      await record('start-registry-check');
      const outcome = await checkHouseholdRegistry({ caseId: input.caseId });
      await record('record-registry-result', { payload: { ...outcome } });
    }
  } finally {
    busy = false;
  }

  for (;;) {
    // A staff action (update) holds `busy` while its activity runs. Wait for it to finish before looking
    // again: otherwise `changed` below is true at once and the loop spins inside one activation forever.
    await condition(() => !busy);
    const current: CaseSnapshot = snapshot!;
    if (isTerminal(current.state as CertificateApplicationState)) break;
    const due = nextDueTimer(current);
    const changed = () => snapshot !== current || busy;
    if (due === null) {
      await condition(changed);
      continue;
    }
    const waitMs = due.at - Date.now();
    if (waitMs > 0 && (await condition(changed, waitMs))) continue;
    if (busy) continue;
    busy = true;
    try {
      await record(due.action);
    } finally {
      busy = false;
    }
  }
  await condition(allHandlersFinished);
  return snapshot!;
}
