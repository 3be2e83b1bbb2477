import { NotificationsRepository, type NewNotification } from '../../libs/db';
import type { ActionBeingRecorded } from './case-type-handler';

/**
 * How a case type's handler tells an office about an action, inside the recording transaction: one
 * notification per kind, office and action (its idempotency key), so a retried action adds none.
 */
export function caseNotifier(notifications: NotificationsRepository, caseType: string) {
  return async (a: ActionBeingRecorded, caseId: string, kind: string, recipientOfficeCode: string, extra: Partial<NewNotification> = {}): Promise<void> => {
    await notifications.insert(a.tx, {
      recipientOfficeCode,
      kind,
      caseType,
      caseId,
      causeTransactionId: a.input.transactionId,
      idempotencyKey: `${kind}:${recipientOfficeCode}:${a.input.transactionId}`,
      ...extra,
    });
  };
}
