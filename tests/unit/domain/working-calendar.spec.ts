import { WorkingCalendar, addCalendarDays } from '../../../libs/domain';
import { calendarEntries, realCalendar } from './fixtures/reference-data';

const calendar = realCalendar();

function collectUnknownYears(): { years: number[]; onUnknownYear: (year: number) => void } {
  const years: number[] = [];
  return { years, onUnknownYear: (year) => years.push(year) };
}

describe('WorkingCalendar built from the official 2025–2026 calendar', () => {
  it('covers the years that have entries', () => {
    expect([...calendar.knownYears].sort()).toEqual([2025, 2026]);
    expect(calendar.lastKnownYear).toBe(2026);
    expect(calendar.isKnownYear(2026)).toBe(true);
    expect(calendar.isKnownYear(2027)).toBe(false);
  });

  it.each([
    ['2026-02-13', true, 'Friday before Spring Festival'],
    ['2026-02-14', true, 'make-up Saturday'],
    ['2026-02-15', false, 'Sunday in the Spring Festival range'],
    ['2026-02-16', false, 'Monday, Spring Festival'],
    ['2026-02-23', false, 'Monday, last day of Spring Festival'],
    ['2026-02-24', true, 'Tuesday after Spring Festival'],
    ['2026-02-28', true, 'make-up Saturday'],
    ['2026-03-01', false, 'ordinary Sunday'],
    ['2026-03-07', false, 'ordinary Saturday'],
    ['2026-03-09', true, 'ordinary Monday'],
    ['2026-01-04', true, 'make-up Sunday after New Year'],
    ['2026-09-25', false, 'Mid-Autumn Friday'],
    ['2026-10-10', true, 'make-up Saturday after National Day'],
    ['2025-09-28', true, 'make-up Sunday before National Day'],
    ['2025-10-01', false, 'National Day'],
    ['2025-10-08', false, 'last day of National Day 2025 (a Wednesday)'],
    ['2025-10-09', true, 'Thursday after National Day'],
    ['2025-10-11', true, 'make-up Saturday'],
    ['2025-01-26', true, 'make-up Sunday before Spring Festival 2025'],
  ])('%s is a working day: %p (%s)', (date, expected) => {
    expect(calendar.isWorkingDay(date)).toBe(expected);
  });

  it('has 248 working days in 2025 and in 2026', () => {
    // 2025: 261 weekdays − 18 weekday holidays + 5 make-up days; 2026: 261 − 19 + 6.
    expect(calendar.workingDaysBetween('2024-12-31', '2025-12-31')).toBe(248);
    expect(calendar.workingDaysBetween('2025-12-31', '2026-12-31')).toBe(248);
  });

  it('treats every listed entry as its kind says', () => {
    for (const entry of calendarEntries()) expect(calendar.isWorkingDay(entry.date)).toBe(entry.kind === 'workday');
  });

  describe('addWorkingDays (the start day never counts)', () => {
    it.each([
      ['2026-02-13', 1, '2026-02-14', 'Friday + 1 = make-up Saturday'],
      ['2026-02-13', 2, '2026-02-24', 'across Spring Festival 2026'],
      ['2026-02-14', 1, '2026-02-24', 'from the make-up Saturday across the holiday'],
      ['2026-02-15', 1, '2026-02-24', 'from inside the holiday'],
      ['2026-02-24', 4, '2026-02-28', 'onto the second make-up Saturday'],
      ['2026-02-09', 20, '2026-03-13', '20 working days over Spring Festival'],
      ['2025-09-26', 1, '2025-09-28', 'onto the make-up Sunday before National Day 2025'],
      ['2025-09-26', 4, '2025-10-09', 'across National Day 2025'],
      ['2025-09-30', 1, '2025-10-09', 'the day before National Day 2025'],
      ['2025-10-09', 2, '2025-10-11', 'onto the make-up Saturday after it'],
      ['2025-09-26', 7, '2025-10-13', 'the whole stretch'],
      ['2026-03-06', 1, '2026-03-09', 'ordinary weekend'],
      ['2025-12-31', 1, '2026-01-04', 'over New Year 2026 onto the make-up Sunday'],
      ['2025-12-31', 2, '2026-01-05', 'and on to Monday'],
      ['2025-12-31', 0, '2025-12-31', 'n = 0 returns the start'],
      ['2026-02-15', 0, '2026-02-15', 'n = 0 on a holiday returns it too'],
    ])('%s + %i working days = %s (%s)', (start, n, expected) => {
      expect(calendar.addWorkingDays(start, n)).toBe(expected);
    });

    it('always lands on a working day, and workingDaysBetween inverts it', () => {
      const failures: string[] = [];
      for (let offset = 0; offset < 731; offset += 1) {
        const start = addCalendarDays('2025-01-01', offset);
        for (const n of [1, 2, 5, 20]) {
          const end = calendar.addWorkingDays(start, n);
          if (
            !calendar.isWorkingDay(end) ||
            calendar.workingDaysBetween(start, end) !== n ||
            calendar.workingDaysBetween(start, addCalendarDays(end, -1)) !== n - 1
          ) {
            failures.push(`${start} + ${n}`);
          }
        }
      }
      expect(failures).toEqual([]);
    });

    it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses n = %p', (n) => {
      expect(() => calendar.addWorkingDays('2026-01-05', n)).toThrow(
        expect.objectContaining({ code: 'VALIDATION_FAILED', details: { field: 'workingDays', rule: 'integer-range' } }),
      );
    });

    it('refuses an invalid start date', () => {
      expect(() => calendar.addWorkingDays('2026-02-30', 1)).toThrow(
        expect.objectContaining({ code: 'VALIDATION_FAILED', details: { field: 'start', rule: 'calendar-date' } }),
      );
    });
  });

  describe('workingDaysBetween counts (a, b]', () => {
    it.each([
      ['2026-02-13', '2026-02-24', 2],
      ['2026-02-13', '2026-02-14', 1],
      ['2026-02-14', '2026-02-23', 0],
      ['2025-09-30', '2025-10-08', 0],
      ['2025-09-30', '2025-10-09', 1],
      ['2026-03-06', '2026-03-09', 1],
      ['2026-03-09', '2026-03-09', 0],
      ['2026-03-09', '2026-03-10', 1],
      ['2026-03-10', '2026-03-09', -1],
      ['2026-02-24', '2026-02-13', -2],
    ])('(%s, %s] has %i working days', (a, b, expected) => {
      expect(calendar.workingDaysBetween(a, b)).toBe(expected);
    });
  });

  describe('deadlineInstant: end of the due day in China time', () => {
    it('gives 23:59:59.999 +08:00 of the day n working days after the China start date', () => {
      const deadline = calendar.deadlineInstant(new Date('2026-02-13T10:00:00+08:00'), 1);
      expect(deadline.toISOString()).toBe('2026-02-14T15:59:59.999Z');
    });

    it('uses the China date of the start, not the UTC date', () => {
      // 00:30 in Beijing on the 13th is still the 12th in UTC.
      const deadline = calendar.deadlineInstant(new Date('2026-02-12T16:30:00Z'), 1);
      expect(deadline.toISOString()).toBe('2026-02-14T15:59:59.999Z');
      // 23:30 in Beijing on the 13th.
      expect(calendar.deadlineInstant(new Date('2026-02-13T15:30:00Z'), 1).toISOString()).toBe(
        '2026-02-14T15:59:59.999Z',
      );
    });

    it('counts over Spring Festival 2026', () => {
      expect(calendar.deadlineInstant(new Date('2026-02-09T09:00:00+08:00'), 20).toISOString()).toBe(
        '2026-03-13T15:59:59.999Z',
      );
    });
  });

  describe('years the calendar does not cover', () => {
    it('computes 2027 as plain Monday–Friday and reports it', () => {
      const seen = collectUnknownYears();
      // 2026-12-31 is a Thursday; 2027-01-01 (a Friday) will probably be a holiday, but is unpublished.
      expect(calendar.addWorkingDays('2026-12-31', 1, seen)).toBe('2027-01-01');
      expect(seen.years).toEqual([2027]);
    });

    it('reports each uncovered year once per call, in order', () => {
      const seen = collectUnknownYears();
      const count = calendar.workingDaysBetween('2026-12-01', '2029-01-10', seen);
      expect(seen.years).toEqual([2027, 2028, 2029]);
      expect(count).toBe(calendar.workingDaysBetween('2026-12-01', '2026-12-31') + 261 + 260 + 8);
    });

    it('reports years before the first covered year too', () => {
      const seen = collectUnknownYears();
      expect(calendar.isWorkingDay('2024-05-01', seen)).toBe(true);
      expect(calendar.isWorkingDay('2024-05-04', seen)).toBe(false);
      expect(seen.years).toEqual([2024, 2024]);
    });

    it('does not report when everything is covered', () => {
      const seen = collectUnknownYears();
      calendar.addWorkingDays('2025-01-01', 200, seen);
      calendar.workingDaysBetween('2025-01-01', '2026-12-31', seen);
      expect(seen.years).toEqual([]);
    });

    it('uses the calendar-wide listener unless a call gives its own', () => {
      const wide = collectUnknownYears();
      const perCall = collectUnknownYears();
      const withListener = new WorkingCalendar(calendarEntries(), wide);
      withListener.addWorkingDays('2026-12-31', 3);
      withListener.addWorkingDays('2026-12-31', 3, perCall);
      expect(wide.years).toEqual([2027]);
      expect(perCall.years).toEqual([2027]);
    });

    it('reports through deadlineInstant', () => {
      const seen = collectUnknownYears();
      expect(calendar.deadlineInstant(new Date('2026-12-28T09:00:00+08:00'), 20, seen).toISOString()).toBe(
        '2027-01-25T15:59:59.999Z',
      );
      expect(seen.years).toEqual([2027]);
    });

    it('treats an empty calendar as plain Monday–Friday everywhere', () => {
      const empty = new WorkingCalendar([]);
      const seen = collectUnknownYears();
      expect(empty.knownYears.size).toBe(0);
      expect(empty.lastKnownYear).toBeUndefined();
      expect(empty.addWorkingDays('2026-02-13', 1, seen)).toBe('2026-02-16');
      expect(seen.years).toEqual([2026]);
    });
  });

  describe('entry validation', () => {
    it('refuses an invalid date, naming the entry', () => {
      expect(() => new WorkingCalendar([{ date: '2026-02-30', kind: 'holiday' }])).toThrow(
        expect.objectContaining({ code: 'VALIDATION_FAILED', details: { field: 'entries[0].date', rule: 'calendar-date' } }),
      );
    });

    it('refuses a make-up workday on a weekday', () => {
      expect(() =>
        new WorkingCalendar([
          { date: '2026-02-14', kind: 'workday' },
          { date: '2026-02-13', kind: 'workday' },
        ]),
      ).toThrow(
        expect.objectContaining({
          code: 'VALIDATION_FAILED',
          details: { field: 'entries[1].date', rule: 'workday-must-be-weekend' },
        }),
      );
    });

    it('refuses one date listed as both kinds', () => {
      expect(() =>
        new WorkingCalendar([
          { date: '2026-02-14', kind: 'workday' },
          { date: '2026-02-14', kind: 'holiday' },
        ]),
      ).toThrow(expect.objectContaining({ details: { field: 'entries[1].date', rule: 'conflicting-entries' } }));
    });

    it('refuses an unknown kind', () => {
      expect(() => new WorkingCalendar([{ date: '2026-02-14', kind: 'half-day' as 'holiday' }])).toThrow(
        expect.objectContaining({ details: { field: 'entries[0].kind', rule: 'one-of' } }),
      );
    });

    it('accepts a repeated identical entry', () => {
      const repeated = new WorkingCalendar([
        { date: '2026-10-01', kind: 'holiday' },
        { date: '2026-10-01', kind: 'holiday' },
      ]);
      expect(repeated.isWorkingDay('2026-10-01')).toBe(false);
    });

    it('accepts a holiday on a weekend (weekend days inside a holiday range are listed)', () => {
      expect(new WorkingCalendar([{ date: '2026-10-03', kind: 'holiday' }]).isWorkingDay('2026-10-03')).toBe(false);
    });
  });
});
