/**
 * Managers' monitoring: why a case is listed as stuck or late, in words a manager acts on. Pure rules
 * over what the record and Temporal say of a case; the api gathers those facts.
 */
import { toChinaCalendarDate } from './china-time';
import type { UnknownYearOptions, WorkingCalendar } from './working-calendar';

export const STUCK_REASONS = [
  'deadline-breached',
  'deadline-near',
  'opening-stuck',
  'waiting-too-long',
  'activity-failing',
  'workflow-task-failing',
  'workflow-failed',
  'workflow-terminated',
  'workflow-missing',
  'notification-dead-lettered',
] as const;
export type StuckReason = (typeof STUCK_REASONS)[number];

/** Who reads the stuck list and the summary: managers, over their subtree. */
export const MONITORING_ROLES = ['manager'] as const;

export type DeadlineStanding =
  | { reason: 'deadline-breached'; workingDaysOver: number }
  | { reason: 'deadline-near'; workingDaysLeft: number }
  | null;

/**
 * Where a deadline stands at `now`: breached (the working days since the deadline day, 0 on that day
 * once it has passed), near (within `horizonWorkingDays` working days of it), or neither.
 */
export function deadlineStanding(
  deadlineAt: Date,
  now: Date,
  calendar: WorkingCalendar,
  horizonWorkingDays: number,
  options: UnknownYearOptions = {},
): DeadlineStanding {
  const deadlineDay = toChinaCalendarDate(deadlineAt);
  const today = toChinaCalendarDate(now);
  if (deadlineAt.getTime() < now.getTime()) {
    return { reason: 'deadline-breached', workingDaysOver: Math.max(0, calendar.workingDaysBetween(deadlineDay, today, options)) };
  }
  const workingDaysLeft = calendar.workingDaysBetween(today, deadlineDay, options);
  return workingDaysLeft <= horizonWorkingDays ? { reason: 'deadline-near', workingDaysLeft } : null;
}

/** The steps a workflow runs, as a manager names them. */
const ACTIVITY_NAMES: Readonly<Record<string, string>> = {
  checkHouseholdRegistry: 'the household registry check',
  recordCaseAction: 'recording an action in the case file',
  readCaseSnapshot: 'reading the case file',
  sendWebhookRequest: 'delivering a notification to the office’s system',
};

export interface ActivityTrouble {
  activityType: string;
  attempt: number;
  /** What Temporal says of the last failure: a timeout, or the type of the error (never its message). */
  lastFailure: { timeout: boolean; type: string | null } | null;
}

/** A failing step in words: which step, how often it was tried, and what went wrong, without raw errors or personal data. */
export function activityTroubleInWords(trouble: ActivityTrouble): string {
  const step = ACTIVITY_NAMES[trouble.activityType] ?? `the step ${trouble.activityType}`;
  const tried = `tried ${trouble.attempt} time${trouble.attempt === 1 ? '' : 's'}`;
  if (!trouble.lastFailure) return `${step} is waiting to run (${tried})`;
  if (trouble.lastFailure.timeout) return `${step} did not answer in time (${tried})`;
  const what = trouble.lastFailure.type === 'DATABASE_UNAVAILABLE' ? 'the database was out of reach' : 'it failed';
  return `${step} keeps failing: ${what} (${tried})`;
}
