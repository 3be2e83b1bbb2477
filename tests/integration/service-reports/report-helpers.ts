/**
 * Shared by the service-report specs: filing a report through HTTP, polling it until a state (bounded),
 * reading its notifications, and every text a workflow's history carries. Not a spec file.
 */
import type { Response } from 'supertest';
import type { DataSource } from 'typeorm';
import type { AuthedClient } from '../../support/http';

export const REPORTS = '/api/v1/service-reports';
export const STATE_TIMEOUT_MS = 30_000;

/** 李娜, household registered at 滕王阁街道 (360102002): a demo registry record. */
export const LI_NA_ID = '360102199003072423';
export const LI_NA_NAME = '李娜';

export interface ReportView {
  id: string;
  caseNumber: string;
  filingOfficeCode: string;
  registrationOfficeCode: string;
  arbitratorOfficeCode: string | null;
  serviceType: string;
  serviceDate: string;
  outcome: string;
  note: string | null;
  state: string;
  deadlineAt: string | null;
  finalDeadlineAt: string | null;
  remindersSent: number;
  contestReason: string | null;
  overdue: boolean;
  waitingOn: { officeCode: string; for: string; dueAt: string | null } | null;
  closedAt: string | null;
  person?: { fullName: string; identityNumber: string };
  timeline: Array<{ action: string; fromState: string | null; toState: string; actorRole: string; reason: string | null; occurredAt: string }>;
  allowedActions: string[];
}

export function expectStatus(response: Response, status: number): Response {
  if (response.status !== status) throw new Error(`expected HTTP ${status}, got ${response.status}: ${response.text}`);
  return response;
}

export function aReport(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { personIdentityNumber: LI_NA_ID, serviceType: 'free-health-check', serviceDate: '2025-11-03', outcome: 'completed', note: 'annual check', ...overrides };
}

export async function getReport(client: AuthedClient, id: string): Promise<ReportView> {
  return expectStatus(await client.get(`${REPORTS}/${id}`), 200).body as ReportView;
}

export async function waitForReportState(client: AuthedClient, id: string, state: string, timeoutMs = STATE_TIMEOUT_MS): Promise<ReportView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const view = await getReport(client, id);
    if (view.state === state) return view;
    if (Date.now() > deadline) throw new Error(`report ${id} did not reach '${state}' in ${timeoutMs} ms; it is '${view.state}'`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** Files a report and waits until its workflow has delivered it. */
export async function fileDelivered(client: AuthedClient, body: Record<string, unknown> = aReport()): Promise<ReportView> {
  const filed = expectStatus(await client.post(REPORTS).send(body), 201).body as ReportView;
  return waitForReportState(client, filed.id, 'awaiting-acknowledgement');
}

export interface NotificationRecord {
  kind: string;
  recipientOfficeCode: string;
  expectsAnswer: boolean;
  answerDueAt: Date | null;
  answeredAt: Date | null;
  state: string;
}

export async function reportNotifications(db: DataSource, caseId: string, kind?: string): Promise<NotificationRecord[]> {
  return db.query(
    `SELECT kind, recipient_office_code AS "recipientOfficeCode", expects_answer AS "expectsAnswer", answer_due_at AS "answerDueAt",
            answered_at AS "answeredAt", state
       FROM notification WHERE case_id = $1 AND ($2::text IS NULL OR kind = $2) ORDER BY created_at, id`,
    [caseId, kind ?? null],
  );
}

/** Every string and every payload's bytes (as UTF-8) anywhere in a value: what a workflow's history carries. */
export function textsIn(value: unknown, out: string[] = []): string[] {
  if (value instanceof Uint8Array) out.push(Buffer.from(value).toString('utf8'));
  else if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => textsIn(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => textsIn(v, out));
  return out;
}
