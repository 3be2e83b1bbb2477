/**
 * Pausing the statutory clock across a public holiday. An office admin enters a three-working-day holiday
 * block (Monday–Wednesday) a few days ahead through the api; a case is opened, information is requested,
 * two weeks pass, information is supplied. The pause rule (libs/domain/sla.ts) suspends the working days
 * in (request date, supply date], so the deadline moves on by exactly the working days in the pause, and
 * the holidays inside it, not being working days, do not count.
 *
 * The dates depend on when the test runs (the api stamps the submission with real time), so the
 * expectations are computed from the recorded instants with the test's own calendar arithmetic
 * (tests/workflow/certificate-application/expected-calendar.ts), never with libs/domain; they are also printed.
 */
import { certificateApplicationWorkflowId, DeadlineAtKey, CaseStateKey, caseSnapshotQuery } from '../../../libs/contracts';
import type { CaseView, TimelineEntryView } from '../../support/case-view';
import type { LoggedInUser } from '../../support/workflow-stack';
import { addDays, chinaDate, chinaEndOfDay, loadExpectedCalendar, weekday } from './expected-calendar';
import { actionsOf, CASES, DAY_MS, expectStatus, openCaseUnderReview, skipTo, useStackWithCaseworker, waitForCase } from './support';

const PAUSE_DAYS = 14;

describe('certificate application: a pause over a public holiday (time skipping)', () => {
  const started = useStackWithCaseworker('passage_wf_pause');
  let admin: LoggedInUser;

  beforeAll(async () => {
    admin = await started().stack.loginAs('jiangxi.admin'); // the calendar is national: a province office's admin maintains it
  });

  it('extends the deadline by the working days in the pause, not counting the holidays in it', async () => {
    const { stack, caseworker } = started();
    // The holiday block: the first Monday at least two days after today (China date, workflow time ≈ real
    // time here), through Wednesday. It lies inside a two-week pause starting today or tomorrow.
    const today = chinaDate(await stack.env.currentTimeMs());
    let monday = addDays(today, 2);
    while (weekday(monday) !== 1) monday = addDays(monday, 1);
    const holidays = [monday, addDays(monday, 1), addDays(monday, 2)];
    const calendarBefore = await loadExpectedCalendar(admin);
    for (const date of holidays) {
      expect(calendarBefore.isWorkingDay(date)).toBe(true); // a real change, not a no-op
      const response = await admin.put(`/api/v1/working-calendar/${date}`, { kind: 'holiday', name: '测试假期', reason: 'test holiday block' });
      expectStatus(response, 200);
      expect(response.body).toEqual({ date, kind: 'holiday', name: '测试假期' });
    }
    const calendar = await loadExpectedCalendar(admin);
    for (const date of holidays) expect(calendar.isWorkingDay(date)).toBe(false);

    // The case, opened after the holidays were entered: its original deadline already skips them.
    const { opened, inReview } = await openCaseUnderReview(caseworker);
    const submittedOn = chinaDate(inReview.submittedAt);
    const originalDueDate = calendar.addWorkingDays(submittedOn, 20);
    expect(inReview.deadlineAt).toBe(chinaEndOfDay(originalDueDate));
    expect(holidays[2]! <= originalDueDate).toBe(true);

    // Request information: the clock pauses, the case waits for the applicant.
    const requested = await caseworker.post(`${CASES}/${opened.id}/request-information`, { missing: ['marriage-certificate-copy'] });
    expectStatus(requested, 200);
    expect(requested.body).toMatchObject({ state: 'awaiting-applicant', paused: true });
    const requestedAt = lastAction(requested.body as CaseView, 'request-information').occurredAt;
    const requestedOn = chinaDate(requestedAt);

    // Two weeks later (workflow time), the applicant supplies it.
    await skipTo(stack.env, Date.parse(requestedAt), PAUSE_DAYS * DAY_MS);
    const supplied = await caseworker.post(`${CASES}/${opened.id}/supply-information`, { note: 'copy received' });
    expectStatus(supplied, 200);
    const view = supplied.body as CaseView;
    expect(view).toMatchObject({ state: 'under-review', paused: false, lapseAt: null });
    const suppliedOn = chinaDate(lastAction(view, 'supply-information').occurredAt);
    expect(suppliedOn >= addDays(requestedOn, PAUSE_DAYS)).toBe(true);

    // The holidays lie inside the pause, (requestedOn, suppliedOn].
    for (const date of holidays) expect(date > requestedOn && date <= suppliedOn).toBe(true);

    // The extension: working days in (requestedOn, suppliedOn]; the three holidays are not among them.
    const extension = calendar.workingDaysBetween(requestedOn, suppliedOn);
    // The same window on the calendar as it was before the admin entered the block: three working days more.
    expect(extension).toBe(calendarBefore.workingDaysBetween(requestedOn, suppliedOn) - holidays.length);
    const expectedDueDate = calendar.addWorkingDays(originalDueDate, extension);
    process.stderr.write(
      `[pause-over-holiday] submitted ${submittedOn}, holidays ${holidays.join(', ')}, paused (${requestedOn}, ${suppliedOn}] = ` +
        `${extension} working days; due ${originalDueDate} → ${expectedDueDate}\n`,
    );
    expect(view.deadlineAt).toBe(chinaEndOfDay(expectedDueDate));
    // Counting the holidays would have given a later date: they really were left out.
    expect(calendar.addWorkingDays(originalDueDate, extension + holidays.length) > expectedDueDate).toBe(true);

    // The workflow's own view agrees: the DeadlineAt search attribute and the reminders moved too.
    const handle = stack.env.client.workflow.getHandle(certificateApplicationWorkflowId(opened.id));
    const description = await handle.describe();
    expect(description.typedSearchAttributes.get(DeadlineAtKey)?.toISOString()).toBe(chinaEndOfDay(expectedDueDate));
    expect(description.typedSearchAttributes.get(CaseStateKey)).toBe('under-review');
    const snapshot = await handle.query(caseSnapshotQuery);
    expect(snapshot?.deadlineAt).toBe(chinaEndOfDay(expectedDueDate));
    const activeBeforePause = calendar.workingDaysBetween(submittedOn, requestedOn);
    const reminderDue = (activeDays: number): string =>
      chinaEndOfDay(
        activeDays <= activeBeforePause
          ? calendar.addWorkingDays(submittedOn, activeDays)
          : calendar.addWorkingDays(suppliedOn, activeDays - activeBeforePause),
      );
    // The workflow waits for the next reminder (the 16th working day's is named once the 10th's is sent).
    expect(snapshot?.timers.filter((t) => t.action === 'send-reminder').map((t) => t.at)).toEqual([reminderDue(10)]);
    expect(reminderDue(16) > reminderDue(10)).toBe(true);
    // Same deadline by the other route: the remaining budget counted on from the supply date.
    expect(chinaEndOfDay(calendar.addWorkingDays(suppliedOn, 20 - activeBeforePause))).toBe(chinaEndOfDay(expectedDueDate));

    // And the case is none the worse for it: no reminder, escalation or lapse happened during the pause.
    const final = await waitForCase(caseworker, opened.id, (c) => c.state === 'under-review', 'the case');
    expect(actionsOf(final, 'send-reminder')).toHaveLength(0);
    expect(actionsOf(final, 'escalate')).toHaveLength(0);
    expect(actionsOf(final, 'lapse')).toHaveLength(0);
  });
});

function lastAction(view: CaseView, action: string): TimelineEntryView {
  const entries = actionsOf(view, action);
  expect(entries.length).toBeGreaterThan(0);
  return entries[entries.length - 1]!;
}
