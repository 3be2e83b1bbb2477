import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';

/** A case workflow's start as the contracts' start helpers answer it (`certificateApplicationStart` and the like). */
export interface CaseWorkflowStart {
  workflowType: string;
  options: Parameters<Client['workflow']['start']>[1];
}

/** Starts a case's workflow; one already running (its id is the case's business key) is what was wanted. */
export async function startCaseWorkflow(client: Client, start: CaseWorkflowStart): Promise<void> {
  try {
    await client.workflow.start(start.workflowType, start.options);
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}
