import type { ActivityOptions } from '@temporalio/workflow';
import { DOMAIN_ERROR_CODES } from '../../libs/domain';
import { PROGRAMMING_ERROR_TYPES, SYSTEM_RECORDING } from '../activity-options';

/**
 * The database activities of delivery and digests: retried with backoff while the database is away, but
 * not for ever. After half an hour the workflow fails visibly (the notification stays pending in the
 * inbox, which is still its record) instead of retrying without end.
 */
export const DELIVERY_DATABASE_ACTIVITY: ActivityOptions = {
  ...SYSTEM_RECORDING,
  scheduleToCloseTimeout: '30 minutes',
};

/** Time allowed beyond WEBHOOK_TIMEOUT_MS for reading the notification and the webhook before the request. */
export const REQUEST_MARGIN_MS = 5_000;

/**
 * The activity that sends one webhook request. Its start-to-close sits just above the request's own
 * timeout, so a worker that dies mid-request is noticed, and the request retried by another worker, within
 * seconds. Each Temporal retry sends the request again (same Idempotency-Key), so they are few: after the
 * last one the workflow counts the webhook attempt as failed and carries on with its own backoff and budget.
 */
export function webhookRequestActivity(requestTimeoutMs: number): ActivityOptions {
  return {
    startToCloseTimeout: requestTimeoutMs + REQUEST_MARGIN_MS,
    retry: {
      initialInterval: '1 second',
      backoffCoefficient: 2,
      maximumInterval: '5 seconds',
      maximumAttempts: 3,
      nonRetryableErrorTypes: [...DOMAIN_ERROR_CODES, ...PROGRAMMING_ERROR_TYPES],
    },
  };
}
