/**
 * Lapse: when the office asks the applicant for information and no answer comes within the office's
 * applicant response period (default 20 working days after the request date), the workflow closes the
 * case as 'lapsed' and completes. While it waits, the statutory clock is paused: no reminder and no
 * escalation, although the original deadline passes meanwhile.
 */
import { CaseStateKey, certificateApplicationWorkflowId, type CaseSnapshot } from '../../../libs/contracts';
import type { CaseView } from '../../support/case-view';
import { chinaDate, chinaEndOfDay, loadExpectedCalendar } from './expected-calendar';
import {
  actionsOf,
  CASES,
  DAY_MS,
  expectStatus,
  getCase,
  HOUR_MS,
  notificationsFor,
  openCaseUnderReview,
  skipTo,
  useStackWithCaseworker,
  waitForCase,
} from './support';

describe('certificate application: lapse when the applicant never answers (time skipping)', () => {
  const started = useStackWithCaseworker('passage_wf_lapse');

  it('lapses the case after the applicant response period and completes the workflow', async () => {
    const { stack, caseworker } = started();
    const [office] = (await stack.db.query(
      `SELECT applicant_response_working_days AS days FROM office WHERE code = '360102002'`,
    )) as Array<{ days: number }>;
    expect(office!.days).toBe(20); // the office default

    const { opened, inReview } = await openCaseUnderReview(caseworker);
    const originalDeadline = inReview.deadlineAt!;

    // Three days in review first (no timer is due yet: the first reminder is 10 working days away), so
    // that the response period ends strictly after the original deadline.
    await skipTo(stack.env, await stack.env.currentTimeMs(), 3 * DAY_MS);
    expect(actionsOf(await getCase(caseworker, opened.id), 'send-reminder')).toHaveLength(0);

    const requested = await caseworker.post(`${CASES}/${opened.id}/request-information`, {
      missing: ['household-register-copy'],
      note: 'please bring the household register',
    });
    expectStatus(requested, 200);
    const waiting = requested.body as CaseView;
    expect(waiting).toMatchObject({ state: 'awaiting-applicant', paused: true, closedAt: null });
    const request = actionsOf(waiting, 'request-information')[0]!;
    expect(request).toMatchObject({ fromState: 'under-review', toState: 'awaiting-applicant', actorUserId: caseworker.userId });
    expect(request.payload).toMatchObject({ missing: ['household-register-copy'] });

    // lapseAt: end of the 20th working day after the request date.
    const calendar = await loadExpectedCalendar(caseworker);
    const lapseAt = chinaEndOfDay(calendar.addWorkingDays(chinaDate(request.occurredAt), 20));
    expect(waiting.lapseAt).toBe(lapseAt);
    expect(Date.parse(lapseAt)).toBeGreaterThan(Date.parse(originalDeadline));
    const informationRequested = await notificationsFor(stack.db, opened.id, 'information-requested');
    expect(informationRequested).toHaveLength(1);
    expect(informationRequested[0]).toMatchObject({ recipientUserId: caseworker.userId, recipientOfficeCode: '360102002' });

    const handle = stack.env.client.workflow.getHandle(certificateApplicationWorkflowId(opened.id));

    // An hour before lapseAt: still waiting. The original deadline and both reminder instants have passed
    // meanwhile, but the clock is paused: no reminder, no escalation.
    await skipTo(stack.env, Date.parse(lapseAt), -HOUR_MS);
    expect(await stack.env.currentTimeMs()).toBeGreaterThan(Date.parse(originalDeadline));
    let view = await getCase(caseworker, opened.id);
    expect(view).toMatchObject({ state: 'awaiting-applicant', paused: true, closedAt: null, escalated: false });
    expect(actionsOf(view, 'send-reminder')).toHaveLength(0);
    expect(actionsOf(view, 'escalate')).toHaveLength(0);
    expect((await handle.describe()).status.name).toBe('RUNNING');

    // Past lapseAt: lapsed and closed, by the system, at the lapse instant.
    await skipTo(stack.env, Date.parse(lapseAt), HOUR_MS);
    view = await waitForCase(caseworker, opened.id, (c) => c.state === 'lapsed', 'the lapse');
    const lapses = actionsOf(view, 'lapse');
    expect(lapses).toHaveLength(1);
    expect(lapses[0]).toMatchObject({ fromState: 'awaiting-applicant', toState: 'lapsed', actorRole: 'system', actorUserId: null });
    const lateByMs = Date.parse(lapses[0]!.occurredAt) - Date.parse(lapseAt);
    expect(lateByMs).toBeGreaterThan(0);
    expect(lateByMs).toBeLessThan(60_000);
    expect(view.closedAt).toBe(lapses[0]!.occurredAt);
    expect(actionsOf(view, 'send-reminder')).toHaveLength(0);
    expect(actionsOf(view, 'escalate')).toHaveLength(0);
    expect(view.timeline.map((entry) => entry.action)).toEqual([
      'submit',
      'start-registry-check',
      'record-registry-result',
      'request-information',
      'lapse',
    ]);

    // The workflow has completed with the final snapshot.
    const result = (await handle.result()) as CaseSnapshot;
    expect(result).toMatchObject({ caseId: opened.id, state: 'lapsed', deadlineAt: null, timers: [] });
    const description = await handle.describe();
    expect(description.status.name).toBe('COMPLETED');
    expect(description.typedSearchAttributes.get(CaseStateKey)).toBe('lapsed');

    // Information arriving after the lapse is refused with the state rule (the workflow has completed).
    const late = await caseworker.post(`${CASES}/${opened.id}/supply-information`, { note: 'too late' });
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'ACTION_NOT_ALLOWED_IN_STATE', state: 'lapsed', action: 'supply-information' });
  });
});
