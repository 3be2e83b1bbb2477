/**
 * Helpers shared by the certificate-application workflow tests: opening a case through the api, polling
 * it, skipping Temporal time to an instant, reading notifications, and an independent working-day
 * calculator that the tests compute their expectations with (written from the rules stated in
 * libs/domain/sla.ts and working-calendar.ts, deliberately not calling them).
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { DataSource } from 'typeorm';
import type { LoggedInUser } from '../../support/workflow-stack';

export const CASES = '/api/v1/certificate-applications';

/** 李娜 from libs/db/seed/demo-registry.ts (married, as registered): the registry check matches, the case goes to review. */
export const LI_NA = {
  fullName: '李娜',
  identityNumber: '360102199003072423',
  sex: 'female',
  dateOfBirth: '1990-03-07',
  householdOfficeCode: '360102002',
  maritalStatus: 'married',
  marriageDate: '2016-05-20',
  spouseName: '王强',
  spouseIdentityNumber: '360102198811203116',
} as const;

export interface TimelineEntry {
  action: string;
  fromState: string | null;
  toState: string;
  actorUserId: string | null;
  actorRole: string;
  reason: string | null;
  payload: Record<string, unknown>;
  occurredAt: string;
}

export interface CaseView {
  id: string;
  caseNumber: string;
  officeCode: string;
  state: string;
  assigneeUserId: string | null;
  submittedAt: string;
  deadlineWorkingDays: number;
  deadlineAt: string | null;
  paused: boolean;
  lapseAt: string | null;
  escalated: boolean;
  closedAt: string | null;
  registryCheck: { match: boolean; differences: string[] } | null;
  timeline: TimelineEntry[];
}

export interface NotificationRecord {
  kind: string;
  recipientOfficeCode: string;
  recipientUserId: string | null;
  caseType: string | null;
  createdAt: Date;
}

export function expectStatus(response: { status: number; body: unknown }, status: number): void {
  if (response.status !== status) {
    throw new Error(`expected HTTP ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
  }
}

export async function openCase(caseworker: LoggedInUser): Promise<CaseView> {
  const response = await caseworker.post(CASES, { applicant: LI_NA });
  expectStatus(response, 201);
  return response.body as CaseView;
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

export function actionsOf(view: CaseView, action?: string): TimelineEntry[] {
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

// ---------------------------------------------------------------------------------------------------
// Independent working-day arithmetic (China dates, UTC+8 all year), from the documented rules:
//  - a working day is Monday–Friday unless listed as 'holiday', or a weekend day listed as 'workday';
//  - "n working days after D" never counts D itself;
//  - a deadline (and a reminder, and a lapse) falls at the end of its China day, 23:59:59.999 +08:00;
//  - a pause from request to supply suspends the working days in (request date, supply date].
// ---------------------------------------------------------------------------------------------------

const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** 'YYYY-MM-DD', the China calendar date of an instant. */
export function chinaDate(instant: Date | string | number): string {
  return new Date(new Date(instant).getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** 23:59:59.999 +08:00 on that China date, as an ISO instant (UTC). */
export function chinaEndOfDay(date: string): string {
  return new Date(Date.parse(`${date}T23:59:59.999+08:00`)).toISOString();
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 0 Sunday … 6 Saturday. */
export function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export interface CalendarEntry {
  date: string;
  kind: 'holiday' | 'workday';
}

export class ExpectedCalendar {
  private readonly kinds = new Map<string, 'holiday' | 'workday'>();

  constructor(entries: readonly CalendarEntry[]) {
    for (const entry of entries) this.kinds.set(entry.date, entry.kind);
  }

  isWorkingDay(date: string): boolean {
    const kind = this.kinds.get(date);
    if (kind !== undefined) return kind === 'workday';
    const day = weekday(date);
    return day !== 0 && day !== 6;
  }

  /** The date n working days after `date` (which itself never counts). */
  addWorkingDays(date: string, n: number): string {
    let current = date;
    for (let counted = 0; counted < n; ) {
      current = addDays(current, 1);
      if (this.isWorkingDay(current)) counted += 1;
    }
    return current;
  }

  /** Working days in (a, b]. */
  workingDaysBetween(a: string, b: string): number {
    let count = 0;
    for (let current = addDays(a, 1); current <= b; current = addDays(current, 1)) {
      if (this.isWorkingDay(current)) count += 1;
    }
    return count;
  }

}

export async function loadExpectedCalendar(user: LoggedInUser): Promise<ExpectedCalendar> {
  const response = await user.get('/api/v1/working-calendar');
  expectStatus(response, 200);
  return new ExpectedCalendar(response.body as CalendarEntry[]);
}
