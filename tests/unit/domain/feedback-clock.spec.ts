import { DomainError, WorkingCalendar, feedbackClock, nextFeedbackDueOn } from '../../../libs/domain';
import { realCalendar } from './fixtures/reference-data';

// The official 2025–2026 calendar (tests/unit/domain/fixtures/cn-working-calendar.csv, a copy of the
// shared reference data). Around National Day 2026: Sunday 20 September is a make-up working day,
// 25–27 September (Mid-Autumn) and 1–7 October are holidays, Saturday 10 October is a make-up working day.
// Spring Festival 2026: Saturday 14 February worked, 15–23 February holidays, Saturday 28 February worked.
const calendar = realCalendar();
/** No entries: every year unknown, counted Monday to Friday. */
const plainWeekdays = new WorkingCalendar([]);

/** A Beijing wall-clock time as an ISO instant. */
function bj(dateTime: string): string {
  return new Date(`${dateTime}+08:00`).toISOString();
}

function clockIso(input: Parameters<typeof feedbackClock>[0]) {
  const clock = feedbackClock(input);
  return {
    dueAt: clock.dueAt.toISOString(),
    reminderAts: clock.reminderAts.map((d) => d.toISOString()),
    escalateAt: clock.escalateAt.toISOString(),
  };
}

describe('feedbackClock', () => {
  it('is due at the end of the China due day, reminded ahead and on the day at 09:00, escalated after working days', () => {
    // Wednesday 11 March 2026, no holiday near: 14 days ahead is Wednesday 25 February; five working days
    // after the 11th are 12, 13, 16, 17, 18 March.
    expect(clockIso({ calendar, dueOn: '2026-03-11', reminderLeadDays: 14, escalationWorkingDays: 5 })).toEqual({
      dueAt: '2026-03-11T15:59:59.999Z',
      reminderAts: ['2026-02-25T01:00:00.000Z', '2026-03-11T01:00:00.000Z'],
      escalateAt: '2026-03-18T15:59:59.999Z',
    });
  });

  it('gives the instants in China time exactly', () => {
    const clock = clockIso({ calendar, dueOn: '2026-03-11', reminderLeadDays: 14, escalationWorkingDays: 5 });
    expect(clock.dueAt).toBe(bj('2026-03-11T23:59:59.999'));
    expect(clock.reminderAts).toEqual([bj('2026-02-25T09:00:00.000'), bj('2026-03-11T09:00:00.000')]);
    expect(clock.escalateAt).toBe(bj('2026-03-18T23:59:59.999'));
  });

  it('reminds only on the day when the lead is 0', () => {
    expect(clockIso({ calendar, dueOn: '2026-03-11', reminderLeadDays: 0, escalationWorkingDays: 5 }).reminderAts).toEqual([
      '2026-03-11T01:00:00.000Z',
    ]);
  });

  it('never reminds after the due day, even for a negative lead', () => {
    expect(clockIso({ calendar, dueOn: '2026-03-11', reminderLeadDays: -3, escalationWorkingDays: 5 }).reminderAts).toEqual([
      '2026-03-11T01:00:00.000Z',
    ]);
  });

  it('reminds a day ahead with a lead of 1', () => {
    expect(clockIso({ calendar, dueOn: '2026-03-11', reminderLeadDays: 1, escalationWorkingDays: 5 }).reminderAts).toEqual([
      '2026-03-10T01:00:00.000Z',
      '2026-03-11T01:00:00.000Z',
    ]);
  });

  it('counts the reminder lead in calendar days, across a month and a year, holidays or not', () => {
    expect(clockIso({ calendar, dueOn: '2026-03-02', reminderLeadDays: 7, escalationWorkingDays: 1 }).reminderAts[0]).toBe('2026-02-23T01:00:00.000Z');
    expect(clockIso({ calendar, dueOn: '2026-01-05', reminderLeadDays: 10, escalationWorkingDays: 1 }).reminderAts[0]).toBe('2025-12-26T01:00:00.000Z');
    // 17 February 2026 is a Spring Festival holiday; the reminder goes out anyway, three calendar days ahead.
    expect(clockIso({ calendar, dueOn: '2026-02-20', reminderLeadDays: 3, escalationWorkingDays: 1 }).reminderAts[0]).toBe('2026-02-17T01:00:00.000Z');
    // 29 February does not exist in 2026: 14 days before 14 March is 28 February.
    expect(clockIso({ calendar, dueOn: '2026-03-14', reminderLeadDays: 14, escalationWorkingDays: 1 }).reminderAts[0]).toBe('2026-02-28T01:00:00.000Z');
    // In a leap year it is the 29th.
    expect(clockIso({ calendar: plainWeekdays, dueOn: '2028-03-14', reminderLeadDays: 14, escalationWorkingDays: 1 }).reminderAts[0]).toBe(
      '2028-02-29T01:00:00.000Z',
    );
  });

  it('pushes escalation past National Day 2026 onto the make-up Saturday', () => {
    // Due Wednesday 30 September. 1–7 October are holidays; Thursday 8 and Friday 9 October are working
    // days 1 and 2, Saturday 10 October (make-up) is day 3. Monday to Friday alone would give Monday 5 October.
    const clock = clockIso({ calendar, dueOn: '2026-09-30', reminderLeadDays: 14, escalationWorkingDays: 3 });
    expect(clock.escalateAt).toBe('2026-10-10T15:59:59.999Z');
    expect(clockIso({ calendar: plainWeekdays, dueOn: '2026-09-30', reminderLeadDays: 14, escalationWorkingDays: 3 }).escalateAt).toBe(
      '2026-10-05T15:59:59.999Z',
    );
    expect(clock.dueAt).toBe('2026-09-30T15:59:59.999Z');
    expect(clock.reminderAts).toEqual(['2026-09-16T01:00:00.000Z', '2026-09-30T01:00:00.000Z']);
  });

  it('skips the Mid-Autumn holiday', () => {
    // Due Thursday 24 September; Friday 25 to Sunday 27 are holidays: day 1 is Monday 28, day 2 Tuesday 29.
    expect(clockIso({ calendar, dueOn: '2026-09-24', reminderLeadDays: 7, escalationWorkingDays: 2 }).escalateAt).toBe('2026-09-29T15:59:59.999Z');
    expect(clockIso({ calendar: plainWeekdays, dueOn: '2026-09-24', reminderLeadDays: 7, escalationWorkingDays: 2 }).escalateAt).toBe(
      '2026-09-28T15:59:59.999Z',
    );
  });

  it('counts a make-up Sunday as a working day', () => {
    // Due Friday 18 September 2026; Sunday 20 September is worked before National Day.
    expect(clockIso({ calendar, dueOn: '2026-09-18', reminderLeadDays: 7, escalationWorkingDays: 1 }).escalateAt).toBe('2026-09-20T15:59:59.999Z');
  });

  it('escalates after a due day that is itself a holiday, counting from the day after', () => {
    // Due Thursday 1 October 2026 (National Day): the first working day after it is Thursday 8 October.
    expect(clockIso({ calendar, dueOn: '2026-10-01', reminderLeadDays: 7, escalationWorkingDays: 1 })).toEqual({
      dueAt: '2026-10-01T15:59:59.999Z',
      reminderAts: ['2026-09-24T01:00:00.000Z', '2026-10-01T01:00:00.000Z'],
      escalateAt: '2026-10-08T15:59:59.999Z',
    });
  });

  it('pushes escalation past Spring Festival 2026', () => {
    // Due Friday 13 February: Saturday 14 (make-up) is day 1, 15–23 February are holidays, then 24, 25, 26, 27.
    expect(clockIso({ calendar, dueOn: '2026-02-13', reminderLeadDays: 14, escalationWorkingDays: 5 }).escalateAt).toBe('2026-02-27T15:59:59.999Z');
    expect(clockIso({ calendar: plainWeekdays, dueOn: '2026-02-13', reminderLeadDays: 14, escalationWorkingDays: 5 }).escalateAt).toBe(
      '2026-02-20T15:59:59.999Z',
    );
  });

  it('counts a year the calendar does not cover as Monday to Friday, and says so', () => {
    // Due Thursday 31 December 2026; 2027 is not in the calendar: Friday 1, Monday 4, Tuesday 5 January.
    const years: number[] = [];
    const clock = feedbackClock({ calendar, dueOn: '2026-12-31', reminderLeadDays: 14, escalationWorkingDays: 3, onUnknownYear: (y) => years.push(y) });
    expect(clock.escalateAt.toISOString()).toBe('2027-01-05T15:59:59.999Z');
    expect(years).toEqual([2027]);
  });

  it('does not report unknown years when the calendar covers the count', () => {
    const years: number[] = [];
    feedbackClock({ calendar, dueOn: '2026-09-30', reminderLeadDays: 14, escalationWorkingDays: 3, onUnknownYear: (y) => years.push(y) });
    expect(years).toEqual([]);
  });

  it('escalates later for more working days', () => {
    const at = (n: number) => feedbackClock({ calendar, dueOn: '2026-03-11', reminderLeadDays: 14, escalationWorkingDays: n }).escalateAt.getTime();
    expect(at(1)).toBeLessThan(at(2));
    expect(at(2)).toBeLessThan(at(10));
    // Ten working days after Wednesday 11 March 2026: 12, 13, 16–20, 23, 24, 25.
    expect(new Date(at(10)).toISOString()).toBe('2026-03-25T15:59:59.999Z');
  });

  it('escalates at the end of the due day when no working days of grace are configured', () => {
    // FEEDBACK_ESCALATION_WORKING_DAYS and the feedback_escalation_working_days column both allow 0.
    // The 0th working day after the due day is the due day itself (as WorkingCalendar.addWorkingDays(d, 0) is d).
    const clock = feedbackClock({ calendar, dueOn: '2026-03-11', reminderLeadDays: 14, escalationWorkingDays: 0 });
    expect(clock.escalateAt.toISOString()).toBe('2026-03-11T15:59:59.999Z');
    expect(clock.escalateAt.getTime()).toBe(clock.dueAt.getTime());
  });

  it('refuses a due date that is not a real date', () => {
    expect(() => feedbackClock({ calendar, dueOn: '2026-02-30', reminderLeadDays: 14, escalationWorkingDays: 5 })).toThrow(DomainError);
  });
});

