/**
 * Shared by the notification integration specs: notifications and staff written straight into the run's
 * database (what the processes would have written), unique keys, and the api's response shapes. Not a
 * spec file (jest matches *.spec.ts).
 *
 * All test files share one database. To keep exact counts exact, these specs work on offices that no
 * other test sends to (two communities of 滕王阁街道, 莲塘镇, 向塘镇) with staff created here, and put
 * feedback-rate rows in a past month nobody else writes to.
 */
import { randomBytes } from 'node:crypto';
import type { Response } from 'supertest';
import type { DataSource } from 'typeorm';

export const NOTIFICATIONS = '/api/v1/notifications';
export const FEEDBACK_RATES = '/api/v1/feedback-rates';
export const webhookPath = (officeCode: string): string => `/api/v1/offices/${officeCode}/webhook`;

/** One hex suffix per test file run: idempotency keys and workflow keys never collide with another file's. */
export const RUN = randomBytes(4).toString('hex');
let sequence = 0;
export function uniqueKey(label: string): string {
  sequence += 1;
  return `it-notifications-${RUN}-${label}-${sequence}`;
}

/** Staff of the test-only offices, created on first use (the username is unique, a second insert is a no-op). */
export const TEST_STAFF = {
  minxiangCaseworker: { username: 'it-notifications.minxiang.caseworker', role: 'caseworker', officeCode: '360102002001' },
  zhangjiangluCaseworker: { username: 'it-notifications.zhangjianglu.caseworker', role: 'caseworker', officeCode: '360102002002' },
  liantangAdmin: { username: 'it-notifications.liantang.admin', role: 'office-admin', officeCode: '360121100' },
  liantangCaseworker: { username: 'it-notifications.liantang.caseworker', role: 'caseworker', officeCode: '360121100' },
} as const;

export async function ensureTestStaff(db: DataSource): Promise<void> {
  for (const user of Object.values(TEST_STAFF)) {
    await db.query(
      `INSERT INTO app_user (username, display_name, role, office_code) VALUES ($1, $2, $3, $4) ON CONFLICT (username) DO NOTHING`,
      [user.username, `Test ${user.role} (${user.officeCode})`, user.role, user.officeCode],
    );
  }
}

export interface NotificationSeed {
  recipientOfficeCode: string;
  kind?: string;
  createdAt: Date | string;
  expectsAnswer?: boolean;
  answerDueAt?: Date | string | null;
  answeredAt?: Date | string | null;
  readAt?: Date | string | null;
  deliveredAt?: Date | string | null;
  deadLetteredAt?: Date | string | null;
  lastDeliveryError?: string | null;
  deliveryRound?: number;
  state?: 'pending' | 'delivered' | 'read' | 'answered' | 'expired' | 'dead-lettered';
  payload?: Record<string, unknown>;
  label: string;
}

/** Inserts one notification as a process would have left it; answers its id. */
export async function insertNotification(db: DataSource, n: NotificationSeed): Promise<string> {
  const rows = (await db.query(
    `INSERT INTO notification (recipient_office_code, kind, case_type, expects_answer, answer_due_at, answered_at, read_at,
       delivered_at, dead_lettered_at, last_delivery_error, delivery_round, state, payload, idempotency_key, created_at)
     VALUES ($1, $2, 'test', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
    [
      n.recipientOfficeCode,
      n.kind ?? 'report-awaiting-acknowledgement',
      n.expectsAnswer ?? false,
      n.answerDueAt ?? null,
      n.answeredAt ?? null,
      n.readAt ?? null,
      n.deliveredAt ?? null,
      n.deadLetteredAt ?? null,
      n.lastDeliveryError ?? null,
      n.deliveryRound ?? 1,
      n.state ?? (n.answeredAt ? 'answered' : n.readAt ? 'read' : 'delivered'),
      JSON.stringify(n.payload ?? {}),
      uniqueKey(n.label),
      n.createdAt,
    ],
  )) as Array<{ id: string }>;
  return rows[0]!.id;
}

/** Throws with the response text unless the status is the expected one. */
export function expectStatus(response: Response, status: number): Response {
  if (response.status !== status) {
    const request = (response as unknown as { req?: { method?: string; path?: string } }).req;
    throw new Error(`expected HTTP ${status} for ${request?.method ?? ''} ${request?.path ?? ''}, got ${response.status}: ${response.text}`);
  }
  return response;
}

export async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

export const hoursFrom = (at: Date, hours: number): Date => new Date(at.getTime() + hours * 3_600_000);

export interface NotificationBody {
  id: string;
  recipientOfficeCode: string;
  recipientUserId: string | null;
  kind: string;
  caseType: string | null;
  caseId: string | null;
  certificateId: string | null;
  expectsAnswer: boolean;
  answerDueAt: string | null;
  payload: Record<string, unknown>;
  state: string;
  createdAt: string;
  deliveredAt: string | null;
  readAt: string | null;
  answeredAt: string | null;
  deadLetteredAt: string | null;
  lastDeliveryError: string | null;
}

export interface NotificationDetailBody extends NotificationBody {
  deliveryRound: number;
  attempts: Array<{ round: number; attempt: number; attemptedAt: string; statusCode: number | null; outcome: string; error: string | null }>;
}

export interface NotificationPageBody {
  items: NotificationBody[];
  total: number;
  totalIsCapped: boolean;
  nextAfter: string | null;
  limit: number;
  offset: number;
}

export interface FeedbackRatesBody {
  from: string;
  to: string;
  offices: Array<{ officeCode: string; expectingAnswer: number; answeredOnTime: number; rate: number | null; medianAnswerSeconds: number | null }>;
  total: { expectingAnswer: number; answeredOnTime: number; rate: number | null };
}
