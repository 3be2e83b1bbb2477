/**
 * A person's file outlives its workflow's runs: with RESIDENCE_ACTIONS_PER_RUN=2 the residence
 * registration's workflow continues as new after every second recorded action, carrying only the file's
 * id. Over three feedback periods (reminders, feedback on time, an escalation, late feedback) it runs in
 * five runs, and each run goes on from the stored file: the arrival is announced once, no reminder of a
 * period is sent twice, the feedback count and the next due date are right, the latest run's caseSnapshot
 * query agrees with the stored file, and a departure sent to the fifth run closes the file and the
 * workflow. Expected instants come from ./support.ts and ../certificate-application/expected-calendar.ts.
 */
import { caseSnapshotQuery, CaseStateKey, residenceRegistrationWorkflowId, type CaseSnapshot } from '../../../libs/contracts';
import type { LoggedInUser } from '../../support/workflow-stack';
import { chinaEndOfDay, loadExpectedCalendar, type ExpectedCalendar } from '../certificate-application/expected-calendar';
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
  REGISTRATIONS,
  releaseTimeLocksLeakedBy,
  remindersOf,
  RESIDENCE_OFFICE,
  runsOf,
  submitFeedback,
  waitForFile,
  waitForRuns,
  type FileView,
  type WorkflowRun,
} from './support';

const ACTIONS_PER_RUN = 2;

