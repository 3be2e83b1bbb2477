/**
 * Shared by the notification-delivery specs (integration, and the workflow project's
 * tests/workflow/notifications): a notification written straight into the database, its delivery
 * workflow started through the client, and what the database and the workflow's history say afterwards.
 * Not a spec file (jest matches *.spec.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import type { DataSource } from 'typeorm';
import { NotificationsRepository, type NotificationRow } from '../../../libs/db';
import { notificationDeliveryWorkflowId, type NotificationDeliveryOutcome } from '../../../libs/contracts';
// Type-only: workflow code runs in the worker's sandbox, never in the test process.
import type { notificationDeliveryWorkflow } from '../../../workflows/notification-delivery/notification-delivery.workflow';
import { payloadValue } from '../../support/history-scan';

/** 新安街道 (Shenzhen): the demo destination office of certificate applications. */
export const XINAN_OFFICE = '440306017';
/** 西乡街道 (Shenzhen): no other spec sends anything there, so a webhook on it is this file's alone. */
export const XIXIANG_OFFICE = '440306018';
/** 宝安区: the nearest office with a manager (baoan.manager) above both. */
export const BAOAN_OFFICE = '440306';
export const BAOAN_MANAGER = 'baoan.manager';

export interface DeliveryAttemptRow {
  round: number;
  attempt: number;
  statusCode: number | null;
  outcome: string;
}

/** Inserts a notification as an action would (idempotency key unique per call); answers its id. */
export async function insertNotification(
  db: DataSource,
  n: { recipientOfficeCode: string; kind?: string; payload?: Record<string, unknown> },
): Promise<string> {
  const idempotencyKey = `test-notification:${randomUUID()}`;
  await new NotificationsRepository(db).insert(db.manager, {
    recipientOfficeCode: n.recipientOfficeCode,
    kind: n.kind ?? 'test-notice',
    payload: n.payload ?? { note: 'sent by a test' },
    idempotencyKey,
  });
  const [row] = (await db.query(`SELECT id FROM notification WHERE idempotency_key = $1`, [idempotencyKey])) as Array<{ id: string }>;
  if (!row) throw new Error(`notification ${idempotencyKey} was not written`);
  return row.id;
}

/** Starts notificationDeliveryWorkflow for `notificationId` as deliverNotifications would (same id). */
export async function startDelivery(
  client: Client,
  taskQueue: string,
  notificationId: string,
): Promise<WorkflowHandle<typeof notificationDeliveryWorkflow>> {
  return client.workflow.start<typeof notificationDeliveryWorkflow>('notificationDeliveryWorkflow', {
    workflowId: notificationDeliveryWorkflowId(notificationId),
    taskQueue,
    args: [{ notificationId }],
  });
}

/** The workflow's result, or a clear failure after `timeoutMs` of real time. */
export async function deliveryResult(
  handle: WorkflowHandle<typeof notificationDeliveryWorkflow>,
  timeoutMs: number,
  explain: () => string = () => '',
): Promise<NotificationDeliveryOutcome> {
  return withTimeout(handle.result(), timeoutMs, () => `delivery workflow ${handle.workflowId} has no result after ${timeoutMs} ms. ${explain()}`);
}

export async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(message())), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export async function notificationRow(db: DataSource, id: string): Promise<NotificationRow> {
  const row = await new NotificationsRepository(db).findById(id);
  if (!row) throw new Error(`no notification ${id}`);
  return row;
}

export async function deliveryAttempts(db: DataSource, id: string): Promise<DeliveryAttemptRow[]> {
  return new NotificationsRepository(db).attempts(id);
}

/** The 'notification-dead-lettered' notices written about notification `id`. */
export async function deadLetterNotices(
  db: DataSource,
  id: string,
): Promise<Array<{ recipientOfficeCode: string; recipientUserId: string | null; payload: Record<string, unknown> }>> {
  return db.query(
    `SELECT recipient_office_code AS "recipientOfficeCode", recipient_user_id AS "recipientUserId", payload
       FROM notification WHERE kind = 'notification-dead-lettered' AND payload->>'notificationId' = $1 ORDER BY created_at`,
    [id],
  );
}

