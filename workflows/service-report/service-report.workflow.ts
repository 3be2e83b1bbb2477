import type { CaseSnapshot, ServiceReportWorkflowInput } from '../../libs/contracts';
import { SERVICE_REPORT_PROCESS } from '../../libs/domain';
import { runCaseWorkflow } from '../case-engine/case-workflow';

/**
 * One residence-place service report (情况报告单), from filing to a final state, on the shared case
 * engine. The api records 'file' with the report; this workflow opens it by delivering it to the
 * registration office (which starts the acknowledgement clock), then takes the offices' answers and runs
 * the timers the recorded snapshot names: reminders before and at the deadline, deemed acceptance when
 * the final deadline passes unanswered.
 */
export async function serviceReportWorkflow(input: ServiceReportWorkflowInput): Promise<CaseSnapshot> {
  return runCaseWorkflow({
    caseId: input.caseId,
    process: SERVICE_REPORT_PROCESS,
    // One delivery per report: its transaction id is the report's, so a second start finds it recorded.
    open: async (record) => {
      await record('deliver', { transactionId: `${input.caseId}:deliver` });
    },
  });
}
