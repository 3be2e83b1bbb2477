import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, proxyActivities, startChild, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { caseWorkflowStart, taggedCaseAwaitingWorkflow } from '../../libs/contracts';
import { SYSTEM_RECORDING } from '../activity-options';

const { casesAwaitingWorkflow } = proxyActivities<Pick<Activities, 'casesAwaitingWorkflow'>>(SYSTEM_RECORDING);

/** At most this many starts per run: a run's history stays small; the next run takes the rest. */
const BATCH = 200;

/**
 * Run by a Temporal schedule every minute: starts the workflow of every case the api wrote but whose
 * workflow never started (Temporal was away, the api stopped between the two), so that no accepted case
 * goes without its reminders and escalation. Starting one that is running already is harmless.
 */
export async function caseReconcilerWorkflow(): Promise<{ started: number; alreadyRunning: number }> {
  const cases = await casesAwaitingWorkflow({ now: new Date().toISOString(), limit: BATCH });
  let started = 0;
  let alreadyRunning = 0;
  for (const item of cases) {
    const { workflowType, options } = caseWorkflowStart(taggedCaseAwaitingWorkflow(item), workflowInfo().taskQueue);
    try {
      await startChild(workflowType, { ...options, parentClosePolicy: ParentClosePolicy.ABANDON });
      started++;
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      alreadyRunning++;
    }
  }
  return { started, alreadyRunning };
}
