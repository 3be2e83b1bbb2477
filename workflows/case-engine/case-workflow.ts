import {
  ActivityFailure,
  allHandlersFinished,
  CancellationScope,
  isCancellation,
  TimeoutFailure,
  condition,
  log,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import { Mutex } from 'async-mutex';
import type { CaseEngineActivities } from '../../activities/case-engine';
import {
  caseSnapshotQuery,
  CaseStateKey,
  DeadlineAtKey,
  EscalatedKey,
  OfficeCodeKey,
  performCaseActionUpdate,
  workingCalendarChangedSignal,
  type CaseActionRequest,
  type CaseActorRef,
  type CaseSnapshot,
  type CaseTimer,
} from '../../libs/contracts';
import type { Actor, CaseProcess } from '../../libs/domain';
import { SYSTEM_RECORDING, STAFF_RECORDING } from '../activity-options';
import { deliverNotifications } from '../deliver-notifications';
import { asCallerFailure } from '../domain-failure';

const system = proxyActivities<CaseEngineActivities>(SYSTEM_RECORDING);
const staff = proxyActivities<CaseEngineActivities>(STAFF_RECORDING);

export interface RecordOptions {
  actor?: CaseActorRef;
  payload?: Record<string, unknown>;
  transactionId?: string;
}

/** Records one action of this case (through the recording activity) and takes in the case it leaves. */
export type RecordAction = (action: string, options?: RecordOptions) => Promise<CaseSnapshot>;

export interface CaseWorkflowDefinition<S extends string, A extends string> {
  caseId: string;
  process: CaseProcess<S, A>;
  /**
   * The steps that open the case (e.g. the registry check), taken before any person's action is: actions
   * sent meanwhile wait for them. Without it the workflow starts from the stored case.
   */
  open?: (record: RecordAction) => Promise<void>;
  /**
   * For a case that lives for years (a person's residence file): once this run has recorded
   * `afterActions` actions, or Temporal suggests it, the run continues as new through `continue`, when no
   * handler is running. The stored case is the state, so the next run reads it and goes on.
   */
  continueAsNew?: { afterActions: number; continue: () => Promise<never> };
}

/**
 * The life of one case, whatever its type: the shared engine every case workflow runs.
 *
 * - People act through one update, validated against the process's table before it enters history. Every
 *   handler that records runs under one mutex (several waiters can be released in one activation, so a
 *   flag is not a lock), and it checks the rules again once it holds the mutex: the state it validated
 *   against is the state it acts on.
 * - While an action is in flight the snapshot is about to change, so the validator checks only what does
 *   not depend on the state (the role) and leaves the state to the handler. A person who has just seen
 *   the stored case move on (its activity commits before the workflow takes in the result) is therefore
 *   never refused because of the older snapshot.
 * - The system's own actions (reminders, escalation, lapse) come from the snapshot's timers; they take the
 *   same mutex. One refused by the stored case (which moved on where this workflow could not see) is
 *   dropped after the case is read again, instead of failing the workflow.
 * - A change to the working calendar comes as a signal (from the change's recompute workflow): under the
 *   same mutex, an activity counts the case's deadlines again in the calendar as it is now and stores
 *   them; the snapshot it answers re-arms the timers, as any action's does.
 */
export async function runCaseWorkflow<S extends string, A extends string>(definition: CaseWorkflowDefinition<S, A>): Promise<CaseSnapshot> {
  const { caseId, process } = definition;
  const caseType = process.caseType;
  const mutex = new Mutex();
  let snapshot: CaseSnapshot | null = null;
  let recorded = 0;

  const takeIn = (next: CaseSnapshot): CaseSnapshot => {
    snapshot = next;
    upsertSearchAttributes([
      { key: CaseStateKey, value: next.state },
      { key: DeadlineAtKey, value: next.deadlineAt ? new Date(next.deadlineAt) : null },
      { key: EscalatedKey, value: next.escalated },
      ...(next.officeCode ? [{ key: OfficeCodeKey, value: next.officeCode }] : []),
    ]);
    return next;
  };

  const recordWith =
    (activities: CaseEngineActivities): RecordAction =>
    async (action, options = {}) => {
      const { snapshot: next, notificationIds } = await activities.recordCaseAction({
        caseType,
        caseId,
        action,
        actor: options.actor ?? null,
        transactionId: options.transactionId ?? `${caseId}:${action}:${uuid4()}`,
        payload: options.payload ?? {},
        occurredAt: new Date().toISOString(), // workflow time: deterministic, and skippable in tests
      });
      takeIn(next);
      recorded++;
      await deliverNotifications(notificationIds);
      return next;
    };
  const recordSystemAction = recordWith(system);
  const recordStaffAction = recordWith(staff);

  const assertAllowed = (request: CaseActionRequest, against: CaseSnapshot): void =>
    process.assertAllowed({
      state: against.state as S,
      action: request.action as A,
      actorRole: request.actor.role as Actor,
      actorUserId: request.actor.userId,
      actorOfficeCode: request.actor.officeCode,
      facts: against.facts,
    });

  const refresh = async (): Promise<CaseSnapshot> =>
    takeIn(await system.readCaseSnapshot({ caseType, caseId, now: new Date().toISOString() }));

  // The opening takes the mutex before any handler is set: an update that came with the workflow's first
  // task runs as soon as its handler is set, and must wait for the case to be open (and have a snapshot).
  // It runs in its own scope, so that an action the process lets interrupt it (a manager's cancel of a case
  // jammed in a failing step) does not wait behind it for ever.
  const openingScope = new CancellationScope();
  let opening = true;
  const opened = mutex.runExclusive(async () => {
    try {
      if (definition.open) await openingScope.run(() => definition.open!(recordSystemAction));
    } catch (error) {
      if (isCancellation(error) && openingScope.consideredCancelled) {
        log.info('the opening was interrupted; the case goes on from where it stands', { caseId });
        snapshot = null;
        await refresh();
        return;
      }
      // A step that failed for good (its activity refused) leaves the case where it stood, with its timers
      // running (a deadline still escalates to a person), rather than failing the case's workflow.
      if (!(error instanceof ActivityFailure)) throw error;
      log.warn('an opening step failed; the case goes on from where it stands', { caseId, failure: error.cause?.message });
      snapshot = null;
    } finally {
      opening = false;
    }
    if (snapshot === null) await refresh();
  });

  setHandler(caseSnapshotQuery, () => snapshot);
  // No command is issued until a signal comes, so histories recorded before this handler replay unchanged.
  setHandler(workingCalendarChangedSignal, ({ changeId }) =>
    mutex.runExclusive(async () => {
      if (snapshot === null || process.isTerminal(snapshot.state as S)) return;
      try {
        takeIn(await system.recomputeCaseDeadlines({ caseType, caseId, now: new Date().toISOString() }));
      } catch (error) {
        // A refusal (the case is gone) leaves the timers as they were; the next action counts in the new calendar anyway.
        if (!(error instanceof ActivityFailure)) throw error;
        log.warn('the deadlines could not be counted again in the changed calendar', { caseId, changeId, failure: error.cause?.message });
      }
    }),
  );
  setHandler(
    performCaseActionUpdate,
    (request) => {
      if (opening && process.openingInterruptedBy?.includes(request.action as A)) openingScope.cancel();
      return mutex.runExclusive(async () => {
        const { actor, payload, transactionId } = request;
        try {
          assertAllowed(request, snapshot!); // the opening held the mutex until there was a snapshot
          return await recordStaffAction(request.action, { actor, payload, transactionId });
        } catch (error) {
          if (!(error instanceof ActivityFailure && error.cause instanceof TimeoutFailure)) throw asCallerFailure(error);
          // The recording ran out of time behind the waiting caller, and may have committed all the same.
          // Record it again under the same transaction id (idempotent: a committed one is answered as it
          // was), with the system's patience: its notifications are then delivered, and the snapshot is
          // the record's. The api's own bound (CASE_ACTION_ANSWER_TIMEOUT_MS) keeps the caller from waiting.
          return await recordSystemAction(request.action, { actor, payload, transactionId }).catch((refused: unknown) => {
            throw asCallerFailure(refused);
          });
        }
      });
    },
    {
      validator: (request) => {
        try {
          process.assertRolePermitted(request.action as A, request.actor.role as Actor);
          if (snapshot !== null && !mutex.isLocked()) assertAllowed(request, snapshot);
        } catch (error) {
          throw asCallerFailure(error);
        }
      },
    },
  );

  await opened;

  for (;;) {
    const current: CaseSnapshot = snapshot!;
    if (process.isTerminal(current.state as S)) break;
    const { continueAsNew } = definition;
    if (continueAsNew && (recorded >= continueAsNew.afterActions || workflowInfo().continueAsNewSuggested)) {
      // Every accepted action is recorded before the run ends: the next run reads the case they left.
      await condition(allHandlersFinished);
      // Conditions are met between the jobs of an activation, and the run goes on only after all of them:
      // an update whose job came after the one that met the condition is running now. Go round for it.
      if (snapshot !== current || !allHandlersFinished()) continue;
      await continueAsNew.continue();
    }
    const due = current.timers[0];
    const changed = (): boolean => snapshot !== current;
    if (due === undefined) {
      await condition(changed);
      continue;
    }
    const waitMs = Date.parse(due.at) - Date.now();
    if (waitMs > 0 && (await condition(changed, waitMs))) continue;
    await mutex.runExclusive(async () => {
      if (snapshot !== current) return; // an action got there first: plan again from the case it left
      try {
        await recordSystemAction(due.action);
      } catch (error) {
        if (!(error instanceof ActivityFailure)) throw error;
        log.warn('system action refused; reading the case again', { caseId, action: due.action, failure: error.cause?.message });
        takeIn(withoutTimer(await system.readCaseSnapshot({ caseType, caseId, now: new Date().toISOString() }), due));
      }
    });
  }
  while (!allHandlersFinished()) await condition(allHandlersFinished); // see above: met, then a later job started one
  return snapshot!;
}

/** The case as read again, less the timer just refused, so that a refusal cannot repeat without end. */
function withoutTimer(snapshot: CaseSnapshot, refused: CaseTimer): CaseSnapshot {
  const first = snapshot.timers[0];
  if (first === undefined || first.at !== refused.at || first.action !== refused.action) return snapshot;
  return { ...snapshot, timers: snapshot.timers.slice(1) };
}
