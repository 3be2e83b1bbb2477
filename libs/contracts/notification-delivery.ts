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

/**
 * Why a webhook attempt did not deliver when no HTTP answer came. These codes, or `HTTP <status>` when the
 * receiver answered, are all that is stored and shown to the office (lastDeliveryError, the attempt list):
 * never a network error's own text, whose addresses, ports and wording would turn the webhook into a probe
 * of the networks around the worker. The worker logs the details for the operator.
 */
export const WEBHOOK_FAILURE_CODES = [
  'connection-refused',
  'timeout',
  /** The address is one Passage does not send to (loopback, private, metadata, …): never retried. */
  'address-refused',
  'tls-error',
  'dns-failure',
  'network-error',
  /** The office removed its webhook while the notification was being delivered. */
  'no-webhook',
  /** The request activity itself failed its few retries (worker lost mid-request, database unreadable before it). */
  'request-activity-failed',
] as const;
export type WebhookFailureCode = (typeof WEBHOOK_FAILURE_CODES)[number];

export function httpStatusFailure(status: number): string {
  return `HTTP ${status}`;
}

/**
 * The delivery error as it may be stored: `HTTP <status>` or a failure code as is, anything else (free
 * text from a workflow started by an older version) as `network-error`.
 */
export function storableWebhookFailure(error: string | null): string | null {
  if (error === null) return null;
  if (/^HTTP [1-5][0-9]{2}$/.test(error)) return error;
  return (WEBHOOK_FAILURE_CODES as readonly string[]).includes(error) ? error : 'network-error';
}

/** What one webhook request came to, to be recorded by a separate database activity. */
export interface WebhookRequestResult extends WebhookAttemptResult {
  /** ISO time the request was made. */
  at: string;
  /** Why it did not deliver: `HTTP <status>` or a WebhookFailureCode; null when delivered. */
  error: string | null;
}

export const DAILY_DIGEST_SCHEDULE_ID = 'passage-daily-digest';
export function dailyDigestWorkflowId(date: string): string {
  return `daily-digest/${date}`;
}
