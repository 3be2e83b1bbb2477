/**
 * Escalation at breach: when a case is still open after its statutory deadline (end of the 20th working day
 * after submission), the workflow records a system 'escalate' action, marks the case escalated, notifies
 * the nearest manager above the office (donghu.manager at district 360102 for 滕王阁街道 360102002) and
 * sets the Escalated search attribute, once.
 */
import { EscalatedKey, CaseStateKey, DeadlineAtKey, certificateApplicationWorkflowId } from '../../../libs/contracts';
import { chinaDate, chinaEndOfDay, loadExpectedCalendar } from './expected-calendar';
import {
  actionsOf,
  DAY_MS,
  getCase,
  HOUR_MS,
  notificationsFor,
  openCaseUnderReview,
  skipTo,
  useStackWithCaseworker,
  userIdOf,
  waitForCase,
} from './support';

describe('certificate application: escalation at the deadline (time skipping)', () => {
  const started = useStackWithCaseworker('passage_wf_escalation');

  it('escalates to the nearest manager once the deadline has passed, and only once', async () => {
    const { stack, caseworker } = started();
    const { opened, inReview } = await openCaseUnderReview(caseworker);
    const calendar = await loadExpectedCalendar(caseworker);
    const deadlineAt = chinaEndOfDay(calendar.addWorkingDays(chinaDate(inReview.submittedAt), 20));
    expect(inReview.deadlineAt).toBe(deadlineAt);
    const handle = stack.env.client.workflow.getHandle(certificateApplicationWorkflowId(opened.id));

    // An hour before the deadline: both reminders have gone out, nothing is escalated.
    await skipTo(stack.env, Date.parse(deadlineAt), -HOUR_MS);
    let view = await waitForCase(caseworker, opened.id, (c) => actionsOf(c, 'send-reminder').length === 2, 'both reminders');
    expect(view.escalated).toBe(false);
    expect(actionsOf(view, 'escalate')).toHaveLength(0);
    expect(await notificationsFor(stack.db, opened.id, 'case-escalated')).toHaveLength(0);
    expect((await handle.describe()).typedSearchAttributes.get(EscalatedKey)).toBe(false);

    // Past the deadline: escalated.
    await skipTo(stack.env, Date.parse(deadlineAt), HOUR_MS);
    view = await waitForCase(caseworker, opened.id, (c) => c.escalated, 'the escalation');
    const escalations = actionsOf(view, 'escalate');
    expect(escalations).toHaveLength(1);
    expect(escalations[0]).toMatchObject({ fromState: 'under-review', toState: 'under-review', actorRole: 'system', actorUserId: null });
    // At the deadline's timer, i.e. strictly after the last on-time instant and within a minute of it.
    const afterDeadlineMs = Date.parse(escalations[0]!.occurredAt) - Date.parse(deadlineAt);
    expect(afterDeadlineMs).toBeGreaterThan(0);
    expect(afterDeadlineMs).toBeLessThan(60_000);
    expect(view.state).toBe('under-review');
    expect(view.deadlineAt).toBe(deadlineAt);
    expect(view.closedAt).toBeNull();

    const managerId = await userIdOf(stack.db, 'donghu.manager');
    const notices = await notificationsFor(stack.db, opened.id, 'case-escalated');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ recipientUserId: managerId, recipientOfficeCode: '360102', caseType: 'certificate-application' });

    // The manager sees the escalated case in their jurisdiction.
    const manager = await stack.loginAs('donghu.manager');
    expect((await getCase(manager, opened.id)).escalated).toBe(true);

    const description = await handle.describe();
    expect(description.status.name).toBe('RUNNING');
    expect(description.typedSearchAttributes.get(EscalatedKey)).toBe(true);
    expect(description.typedSearchAttributes.get(CaseStateKey)).toBe('under-review');
    expect(description.typedSearchAttributes.get(DeadlineAtKey)?.toISOString()).toBe(deadlineAt);

    // Ten more days: no second escalation, no further reminders.
    await skipTo(stack.env, Date.parse(deadlineAt), 10 * DAY_MS);
    view = await getCase(caseworker, opened.id);
    expect(actionsOf(view, 'escalate')).toHaveLength(1);
    expect(actionsOf(view, 'send-reminder')).toHaveLength(2);
    expect(await notificationsFor(stack.db, opened.id, 'case-escalated')).toHaveLength(1);
  });
});
