/**
 * The statutory clock of a case: a budget of working days from the day the case started, suspended while
 * the office waits for the applicant (information requested → supplied), with reminders at fractions of
 * the budget.
 *
 * Pause rule: a pause suspends the working days in (date requested, date supplied], China dates. The day
 * information is requested was already the office's to use and still counts; the day it is supplied is
 * given back. So a pause from Friday 16:00 to Monday 09:00 suspends 1 working day (the Monday), a pause
 * that opens and closes on the same day suspends none, and a pause over a public holiday suspends only the
 * working days inside it. Equivalently, each pause extends the deadline by
 * `calendar.workingDaysBetween(requestedDate, suppliedDate)`.
 *
 * The clock counts active (unsuspended) working days after the start date until the budget is used, so a
 * pause only extends the deadline when it falls before the deadline: requesting information after the
 * deadline has passed does not make an overdue case on time again.
 */
import { CalendarDate, dayNumberFromParts, fromDayNumber, requireCalendarDate } from './calendar-date';
import { chinaEndOfDay, requireInstant, toChinaCalendarDate } from './china-time';
import { DomainError, DomainErrorCode } from './errors';
import { requireIntegerInRange } from './number-guards';
import { UnknownYearOptions, WorkingCalendar } from './working-calendar';

/** The usual statutory budget; offices may configure their own. */
export const DEFAULT_STATUTORY_WORKING_DAYS = 20;

/** Reminders when half and when four fifths of the budget are used. */
export const DEFAULT_REMINDER_FRACTIONS: readonly number[] = Object.freeze([0.5, 0.8]);

/** The largest budget accepted: a guard against a mistyped setting, far above any statutory period. */
export const MAX_STATUTORY_WORKING_DAYS = 1000;

export interface PauseInterval {
  /** When information was requested from the applicant. */
  readonly pausedAt: Date;
  /** When it was supplied; absent (or null) while the office is still waiting. */
  readonly resumedAt?: Date | null;
}

export interface StatutoryClockInput extends UnknownYearOptions {
  readonly calendar: WorkingCalendar;
  /** When the case was submitted; its China date is day 0 and does not count. */
  readonly startedAt: Date;
  /** The office's budget; DEFAULT_STATUTORY_WORKING_DAYS when absent. */
  readonly workingDays?: number;
  readonly pauses?: readonly PauseInterval[];
  /** Needed only while a pause is open: the open pause is counted as ending now. */
  readonly now?: Date;
}

export interface StatutoryDeadline {
  /** The China date the deadline falls on. */
  readonly dueDate: CalendarDate;
  /** End of dueDate, 23:59:59.999 +08:00. */
  readonly deadline: Date;
  readonly workingDays: number;
  /** Working days the deadline moved because of pauses. */
  readonly extensionWorkingDays: number;
  /**
   * A pause is open: the deadline is provisional (as if the information arrived now) and moves on by one
   * working day for each working day the applicant is still awaited.
   */
  readonly paused: boolean;
}

export interface ReminderPoint {
  readonly fraction: number;
  /** floor(fraction × budget): a reminder comes no later than its fraction of the budget. */
  readonly activeWorkingDays: number;
  readonly dueDate: CalendarDate;
  /** End of dueDate, like the deadline. */
  readonly at: Date;
}

/** The current deadline, extended by the working days suspended by pauses before it. */
export function computeDeadline(input: StatutoryClockInput): StatutoryDeadline {
  const clock = prepareClock(input);
  const { dueDay, suspendedWorkingDays } = input.calendar.report(input, (note) =>
    walk(input.calendar, clock, clock.workingDays, note),
  );
  const dueDate = fromDayNumber(dueDay);
  return {
    dueDate,
    deadline: chinaEndOfDay(dueDate),
    workingDays: clock.workingDays,
    extensionWorkingDays: suspendedWorkingDays,
    paused: clock.paused,
  };
}

/**
 * Reminder instants at fractions (0 < f ≤ 1) of the budget, e.g. 20 days × 0.5 → end of the 10th active
 * working day after the start date. Pauses move reminders exactly as they move the deadline.
 */
