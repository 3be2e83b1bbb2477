/**
 * Helpers shared by the residence-registration workflow tests: registering 李娜's arrival at 新安街道
 * (440306017) through the api, reading and polling the file, its notifications and its workflow's runs,
 * and the feedback clock the tests expect, computed independently of libs/domain/feedback-clock.ts from
 * the rules it states:
 *  - due dates are China calendar days; the first is one agreed interval (6 months for the demo agreement
 *    360102002 ↔ 440306017) after the arrival, the next one interval after the due date just met;
 *  - reminders go out `reminderLeadDays` calendar days before the due date and on it, both at 09:00 +08:00;
 *  - feedback is on time until the end of the due day (23:59:59.999 +08:00);
 *  - missing feedback is escalated at the end of the `escalationWorkingDays`-th working day after the due
 *    day (working days by ../certificate-application/expected-calendar.ts).
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import type { ResidenceRegistrationView } from '../../../apps/api/src/residence-registrations/residence-registration.view';
import type { TimelineEntryView } from '../../support/case-view';
import type { LoggedInUser, WorkflowStack } from '../../support/workflow-stack';
import { addDays, chinaDate, chinaEndOfDay, type ExpectedCalendar } from '../certificate-application/expected-calendar';
import { expectStatus } from '../certificate-application/support';
import { payloadValue } from '../../support/history-scan';

export const REGISTRATIONS = '/api/v1/residence-registrations';
/** 李娜, household registered at 滕王阁街道 (360102002), known from the demo household registry. */
export const LI_NA_IDENTITY_NUMBER = '360102199003072423';
export const REGISTRATION_OFFICE = '360102002';
export const RESIDENCE_OFFICE = '440306017';
/** The demo agreement 新安街道 ↔ 滕王阁街道. */
export const INTERVAL_MONTHS = 6;
/** The configured defaults (FEEDBACK_REMINDER_LEAD_DAYS, FEEDBACK_ESCALATION_WORKING_DAYS). */
export const REMINDER_LEAD_DAYS = 14;
export const ESCALATION_WORKING_DAYS = 5;

/** A file as GET /:id and every action answer it: the view with its detail parts. */
export type FileView = ResidenceRegistrationView & Required<Pick<ResidenceRegistrationView, 'timeline' | 'allowedActions'>>;

export interface ResidenceNotification {
  kind: string;
  recipientOfficeCode: string;
  recipientUserId: string | null;
  expectsAnswer: boolean;
  answerDueAt: Date | null;
  answeredAt: Date | null;
  createdAt: Date;
}

/** 'YYYY-MM-DD' plus whole months, the day kept or, past the end of a shorter month, its last day. */
export function plusMonths(date: string, months: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth, 0)).getUTCDate();
  return `${String(targetYear).padStart(4, '0')}-${String(targetMonth).padStart(2, '0')}-${String(Math.min(day, lastDay)).padStart(2, '0')}`;
}

/** 09:00 +08:00 on a China date, as an ISO instant. */
export function chinaNineAm(date: string): string {
  return new Date(Date.parse(`${date}T09:00:00.000+08:00`)).toISOString();
}

export interface ExpectedPeriod {
  dueOn: string;
  /** End of the due day: the last instant feedback is on time. */
  dueAt: string;
  /** Ahead of the due date, and on it. */
  reminderAts: [string, string];
  escalateAt: string;
}

export function expectedPeriod(calendar: ExpectedCalendar, dueOn: string): ExpectedPeriod {
  return {
    dueOn,
    dueAt: chinaEndOfDay(dueOn),
    reminderAts: [chinaNineAm(addDays(dueOn, -REMINDER_LEAD_DAYS)), chinaNineAm(dueOn)],
    escalateAt: chinaEndOfDay(calendar.addWorkingDays(dueOn, ESCALATION_WORKING_DAYS)),
  };
}

/** The timers a workflow should be running for an open file in this period with `remindersSent` sent and not escalated. */
export function expectedTimers(period: ExpectedPeriod, remindersSent: number): Array<{ at: string; action: string }> {
  return [
    ...period.reminderAts.slice(remindersSent).map((at) => ({ at, action: 'send-feedback-reminder' })),
    { at: period.escalateAt, action: 'escalate-feedback' },
  ];
}

