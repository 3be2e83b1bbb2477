import { httpStatusFailure, type WebhookRequestResult } from '../../libs/contracts';
import { NotificationsRepository, WebhooksRepository, type NotificationRow } from '../../libs/db';
import { DomainError } from '../../libs/domain';
import { checkedWebhookAddresses, systemHostResolver, type WebhookAddressRules } from '../../libs/network';
import { withDomainFailures } from '../activity-failure';
import type { ActivityDependencies } from '../dependencies';
import { describeFailureForLog, outcomeOfFailure, webhookFailureCode } from './webhook-failure';
import { postToCheckedAddresses } from './webhook-http';
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
 *
 * Before connecting, the host is resolved and every address checked against the address policy (public,
 * or in WEBHOOK_ALLOWED_NETWORKS); the connection then goes to those addresses only. A refused address
 * comes back as a permanent outcome (`address-refused`): no retry can change it, so the workflow
 * dead-letters at once, where staff see it. Network failures come back as codes, never their messages.
 */
export function createWebhookRequestActivity(deps: Pick<ActivityDependencies, 'db' | 'logger' | 'webhooks'>) {
  const notifications = new NotificationsRepository(deps.db);
  const webhooks = new WebhooksRepository(deps.db);
  const logger = deps.logger.child({ activity: 'webhook-request' });
  const addressRules: WebhookAddressRules = {
    allowedNetworks: deps.webhooks.allowedNetworks ?? [],
    resolveHost: deps.webhooks.resolveHost ?? systemHostResolver,
  };

  async function sendWebhookRequest(input: { notificationId: string }): Promise<WebhookRequestResult> {
    return withDomainFailures(async () => {
      const notification = await notifications.findById(input.notificationId);
      if (!notification) throw new DomainError('NOT_FOUND', 'No such notification.');
      const webhook = await webhooks.forOffice(notification.recipientOfficeCode);
      const at = new Date();
      if (!webhook) return { outcome: 'permanent', statusCode: null, at: at.toISOString(), error: 'no-webhook' };
      const body = webhookBody(notification);
      // One budget for resolving, connecting and the answer.
      const signal = AbortSignal.timeout(deps.webhooks.timeoutMs);
      try {
        const url = new URL(webhook.url);
        const addresses = await checkedWebhookAddresses(url.hostname, addressRules, signal);
        const status = await postToCheckedAddresses({
          url,
          addresses,
          headers: {
            'content-type': 'application/json',
            'idempotency-key': notification.id,
            'passage-notification-id': notification.id,
            'passage-signature': signWebhookBody(webhook.secret, body, Math.floor(at.getTime() / 1000)),
          },
          body,
          signal,
        });
        const outcome = classifyWebhookStatus(status);
        return { outcome, statusCode: status, at: at.toISOString(), error: outcome === 'delivered' ? null : httpStatusFailure(status) };
      } catch (failure) {
        const code = webhookFailureCode(failure);
        logger.warn({ notificationId: notification.id, officeCode: notification.recipientOfficeCode, code, ...describeFailureForLog(failure) }, 'webhook request failed');
        return { outcome: outcomeOfFailure(code), statusCode: null, at: at.toISOString(), error: code };
      }
    });
  }

  return { sendWebhookRequest };
}
