import { defineQuery, defineUpdate } from '@temporalio/workflow';

/**
 * What the api, the case workflows and the recording activity share about every case, whatever its type.
 * Everything here crosses Temporal history, so it carries ids, codes and staff-typed notes only: never a
 * person's name or identity number.
 */

/** One workflow per case, named by its business key: starting it twice is harmless and a person can find it. */
export function caseWorkflowId(caseType: string, caseId: string): string {
  return `${caseType}/${caseId}`;
}

export interface CaseActorRef {
  userId: string;
  role: string;
  officeCode: string;
}

/** A person's action on a case, sent by the api as a workflow update. */
export interface CaseActionRequest<A extends string = string> {
  action: A;
  actor: CaseActorRef;
  /** Chosen by the api (from the caller's Idempotency-Key when given): the same request twice is one action. */
  transactionId: string;
  /** What the action carries (a reason, a note, what is missing): staff-typed text, stored in the case log. */
  payload: Record<string, unknown>;
}

/** A system action the workflow takes when its time comes: a reminder, an escalation, a lapse. */
export interface CaseTimer {
  at: string;
  action: string;
}

/** The case as its workflow needs it, returned by every recorded action. */
export interface CaseSnapshot {
  caseId: string;
  caseType: string;
  state: string;
  /** ISO instant; null while the clock is paused or the case is closed. */
  deadlineAt: string | null;
  escalated: boolean;
  /** The system actions still to come, earliest first. */
  timers: CaseTimer[];
  /** Facts the process's own rules read when validating an action (e.g. who reviewed the case). */
  facts: Record<string, string | null>;
  /** The office that holds the case now, for a case type whose case moves between offices (a transfer). */
  officeCode?: string;
}

export interface RecordCaseActionInput {
  caseType: string;
  caseId: string;
  action: string;
  /** Null for the system's own actions (timers, the steps that open a case). */
  actor: CaseActorRef | null;
  /** Chosen once by the workflow or the api: recording the same transaction twice is a no-op. */
  transactionId: string;
  payload: Record<string, unknown>;
  /**
   * When the action happened, in workflow time: the workflow's clock is the case's clock, so deadlines,
   * pauses and lapses are measured on one time line (and tests can skip time).
   */
  occurredAt: string;
}

/** The case after the action, and the notifications the action caused (for the workflow to deliver). */
export interface RecordedCaseAction {
  snapshot: CaseSnapshot;
  notificationIds: string[];
}

export const performCaseActionUpdate = defineUpdate<CaseSnapshot, [CaseActionRequest]>('performCaseAction');
export const caseSnapshotQuery = defineQuery<CaseSnapshot | null>('caseSnapshot');

/** The schedule that starts the workflow of any case whose start never happened (its id is prefixed per deployment). */
export const CASE_RECONCILER_SCHEDULE_ID = 'passage-case-reconciler';
