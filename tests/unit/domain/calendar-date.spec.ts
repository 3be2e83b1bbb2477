import {
  addCalendarDays,
  addYears,
  compareCalendarDates,
  dayNumberFromParts,
  dayOfWeek,
  daysInMonth,
  fromDayNumber,
  isCalendarDate,
  isLeapYear,
  isWeekend,
  parseCalendarDate,
  partsFromDayNumber,
  requireCalendarDate,
  toDayNumber,
  yearOf,
} from '../../../libs/domain';

const MS_PER_DAY = 86_400_000;

describe('calendar dates', () => {
  it('converts to and from day numbers exactly as Date does, every day from 1899 to 2101', () => {
    const first = Date.UTC(1899, 0, 1) / MS_PER_DAY;
    const last = Date.UTC(2101, 11, 31) / MS_PER_DAY;
    const mismatches: string[] = [];
    for (let dayNumber = first; dayNumber <= last; dayNumber += 1) {
      const reference = new Date(dayNumber * MS_PER_DAY);
      const expected = reference.toISOString().slice(0, 10);
      if (
        fromDayNumber(dayNumber) !== expected ||
        toDayNumber(expected) !== dayNumber ||
        dayOfWeek(expected) !== reference.getUTCDay()
      ) {
        mismatches.push(expected);
      }
    }
    expect(last - first).toBeGreaterThan(73_000);
    expect(mismatches).toEqual([]);
  });

  it('round-trips far dates', () => {
    for (const dayNumber of [-719_468, -1, 0, 1, 2_932_896]) {
      expect(dayNumberFromParts(partsFromDayNumber(dayNumber))).toBe(dayNumber);
    }
    expect(fromDayNumber(0)).toBe('1970-01-01');
    expect(fromDayNumber(-1)).toBe('1969-12-31');
  });

  it.each(['2026-02-14', '2024-02-29', '2000-02-29', '1949-12-31', '0001-01-01', '9999-12-31'])(
    'accepts %s',
    (value) => {
      expect(isCalendarDate(value)).toBe(true);
      expect(parseCalendarDate(value)).toBeDefined();
    },
  );

  it.each([
    '2025-02-29',
    '1900-02-29',
    '2026-02-30',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '2026-1-05',
    '26-01-05',
    '2026/01/05',
    '2026-01-05T00:00:00Z',
    ' 2026-01-05',
    '',
  ])('refuses %p', (value) => {
    expect(isCalendarDate(value)).toBe(false);
    expect(parseCalendarDate(value)).toBeUndefined();
  });

  it('refuses non-strings', () => {
    expect(isCalendarDate(20260105)).toBe(false);
    expect(isCalendarDate(null)).toBe(false);
    expect(isCalendarDate(new Date())).toBe(false);
  });

  it('throws VALIDATION_FAILED naming the field for a required date', () => {
    expect(() => requireCalendarDate('2026-02-30', 'issuedOn')).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED', details: { field: 'issuedOn', rule: 'calendar-date' } }),
    );
  });

  it('knows leap years and month lengths', () => {
    expect([1900, 2000, 2024, 2025, 2100].map(isLeapYear)).toEqual([false, true, true, false, false]);
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((month) => daysInMonth(2026, month))).toEqual([
      31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
    ]);
    expect(daysInMonth(2024, 2)).toBe(29);
  });

  it('adds days across month and year ends', () => {
    expect(addCalendarDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addCalendarDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addCalendarDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addCalendarDays('2026-02-14', 0)).toBe('2026-02-14');
  });

  it('knows weekends', () => {
    expect(dayOfWeek('2026-02-14')).toBe(6);
    expect(isWeekend('2026-02-14')).toBe(true);
    expect(isWeekend('2026-02-15')).toBe(true);
    expect(isWeekend('2026-02-16')).toBe(false);
  });

  it('adds years, turning 29 February into 28 February', () => {
    expect(addYears('2026-03-15', 3)).toBe('2029-03-15');
    expect(addYears('2024-02-29', 3)).toBe('2027-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
  });

  it('compares and reads the year', () => {
    expect(compareCalendarDates('2026-01-01', '2025-12-31')).toBe(1);
    expect(compareCalendarDates('2025-12-31', '2026-01-01')).toBe(-1);
    expect(compareCalendarDates('2026-01-01', '2026-01-01')).toBe(0);
    expect(yearOf('2027-06-01')).toBe(2027);
  });
});
