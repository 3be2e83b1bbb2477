import {
  DEFAULT_REMINDER_FRACTIONS,
  DEFAULT_STATUTORY_WORKING_DAYS,
  PauseInterval,
  computeDeadline,
  isOverdue,
  pauseExtension,
  reminderInstants,
} from '../../../libs/domain';
import { realCalendar } from './fixtures/reference-data';

const calendar = realCalendar();

/** A Beijing wall-clock time. */
function bj(dateTime: string): Date {
  return new Date(`${dateTime}+08:00`);
}

function endOfDay(date: string): string {
  return bj(`${date}T23:59:59.999`).toISOString();
}

// Monday 2 March 2026; 20 working days later is Monday 30 March (no holiday in between).
const START = bj('2026-03-02T09:00:00');

function deadlineWith(pauses: PauseInterval[], extra: { now?: Date; workingDays?: number } = {}) {
  return computeDeadline({ calendar, startedAt: START, pauses, ...extra });
}

describe('computeDeadline', () => {
  it('defaults to 20 working days and ends at the end of the due day', () => {
    expect(DEFAULT_STATUTORY_WORKING_DAYS).toBe(20);
    expect(computeDeadline({ calendar, startedAt: START })).toEqual({
      dueDate: '2026-03-30',
      deadline: new Date(endOfDay('2026-03-30')),
      workingDays: 20,
      extensionWorkingDays: 0,
      paused: false,
    });
  });

  it('uses the office budget', () => {
    expect(computeDeadline({ calendar, startedAt: bj('2026-02-13T17:00:00'), workingDays: 1 }).dueDate).toBe(
      '2026-02-14',
    );
    expect(computeDeadline({ calendar, startedAt: bj('2026-02-09T09:00:00'), workingDays: 20 }).dueDate).toBe(
      '2026-03-13',
    );
  });

  it('extends by 1 for a pause from Friday 16:00 to Monday 09:00 (the Monday)', () => {
    const pause = { pausedAt: bj('2026-03-06T16:00:00'), resumedAt: bj('2026-03-09T09:00:00') };
    expect(pauseExtension(calendar, pause.pausedAt, pause.resumedAt)).toBe(1);
    const result = deadlineWith([pause]);
    expect(result.extensionWorkingDays).toBe(1);
    expect(result.dueDate).toBe('2026-03-31');
    expect(result.deadline.toISOString()).toBe(endOfDay('2026-03-31'));
  });

  it('does not extend for a pause opened and closed on the same day', () => {
    const pause = { pausedAt: bj('2026-03-04T10:00:00'), resumedAt: bj('2026-03-04T15:00:00') };
    expect(pauseExtension(calendar, pause.pausedAt, pause.resumedAt)).toBe(0);
    expect(deadlineWith([pause])).toMatchObject({ dueDate: '2026-03-30', extensionWorkingDays: 0 });
  });

  it('extends by a week for a week-long pause, and the extension skips Qingming', () => {
    // Suspended: 4, 5, 6, 9, 10 March. Five more working days after 30 March: 31, 1, 2, 3 April, then
    // 4–6 April is the Qingming holiday, so 7 April.
    const pause = { pausedAt: bj('2026-03-03T09:00:00'), resumedAt: bj('2026-03-10T09:00:00') };
    expect(deadlineWith([pause])).toMatchObject({ dueDate: '2026-04-07', extensionWorkingDays: 5 });
  });

  it('extends a pause spanning the 2026 National Day holiday only by the working days inside it', () => {
    // Started Monday 21 September 2026. Without a pause: 22–24 (25–27 Mid-Autumn), 28–30, (1–7 October
    // National Day), 8, 9, 10 (make-up Saturday), 12–16, 19–23, 26 → due 26 October.
    const startedAt = bj('2026-09-21T09:00:00');
    expect(computeDeadline({ calendar, startedAt }).dueDate).toBe('2026-10-26');

    // Paused Tuesday 29 September to Friday 9 October: ten calendar days, but only 30 September, 8 and
    // 9 October are working days in (29 Sep, 9 Oct].
    const pause = { pausedAt: bj('2026-09-29T10:00:00'), resumedAt: bj('2026-10-09T10:00:00') };
    expect(pauseExtension(calendar, pause.pausedAt, pause.resumedAt)).toBe(3);
    const result = computeDeadline({ calendar, startedAt, pauses: [pause] });
    expect(result.extensionWorkingDays).toBe(3);
    expect(result.dueDate).toBe('2026-10-29');
    expect(result.deadline.toISOString()).toBe('2026-10-29T15:59:59.999Z');
  });

  it('counts overlapping pauses once', () => {
    const pauses = [
      { pausedAt: bj('2026-03-06T16:00:00'), resumedAt: bj('2026-03-10T09:00:00') },
      { pausedAt: bj('2026-03-09T08:00:00'), resumedAt: bj('2026-03-11T09:00:00') },
    ];
    // Union (6 March, 11 March] suspends 9, 10 and 11 March.
    expect(deadlineWith(pauses)).toMatchObject({ dueDate: '2026-04-02', extensionWorkingDays: 3 });
  });

  it('adds up separate pauses', () => {
    const pauses = [
      { pausedAt: bj('2026-03-06T16:00:00'), resumedAt: bj('2026-03-09T09:00:00') },
      { pausedAt: bj('2026-03-13T16:00:00'), resumedAt: bj('2026-03-16T09:00:00') },
    ];
    expect(deadlineWith(pauses)).toMatchObject({ dueDate: '2026-04-01', extensionWorkingDays: 2 });
  });

  it('extends for the part of a pause before the deadline when a pause straddles it', () => {
    // 19 active days by Friday 27 March; 30, 31 March, 1 and 2 April suspended; 3 April is day 20.
    const pause = { pausedAt: bj('2026-03-27T10:00:00'), resumedAt: bj('2026-04-02T10:00:00') };
    expect(deadlineWith([pause])).toMatchObject({ dueDate: '2026-04-03', extensionWorkingDays: 4 });
  });

  it('does not rescue a case already overdue when the pause began', () => {
    const pause = { pausedAt: bj('2026-04-01T10:00:00'), resumedAt: bj('2026-04-10T10:00:00') };
    expect(deadlineWith([pause])).toMatchObject({ dueDate: '2026-03-30', extensionWorkingDays: 0 });
  });

  describe('while a pause is open', () => {
    it('counts the pause up to now and says the deadline is provisional', () => {
      const open = { pausedAt: bj('2026-03-06T16:00:00') };
      expect(deadlineWith([open], { now: bj('2026-03-10T12:00:00') })).toMatchObject({
        dueDate: '2026-04-01',
        extensionWorkingDays: 2,
        paused: true,
      });
      expect(deadlineWith([{ ...open, resumedAt: null }], { now: bj('2026-03-06T18:00:00') })).toMatchObject({
        dueDate: '2026-03-30',
        extensionWorkingDays: 0,
        paused: true,
      });
    });

    it('needs now', () => {
      expect(() => deadlineWith([{ pausedAt: bj('2026-03-06T16:00:00') }])).toThrow(
        expect.objectContaining({ code: 'VALIDATION_FAILED', details: { field: 'now', rule: 'required-while-paused' } }),
      );
    });

    it('refuses a now before the pause began', () => {
      expect(() =>
        deadlineWith([{ pausedAt: bj('2026-03-06T16:00:00') }], { now: bj('2026-03-06T15:00:00') }),
      ).toThrow(expect.objectContaining({ details: { field: 'now', rule: 'not-before-paused-at' } }));
    });
  });

  describe('input validation', () => {
    it('refuses a pause that ends before it begins', () => {
      const pause = { pausedAt: bj('2026-03-06T16:00:00'), resumedAt: bj('2026-03-06T15:00:00') };
      expect(() => deadlineWith([pause])).toThrow(
        expect.objectContaining({
          code: 'VALIDATION_FAILED',
          details: { field: 'pauses[0].resumedAt', rule: 'not-before-paused-at' },
        }),
      );
    });

    it('refuses a pause before the case started', () => {
      const pause = { pausedAt: bj('2026-03-01T16:00:00'), resumedAt: bj('2026-03-03T15:00:00') };
      expect(() => deadlineWith([pause])).toThrow(
        expect.objectContaining({ details: { field: 'pauses[0].pausedAt', rule: 'not-before-start' } }),
      );
    });

    it.each([0, -5, 1.5, 1001, Number.NaN])('refuses a budget of %p working days', (workingDays) => {
      expect(() => deadlineWith([], { workingDays })).toThrow(
        expect.objectContaining({ details: { field: 'workingDays', rule: 'integer-range' } }),
      );
    });

    it('refuses an invalid start', () => {
      expect(() => computeDeadline({ calendar, startedAt: new Date('nope') })).toThrow(
        expect.objectContaining({ details: { field: 'startedAt', rule: 'instant' } }),
      );
    });
  });

  it('reports a deadline computed into an unpublished year', () => {
    const years: number[] = [];
    const result = computeDeadline({
      calendar,
      startedAt: bj('2026-12-28T09:00:00'),
      onUnknownYear: (year) => years.push(year),
    });
    expect(result.dueDate).toBe('2027-01-25');
    expect(years).toEqual([2027]);
  });
});

