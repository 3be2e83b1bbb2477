/**
 * Deadline reminders: a case left in review gets a reminder when half of its 20-working-day budget is
 * used (end of the 10th working day after the submission date) and another at four fifths (end of the
 * 16th), each recorded as a system 'send-reminder' action and a 'deadline-reminder' notification to the
 * case's assignee; neither escalates the case.
 */
import { certificateApplicationWorkflowId } from '../../../libs/contracts';
import type { CaseView } from '../../support/case-view';
import { chinaDate, chinaEndOfDay, loadExpectedCalendar } from './expected-calendar';
import { actionsOf, getCase, HOUR_MS, notificationsFor, openCaseUnderReview, skipTo, useStackWithCaseworker, waitForCase } from './support';

describe('certificate application: deadline reminders (time skipping)', () => {
  const started = useStackWithCaseworker('passage_wf_reminders');

  it('reminds the assignee at 50% and at 80% of the working-day budget, without escalating', async () => {
    const { stack, caseworker } = started();
    const { opened, inReview } = await openCaseUnderReview(caseworker);
    expect(opened.assigneeUserId).toBe(caseworker.userId);
    expect(inReview.registryCheck).toEqual({ match: true, differences: [] });

    // Expectations from the calendar rules: day 0 is the submission date and does not count.
    const calendar = await loadExpectedCalendar(caseworker);
    const submittedOn = chinaDate(inReview.submittedAt);
    expect(inReview.deadlineWorkingDays).toBe(20);
    const deadlineAt = chinaEndOfDay(calendar.addWorkingDays(submittedOn, 20));
    const firstReminderAt = chinaEndOfDay(calendar.addWorkingDays(submittedOn, 10)); // floor(0.5 × 20)
    const secondReminderAt = chinaEndOfDay(calendar.addWorkingDays(submittedOn, 16)); // floor(0.8 × 20)
    expect(inReview.deadlineAt).toBe(deadlineAt);
    expect(await stack.env.currentTimeMs()).toBeLessThan(Date.parse(firstReminderAt));

    // An hour before the first reminder: nothing yet.
    await skipTo(stack.env, Date.parse(firstReminderAt), -HOUR_MS);
    let view = await getCase(caseworker, opened.id);
    expect(actionsOf(view, 'send-reminder')).toHaveLength(0);
    expect(await notificationsFor(stack.db, opened.id, 'deadline-reminder')).toHaveLength(0);

    // Past 50%: the first reminder, at the end of the 10th working day.
    await skipTo(stack.env, Date.parse(firstReminderAt), HOUR_MS);
    view = await waitForCase(caseworker, opened.id, (c) => actionsOf(c, 'send-reminder').length === 1, 'the first reminder');
    expectReminder(view, 0, firstReminderAt);
    let reminders = await notificationsFor(stack.db, opened.id, 'deadline-reminder');
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({ recipientUserId: caseworker.userId, recipientOfficeCode: '360102002', caseType: 'certificate-application' });
    expectNotEscalated(view, deadlineAt);

    // An hour before 80%: still one reminder.
    await skipTo(stack.env, Date.parse(secondReminderAt), -HOUR_MS);
    view = await getCase(caseworker, opened.id);
    expect(actionsOf(view, 'send-reminder')).toHaveLength(1);

    // Past 80%: the second reminder, at the end of the 16th working day; the deadline is still ahead.
    await skipTo(stack.env, Date.parse(secondReminderAt), HOUR_MS);
    view = await waitForCase(caseworker, opened.id, (c) => actionsOf(c, 'send-reminder').length === 2, 'the second reminder');
    expectReminder(view, 1, secondReminderAt);
    reminders = await notificationsFor(stack.db, opened.id, 'deadline-reminder');
    expect(reminders).toHaveLength(2);
    for (const reminder of reminders) {
      expect(reminder).toMatchObject({ recipientUserId: caseworker.userId, recipientOfficeCode: '360102002' });
    }
    expectNotEscalated(view, deadlineAt);
    expect(await stack.env.currentTimeMs()).toBeLessThan(Date.parse(deadlineAt));
    expect(await notificationsFor(stack.db, opened.id, 'case-escalated')).toHaveLength(0);

    const description = await stack.env.client.workflow.getHandle(certificateApplicationWorkflowId(opened.id)).describe();
    expect(description.status.name).toBe('RUNNING');
  });
});

function expectReminder(view: CaseView, index: number, dueAt: string): void {
  const reminder = actionsOf(view, 'send-reminder')[index]!;
  expect(reminder).toMatchObject({ fromState: 'under-review', toState: 'under-review', actorRole: 'system', actorUserId: null });
  // Recorded in workflow time when its timer fired: at the due instant (timer resolution aside).
  const lateByMs = Date.parse(reminder.occurredAt) - Date.parse(dueAt);
  expect(lateByMs).toBeGreaterThanOrEqual(0);
  expect(lateByMs).toBeLessThan(60_000);
}

function expectNotEscalated(view: CaseView, deadlineAt: string): void {
  expect(view.state).toBe('under-review');
  expect(view.escalated).toBe(false);
  expect(view.deadlineAt).toBe(deadlineAt);
  expect(actionsOf(view, 'escalate')).toHaveLength(0);
}