export async function userIdOf(db: DataSource, username: string): Promise<string> {
  const [row] = (await db.query(`SELECT id FROM app_user WHERE username = $1`, [username])) as Array<{ id: string }>;
  if (!row) throw new Error(`no user ${username}`);
  return row.id;
}

/** What a delivery workflow's history says, in workflow (server) time. */
export interface DeliveryHistory {
  startedAtMs: number;
  /** One per webhook attempt (sendWebhookRequest scheduled), in order. */
  attempts: Array<{
    scheduledAtMs: number;
    /** The webhook attempt number: 1 for the first request activity scheduled, and so on. */
    attempt: number;
    /** When the workflow task that scheduled it started: the workflow's Date.now() when it decided to. */
    decidedAtMs: number;
    /** The activity's final Temporal attempt (2 when it was retried once), when it completed. */
    activityAttempt: number | null;
  }>;
  /** The attempt number of each recordWebhookAttempt scheduled, in order (the workflow's own count). */
  recordedAttempts: number[];
  /** One per sleep between attempts, in order. */
  timers: Array<{ startedAtMs: number; durationMs: number; firedAtMs: number | null }>;
  deadLetterScheduledAtMs: number | null;
  closedAtMs: number | null;
}

export async function deliveryHistory(handle: WorkflowHandle): Promise<DeliveryHistory> {
  const history = await handle.fetchHistory();
  const events = history.events ?? [];
  const result: DeliveryHistory = { startedAtMs: NaN, attempts: [], recordedAttempts: [], timers: [], deadLetterScheduledAtMs: null, closedAtMs: null };
  const attemptByScheduledId = new Map<string, DeliveryHistory['attempts'][number]>();
  const timerById = new Map<string, DeliveryHistory['timers'][number]>();
  let lastWorkflowTaskStartedMs = NaN;
  for (const event of events) {
    const at = tsToMs(event.eventTime);
    if (event.workflowExecutionStartedEventAttributes) result.startedAtMs = at;
    if (event.workflowTaskStartedEventAttributes) lastWorkflowTaskStartedMs = at;
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled) {
      const name = scheduled.activityType?.name;
      if (name === 'sendWebhookRequest') {
        const attempt = result.attempts.length + 1;
        const entry: DeliveryHistory['attempts'][number] = { scheduledAtMs: at, attempt, decidedAtMs: lastWorkflowTaskStartedMs, activityAttempt: null };
        result.attempts.push(entry);
        attemptByScheduledId.set(String(event.eventId), entry);
      } else if (name === 'recordWebhookAttempt') {
        // Encrypted in the history (the payload codec): decoded as the worker decodes it.
        const payload = scheduled.input?.payloads?.[0];
        const input = payload ? await payloadValue<{ attempt: number }>(handle.client, payload) : { attempt: NaN };
        result.recordedAttempts.push(input.attempt);
      } else if (name === 'deadLetterNotification') {
        result.deadLetterScheduledAtMs = at;
      }
    }
    const started = event.activityTaskStartedEventAttributes;
    if (started) {
      const entry = attemptByScheduledId.get(String(started.scheduledEventId));
      if (entry) entry.activityAttempt = started.attempt ?? null;
    }
    const timerStarted = event.timerStartedEventAttributes;
    if (timerStarted) {
      const timer: DeliveryHistory['timers'][number] = { startedAtMs: at, durationMs: tsToMs(timerStarted.startToFireTimeout), firedAtMs: null };
      result.timers.push(timer);
      timerById.set(timerStarted.timerId ?? '', timer);
    }
    const fired = event.timerFiredEventAttributes;
    if (fired) {
      const timer = timerById.get(fired.timerId ?? '');
      if (timer) timer.firedAtMs = at;
    }
    if (event.workflowExecutionCompletedEventAttributes || event.workflowExecutionFailedEventAttributes) result.closedAtMs = at;
  }
  return result;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
