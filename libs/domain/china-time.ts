/**
 * Statutory days are calendar days in China: Asia/Shanghai, UTC+8 all year (no daylight saving since
 * 1991), so a fixed offset is exact for every date this service handles and needs no time-zone database.
 */
import { DomainError, DomainErrorCode } from './errors';
import { CalendarDate, fromDayNumber, toDayNumber } from './calendar-date';

export const CHINA_UTC_OFFSET_MINUTES = 480;

const MS_PER_DAY = 86_400_000;
const CHINA_OFFSET_MS = CHINA_UTC_OFFSET_MINUTES * 60_000;

/** Duck-typed rather than `instanceof Date`: the workflow sandbox runs in its own realm with its own Date. */
export function requireInstant(instant: Date, field = 'instant'): number {
  const ms = typeof instant?.getTime === 'function' ? instant.getTime() : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new DomainError(DomainErrorCode.VALIDATION_FAILED, `${field} must be a valid instant`, {
      field,
      rule: 'instant',
    });
  }
  return ms;
}

/** The China calendar date an instant falls on, e.g. 2026-02-13T16:30:00Z → '2026-02-14'. */
export function toChinaCalendarDate(instant: Date, field = 'instant'): CalendarDate {
  return fromDayNumber(Math.floor((requireInstant(instant, field) + CHINA_OFFSET_MS) / MS_PER_DAY));
}

/** 00:00:00.000 +08:00 on that date. */
export function chinaStartOfDay(date: CalendarDate): Date {
  return new Date(toDayNumber(date) * MS_PER_DAY - CHINA_OFFSET_MS);
}

/** 23:59:59.999 +08:00 on that date: the last instant a deadline falling on that day is still met. */
export function chinaEndOfDay(date: CalendarDate): Date {
  return new Date((toDayNumber(date) + 1) * MS_PER_DAY - CHINA_OFFSET_MS - 1);
}
