/**
 * The feedback obligation (反馈) of a residence registration over a year, under time skipping: 李娜
 * arrives at 新安街道 (440306017) from 滕王阁街道 (360102002), whose agreement asks for feedback every
 * 6 months. The workflow announces the arrival and asks for the first feedback; it reminds 14 days ahead
 * of the due date and on the day (09:00 +08:00). Feedback given on the due day answers the request on
 * time and moves the due date one interval on; the next period passes without feedback, is escalated 5
 * working days after its due day to baoan.manager (宝安区, 440306) with 滕王阁街道 told it is missing,
 * and the late feedback given then answers the request after its due time and clears the escalation.
 * Expected instants come from ./support.ts and ../certificate-application/expected-calendar.ts, not
 * from the product's feedback clock.
 */
import { caseSnapshotQuery, EscalatedKey, residenceRegistrationWorkflowId } from '../../../libs/contracts';
import type { LoggedInUser } from '../../support/workflow-stack';
import { chinaDate, loadExpectedCalendar, type ExpectedCalendar } from '../certificate-application/expected-calendar';
import { DAY_MS, expectStatus, HOUR_MS, skipTo, useStackWithCaseworker } from '../certificate-application/support';
import {
  entriesOf,
  expectAt,
  expectedPeriod,
  expectedTimers,
  getFile,
  INTERVAL_MONTHS,
  notificationsOf,
  plusMonths,
  registerLiNa,
  REGISTRATION_OFFICE,
  remindersOf,
  RESIDENCE_OFFICE,
  submitFeedback,
  userIdOf,
  waitForFile,
} from './support';