/** An entry recorded by a timer: at its instant (timer resolution aside), in workflow time. */
export function expectAt(occurredAt: string, dueAt: string): void {
  const lateMs = Date.parse(occurredAt) - Date.parse(dueAt);
  expect(lateMs).toBeGreaterThanOrEqual(0);
  expect(lateMs).toBeLessThan(60_000);
}

export const entriesOf = (view: FileView, action: string): TimelineEntryView[] => view.timeline.filter((t) => t.action === action);
export const remindersOf = (view: FileView): TimelineEntryView[] => entriesOf(view, 'send-feedback-reminder');

export async function getFile(user: LoggedInUser, id: string): Promise<FileView> {
  const response = await user.get(`${REGISTRATIONS}/${id}`);
  expectStatus(response, 200);
  return response.body as FileView;
}

/** Polls GET /:id (real time) until the predicate holds: the worker records timers' actions asynchronously. */
export async function waitForFile(user: LoggedInUser, id: string, predicate: (view: FileView) => boolean, what: string, timeoutMs = 20_000): Promise<FileView> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const view = await getFile(user, id);
    if (predicate(view)) return view;
    if (Date.now() > until) {
      throw new Error(
        `timed out waiting for ${what}: ${JSON.stringify({
          state: view.state,
          nextFeedbackDueOn: view.nextFeedbackDueOn,
          feedbackStatus: view.feedbackStatus,
          feedbacksGiven: view.feedbacksGiven,
          timeline: view.timeline.map((t) => `${t.occurredAt} ${t.action}`),
        })}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Registers 李娜's arrival today (China date of real now) on her own declaration, and waits for the announcement. */
export async function registerLiNa(residence: LoggedInUser): Promise<{ created: FileView; registered: FileView; arrivedOn: string }> {
  const arrivedOn = chinaDate(Date.now());
  const response = await residence.post(REGISTRATIONS, { verification: 'self-declaration', identityNumber: LI_NA_IDENTITY_NUMBER, arrivedOn });
  expectStatus(response, 201);
  const created = response.body as FileView;
  const registered = await waitForFile(residence, created.id, (f) => f.state === 'registered', 'the announcement');
  return { created, registered, arrivedOn };
}

export async function submitFeedback(residence: LoggedInUser, id: string, body: { situation: 'unchanged' | 'changed'; note?: string } = { situation: 'unchanged' }): Promise<FileView> {
  const response = await residence.post(`${REGISTRATIONS}/${id}/feedback`, body);
  expectStatus(response, 200);
  return response.body as FileView;
}

export async function notificationsOf(db: DataSource, caseId: string, kind?: string): Promise<ResidenceNotification[]> {
  return db.query(
    `SELECT kind, recipient_office_code AS "recipientOfficeCode", recipient_user_id AS "recipientUserId",
            expects_answer AS "expectsAnswer", answer_due_at AS "answerDueAt", answered_at AS "answeredAt", created_at AS "createdAt"
       FROM notification WHERE case_id = $1 AND ($2::text IS NULL OR kind = $2) ORDER BY created_at, id`,
    [caseId, kind ?? null],
  );
}

export async function userIdOf(db: DataSource, username: string): Promise<string> {
  const [row] = (await db.query(`SELECT id FROM app_user WHERE username = $1`, [username])) as Array<{ id: string }>;
  if (!row) throw new Error(`no user ${username}`);
  return row.id;
}

export interface WorkflowRun {
  runId: string;
  /** The input's `continued.run`, absent for the first run. */
  continuedRun: number | undefined;
  /** How the run ended, from its last event ('continued-as-new', 'completed', …), or null while it runs. */
  closedBy: string | null;
  /** Child workflows (notification deliveries) the run started whose end its history has not recorded. */
  openChildren: number;
  /** Actions the run recorded: its recordCaseAction activities. */
  recordedActions: number;
}

/**
 * Every run of a workflow id, oldest first, from Temporal's histories: from the first run (the current
 * run's WorkflowExecutionStarted.firstExecutionRunId) on through each closed run's
 * WorkflowExecutionContinuedAsNew.newExecutionRunId. (Histories rather than describe(): the test server's
 * DescribeWorkflowExecution fails while a child start is pending, which happens around a continuation.)
 */
type HistoryEvent = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>[number];

export async function runsOf(stack: WorkflowStack, workflowId: string): Promise<WorkflowRun[]> {
  const current = await stack.env.client.workflow.getHandle(workflowId).fetchHistory();
  const first = current.events?.[0]?.workflowExecutionStartedEventAttributes?.firstExecutionRunId;
  if (!first) throw new Error(`${workflowId}: its current run names no first run`);
  const runs: WorkflowRun[] = [];
  for (let runId: string | undefined = first; runId; ) {
    const events: HistoryEvent[] = (await stack.env.client.workflow.getHandle(workflowId, runId).fetchHistory()).events ?? [];
    const started = events[0]?.workflowExecutionStartedEventAttributes;
    if (!started) throw new Error(`run ${runId} of ${workflowId} has no started event`);
    const last: HistoryEvent = events[events.length - 1]!;
    const closed = [
      last.workflowExecutionContinuedAsNewEventAttributes && 'continued-as-new',
      last.workflowExecutionCompletedEventAttributes && 'completed',
      last.workflowExecutionFailedEventAttributes && 'failed',
      last.workflowExecutionTerminatedEventAttributes && 'terminated',
      last.workflowExecutionTimedOutEventAttributes && 'timed-out',
    ].find((c) => typeof c === 'string');
    const payload = started.input?.payloads?.[0];
    // Encrypted in the history (the payload codec): decoded as the worker decodes it.
    const input = payload?.data ? await payloadValue<{ continued?: { run: number } }>(stack.env.client.workflow, payload) : {};
    const childrenStarted = events.filter((e) => e.startChildWorkflowExecutionInitiatedEventAttributes).length;
    const childrenEnded = events.filter(
      (e) =>
        e.startChildWorkflowExecutionFailedEventAttributes ||
        e.childWorkflowExecutionCompletedEventAttributes ||
        e.childWorkflowExecutionFailedEventAttributes ||
        e.childWorkflowExecutionCanceledEventAttributes ||
        e.childWorkflowExecutionTimedOutEventAttributes ||
        e.childWorkflowExecutionTerminatedEventAttributes,
    ).length;
    const recordedActions = events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'recordCaseAction').length;
    runs.push({ runId, continuedRun: input.continued?.run, closedBy: closed ?? null, openChildren: childrenStarted - childrenEnded, recordedActions });
    runId = last.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId || undefined;
  }
  return runs;
}

export async function waitForRuns(stack: WorkflowStack, workflowId: string, count: number, what: string): Promise<WorkflowRun[]> {
  const until = Date.now() + 20_000;
  for (;;) {
    const runs = await runsOf(stack, workflowId);
    if (runs.length >= count) return runs;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}: ${runs.length} run(s) ${JSON.stringify(runs)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Works around a limitation of Temporal's Java time-skipping test server (seen with 1.31.0): a run that
 * closes (here: continues as new) while child workflows it started are still open in its history (here:
 * the deliveries of the notifications its last action made, ParentClosePolicy.ABANDON) leaves one
 * time-skipping lock held per such child, so the server stops skipping and every later env.sleep() runs
 * in real time. Reproduced with a fixture workflow (sleep, startChild ×n, continueAsNew): it stalls after
 * the continuation until n unlockTimeSkipping calls; with no child, or with a timer between the children
 * and the continuation (their ends recorded), it does not. Known upstream: temporalio/sdk-java#1540 and
 * temporalio/sdk-typescript#1101. A real server has no such lock: not a product behaviour. Call once per
 * continuation, with the closed run (see `runsOf`).
 */
export async function releaseTimeLocksLeakedBy(stack: WorkflowStack, closedRun: WorkflowRun): Promise<void> {
  const testService = stack.env.connection.testService;
  if (!testService) throw new Error('not a time-skipping environment');
  for (let i = 0; i < closedRun.openChildren; i++) await testService.unlockTimeSkipping({});
}
