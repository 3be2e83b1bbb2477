import type { EntityManager } from 'typeorm';
import { storableWebhookFailure, type DeliveryRound, type WebhookRequestResult } from '../../libs/contracts';
import { inTransaction, NotificationsRepository, UsersRepository, WebhooksRepository, type NotificationRow } from '../../libs/db';
import { DomainError } from '../../libs/domain';
import { withDomainFailures } from '../activity-failure';
import type { ActivityDependencies } from '../dependencies';

/**
 * The database side of delivering one notification. Each is safe to repeat: the round number comes from
 * the workflow (a retried begin does not advance it), attempts are keyed by (round, attempt), and the
 * dead-letter notice by round. Each runs in one transaction and reads through it, so that it never waits
 * for a second pool connection while holding one (many deliveries at once could otherwise take them all).
 */
export function createDeliveryActivities(deps: Pick<ActivityDependencies, 'db' | 'logger' | 'webhooks'>) {
  const notifications = new NotificationsRepository(deps.db);
  const webhooks = new WebhooksRepository(deps.db);
  const users = new UsersRepository(deps.db);
  const logger = deps.logger.child({ activity: 'notification-delivery' });

  async function load(tx: EntityManager, id: string): Promise<NotificationRow> {
    const notification = await notifications.findById(id, tx);
    if (!notification) throw new DomainError('NOT_FOUND', 'No such notification.');
    return notification;
  }

  function validRound(round: number): number {
    if (!Number.isInteger(round) || round < 1) {
      throw new DomainError('VALIDATION_FAILED', 'A delivery round is a whole number from 1.', { field: 'round', value: round });
    }
    return round;
  }

  async function beginNotificationDelivery(input: { notificationId: string; round?: number }): Promise<DeliveryRound> {
    return withDomainFailures(() =>
      inTransaction(deps.db, async (tx) => {
        const round = validRound(input.round ?? 1);
        const notification = await load(tx, input.notificationId);
        await notifications.beginDeliveryRound(tx, notification.id, round);
        const webhook = await webhooks.forOffice(notification.recipientOfficeCode, tx);
        // Inbox rows are visible at once: without a webhook the inbox is the delivery.
        if (!webhook) await notifications.markDelivered(tx, notification.id, new Date());
        return { round, webhook: webhook !== null, policy: deps.webhooks.policy, requestTimeoutMs: deps.webhooks.timeoutMs };
      }),
    );
  }

  /** Records what one webhook request came to (sendWebhookRequest); a delivered one marks the notification delivered. */
  async function recordWebhookAttempt(input: { notificationId: string; round: number; attempt: number; result: WebhookRequestResult }): Promise<void> {
    return withDomainFailures(() =>
      inTransaction(deps.db, async (tx) => {
        const { result } = input;
        const at = new Date(result.at);
        // Only a status or a failure code reaches the office's view of the notification (see WEBHOOK_FAILURE_CODES).
        const error = storableWebhookFailure(result.error);
        await notifications.recordAttempt(tx, {
          notificationId: input.notificationId,
          round: validRound(input.round),
          attempt: input.attempt,
          at,
          statusCode: result.statusCode,
          outcome: result.outcome,
          error,
        });
        if (result.outcome === 'delivered') await notifications.markDelivered(tx, input.notificationId, at);
        logger.info(
          { notificationId: input.notificationId, round: input.round, attempt: input.attempt, outcome: result.outcome, statusCode: result.statusCode, error },
          'webhook attempt',
        );
      }),
    );
  }

  /** Gives up on a notification: it stays visible for redelivery, and the office's manager is told. */
  async function deadLetterNotification(input: { notificationId: string; round: number }): Promise<void> {
    return withDomainFailures(() =>
      inTransaction(deps.db, async (tx) => {
        const notification = await load(tx, input.notificationId);
        const now = new Date();
        await notifications.markDeadLettered(tx, notification.id, now);
        const manager = await users.nearestManager(notification.recipientOfficeCode, tx);
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

  return { beginNotificationDelivery, recordWebhookAttempt, deadLetterNotification };
}
