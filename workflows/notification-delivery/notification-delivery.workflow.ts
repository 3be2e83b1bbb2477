import { ActivityFailure, ApplicationFailure, proxyActivities, sleep } from '@temporalio/workflow';
import type { NotificationActivities } from '../../activities/notifications';
import type { NotificationDeliveryInput, NotificationDeliveryOutcome, WebhookFailureCode, WebhookRequestResult } from '../../libs/contracts';
import { DELIVERY_DATABASE_ACTIVITY, webhookRequestActivity } from './delivery-activity-options';

// The retry schedule is a domain rule (config checks its worst case too); re-exported for the unit tests.
export { retryDelayMs } from '../../libs/domain/webhook-retry';
import { retryDelayMs } from '../../libs/domain/webhook-retry';

const { beginNotificationDelivery, recordWebhookAttempt, deadLetterNotification } =
  proxyActivities<NotificationActivities>(DELIVERY_DATABASE_ACTIVITY);

/**
 * Delivers one notification, in the round its input names (1, or n + 1 for a redelivery). The inbox row
 * exists already (it was written with its cause); an office with a webhook also gets a signed POST, retried
 * with backoff and jitter for the configured budget. A permanent refusal (4xx other than 408/429) or an
 * exhausted budget dead-letters the notification and tells the office's manager; it stays visible for
 * redelivery. Each attempt is two activities: the request (no writes), then its record (no request), so a
 * database failure after a request never sends it again.
 */
export async function notificationDeliveryWorkflow(input: NotificationDeliveryInput): Promise<NotificationDeliveryOutcome> {
  const round = input.round ?? 1;
  const { webhook, policy, requestTimeoutMs } = await beginNotificationDelivery({ notificationId: input.notificationId, round });
  if (!webhook) return 'delivered-to-inbox';
  const { sendWebhookRequest } = proxyActivities<NotificationActivities>(webhookRequestActivity(requestTimeoutMs));
  const giveUpAt = Date.now() + policy.budgetMs;
  for (let attempt = 1; ; attempt++) {
    const result = await requestOnce(() => sendWebhookRequest({ notificationId: input.notificationId }));
    await recordWebhookAttempt({ notificationId: input.notificationId, round, attempt, result });
    if (result.outcome === 'delivered') return 'delivered';
    if (result.outcome === 'permanent') break;
    // The budget is used to its end: a retry that would fall past it is made when the budget runs out instead.
    const delay = Math.min(retryDelayMs(policy, attempt, Math.random()), giveUpAt - Date.now());
    if (delay <= 0) break;
    await sleep(delay);
  }
  await deadLetterNotification({ notificationId: input.notificationId, round });
  return 'dead-lettered';
}

/**
 * One webhook attempt. When the request activity has used its few retries (workers dying mid-request,
 * the database unreadable before the request) the attempt counts as failed, to be retried on the
 * workflow's schedule; a rule that no retry changes (the notification is gone) ends the workflow.
 */
async function requestOnce(send: () => Promise<WebhookRequestResult>): Promise<WebhookRequestResult> {
  try {
    return await send();
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    if (error.cause instanceof ApplicationFailure && error.cause.nonRetryable) throw error;
    // A code, not the failure's message: the office sees this error; the failure itself is in the history.
    const code: WebhookFailureCode = 'request-activity-failed';
    return { outcome: 'retry', statusCode: null, at: new Date(Date.now()).toISOString(), error: code };
  }
}
