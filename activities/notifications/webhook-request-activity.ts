import type { WebhookRequestResult } from '../../libs/contracts';
import { NotificationsRepository, WebhooksRepository, type NotificationRow } from '../../libs/db';
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
 * Sends one webhook request and answers how it went; it writes nothing. Recording the attempt is a separate
 * activity (recordWebhookAttempt), so a database failure after the request is retried there, without
 * sending the request again. HTTP failures come back as values; only a crash or a failed read before the
 * request makes Temporal retry this activity, which the workflow bounds. The receiver is given the
 * notification id as Idempotency-Key, so a request repeated after a crash is one notification to it.
 */
export function createWebhookRequestActivity(deps: Pick<ActivityDependencies, 'db' | 'logger' | 'webhooks'>) {
  const notifications = new NotificationsRepository(deps.db);
  const webhooks = new WebhooksRepository(deps.db);

  async function sendWebhookRequest(input: { notificationId: string }): Promise<WebhookRequestResult> {
    return withDomainFailures(async () => {
      const notification = await notifications.findById(input.notificationId);
      if (!notification) throw new DomainError('NOT_FOUND', 'No such notification.');
      const webhook = await webhooks.forOffice(notification.recipientOfficeCode);
      const at = new Date();
      if (!webhook) return { outcome: 'permanent', statusCode: null, at: at.toISOString(), error: 'the office has no webhook any more' };
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
        const outcome = classifyWebhookStatus(response.status);
        return { outcome, statusCode: response.status, at: at.toISOString(), error: outcome === 'delivered' ? null : `HTTP ${response.status}` };
      } catch (failure) {
        const error = failure instanceof Error ? `${failure.name}: ${failure.message}` : 'request failed';
        return { outcome: 'retry', statusCode: null, at: at.toISOString(), error };
      }
    });
  }

  return { sendWebhookRequest };
}
