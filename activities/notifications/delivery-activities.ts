import type { DeliveryRound, WebhookAttemptResult } from '../../libs/contracts';
import { inTransaction, NotificationsRepository, UsersRepository, WebhooksRepository, type NotificationRow } from '../../libs/db';
import { DomainError } from '../../libs/domain';
import { withDomainFailures } from '../activity-failure';
import type { ActivityDependencies } from '../dependencies';
import { classifyWebhookStatus } from './webhook-response';
import { signWebhookBody } from './webhook-signature';

/** What leaves Passage in a webhook: ids, codes and times, never personal data. */
export function webhookBody(n: NotificationRow): string {
  return JSON.stringify({
    id: n.id,
    kind: n.kind,
    recipientOfficeCode: n.recipientOfficeCode,
    caseType: n.caseType,
    caseId: n.caseId,
    certificateId: n.certificateId,
    expectsAnswer: n.expectsAnswer,
    answerDueAt: n.answerDueAt?.toISOString() ?? null,
    payload: n.payload,
    createdAt: n.createdAt.toISOString(),
  });
}

/**
 * The side effects of delivering one notification. Each is safe to repeat: a round is begun once per
 * workflow (its number comes back from history on replay), attempts are keyed by (round, attempt), and the
 * receiver is given the notification id as Idempotency-Key, so a request repeated after a crash is one
 * notification to it.
 */
export function createDeliveryActivities(deps: ActivityDependencies) {
  const notifications = new NotificationsRepository(deps.db);
  const webhooks = new WebhooksRepository(deps.db);
  const users = new UsersRepository(deps.db);
  const logger = deps.logger.child({ activity: 'notification-delivery' });

  async function load(id: string): Promise<NotificationRow> {
    const notification = await notifications.findById(id);
    if (!notification) throw new DomainError('NOT_FOUND', 'No such notification.');
    return notification;
  }

  async function beginNotificationDelivery(input: { notificationId: string }): Promise<DeliveryRound> {
    return withDomainFailures(async () => {
      const notification = await load(input.notificationId);
      const round = await notifications.beginDeliveryRound(notification.id);
      const webhook = await webhooks.forOffice(notification.recipientOfficeCode);
      // Inbox rows are visible at once: without a webhook the inbox is the delivery.
      if (!webhook) await notifications.markDelivered(notification.id, new Date());
      return { round, webhook: webhook !== null, policy: deps.webhooks.policy };
    });
  }

  async function attemptWebhookDelivery(input: { notificationId: string; round: number; attempt: number }): Promise<WebhookAttemptResult> {
    return withDomainFailures(async () => {
      const notification = await load(input.notificationId);
      const webhook = await webhooks.forOffice(notification.recipientOfficeCode);
      const at = new Date();
      let result: WebhookAttemptResult;
      let error: string | null = null;
      if (!webhook) {
        result = { outcome: 'permanent', statusCode: null };
        error = 'the office has no webhook any more';
      } else {
        const body = webhookBody(notification);
        try {
          const response = await fetch(webhook.url, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'idempotency-key': notification.id,
              'passage-notification-id': notification.id,
              'passage-signature': signWebhookBody(webhook.secret, body, Math.floor(at.getTime() / 1000)),
            },
            body,
            redirect: 'manual',
            signal: AbortSignal.timeout(deps.webhooks.timeoutMs),
          });
          await response.body?.cancel().catch(() => undefined);
          result = { outcome: classifyWebhookStatus(response.status), statusCode: response.status };
          if (result.outcome !== 'delivered') error = `HTTP ${response.status}`;
        } catch (failure) {
          result = { outcome: 'retry', statusCode: null };
          error = failure instanceof Error ? `${failure.name}: ${failure.message}` : 'request failed';
        }
      }
      await notifications.recordAttempt({ notificationId: notification.id, round: input.round, attempt: input.attempt, at, statusCode: result.statusCode, outcome: result.outcome, error });
      if (result.outcome === 'delivered') await notifications.markDelivered(notification.id, at);
      logger.info({ notificationId: notification.id, round: input.round, attempt: input.attempt, outcome: result.outcome, statusCode: result.statusCode }, 'webhook attempt');
      return result;
    });
  }

  /** Gives up on a notification: it stays visible for redelivery, and the office's manager is told. */
  async function deadLetterNotification(input: { notificationId: string; round: number }): Promise<void> {
    return withDomainFailures(() =>
      inTransaction(deps.db, async (tx) => {
        const notification = await load(input.notificationId);
        const now = new Date();
        await notifications.markDeadLettered(tx, notification.id, now);
        const manager = await users.nearestManager(notification.recipientOfficeCode);
        // Inbox only: a notice about a failed webhook is not itself pushed to a webhook.
        await notifications.insert(tx, {
          recipientOfficeCode: manager?.officeCode ?? notification.recipientOfficeCode,
          recipientUserId: manager?.id ?? null,
          kind: 'notification-dead-lettered',
          caseType: notification.caseType,
          caseId: notification.caseId,
          payload: { notificationId: notification.id, officeCode: notification.recipientOfficeCode },
          idempotencyKey: `notification-dead-lettered:${notification.id}:${input.round}`,
        });
        logger.warn({ notificationId: notification.id, round: input.round }, 'notification dead-lettered');
      }),
    );
  }

  return { beginNotificationDelivery, attemptWebhookDelivery, deadLetterNotification };
}