export function reminderInstants(
  input: StatutoryClockInput & { readonly fractions?: readonly number[] },
): ReminderPoint[] {
  const clock = prepareClock(input);
  const fractions = input.fractions ?? DEFAULT_REMINDER_FRACTIONS;
  fractions.forEach((fraction, index) => {
    if (!(Number.isFinite(fraction) && fraction > 0 && fraction <= 1)) {
      throw new DomainError(DomainErrorCode.VALIDATION_FAILED, 'Reminder fractions must be in (0, 1]', {
        field: `fractions[${index}]`,
        rule: 'fraction',
      });
    }
  });
  return input.calendar.report(input, (note) =>
    [...fractions]
      .sort((a, b) => a - b)
      .map((fraction) => {
        // The epsilon absorbs binary rounding (0.7 × 10 = 7.000000000000001) before flooring.
        const activeWorkingDays = Math.floor(fraction * clock.workingDays + 1e-9);
        const dueDate = fromDayNumber(walk(input.calendar, clock, activeWorkingDays, note).dueDay);
        return { fraction, activeWorkingDays, dueDate, at: chinaEndOfDay(dueDate) };
      }),
  );
}

/** The deadline is the last instant still on time, so a case is overdue only strictly after it. */
export function isOverdue(now: Date, deadline: Date): boolean {
  return requireInstant(now, 'now') > requireInstant(deadline, 'deadline');
}

/** The working days one pause suspends on its own: working days in (requested date, supplied date]. */
export function pauseExtension(
  calendar: WorkingCalendar,
  pausedAt: Date,
  resumedAt: Date,
  options: UnknownYearOptions = {},
): number {
  return Math.max(
    0,
    calendar.workingDaysBetween(
      toChinaCalendarDate(pausedAt, 'pausedAt'),
      toChinaCalendarDate(resumedAt, 'resumedAt'),
      options,
    ),
  );
}

interface PreparedClock {
  readonly startDay: number;
  readonly workingDays: number;
  /** Suspended day ranges, each (afterDay, throughDay]. */
  readonly suspended: readonly (readonly [number, number])[];
  readonly paused: boolean;
}

function prepareClock(input: StatutoryClockInput): PreparedClock {
  const workingDays = input.workingDays ?? DEFAULT_STATUTORY_WORKING_DAYS;
  requireIntegerInRange(workingDays, 'workingDays', 1, MAX_STATUTORY_WORKING_DAYS);
  const startedAtMs = requireInstant(input.startedAt, 'startedAt');
  const startDay = chinaDayNumber(input.startedAt, 'startedAt');
  let paused = false;
  const suspended = (input.pauses ?? []).map((pause, index): readonly [number, number] => {
    const field = `pauses[${index}]`;
    const pausedAtMs = requireInstant(pause.pausedAt, `${field}.pausedAt`);
    if (pausedAtMs < startedAtMs) {
      throw invalidPause(`${field}.pausedAt`, 'not-before-start', 'a pause cannot begin before the case started');
    }
    let end = pause.resumedAt ?? undefined;
    if (end === undefined) {
      if (input.now === undefined) {
        throw invalidPause('now', 'required-while-paused', 'the current time is needed while a pause is open');
      }
      paused = true;
      end = input.now;
    }
    const endField = pause.resumedAt == null ? 'now' : `${field}.resumedAt`;
    if (requireInstant(end, endField) < pausedAtMs) {
      throw invalidPause(endField, 'not-before-paused-at', 'a pause cannot end before it began');
    }
    return [chinaDayNumber(pause.pausedAt, `${field}.pausedAt`), chinaDayNumber(end, endField)];
  });
  return { startDay, workingDays, suspended, paused };
}

/** Steps day by day from the start date until `target` active working days have passed. */
function walk(
  calendar: WorkingCalendar,
  clock: PreparedClock,
  target: number,
  note: (year: number) => void,
): { dueDay: number; suspendedWorkingDays: number } {
  let day = clock.startDay;
  let active = 0;
  let suspendedWorkingDays = 0;
  while (active < target) {
    day += 1;
    if (!calendar.isWorkingDayNumber(day, note)) continue;
    const current = day;
    if (clock.suspended.some(([after, through]) => current > after && current <= through)) {
      suspendedWorkingDays += 1;
    } else {
      active += 1;
    }
  }
  return { dueDay: day, suspendedWorkingDays };
}

function chinaDayNumber(instant: Date, field: string): number {
  return dayNumberFromParts(requireCalendarDate(toChinaCalendarDate(instant, field)));
}

function invalidPause(field: string, rule: string, message: string): DomainError {
  return new DomainError(DomainErrorCode.VALIDATION_FAILED, message, { field, rule });
}
