/**
 * Helpers shared by the certificate-application workflow tests: one stack per spec file with a caseworker
 * logged in, opening a case through the api and polling it, skipping Temporal time to an instant, reading
 * notifications. Their expectations come from the independent calculator in expected-calendar.ts.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { DataSource } from 'typeorm';
import type { CaseView, TimelineEntryView } from '../../support/case-view';
import { LI_NA } from '../../support/demo-applicants';
import { useStarted } from '../../support/use-started';
import { startWorkflowStack, STACK_TIMEOUT_MS, type LoggedInUser, type WorkflowStack } from '../../support/workflow-stack';

export const CASES = '/api/v1/certificate-applications';
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export interface NotificationRecord {
  kind: string;
  recipientOfficeCode: string;
  recipientUserId: string | null;
  caseType: string | null;
  createdAt: Date;
}

export interface StackWithCaseworker {
  stack: WorkflowStack;
  /** tengwangge.caseworker, of 滕王阁街道 (360102002), where the demo applicants' cases are opened. */
  caseworker: LoggedInUser;
}

/**
 * Starts a stack (database `<databasePrefix>_…`) and logs the caseworker in, in beforeAll; stops the stack
 * in afterAll. One per spec file: time skipping is global to the stack's server. The getter answers both
 * inside tests.
 */
export function useStackWithCaseworker(databasePrefix: string, config?: Record<string, string>): () => StackWithCaseworker {
  const stack = useStarted('the workflow stack', () => startWorkflowStack({ databasePrefix, ...(config ? { config } : {}) }), (s) => s.stop(), STACK_TIMEOUT_MS);
  let caseworker: LoggedInUser | undefined;

  beforeAll(async () => {
    caseworker = await stack().loginAs('tengwangge.caseworker');
  });

  return () => {
    if (caseworker === undefined) throw new Error('the caseworker did not log in (see the beforeAll error)');
    return { stack: stack(), caseworker };
  };
}

export function expectStatus(response: { status: number; body: unknown }, status: number): void {
  if (response.status !== status) {
    throw new Error(`expected HTTP ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
  }
}

/**
 * Opens a case for 李娜 and waits until the registry check (a match) has put it under review. Answers the
 * case as opened and as under review.
 */
export async function openCaseUnderReview(caseworker: LoggedInUser): Promise<{ opened: CaseView; inReview: CaseView }> {
  const response = await caseworker.post(CASES, { applicant: LI_NA });
  expectStatus(response, 201);
  const opened = response.body as CaseView;
  const inReview = await waitForCase(caseworker, opened.id, (c) => c.state === 'under-review', 'the registry check');
  return { opened, inReview };
}

export async function getCase(user: LoggedInUser, id: string): Promise<CaseView> {
  const response = await user.get(`${CASES}/${id}`);
  expectStatus(response, 200);
  return response.body as CaseView;
}

/**
 * Polls GET /:id (real time) until the predicate holds: the workflow records its actions through an
 * activity, which may still be committing when env.sleep() returns.
 */
export async function waitForCase(
  user: LoggedInUser,
  id: string,
  predicate: (view: CaseView) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<CaseView> {
  const deadline = Date.now() + timeoutMs;
  let view = await getCase(user, id);
  while (!predicate(view)) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; case is ${JSON.stringify(summarise(view))}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    view = await getCase(user, id);
  }
  return view;
}

export function actionsOf(view: CaseView, action?: string): TimelineEntryView[] {
  return view.timeline.filter((entry) => action === undefined || entry.action === action);
}

function summarise(view: CaseView): object {
  return {
    state: view.state,
    deadlineAt: view.deadlineAt,
    lapseAt: view.lapseAt,
    escalated: view.escalated,
    closedAt: view.closedAt,
    timeline: view.timeline.map((entry) => `${entry.occurredAt} ${entry.action} → ${entry.toState}`),
  };
}

/**
 * Skips the time-skipping server's clock forward to `instantMs` (or a little past it with `marginMs`),
 * firing every workflow timer on the way. Fails if the clock is already past the target, so a test can
 * never silently skip over the moment it means to look at.
 */
export async function skipTo(env: TestWorkflowEnvironment, instantMs: number, marginMs = 0): Promise<void> {
  const now = await env.currentTimeMs();
  const target = instantMs + marginMs;
  if (target <= now) {
    throw new Error(`cannot skip back: server time ${new Date(now).toISOString()} is past ${new Date(target).toISOString()}`);
  }
  await env.sleep(target - now);
}

export async function notificationsFor(db: DataSource, caseId: string, kind?: string): Promise<NotificationRecord[]> {
  return db.query(
    `SELECT kind, recipient_office_code AS "recipientOfficeCode", recipient_user_id AS "recipientUserId",
            case_type AS "caseType", created_at AS "createdAt"
       FROM notification WHERE case_id = $1 AND ($2::text IS NULL OR kind = $2) ORDER BY created_at, id`,
    [caseId, kind ?? null],
  );
}

export async function userIdOf(db: DataSource, username: string): Promise<string> {
  const [row] = (await db.query(`SELECT id FROM app_user WHERE username = $1`, [username])) as Array<{ id: string }>;
  if (!row) throw new Error(`no user ${username}`);
  return row.id;
}

