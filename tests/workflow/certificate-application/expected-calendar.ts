/**
 * An independent working-day calculator the certificate-application workflow tests compute their
 * expectations with, written from the rules stated in libs/domain/sla.ts and working-calendar.ts and
 * deliberately not calling them. China dates, UTC+8 all year:
 *  - a working day is Monday–Friday unless listed as 'holiday', or a weekend day listed as 'workday';
 *  - "n working days after D" never counts D itself;
 *  - a deadline (and a reminder, and a lapse) falls at the end of its China day, 23:59:59.999 +08:00;
 *  - a pause from request to supply suspends the working days in (request date, supply date].
 */
import type { LoggedInUser } from '../../support/workflow-stack';
import { DAY_MS, expectStatus, HOUR_MS } from './support';

const CHINA_OFFSET_MS = 8 * HOUR_MS;

/** 'YYYY-MM-DD', the China calendar date of an instant. */
export function chinaDate(instant: Date | string | number): string {
  return new Date(new Date(instant).getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** 23:59:59.999 +08:00 on that China date, as an ISO instant (UTC). */
export function chinaEndOfDay(date: string): string {
  return new Date(Date.parse(`${date}T23:59:59.999+08:00`)).toISOString();
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 0 Sunday … 6 Saturday. */
export function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export interface CalendarEntry {
  date: string;
  kind: 'holiday' | 'workday';
}

export class ExpectedCalendar {
  private readonly kinds = new Map<string, 'holiday' | 'workday'>();

  constructor(entries: readonly CalendarEntry[]) {
    for (const entry of entries) this.kinds.set(entry.date, entry.kind);
  }

  isWorkingDay(date: string): boolean {
    const kind = this.kinds.get(date);
    if (kind !== undefined) return kind === 'workday';
    const day = weekday(date);
    return day !== 0 && day !== 6;
  }

  /** The date n working days after `date` (which itself never counts). */
  addWorkingDays(date: string, n: number): string {
    let current = date;
    for (let counted = 0; counted < n; ) {
      current = addDays(current, 1);
      if (this.isWorkingDay(current)) counted += 1;
    }
    return current;
  }

  /** Working days in (a, b]. */
  workingDaysBetween(a: string, b: string): number {
    let count = 0;
    for (let current = addDays(a, 1); current <= b; current = addDays(current, 1)) {
      if (this.isWorkingDay(current)) count += 1;
    }
    return count;
  }
}

export async function loadExpectedCalendar(user: LoggedInUser): Promise<ExpectedCalendar> {
  const response = await user.get('/api/v1/working-calendar');
  expectStatus(response, 200);
  return new ExpectedCalendar(response.body as CalendarEntry[]);
}
