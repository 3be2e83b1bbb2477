import { DomainError, addMonths, addYears } from '../../../libs/domain';

const MS_PER_DAY = 86_400_000;

/** An independent reference: Date.UTC normalises month overflow; day 0 of the next month is the last day of this one. */
function referenceAddMonths(date: string, months: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const lastDay = new Date(Date.UTC(year, month - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month - 1 + months, Math.min(day, lastDay))).toISOString().slice(0, 10);
}

describe('addMonths', () => {
  it.each([
    ['2026-03-15', 0, '2026-03-15'],
    ['2026-03-15', 1, '2026-04-15'],
    ['2026-03-15', 6, '2026-09-15'],
    ['2026-01-01', 11, '2026-12-01'],
  ])('%s + %d months is %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it.each([
    ['2026-01-31', 1, '2026-02-28', 'February in a common year'],
    ['2024-01-31', 1, '2024-02-29', 'February in a leap year'],
    ['2026-01-29', 1, '2026-02-28', 'the 29th in a common February'],
    ['2026-01-30', 1, '2026-02-28', 'the 30th in February'],
    ['2026-03-31', 1, '2026-04-30', 'a 30-day month'],
    ['2026-05-31', 4, '2026-09-30', 'September'],
    ['2025-08-31', 6, '2026-02-28', 'six months after the end of August'],
    ['2023-08-31', 6, '2024-02-29', 'six months after the end of August, into a leap year'],
    ['2100-01-31', 1, '2100-02-28', '2100 is not a leap year'],
    ['2000-01-31', 1, '2000-02-29', '2000 is a leap year'],
    ['2026-01-30', 2, '2026-03-30', 'a day March has is kept'],
  ])('%s + %d months is %s (%s)', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it('moves 29 February to 28 February in a common year and keeps it in a leap year', () => {
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2024-02-29', 48)).toBe('2028-02-29');
    expect(addMonths('2024-02-29', 1)).toBe('2024-03-29');
    expect(addMonths('2024-02-29', -12)).toBe('2023-02-28');
  });

  it('rolls over the year', () => {
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-15');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2026-07-10', 18)).toBe('2028-01-10');
    expect(addMonths('2026-12-31', 12)).toBe('2027-12-31');
    expect(addMonths('2026-12-31', 14)).toBe('2028-02-29');
    expect(addMonths('2026-06-30', 120)).toBe('2036-06-30');
  });

  it('goes back for negative months', () => {
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
    expect(addMonths('2026-01-15', -1)).toBe('2025-12-15');
    expect(addMonths('2026-01-31', -12)).toBe('2025-01-31');
    expect(addMonths('2026-01-31', -13)).toBe('2024-12-31');
    expect(addMonths('2026-05-31', -3)).toBe('2026-02-28');
    expect(addMonths('2026-05-31', -24)).toBe('2024-05-31');
    expect(addMonths('2026-12-01', -11)).toBe('2026-01-01');
    expect(addMonths('2026-12-01', -12)).toBe('2025-12-01');
  });

  it('clamps each step, so two steps are not always one', () => {
    expect(addMonths('2026-01-31', 2)).toBe('2026-03-31');
    expect(addMonths(addMonths('2026-01-31', 1), 1)).toBe('2026-03-28');
  });

  it('agrees with addYears for whole years', () => {
    for (const date of ['2024-02-29', '2026-12-31', '2026-01-01', '2025-06-15']) {
      for (const years of [-4, -1, 1, 3, 4]) expect(addMonths(date, years * 12)).toBe(addYears(date, years));
    }
  });

  it('agrees with a Date-based reference every day from 2023 to 2029, for -30 to +30 months', () => {
    const first = Date.UTC(2023, 0, 1) / MS_PER_DAY;
    const last = Date.UTC(2029, 11, 31) / MS_PER_DAY;
    const mismatches: string[] = [];
    for (let dayNumber = first; dayNumber <= last; dayNumber += 1) {
      const date = new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
      for (let months = -30; months <= 30; months += 1) {
        const expected = referenceAddMonths(date, months);
        if (addMonths(date, months) !== expected) mismatches.push(`${date}${months >= 0 ? '+' : ''}${months}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('refuses a date that is not real, naming the rule', () => {
    for (const date of ['2026-02-29', '2026-13-01', '2026-1-5', '']) {
      let error: unknown;
      try {
        addMonths(date, 1);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('VALIDATION_FAILED');
      expect((error as DomainError).details).toEqual({ field: 'date', rule: 'calendar-date' });
    }
  });
});
