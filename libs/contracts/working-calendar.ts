import { defineSignal } from '@temporalio/workflow';

/**
 * What the api, the recompute workflow and the case workflows share about a change to the working
 * calendar. Ids and dates only: never a person's data, nor the reason typed for the change.
 */

/** Told to every open case's workflow whose deadlines the change may move: count them again in the calendar as it is now. */
export interface WorkingCalendarChanged {
  /** The change (working_calendar_change.id); one change may be told twice (a retried fan-out), and counting again is harmless. */
  changeId: string;
  /** The day that changed, YYYY-MM-DD. */
  date: string;
}

/** Sent by the recompute workflow, handled by the shared case engine (every case type's workflow). */
export const workingCalendarChangedSignal = defineSignal<[WorkingCalendarChanged]>('workingCalendarChanged');

export const WORKING_CALENDAR_RECOMPUTE_WORKFLOW = 'workingCalendarRecomputeWorkflow';

/** One recompute per change, named by the change: starting it twice for one change is one recompute. */
export function workingCalendarRecomputeWorkflowId(changeId: string): string {
  return `working-calendar-change/${changeId}`;
}

export interface WorkingCalendarRecomputeCursor {
  caseType: 'certificate-application' | 'service-report' | 'residence-registration';
  caseId: string;
}

export interface WorkingCalendarRecomputeInput {
  changeId: string;
  /** Set by a run that continued as new: where its paging stopped, and what it had done so far. */
  continued?: { after: WorkingCalendarRecomputeCursor; signalled: number; notRunning: number };
}

export interface WorkingCalendarRecomputeResult {
  /** False when no committed change has this id (its transaction was rolled back): nothing was recomputed. */
  changeFound: boolean;
  /** Case workflows told to count again. */
  signalled: number;
  /** Open cases whose workflow was not running (not started yet, or just closed): they read the calendar when they next run. */
  notRunning: number;
}

/** How the api starts a change's recompute, inside the transaction that makes the change (so no change goes without one). */
export function workingCalendarRecomputeStart(changeId: string, taskQueue: string) {
  const input: WorkingCalendarRecomputeInput = { changeId };
  return {
    workflowType: WORKING_CALENDAR_RECOMPUTE_WORKFLOW,
    options: {
      workflowId: workingCalendarRecomputeWorkflowId(changeId),
      taskQueue,
      args: [input] as [WorkingCalendarRecomputeInput],
      workflowIdReusePolicy: 'REJECT_DUPLICATE' as const,
    },
  };
}