describe('residence registration: state carried over continue-as-new (time skipping)', () => {
  const started = useStackWithCaseworker('passage_wf_residence_continue', { RESIDENCE_ACTIONS_PER_RUN: String(ACTIONS_PER_RUN) });
  let residence: LoggedInUser;
  let calendar: ExpectedCalendar;

  beforeAll(async () => {
    residence = await started().stack.loginAs('xinan.caseworker');
    calendar = await loadExpectedCalendar(residence);
  });

  it('runs in several runs and each goes on from the stored file: no repeated announcement or reminder, right counts and due dates, and a late departure closes it', async () => {
    const { stack } = started();
    const db = stack.db;
    expect(stack.config.RESIDENCE_ACTIONS_PER_RUN).toBe(ACTIONS_PER_RUN);

    const { registered, arrivedOn } = await registerLiNa(residence);
    const id = registered.id;
    const workflowId = residenceRegistrationWorkflowId(id);
    const latest = stack.env.client.workflow.getHandle(workflowId);
    const first = expectedPeriod(calendar, plusMonths(arrivedOn, INTERVAL_MONTHS));
    const second = expectedPeriod(calendar, plusMonths(first.dueOn, INTERVAL_MONTHS));
    const third = expectedPeriod(calendar, plusMonths(second.dueOn, INTERVAL_MONTHS));
    expect(registered.nextFeedbackDueOn).toBe(first.dueOn);
    expect(await runsOf(stack, workflowId)).toEqual([expect.objectContaining({ continuedRun: undefined, closedBy: null })]);

    /**
     * The workflow has continued as new into run `runs`, and that run has taken its first task (its
     * query answers). Then the test server's leaked time lock is released (see support.ts).
     */
    const continuedTo = async (runs: number, what: string): Promise<WorkflowRun[]> => {
      const all = await waitForRuns(stack, workflowId, runs, what);
      expect(all).toHaveLength(runs);
      const until = Date.now() + 20_000;
      while ((await latest.query(caseSnapshotQuery).catch(() => null)) === null) {
        if (Date.now() > until) throw new Error(`run ${runs} did not take its first task`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      // The closed run's children still open in its history: as many time locks the test server leaked.
      await releaseTimeLocksLeakedBy(stack, all[runs - 2]!);
      return all;
    };
    /** Skips to the instant; when a timer on the way ends the run, waits for the continuation meanwhile. */
    const skipToInstant = async (instantMs: number, continuesTo?: { runs: number; what: string }): Promise<void> => {
      const skipping = skipTo(stack.env, instantMs);
      if (continuesTo) await continuedTo(continuesTo.runs, continuesTo.what);
      let watchdog: NodeJS.Timeout | undefined;
      const stalled = new Promise<never>((_, reject) => {
        watchdog = setTimeout(() => {
          void stack.env.currentTimeMs().then((now) =>
            reject(new Error(`the skip to ${new Date(instantMs).toISOString()} stalled at ${new Date(now).toISOString()} (a leaked time lock?)`)),
          );
        }, 20_000);
      });
      try {
        await Promise.race([skipping, stalled]);
      } finally {
        clearTimeout(watchdog);
      }
      // Landed where asked: not stalled short of it, not run on past it.
      expect(Math.abs((await stack.env.currentTimeMs()) - instantMs)).toBeLessThan(10_000);
    };

    /** Every reminder recorded so far is at a distinct instant of the periods' reminder instants, in order. */
    const expectRemindersAt = (view: FileView, instants: string[]): void => {
      const reminders = remindersOf(view);
      expect(reminders).toHaveLength(instants.length);
      reminders.forEach((r, i) => expectAt(r.occurredAt, instants[i]!));
    };

    // Run 1: the announcement, then the reminder ahead of the first due date: two actions, so it continues.
    await skipToInstant(Date.parse(first.reminderAts[0]) + HOUR_MS, { runs: 2, what: 'the first continuation' });
    let view = await waitForFile(residence, id, (f) => remindersOf(f).length === 1, 'the first reminder');
    let runs = await runsOf(stack, workflowId);
    expect(runs[0]!.closedBy).toBe('continued-as-new');
    expect(runs[1]).toMatchObject({ continuedRun: 2, closedBy: null });
    // The new run runs the first period's remaining timers: not the reminder already sent.
    expect((await latest.query(caseSnapshotQuery))?.timers).toEqual(expectedTimers(first, 1));

    // Run 2: the reminder on the day, and feedback on time.
    await skipToInstant(Date.parse(first.reminderAts[1]) + HOUR_MS);
    view = await waitForFile(residence, id, (f) => remindersOf(f).length === 2, 'the reminder on the first due day');
    expectRemindersAt(view, first.reminderAts);
    view = await submitFeedback(residence, id);
    expect(view).toMatchObject({ feedbacksGiven: 1, nextFeedbackDueOn: second.dueOn });
    await continuedTo(3, 'the second continuation');

    // Run 3: the second period's two reminders.
    await skipToInstant(Date.parse(second.reminderAts[0]) + HOUR_MS);
    await waitForFile(residence, id, (f) => remindersOf(f).length === 3, 'the second period’s reminder ahead');
    await skipToInstant(Date.parse(second.reminderAts[1]) + HOUR_MS, { runs: 4, what: 'the third continuation' });
    view = await waitForFile(residence, id, (f) => remindersOf(f).length === 4, 'the second period’s reminder on the day');
    expectRemindersAt(view, [...first.reminderAts, ...second.reminderAts]);
    expect((await latest.query(caseSnapshotQuery))?.timers).toEqual(expectedTimers(second, 2));

    // Run 4: the escalation, once even ten days on, then late feedback.
    await skipToInstant(Date.parse(second.escalateAt) + HOUR_MS);
    view = await waitForFile(residence, id, (f) => entriesOf(f, 'escalate-feedback').length === 1, 'the escalation');
    expectAt(entriesOf(view, 'escalate-feedback')[0]!.occurredAt, second.escalateAt);
    expect(view.feedbackStatus).toBe('escalated');
    await skipToInstant(Date.parse(second.escalateAt) + 10 * DAY_MS);
    view = await getFile(residence, id);
    expect(entriesOf(view, 'escalate-feedback')).toHaveLength(1);
    expectRemindersAt(view, [...first.reminderAts, ...second.reminderAts]);
    expect(await runsOf(stack, workflowId)).toHaveLength(4);
    view = await submitFeedback(residence, id);
    expect(view).toMatchObject({ feedbacksGiven: 2, nextFeedbackDueOn: third.dueOn, feedbackStatus: 'on-track' });
    await continuedTo(5, 'the fourth continuation');

    // Run 5: the third period's first reminder; three days on, nothing repeated.
    await skipToInstant(Date.parse(third.reminderAts[0]) + HOUR_MS);
    await waitForFile(residence, id, (f) => remindersOf(f).length === 5, 'the third period’s reminder ahead');
    await skipToInstant(Date.parse(third.reminderAts[0]) + 3 * DAY_MS);
    view = await getFile(residence, id);
    expectRemindersAt(view, [...first.reminderAts, ...second.reminderAts, third.reminderAts[0]]);
    expect(entriesOf(view, 'escalate-feedback')).toHaveLength(1);
    expect(entriesOf(view, 'announce-arrival')).toHaveLength(1);
    expect(view).toMatchObject({ state: 'registered', feedbacksGiven: 2, nextFeedbackDueOn: third.dueOn, feedbackStatus: 'due' });

    runs = await runsOf(stack, workflowId);
    expect(runs).toHaveLength(5);
    expect(runs.map((r) => r.continuedRun)).toEqual([undefined, 2, 3, 4, 5]);
    expect(runs.map((r) => r.closedBy)).toEqual(['continued-as-new', 'continued-as-new', 'continued-as-new', 'continued-as-new', null]);
    expect(new Set(runs.map((r) => r.runId)).size).toBe(5);
    // Each closed run recorded RESIDENCE_ACTIONS_PER_RUN actions; the fifth one so far its reminder.
    expect(runs.map((r) => r.recordedActions)).toEqual([ACTIONS_PER_RUN, ACTIONS_PER_RUN, ACTIONS_PER_RUN, ACTIONS_PER_RUN, 1]);
    const description = await latest.describe();
    expect(description.runId).toBe(runs[4]!.runId);
    expect(description.status.name).toBe('RUNNING');
    expect(description.typedSearchAttributes.get(CaseStateKey)).toBe('registered');

    // Each notification once: the continued runs neither announced again nor repeated a reminder.
    const kinds = (await notificationsOf(db, id)).map((n) => `${n.kind}→${n.recipientOfficeCode}`);
    const count = (kind: string): number => kinds.filter((k) => k === kind).length;
    expect(count(`arrival-registered→${REGISTRATION_OFFICE}`)).toBe(1);
    expect(count(`feedback-reminder→${RESIDENCE_OFFICE}`)).toBe(5);
    expect(count(`feedback-requested→${RESIDENCE_OFFICE}`)).toBe(3);
    expect(count(`feedback-received→${REGISTRATION_OFFICE}`)).toBe(2);
    expect(count('feedback-overdue→440306')).toBe(1);
    expect(count(`feedback-missing→${REGISTRATION_OFFICE}`)).toBe(1);

    // The latest run's snapshot is the stored file's.
    const [stored] = (await db.query(
      `SELECT state, residence_office_code AS "residenceOfficeCode", registration_office_code AS "registrationOfficeCode",
              to_char(next_feedback_due_on, 'YYYY-MM-DD') AS "nextFeedbackDueOn", feedback_reminders_sent AS "remindersSent",
              feedback_escalated AS "escalated", feedbacks_given AS "feedbacksGiven"
         FROM residence_registration WHERE id = $1`,
      [id],
    )) as Array<{ state: string; residenceOfficeCode: string; registrationOfficeCode: string; nextFeedbackDueOn: string; remindersSent: number; escalated: boolean; feedbacksGiven: number }>;
    expect(stored).toEqual({
      state: 'registered',
      residenceOfficeCode: RESIDENCE_OFFICE,
      registrationOfficeCode: REGISTRATION_OFFICE,
      nextFeedbackDueOn: third.dueOn,
      remindersSent: 1,
      escalated: false,
      feedbacksGiven: 2,
    });
    const snapshot = await latest.query(caseSnapshotQuery);
    expect(snapshot).toEqual<CaseSnapshot>({
      caseId: id,
      caseType: 'residence-registration',
      state: stored!.state,
      deadlineAt: chinaEndOfDay(stored!.nextFeedbackDueOn),
      escalated: stored!.escalated,
      timers: expectedTimers(third, stored!.remindersSent),
      facts: { residenceOfficeCode: stored!.residenceOfficeCode, registrationOfficeCode: stored!.registrationOfficeCode },
      officeCode: stored!.residenceOfficeCode,
    });

    // An action after the continuations: the departure, taken by the fifth run, closes the file and the workflow.
    const departed = await residence.post(`${REGISTRATIONS}/${id}/depart`, { note: '迁往外省' });
    expectStatus(departed, 200);
    view = departed.body as FileView;
    expect(view).toMatchObject({ state: 'departed', feedbackStatus: 'closed', waitingOn: null, allowedActions: [] });
    expect(view.closedAt).not.toBeNull();
    expect((await notificationsOf(db, id, 'residence-departed')).map((n) => n.recipientOfficeCode)).toEqual([REGISTRATION_OFFICE]);
    const requests = await notificationsOf(db, id, 'feedback-requested');
    expect(requests.map((r) => r.answeredAt !== null)).toEqual([true, true, true]);

    const until = Date.now() + 20_000;
    let finalRuns = await runsOf(stack, workflowId);
    while (finalRuns[finalRuns.length - 1]!.closedBy === null) {
      if (Date.now() > until) throw new Error('the workflow did not close after the departure');
      await new Promise((resolve) => setTimeout(resolve, 100));
      finalRuns = await runsOf(stack, workflowId);
    }
    const closed = await latest.describe();
    expect(closed.status.name).toBe('COMPLETED');
    expect(closed.runId).toBe(runs[4]!.runId);
    expect(closed.typedSearchAttributes.get(CaseStateKey)).toBe('departed');
    expect((await latest.result()).state).toBe('departed');
    expect(finalRuns.map((r) => r.recordedActions)).toEqual([2, 2, 2, 2, 2]);
    expect(finalRuns.map((r) => r.closedBy)).toEqual([
      'continued-as-new',
      'continued-as-new',
      'continued-as-new',
      'continued-as-new',
      'completed',
    ]);
    expect((await getFile(residence, id)).timeline.map((t) => t.action)).toEqual([
      'register',
      'announce-arrival',
      'send-feedback-reminder',
      'send-feedback-reminder',
      'submit-feedback',
      'send-feedback-reminder',
      'send-feedback-reminder',
      'escalate-feedback',
      'submit-feedback',
      'send-feedback-reminder',
      'depart',
    ]);
  });
});
