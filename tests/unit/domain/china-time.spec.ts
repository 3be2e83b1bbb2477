import { CHINA_UTC_OFFSET_MINUTES, chinaEndOfDay, chinaStartOfDay, toChinaCalendarDate } from '../../../libs/domain';

describe('China calendar time (UTC+8)', () => {
  it('is eight hours ahead of UTC', () => {
    expect(CHINA_UTC_OFFSET_MINUTES).toBe(480);
  });

  it.each([
    ['2026-02-13T15:59:59.999Z', '2026-02-13'],
    ['2026-02-13T16:00:00.000Z', '2026-02-14'],
    ['2026-02-14T00:00:00+08:00', '2026-02-14'],
    ['2026-02-14T23:59:59.999+08:00', '2026-02-14'],
    ['2025-12-31T16:00:00Z', '2026-01-01'],
    ['1969-12-31T16:00:00Z', '1970-01-01'],
    ['1969-12-31T15:59:59.999Z', '1969-12-31'],
  ])('puts %s on %s', (instant, date) => {
    expect(toChinaCalendarDate(new Date(instant))).toBe(date);
  });

  it('starts and ends a day at 00:00 and 23:59:59.999 +08:00', () => {
    expect(chinaStartOfDay('2026-02-14').toISOString()).toBe('2026-02-13T16:00:00.000Z');
    expect(chinaEndOfDay('2026-02-14').toISOString()).toBe('2026-02-14T15:59:59.999Z');
    expect(chinaStartOfDay('2026-02-14').getTime()).toBe(new Date('2026-02-14T00:00:00+08:00').getTime());
  });

  it('round-trips: every instant of a day maps back to that day', () => {
    for (const date of ['2024-02-29', '2026-01-01', '2026-10-01']) {
      expect(toChinaCalendarDate(chinaStartOfDay(date))).toBe(date);
      expect(toChinaCalendarDate(chinaEndOfDay(date))).toBe(date);
      expect(chinaEndOfDay(date).getTime() - chinaStartOfDay(date).getTime()).toBe(86_400_000 - 1);
    }
  });

  it('refuses an invalid instant or date', () => {
    expect(() => toChinaCalendarDate(new Date('nonsense'), 'startedAt')).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED', details: { field: 'startedAt', rule: 'instant' } }),
    );
    expect(() => toChinaCalendarDate('2026-01-01' as unknown as Date)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
    expect(() => chinaStartOfDay('2026-02-30')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});
