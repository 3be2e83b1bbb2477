/**
 * A holiday added while a case is open moves its timers: the province's office admin enters a holiday
 * inside the case's 20 working days; the change's recompute signals the case's workflow, which counts its
 * deadline again, stores it, and re-arms its escalation. Past the old deadline nothing is escalated; past
 * the new one (one working day later) the case is, at the new deadline's timer.
 *
 * Expectations come from the test's own calendar arithmetic (expected-calendar.ts), never from libs/domain.
 */
import { caseSnapshotQuery, certificateApplicationWorkflowId } from '../../../libs/contracts';
import { chinaDate, chinaEndOfDay, loadExpectedCalendar } from './expected-calendar';
import { actionsOf, expectStatus, getCase, HOUR_MS, openCaseUnderReview, skipTo, useStackWithCaseworker, waitForCase } from './support';

describe('certificate application: a holiday added while it is open moves its escalation (time skipping)', () => {
  const started = useStackWithCaseworker('passage_wf_calendar_change');

  it('escalates at the deadline counted in the new calendar, not at the old one', async () => {
    const { stack, caseworker } = started();
    const admin = await stack.loginAs('jiangxi.admin');
    const { opened, inReview } = await openCaseUnderReview(caseworker);
    const before = await loadExpectedCalendar(caseworker);
    const submittedOn = chinaDate(inReview.submittedAt);
    const oldDueDate = before.addWorkingDays(submittedOn, 20);
    const oldDeadline = chinaEndOfDay(oldDueDate);
    expect(inReview.deadlineAt).toBe(oldDeadline);

    // The 12th working day: after the first reminder's (the 10th), inside the window.
    const holiday = before.addWorkingDays(submittedOn, 12);
    const response = await admin.put(`/api/v1/working-calendar/${holiday}`, { kind: 'holiday', name: '临时假期', reason: 'test: a holiday announced late' });
    expectStatus(response, 200);
    const after = await loadExpectedCalendar(caseworker);
    expect(after.isWorkingDay(holiday)).toBe(false);
    const newDeadline = chinaEndOfDay(after.addWorkingDays(submittedOn, 20));
    expect(newDeadline).toBe(chinaEndOfDay(before.addWorkingDays(oldDueDate, 1)));

    await waitForCase(caseworker, opened.id, (c) => c.deadlineAt === newDeadline, 'the deadline counted again');
    const handle = stack.env.client.workflow.getHandle(certificateApplicationWorkflowId(opened.id));
    const snapshot = await handle.query(caseSnapshotQuery);
    expect(snapshot?.timers.find((t) => t.action === 'escalate')?.at).toBe(newDeadline);

    // An hour past the old deadline: both reminders out, nothing escalated (the old timer is gone).
    await skipTo(stack.env, Date.parse(oldDeadline), HOUR_MS);
    let view = await waitForCase(caseworker, opened.id, (c) => actionsOf(c, 'send-reminder').length === 2, 'both reminders');
    for (const stop = Date.now() + 3_000; Date.now() < stop; ) {
      view = await getCase(caseworker, opened.id);
      expect(actionsOf(view, 'escalate')).toHaveLength(0);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    expect(view.escalated).toBe(false);

    // An hour past the new deadline: escalated, at its timer.
    await skipTo(stack.env, Date.parse(newDeadline), HOUR_MS);
    view = await waitForCase(caseworker, opened.id, (c) => c.escalated, 'the escalation');
    const escalations = actionsOf(view, 'escalate');
    expect(escalations).toHaveLength(1);
    const afterDeadlineMs = Date.parse(escalations[0]!.occurredAt) - Date.parse(newDeadline);
    expect(afterDeadlineMs).toBeGreaterThan(0);
    expect(afterDeadlineMs).toBeLessThan(60_000);
    expect(view.deadlineAt).toBe(newDeadline);
  });
});
