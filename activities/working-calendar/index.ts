import { ApplicationFailure } from '@temporalio/common';
import type { WorkingCalendarRecomputeCursor } from '../../libs/contracts';
import { WorkingCalendarRepository } from '../../libs/db';
import { chinaStartOfDay } from '../../libs/domain';
import type { ActivityDependencies } from '../dependencies';

/** The failure type of a change not (yet) committed: retried a while, then taken as rolled back. */
export const CALENDAR_CHANGE_NOT_COMMITTED = 'CALENDAR_CHANGE_NOT_COMMITTED';

/**
 * The recompute's database side: the change it was started for, and the open cases that change may move,
 * a page at a time. The case workflows count their deadlines again themselves (recomputeCaseDeadlines).
 */
export function createWorkingCalendarActivities(deps: ActivityDependencies) {
  const calendars = new WorkingCalendarRepository(deps.db);
  const logger = deps.logger.child({ activity: 'workingCalendarRecompute' });

  /**
   * The changed day. The api starts the recompute just before it commits the change, so the change may not
   * be visible yet: that is a retryable failure, and one that outlasts the retries is a change rolled back.
   */
  async function workingCalendarChange(input: { changeId: string }): Promise<{ date: string }> {
    const change = await calendars.findChange(input.changeId);
    if (!change) throw ApplicationFailure.retryable('The calendar change is not committed (yet).', CALENDAR_CHANGE_NOT_COMMITTED);
    return { date: change.date };
  }

  async function casesToRecompute(input: {
    date: string;
    after: WorkingCalendarRecomputeCursor | null;
    limit: number;
  }): Promise<WorkingCalendarRecomputeCursor[]> {
    const page = await calendars.casesToRecompute(chinaStartOfDay(input.date), input.after, input.limit);
    logger.info({ date: input.date, cases: page.length }, 'open cases to count again in the working calendar');
    return page;
  }

  return { workingCalendarChange, casesToRecompute };
}

export type WorkingCalendarActivities = ReturnType<typeof createWorkingCalendarActivities>;
