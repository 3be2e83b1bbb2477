import { continueAsNew } from '@temporalio/workflow';
import type { CaseSnapshot, ResidenceRegistrationWorkflowInput } from '../../libs/contracts';
import { RESIDENCE_REGISTRATION_PROCESS } from '../../libs/domain';
import { runCaseWorkflow } from '../case-engine/case-workflow';

/**
 * Recorded actions per run before it continues as new. A file lives for years (two feedbacks, their
 * reminders and perhaps an escalation a year, each a few dozen events): a run of this many stays far
 * below Temporal's history limits, and Temporal's own suggestion ends a run sooner if it must.
 */
export const DEFAULT_ACTIONS_PER_RUN = 100;

/**
 * A person's residence registration and the feedback obligation it carries (反馈), on the shared case
 * engine: one workflow per file for as long as the person lives at a residence office. The api records
 * 'register' with the file; this workflow opens it by announcing the arrival to the registration office
 * (which asks the residence office for its first feedback), then runs the timers the stored file names:
 * a reminder ahead of each due date and one on the day, escalation when feedback is overdue. Feedback,
 * a transfer, a departure or a return come as the engine's update. The run continues as new every
 * `actionsPerRun` actions, carrying only the file's id: the stored file is its state.
 */
export async function residenceRegistrationWorkflow(input: ResidenceRegistrationWorkflowInput): Promise<CaseSnapshot> {
  const actionsPerRun = input.actionsPerRun ?? DEFAULT_ACTIONS_PER_RUN;
  return runCaseWorkflow({
    caseId: input.caseId,
    process: RESIDENCE_REGISTRATION_PROCESS,
    // One announcement per file: its transaction id is the file's, so a second start finds it recorded.
    ...(input.continued
      ? {}
      : { open: async (record) => void (await record('announce-arrival', { transactionId: `${input.caseId}:announce-arrival` })) }),
    continueAsNew: {
      afterActions: actionsPerRun,
      continue: () =>
        continueAsNew<typeof residenceRegistrationWorkflow>({
          caseId: input.caseId,
          ...(input.actionsPerRun !== undefined ? { actionsPerRun: input.actionsPerRun } : {}),
          continued: { run: (input.continued?.run ?? 1) + 1 },
        }),
    },
  });
}
