/**
 * The time line of one feedback period (反馈) a residence office owes the registration office: a
 * reminder some days ahead of the due date and one on the day, and escalation once the due date is some
 * working days behind. Due dates are China calendar days; the next one follows the agreement's interval
 * from the one just met, so feedback given late does not shift the rhythm, and early feedback does not
 * shorten the next period below the interval from the day it was given.
 */
import { addCalendarDays, addMonths, type CalendarDate } from './calendar-date';
import { chinaEndOfDay, chinaStartOfDay } from './china-time';
import { computeDeadline } from './sla';
import type { UnknownYearOptions, WorkingCalendar } from './working-calendar';

/** Reminders go out at 09:00 China time: at the start of an office's day, not at midnight. */
const REMINDER_HOUR_MS = 9 * 3_600_000;

export interface FeedbackClockInput extends UnknownYearOptions {
  readonly calendar: WorkingCalendar;
  readonly dueOn: CalendarDate;
  /** Calendar days before the due date that the first reminder goes out. */
  readonly reminderLeadDays: number;
  /** Working days after the due date before missing feedback is escalated. */
  readonly escalationWorkingDays: number;
}

export interface FeedbackClock {
  /** The last instant feedback counts as on time: the end of the due day. */
  readonly dueAt: Date;
  /** Reminders to the residence office: ahead of the due date, and on it. */
  readonly reminderAts: readonly Date[];
  /** When missing feedback goes to the residence office's manager and the registration office is told. */
  readonly escalateAt: Date;
}

export function feedbackClock(input: FeedbackClockInput): FeedbackClock {
  const dueAt = chinaEndOfDay(input.dueOn);
  const onTheDay = new Date(chinaStartOfDay(input.dueOn).getTime() + REMINDER_HOUR_MS);
  const ahead = new Date(chinaStartOfDay(addCalendarDays(input.dueOn, -input.reminderLeadDays)).getTime() + REMINDER_HOUR_MS);
  // No working days of patience: missing feedback is escalated as soon as the due day has ended.
  const escalateAt =
    input.escalationWorkingDays === 0
      ? dueAt
      : computeDeadline({ calendar: input.calendar, startedAt: dueAt, workingDays: input.escalationWorkingDays, onUnknownYear: input.onUnknownYear })
          .deadline;
  return { dueAt, reminderAts: input.reminderLeadDays > 0 ? [ahead, onTheDay] : [onTheDay], escalateAt };
}

/**
 * The due date after feedback given on `givenOn` for the period due on `dueOn`: one interval after the
 * due date, or, when that is not after the day it was given (feedback a whole interval late), one
 * interval after that day.
 */
export function nextFeedbackDueOn(dueOn: CalendarDate, givenOn: CalendarDate, intervalMonths: number): CalendarDate {
  const next = addMonths(dueOn, intervalMonths);
  return next > givenOn ? next : addMonths(givenOn, intervalMonths);
}
