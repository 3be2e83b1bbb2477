/** What the api, the workflows and the worker share about delivering notifications. */

export interface NotificationDeliveryInput {
  notificationId: string;
  /**
   * The delivery round this workflow runs: 1 (the default) for the first delivery, n + 1 for a redelivery
   * asked for after round n dead-lettered. The workflow owns its round, so a retried start of the round
   * cannot advance it twice.
   */
  round?: number;
}

export type NotificationDeliveryOutcome = 'delivered-to-inbox' | 'delivered' | 'dead-lettered';

/** First delivery of a notification: one workflow per notification, started by whatever caused it. */
/** The delivery workflow's type, for those who start one by name (the api; case workflows start it as a child). */
export const NOTIFICATION_DELIVERY_WORKFLOW = 'notificationDeliveryWorkflow';

export function notificationDeliveryWorkflowId(notificationId: string): string {
  return `notification-delivery/${notificationId}`;
}

/**
 * A redelivery asked for by staff: one workflow id per notification and round, so two requests at the same
 * moment (whatever their Idempotency-Keys) are one redelivery, and the later one is told so.
 */
export function notificationRedeliveryWorkflowId(notificationId: string, round: number): string {
  return `notification-redelivery/${notificationId}/round-${round}`;
}

/** Memo of a redelivery workflow: a hash of the request's Idempotency-Key (never the key itself), to recognise a repeat. */
export interface NotificationRedeliveryMemo {
  requestKeySha256: string;
}

/** How long and how often a webhook is retried; from config, fixed for a delivery round when it begins. */
export interface WebhookRetryPolicy {
  budgetMs: number;
  initialIntervalMs: number;
  maxIntervalMs: number;
}

export interface DeliveryRound {
  round: number;
  /** WEBHOOK_TIMEOUT_MS: how long one request may take, so the request activity's timeout can sit just above it. */
  requestTimeoutMs: number;
  /** False when the office has no webhook: the inbox row is the delivery. */
  webhook: boolean;
  policy: WebhookRetryPolicy;
}

/** What a webhook attempt can come to: delivered, failed and to be tried again, refused for good. */
export const WEBHOOK_ATTEMPT_OUTCOMES = ['delivered', 'retry', 'permanent'] as const;
export type WebhookAttemptOutcome = (typeof WEBHOOK_ATTEMPT_OUTCOMES)[number];

export interface WebhookAttemptResult {
  outcome: WebhookAttemptOutcome;
  statusCode: number | null;
}

/** What one webhook request came to, to be recorded by a separate database activity. */
export interface WebhookRequestResult extends WebhookAttemptResult {
  /** ISO time the request was made. */
  at: string;
  /** Why it did not deliver (HTTP status, network error); null when delivered. No personal data. */
  error: string | null;
}

export const DAILY_DIGEST_SCHEDULE_ID = 'passage-daily-digest';
export function dailyDigestWorkflowId(date: string): string {
  return `daily-digest/${date}`;
}
