/**
 * China's working days. Public holidays and make-up working days (调休上班) change every year by State
 * Council notice, so they are data an office admin loads, not code. A year with no entries has not been
 * published yet: it is computed as plain Monday–Friday and reported through `onUnknownYear`, so the caller
 * can log a warning (this library never logs).
 *
 * Conventions, used by every statutory deadline:
 * - "n working days after D" never counts D itself: a case submitted on a Friday afternoon starts
 *   counting on Monday (or on a make-up Saturday).
 * - A deadline falls at the end of its day, 23:59:59.999 +08:00 (`deadlineInstant`).
 */
import { DomainError, DomainErrorCode } from './errors';
import {
  CalendarDate,
  dayOfWeekOfDayNumber,
  fromDayNumber,
  partsFromDayNumber,
  requireCalendarDate,
  dayNumberFromParts,
} from './calendar-date';
import { chinaEndOfDay, toChinaCalendarDate } from './china-time';
import { requireIntegerInRange } from './number-guards';

export type WorkingCalendarEntryKind = 'holiday' | 'workday';

export interface WorkingCalendarEntry {
  readonly date: CalendarDate;
  /** 'holiday': a day in an official holiday range (weekends in it too); 'workday': a weekend day worked. */
  readonly kind: WorkingCalendarEntryKind;
  readonly name?: string;
}

export type UnknownYearListener = (year: number) => void;

export interface UnknownYearOptions {
  /** Called once per call for each year the computation touched that the calendar does not cover. */
  readonly onUnknownYear?: UnknownYearListener;
}

export class WorkingCalendar {
  /** Years with at least one entry: a published year always has holidays, so this is the coverage. */
  readonly knownYears: ReadonlySet<number>;
  private readonly kinds: ReadonlyMap<number, WorkingCalendarEntryKind>;
  private readonly defaultListener: UnknownYearListener | undefined;

  /**
   * Refuses entries an admin most likely mistyped: an invalid date, one date given two kinds, or a
   * 'workday' on a Monday–Friday (those are working days already, so it must be the wrong date).
   */
  constructor(entries: readonly WorkingCalendarEntry[], options: UnknownYearOptions = {}) {
    const kinds = new Map<number, WorkingCalendarEntryKind>();
    const years = new Set<number>();
    entries.forEach((entry, index) => {
      const parts = requireCalendarDate(entry.date, `entries[${index}].date`);
      const dayNumber = dayNumberFromParts(parts);
      if (entry.kind !== 'holiday' && entry.kind !== 'workday') {
        throw invalidEntry(index, 'kind', 'one-of', "kind must be 'holiday' or 'workday'");
      }
      if (entry.kind === 'workday' && !isWeekendDay(dayNumber)) {
        throw invalidEntry(index, 'date', 'workday-must-be-weekend', 'a make-up workday must be a Saturday or Sunday');
      }
      const previous = kinds.get(dayNumber);
      if (previous !== undefined && previous !== entry.kind) {
        throw invalidEntry(index, 'date', 'conflicting-entries', 'the same date is listed as holiday and workday');
      }
      kinds.set(dayNumber, entry.kind);
      years.add(parts.year);
    });
    this.kinds = kinds;
    this.knownYears = years;
    this.defaultListener = options.onUnknownYear;
  }

  get lastKnownYear(): number | undefined {
    return this.knownYears.size === 0 ? undefined : Math.max(...this.knownYears);
  }

  isKnownYear(year: number): boolean {
    return this.knownYears.has(year);
  }

  /** Monday–Friday and not a holiday, or a make-up workday. */
  isWorkingDay(date: CalendarDate, options: UnknownYearOptions = {}): boolean {
    const dayNumber = dayNumberFromParts(requireCalendarDate(date));
    return this.report(options, (note) => this.isWorkingDayNumber(dayNumber, note));
  }

  /** The date `n` working days after `start`; `start` itself never counts and n = 0 returns it. */
  addWorkingDays(start: CalendarDate, n: number, options: UnknownYearOptions = {}): CalendarDate {
    let dayNumber = dayNumberFromParts(requireCalendarDate(start, 'start'));
    requireIntegerInRange(n, 'workingDays', 0);
    return this.report(options, (note) => {
      for (let counted = 0; counted < n; ) {
        dayNumber += 1;
        if (this.isWorkingDayNumber(dayNumber, note)) counted += 1;
      }
      return fromDayNumber(dayNumber);
    });
  }

  /**
   * Working days in (a, b]: a itself excluded, b included. Signed: when b is before a the result is
   * minus the working days in (b, a], so `workingDaysBetween(deadlineDate, today)` read the other way
   * round tells how many working days a case is overdue.
   */
  workingDaysBetween(a: CalendarDate, b: CalendarDate, options: UnknownYearOptions = {}): number {
    const from = dayNumberFromParts(requireCalendarDate(a, 'a'));
    const to = dayNumberFromParts(requireCalendarDate(b, 'b'));
    if (to < from) return -this.workingDaysBetween(b, a, options);
    return this.report(options, (note) => {
      let count = 0;
      for (let dayNumber = from + 1; dayNumber <= to; dayNumber += 1) {
        if (this.isWorkingDayNumber(dayNumber, note)) count += 1;
      }
      return count;
    });
  }

  /** End of the day (23:59:59.999 +08:00) that is `workingDays` working days after the China date of `start`. */
  deadlineInstant(start: Date, workingDays: number, options: UnknownYearOptions = {}): Date {
    return chinaEndOfDay(this.addWorkingDays(toChinaCalendarDate(start, 'start'), workingDays, options));
  }

  /**
   * Working-day test on a day number, noting uncovered years instead of reporting them, so a loop over
   * many days reports each year once. Internal to the domain library (used by the SLA clock).
   */
  isWorkingDayNumber(dayNumber: number, noteUnknownYear: (year: number) => void): boolean {
    const kind = this.kinds.get(dayNumber);
    if (kind !== undefined) return kind === 'workday';
    const { year } = partsFromDayNumber(dayNumber);
    if (!this.knownYears.has(year)) noteUnknownYear(year);
    return !isWeekendDay(dayNumber);
  }

  /** Runs a computation, then reports the distinct uncovered years it touched, in ascending order. */
  report<T>(options: UnknownYearOptions, compute: (note: (year: number) => void) => T): T {
    const unknown = new Set<number>();
    const result = compute((year) => unknown.add(year));
    const listener = options.onUnknownYear ?? this.defaultListener;
    if (listener !== undefined) [...unknown].sort((x, y) => x - y).forEach((year) => listener(year));
    return result;
  }
}

function isWeekendDay(dayNumber: number): boolean {
  const weekday = dayOfWeekOfDayNumber(dayNumber);
  return weekday === 0 || weekday === 6;
}

function invalidEntry(index: number, key: string, rule: string, message: string): DomainError {
  return new DomainError(DomainErrorCode.VALIDATION_FAILED, `Calendar entry ${index}: ${message}`, {
    field: `entries[${index}].${key}`,
    rule,
  });
}