describe('nextFeedbackDueOn', () => {
  it('keeps the rhythm for feedback given early or on the day', () => {
    expect(nextFeedbackDueOn('2026-03-11', '2026-02-20', 6)).toBe('2026-09-11');
    expect(nextFeedbackDueOn('2026-03-11', '2026-03-11', 6)).toBe('2026-09-11');
  });

  it('keeps the rhythm for feedback given late, but less than an interval late', () => {
    expect(nextFeedbackDueOn('2026-03-11', '2026-05-20', 6)).toBe('2026-09-11');
    expect(nextFeedbackDueOn('2026-03-11', '2026-09-10', 6)).toBe('2026-09-11');
  });

  it('counts from the day given when feedback is a whole interval late or more', () => {
    expect(nextFeedbackDueOn('2026-03-11', '2026-09-11', 6)).toBe('2027-03-11');
    expect(nextFeedbackDueOn('2026-03-11', '2026-10-02', 6)).toBe('2027-04-02');
    expect(nextFeedbackDueOn('2026-03-11', '2026-04-11', 1)).toBe('2026-05-11');
  });

  it('clamps to the end of a shorter month', () => {
    expect(nextFeedbackDueOn('2025-08-31', '2025-08-30', 6)).toBe('2026-02-28');
    expect(nextFeedbackDueOn('2023-08-31', '2023-08-31', 6)).toBe('2024-02-29');
    expect(nextFeedbackDueOn('2026-01-31', '2026-01-31', 1)).toBe('2026-02-28');
    // One month after 31 January is 28 February, the day the feedback was given: not after it, so one month from then.
    expect(nextFeedbackDueOn('2026-01-31', '2026-02-28', 1)).toBe('2026-03-28');
    expect(nextFeedbackDueOn('2026-01-31', '2026-02-27', 1)).toBe('2026-02-28');
  });

  it('rolls over the year', () => {
    expect(nextFeedbackDueOn('2026-11-15', '2026-11-01', 3)).toBe('2027-02-15');
    expect(nextFeedbackDueOn('2026-07-01', '2026-07-01', 12)).toBe('2027-07-01');
    expect(nextFeedbackDueOn('2026-07-01', '2026-06-15', 24)).toBe('2028-07-01');
  });

  it('gives the first due date of a file from its arrival, or from today when registered that late', () => {
    // The api calls it with the arrival date and the day of registration.
    expect(nextFeedbackDueOn('2026-01-10', '2026-03-01', 6)).toBe('2026-07-10');
    expect(nextFeedbackDueOn('2026-01-10', '2026-08-01', 6)).toBe('2027-02-01');
  });
});
