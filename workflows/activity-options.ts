import type { ActivityOptions } from '@temporalio/workflow';
import { DOMAIN_ERROR_CODES } from '../libs/domain';

/**
 * Database activities: short, retried with backoff for as long as the database is away (accepted work is
 * never dropped), but a broken business rule is final and comes back to the caller at once.
 */
export const DATABASE_ACTIVITY: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: [...DOMAIN_ERROR_CODES],
  },
};
