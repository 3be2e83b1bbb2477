/** What the api, the workflows and the worker share about delivering notifications. */

export interface NotificationDeliveryInput {
  notificationId: string;
}

export type NotificationDeliveryOutcome = 'delivered-to-inbox' | 'delivered' | 'dead-lettered';

/** First delivery of a notification: one workflow per notification, started by whatever caused it. */
export function notificationDeliveryWorkflowId(notificationId: string): string {
  return `notification-delivery/${notificationId}`;
}

/** A redelivery asked for by staff, keyed by the request so that asking twice is one redelivery. */
export function notificationRedeliveryWorkflowId(notificationId: string, requestKey: string): string {
  return `notification-redelivery/${notificationId}/${requestKey}`;
}

/** How long and how often a webhook is retried; from config, fixed for a delivery round when it begins. */
export interface WebhookRetryPolicy {
  budgetMs: number;
  initialIntervalMs: number;
  maxIntervalMs: number;
}

export interface DeliveryRound {
  round: number;
  /** False when the office has no webhook: the inbox row is the delivery. */
  webhook: boolean;
  policy: WebhookRetryPolicy;
}

export interface WebhookAttemptResult {
  outcome: 'delivered' | 'retry' | 'permanent';
  statusCode: number | null;
}

export const DAILY_DIGEST_SCHEDULE_ID = 'passage-daily-digest';
export function dailyDigestWorkflowId(date: string): string {
  return `daily-digest/${date}`;
}
