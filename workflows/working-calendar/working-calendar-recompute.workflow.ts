import {
  ActivityFailure,
  ApplicationFailure,
  continueAsNew,
  getExternalWorkflowHandle,
  proxyActivities,
  workflowInfo,
} from '@temporalio/workflow';
import type { WorkingCalendarActivities } from '../../activities/working-calendar';
import {
  caseWorkflowId,
  workingCalendarChangedSignal,
  type WorkingCalendarRecomputeCursor,
  type WorkingCalendarRecomputeInput,
  type WorkingCalendarRecomputeResult,
} from '../../libs/contracts';
import { SYSTEM_RECORDING } from '../activity-options';

const { casesToRecompute } = proxyActivities<WorkingCalendarActivities>(SYSTEM_RECORDING);

/**
 * The change is committed by the api's transaction right after this workflow starts: its row is looked for
 * a while (about a minute), then the change is taken as rolled back.
 */
const { workingCalendarChange } = proxyActivities<WorkingCalendarActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds', maximumAttempts: 10 },
});

/** Cases per page; signals of one page go out together. */
export const RECOMPUTE_PAGE_SIZE = 100;
/** Pages per run before it continues as new, so a province-wide change keeps each run's history short. */
export const RECOMPUTE_PAGES_PER_RUN = 10;

/**
 * One change to the working calendar, told to every open case whose deadlines it may move: started by the
 * api with the change (workflow id from the change id, so one change is one recompute), it pages through
 * those cases in PostgreSQL (an activity) and signals each case's workflow, whose handler counts its
 * deadlines again and re-arms its timers. A case whose workflow is not running is skipped: it has not
 * started yet, or has just closed, and either way reads the calendar when it next runs.
 */
export async function workingCalendarRecomputeWorkflow(input: WorkingCalendarRecomputeInput): Promise<WorkingCalendarRecomputeResult> {
  let date: string;
  try {
    ({ date } = await workingCalendarChange({ changeId: input.changeId }));
  } catch (error) {
    if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure && error.cause.type === 'CALENDAR_CHANGE_NOT_COMMITTED') {
      return { changeFound: false, signalled: 0, notRunning: 0 };
    }
    throw error;
  }

  let after: WorkingCalendarRecomputeCursor | null = input.continued?.after ?? null;
  let signalled = input.continued?.signalled ?? 0;
  let notRunning = input.continued?.notRunning ?? 0;
  for (let pages = 0; ; pages++) {
    if (pages >= RECOMPUTE_PAGES_PER_RUN || workflowInfo().continueAsNewSuggested) {
      if (after === null) break;
      await continueAsNew<typeof workingCalendarRecomputeWorkflow>({ changeId: input.changeId, continued: { after, signalled, notRunning } });
    }
    const page = await casesToRecompute({ date, after, limit: RECOMPUTE_PAGE_SIZE });
    const outcomes = await Promise.all(
      page.map(async (c) => {
        try {
          await getExternalWorkflowHandle(caseWorkflowId(c.caseType, c.caseId)).signal(workingCalendarChangedSignal, { changeId: input.changeId, date });
          return true;
        } catch (error) {
          // How a signal to another workflow fails: no such workflow is running ("Unable to signal external
          // workflow because it was not found"), or it has taken all the signals it may.
          if (error instanceof ApplicationFailure) return false;
          throw error;
        }
      }),
    );
    signalled += outcomes.filter(Boolean).length;
    notRunning += outcomes.filter((sent) => !sent).length;
    if (page.length < RECOMPUTE_PAGE_SIZE) break;
    after = page[page.length - 1]!;
  }
  return { changeFound: true, signalled, notRunning };
}