describe('reminderInstants', () => {
  it('defaults to half and four fifths of the budget: 10 and 16 working days of 20', () => {
    expect(DEFAULT_REMINDER_FRACTIONS).toEqual([0.5, 0.8]);
    expect(reminderInstants({ calendar, startedAt: START })).toEqual([
      { fraction: 0.5, activeWorkingDays: 10, dueDate: '2026-03-16', at: new Date(endOfDay('2026-03-16')) },
      { fraction: 0.8, activeWorkingDays: 16, dueDate: '2026-03-24', at: new Date(endOfDay('2026-03-24')) },
    ]);
  });

  it('moves with pauses before them only', () => {
    const early = { pausedAt: bj('2026-03-06T16:00:00'), resumedAt: bj('2026-03-09T09:00:00') };
    expect(reminderInstants({ calendar, startedAt: START, pauses: [early] }).map((r) => r.dueDate)).toEqual([
      '2026-03-17',
      '2026-03-25',
    ]);
    // Suspends 19 and 20 March: after the first reminder, before the second.
    const middle = { pausedAt: bj('2026-03-18T10:00:00'), resumedAt: bj('2026-03-20T10:00:00') };
    expect(reminderInstants({ calendar, startedAt: START, pauses: [middle] }).map((r) => r.dueDate)).toEqual([
      '2026-03-16',
      '2026-03-26',
    ]);
  });

  it('sorts custom fractions, and a fraction of 1 is the deadline', () => {
    const reminders = reminderInstants({ calendar, startedAt: START, fractions: [1, 0.25] });
    expect(reminders.map((r) => [r.fraction, r.activeWorkingDays, r.dueDate])).toEqual([
      [0.25, 5, '2026-03-09'],
      [1, 20, '2026-03-30'],
    ]);
    expect(reminders[1]?.at).toEqual(computeDeadline({ calendar, startedAt: START }).deadline);
  });

  it('floors to whole working days without binary rounding errors', () => {
    const days = (fractions: number[], workingDays: number) =>
      reminderInstants({ calendar, startedAt: START, workingDays, fractions }).map((r) => r.activeWorkingDays);
    expect(days([0.29, 0.07], 100)).toEqual([7, 29]);
    expect(days([0.5], 15)).toEqual([7]);
    expect(days([0.01], 20)).toEqual([0]);
  });

  it('puts a reminder of 0 working days at the end of the start day', () => {
    const [reminder] = reminderInstants({ calendar, startedAt: START, fractions: [0.01] });
    expect(reminder?.dueDate).toBe('2026-03-02');
  });

  it.each([0, -0.5, 1.01, Number.NaN])('refuses the fraction %p', (fraction) => {
    expect(() => reminderInstants({ calendar, startedAt: START, fractions: [0.5, fraction] })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED', details: { field: 'fractions[1]', rule: 'fraction' } }),
    );
  });
});

describe('isOverdue', () => {
  const deadline = new Date(endOfDay('2026-03-30'));

  it('is on time up to and including the last millisecond of the due day', () => {
    expect(isOverdue(bj('2026-03-30T09:00:00'), deadline)).toBe(false);
    expect(isOverdue(deadline, deadline)).toBe(false);
  });

  it('is overdue from the next day', () => {
    expect(isOverdue(new Date(deadline.getTime() + 1), deadline)).toBe(true);
    expect(isOverdue(bj('2026-03-31T00:00:00'), deadline)).toBe(true);
  });

  it('refuses invalid instants', () => {
    expect(() => isOverdue(new Date('nope'), deadline)).toThrow(
      expect.objectContaining({ details: { field: 'now', rule: 'instant' } }),
    );
  });
});