describe('residence registration: feedback reminders, on-time and late feedback, escalation (time skipping)', () => {
  const started = useStackWithCaseworker('passage_wf_residence_feedback');
  let residence: LoggedInUser;
  let calendar: ExpectedCalendar;

  beforeAll(async () => {
    residence = await started().stack.loginAs('xinan.caseworker');
    calendar = await loadExpectedCalendar(residence);
  });

  it('reminds ahead of and on each due date, takes feedback on time, escalates missing feedback 5 working days on, and takes it late', async () => {
    const { stack, caseworker: registrationOffice } = started();
    const db = stack.db;

    // --- The arrival: announced to the registration office, the first feedback asked for. ---
    const { registered, arrivedOn } = await registerLiNa(residence);
    const id = registered.id;
    const handle = stack.env.client.workflow.getHandle(residenceRegistrationWorkflowId(id));
    const first = expectedPeriod(calendar, plusMonths(arrivedOn, INTERVAL_MONTHS));
    const second = expectedPeriod(calendar, plusMonths(first.dueOn, INTERVAL_MONTHS));
    const third = expectedPeriod(calendar, plusMonths(second.dueOn, INTERVAL_MONTHS));

    expect(registered).toMatchObject({
      state: 'registered',
      residenceOfficeCode: RESIDENCE_OFFICE,
      registrationOfficeCode: REGISTRATION_OFFICE,
      arrivedOn,
      feedbackIntervalMonths: INTERVAL_MONTHS,
      nextFeedbackDueOn: first.dueOn,
      feedbackStatus: 'on-track',
      feedbacksGiven: 0,
      waitingOn: { officeCode: RESIDENCE_OFFICE, for: 'feedback', dueAt: first.dueAt },
    });
    expect(registered.timeline.map((t) => t.action)).toEqual(['register', 'announce-arrival']);
    expect(registered.allowedActions).toEqual(expect.arrayContaining(['submit-feedback', 'transfer', 'depart', 'return']));
    expect((await notificationsOf(db, id, 'arrival-registered')).map((n) => n.recipientOfficeCode)).toEqual([REGISTRATION_OFFICE]);
    const [firstRequest] = await notificationsOf(db, id, 'feedback-requested');
    expect(await notificationsOf(db, id, 'feedback-requested')).toHaveLength(1);
    expect(firstRequest).toMatchObject({ recipientOfficeCode: RESIDENCE_OFFICE, expectsAnswer: true, answeredAt: null });
    expect(firstRequest!.answerDueAt!.toISOString()).toBe(first.dueAt);
    expect(await handle.query(caseSnapshotQuery)).toMatchObject({
      state: 'registered',
      deadlineAt: first.dueAt,
      escalated: false,
      timers: expectedTimers(first, 0),
    });
    // The registration office reads the file but does not act on it.
    expect((await getFile(registrationOffice, id)).allowedActions).toEqual([]);

    // --- First period: the reminder 14 days ahead, and the one on the day. ---
    await skipTo(stack.env, Date.parse(first.reminderAts[0]), -HOUR_MS);
    expect(remindersOf(await getFile(residence, id))).toHaveLength(0);
    await skipTo(stack.env, Date.parse(first.reminderAts[0]), HOUR_MS);
    let view = await waitForFile(residence, id, (f) => remindersOf(f).length === 1, 'the reminder 14 days ahead');
    expectAt(remindersOf(view)[0]!.occurredAt, first.reminderAts[0]);
    expect(remindersOf(view)[0]).toMatchObject({ actorRole: 'system', fromState: 'registered', toState: 'registered' });
    expect(view.feedbackStatus).toBe('due');
    expect((await notificationsOf(db, id, 'feedback-reminder')).map((n) => n.recipientOfficeCode)).toEqual([RESIDENCE_OFFICE]);

    await skipTo(stack.env, Date.parse(first.reminderAts[1]), HOUR_MS);
    view = await waitForFile(residence, id, (f) => remindersOf(f).length === 2, 'the reminder on the due day');
    expectAt(remindersOf(view)[1]!.occurredAt, first.reminderAts[1]);
    expect((await notificationsOf(db, id, 'feedback-reminder')).map((n) => n.recipientOfficeCode)).toEqual([RESIDENCE_OFFICE, RESIDENCE_OFFICE]);
    expect((await handle.query(caseSnapshotQuery))?.timers).toEqual(expectedTimers(first, 2));

    // --- Feedback on the due day, at about 10:00: on time. ---
    view = await submitFeedback(residence, id);
    expect(view).toMatchObject({ state: 'registered', feedbacksGiven: 1, nextFeedbackDueOn: second.dueOn, feedbackStatus: 'on-track' });
    expect(chinaDate(view.lastFeedbackAt!)).toBe(first.dueOn);
    expect(entriesOf(view, 'submit-feedback')).toHaveLength(1);
    expect(entriesOf(view, 'submit-feedback')[0]).toMatchObject({ actorUserId: residence.userId, actorRole: 'caseworker' });
    let requests = await notificationsOf(db, id, 'feedback-requested');
    expect(requests).toHaveLength(2);
    expect(requests[0]!.answeredAt).not.toBeNull();
    expect(requests[0]!.answeredAt!.getTime()).toBeLessThanOrEqual(requests[0]!.answerDueAt!.getTime());
    expect(requests[1]).toMatchObject({ recipientOfficeCode: RESIDENCE_OFFICE, expectsAnswer: true, answeredAt: null });
    expect(requests[1]!.answerDueAt!.toISOString()).toBe(second.dueAt);
    expect((await notificationsOf(db, id, 'feedback-received')).map((n) => n.recipientOfficeCode)).toEqual([REGISTRATION_OFFICE]);
    // Reminders reset: the workflow now runs the second period's two reminders and its escalation.
    expect(await handle.query(caseSnapshotQuery)).toMatchObject({ deadlineAt: second.dueAt, escalated: false, timers: expectedTimers(second, 0) });

    // --- Second period, no feedback: the first period's escalation instant passes quietly; two reminders. ---
    await skipTo(stack.env, Date.parse(second.reminderAts[0]), -HOUR_MS);
    view = await getFile(residence, id);
    expect(remindersOf(view)).toHaveLength(2);
    expect(entriesOf(view, 'escalate-feedback')).toHaveLength(0);
    await skipTo(stack.env, Date.parse(second.reminderAts[0]), HOUR_MS);
    view = await waitForFile(residence, id, (f) => remindersOf(f).length === 3, 'the second period’s reminder ahead');
    expectAt(remindersOf(view)[2]!.occurredAt, second.reminderAts[0]);
    await skipTo(stack.env, Date.parse(second.reminderAts[1]), HOUR_MS);
    view = await waitForFile(residence, id, (f) => remindersOf(f).length === 4, 'the second period’s reminder on the day');
    expectAt(remindersOf(view)[3]!.occurredAt, second.reminderAts[1]);
    expect((await notificationsOf(db, id, 'feedback-reminder')).map((n) => n.recipientOfficeCode)).toEqual(Array(4).fill(RESIDENCE_OFFICE));

    // Past the due day, an hour before the escalation instant: overdue, not escalated yet.
    await skipTo(stack.env, Date.parse(second.escalateAt), -HOUR_MS);
    view = await getFile(residence, id);
    expect(entriesOf(view, 'escalate-feedback')).toHaveLength(0);
    expect(view.feedbackStatus).not.toBe('escalated');
    expect(await notificationsOf(db, id, 'feedback-overdue')).toHaveLength(0);

    // At the end of the 5th working day after the due day: to the manager, and the registration office is told.
    await skipTo(stack.env, Date.parse(second.escalateAt), HOUR_MS);
    view = await waitForFile(residence, id, (f) => entriesOf(f, 'escalate-feedback').length === 1, 'the escalation');
    expectAt(entriesOf(view, 'escalate-feedback')[0]!.occurredAt, second.escalateAt);
    expect(view).toMatchObject({ state: 'registered', feedbackStatus: 'escalated', nextFeedbackDueOn: second.dueOn, feedbacksGiven: 1 });
    const overdue = await notificationsOf(db, id, 'feedback-overdue');
    expect(overdue).toHaveLength(1);
    expect(overdue[0]).toMatchObject({ recipientOfficeCode: '440306', recipientUserId: await userIdOf(db, 'baoan.manager') });
    expect((await notificationsOf(db, id, 'feedback-missing')).map((n) => n.recipientOfficeCode)).toEqual([REGISTRATION_OFFICE]);
    expect((await handle.describe()).typedSearchAttributes.get(EscalatedKey)).toBe(true);
    const manager = await stack.loginAs('baoan.manager');
    expect((await getFile(manager, id)).feedbackStatus).toBe('escalated');

    // Ten more days: escalated once, reminded no more.
    await skipTo(stack.env, Date.parse(second.escalateAt), 10 * DAY_MS);
    view = await getFile(residence, id);
    expect(entriesOf(view, 'escalate-feedback')).toHaveLength(1);
    expect(remindersOf(view)).toHaveLength(4);
    expect(await handle.query(caseSnapshotQuery)).toMatchObject({ escalated: true, timers: [] });

    // --- Late feedback: answers the request after its due time, clears the escalation, keeps the rhythm. ---
    const lateAt = await stack.env.currentTimeMs();
    view = await submitFeedback(residence, id, { situation: 'changed', note: '已更换工作单位' });
    expect(view).toMatchObject({ state: 'registered', feedbacksGiven: 2, nextFeedbackDueOn: third.dueOn, feedbackStatus: 'on-track' });
    expect(Date.parse(view.lastFeedbackAt!)).toBeGreaterThanOrEqual(lateAt);
    requests = await notificationsOf(db, id, 'feedback-requested');
    expect(requests).toHaveLength(3);
    expect(requests[1]!.answeredAt).not.toBeNull();
    expect(requests[1]!.answeredAt!.getTime()).toBeGreaterThan(requests[1]!.answerDueAt!.getTime());
    expect(requests[2]).toMatchObject({ recipientOfficeCode: RESIDENCE_OFFICE, answeredAt: null });
    expect(requests[2]!.answerDueAt!.toISOString()).toBe(third.dueAt);
    expect((await notificationsOf(db, id, 'feedback-received')).map((n) => n.recipientOfficeCode)).toEqual([REGISTRATION_OFFICE, REGISTRATION_OFFICE]);
    expect(await handle.query(caseSnapshotQuery)).toMatchObject({ deadlineAt: third.dueAt, escalated: false, timers: expectedTimers(third, 0) });
    const description = await handle.describe();
    expect(description.status.name).toBe('RUNNING');
    expect(description.typedSearchAttributes.get(EscalatedKey)).toBe(false);

    // The residence office's feedback rate: of the three requests, one answered on time (the rows are
    // stamped by the database in real time, so the period is the real days around now).
    const rates = await residence.get(`/api/v1/feedback-rates?from=${chinaDate(Date.now() - DAY_MS)}&to=${chinaDate(Date.now() + 2 * DAY_MS)}`);
    expectStatus(rates, 200);
    expect((rates.body as { offices: unknown[] }).offices).toEqual([
      expect.objectContaining({ officeCode: RESIDENCE_OFFICE, expectingAnswer: 3, answeredOnTime: 1 }),
    ]);
  });
});
