import { proxyActivities, sleep } from '@temporalio/workflow';
import type { NotificationActivities } from '../../activities/notifications';
import type { NotificationDeliveryInput, NotificationDeliveryOutcome, WebhookRetryPolicy } from '../../libs/contracts';
import { DATABASE_ACTIVITY } from '../activity-options';

/** One webhook request per activity: HTTP failures come back as values; only infrastructure errors are retried by Temporal. */
const { beginNotificationDelivery, attemptWebhookDelivery, deadLetterNotification } = proxyActivities<NotificationActivities>({
  ...DATABASE_ACTIVITY,
  startToCloseTimeout: '2 minutes',
});

/**
 * The wait before retry number `attempt` (1-based): exponential from the initial interval, capped, with
 * "equal jitter" (half fixed, half random) so that many failed deliveries do not retry in lock-step.
 * Math.random is seeded per workflow, so replay sees the same delays.
 */
export function retryDelayMs(policy: WebhookRetryPolicy, attempt: number, random: number): number {
  const exponential = Math.min(policy.maxIntervalMs, policy.initialIntervalMs * 2 ** (attempt - 1));
  return Math.round(exponential / 2 + (exponential / 2) * random);
}

/**
 * Delivers one notification. The inbox row exists already (it was written with its cause); an office with
 * a webhook also gets a signed POST, retried with backoff and jitter for the configured budget. A
 * permanent refusal (4xx other than 408/429) or an exhausted budget dead-letters the notification and
 * tells the office's manager; it stays visible for redelivery.
 */
export async function notificationDeliveryWorkflow(input: NotificationDeliveryInput): Promise<NotificationDeliveryOutcome> {
  const { round, webhook, policy } = await beginNotificationDelivery(input);
  if (!webhook) return 'delivered-to-inbox';
  const giveUpAt = Date.now() + policy.budgetMs;
  for (let attempt = 1; ; attempt++) {
    const result = await attemptWebhookDelivery({ ...input, round, attempt });
    if (result.outcome === 'delivered') return 'delivered';
    if (result.outcome === 'permanent') break;
    // The budget is used to its end: a retry that would fall past it is made when the budget runs out instead.
    const delay = Math.min(retryDelayMs(policy, attempt, Math.random()), giveUpAt - Date.now());
    if (delay <= 0) break;
    await sleep(delay);
  }
  await deadLetterNotification({ ...input, round });
  return 'dead-lettered';
}
