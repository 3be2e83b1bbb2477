/**
 * Calendar dates as 'YYYY-MM-DD' strings (a day on the wall calendar, not an instant), with arithmetic
 * done on integer day numbers. Pure integer arithmetic (no Date) keeps it identical in the api, in
 * activities and inside the Temporal workflow sandbox, and immune to the host time zone.
 *
 * Fixed-width strings also sort chronologically, so `<` on two CalendarDates compares them.
 */
import { DomainError, DomainErrorCode } from './errors';

export type CalendarDate = string;

export interface CalendarDateParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const CALENDAR_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Whether year/month/day name a day that exists (no 30 February, no 29 February in 2025). */
export function isRealDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

export function parseCalendarDate(value: string): CalendarDateParts | undefined {
  const match = CALENDAR_DATE_PATTERN.exec(value);
  if (match === null) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return isRealDate(year, month, day) ? { year, month, day } : undefined;
}

export function isCalendarDate(value: unknown): value is CalendarDate {
  return typeof value === 'string' && parseCalendarDate(value) !== undefined;
}

/** Parses or throws VALIDATION_FAILED naming the field, for inputs that must already be valid. */
export function requireCalendarDate(value: string, field = 'date'): CalendarDateParts {
  const parts = parseCalendarDate(value);
  if (parts === undefined) {
    throw new DomainError(DomainErrorCode.VALIDATION_FAILED, `${field} must be a real date as YYYY-MM-DD`, {
      field,
      rule: 'calendar-date',
    });
  }
  return parts;
}

export function formatCalendarDate(parts: CalendarDateParts): CalendarDate {
  const pad = (n: number, width: number): string => String(n).padStart(width, '0');
  return `${pad(parts.year, 4)}-${pad(parts.month, 2)}-${pad(parts.day, 2)}`;
}

/** Days since 1970-01-01 (H. Hinnant's days_from_civil, proleptic Gregorian). */
export function dayNumberFromParts({ year, month, day }: CalendarDateParts): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** Inverse of dayNumberFromParts (civil_from_days). */
export function partsFromDayNumber(dayNumber: number): CalendarDateParts {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

export function toDayNumber(date: CalendarDate, field = 'date'): number {
  return dayNumberFromParts(requireCalendarDate(date, field));
}

export function fromDayNumber(dayNumber: number): CalendarDate {
  return formatCalendarDate(partsFromDayNumber(dayNumber));
}

export function addCalendarDays(date: CalendarDate, days: number): CalendarDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** 0 = Sunday … 6 = Saturday, the same numbering as Date#getUTCDay. */
export function dayOfWeekOfDayNumber(dayNumber: number): number {
  // 1970-01-01 was a Thursday (4); the double modulo keeps dates before 1970 non-negative.
  return (((dayNumber + 4) % 7) + 7) % 7;
}

export function dayOfWeek(date: CalendarDate): number {
  return dayOfWeekOfDayNumber(toDayNumber(date));
}

export function isWeekend(date: CalendarDate): boolean {
  const weekday = dayOfWeek(date);
  return weekday === 0 || weekday === 6;
}

export function yearOf(date: CalendarDate): number {
  return requireCalendarDate(date).year;
}

export function compareCalendarDates(a: CalendarDate, b: CalendarDate): number {
  return Math.sign(toDayNumber(a, 'a') - toDayNumber(b, 'b'));
}

/** Same month and day `years` later; 29 February becomes 28 February in a common year. */
export function addYears(date: CalendarDate, years: number): CalendarDate {
  const { year, month, day } = requireCalendarDate(date);
  const targetYear = year + years;
  return formatCalendarDate({ year: targetYear, month, day: Math.min(day, daysInMonth(targetYear, month)) });
}

/** The same day `months` later; a day the target month lacks becomes its last day (31 August + 6 → 28 or 29 February). */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const { year, month, day } = requireCalendarDate(date);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  return formatCalendarDate({ year: targetYear, month: targetMonth, day: Math.min(day, daysInMonth(targetYear, targetMonth)) });
}
