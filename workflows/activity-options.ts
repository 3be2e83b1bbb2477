import type { ActivityOptions, RetryPolicy } from '@temporalio/workflow';
import { DOMAIN_ERROR_CODES } from '../libs/domain';

/** Error classes that say the code is wrong for its input, not that something is away for a while. */
export const PROGRAMMING_ERROR_TYPES = ['TypeError', 'RangeError', 'ReferenceError', 'SyntaxError'] as const;

const DATABASE_RETRY: RetryPolicy = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '1 minute',
  // A broken rule, and a database error no retry can fix (activities/activity-failure.ts), are final; so is
  // a programming error (a TypeError on data the code did not expect), which no retry changes either.
  nonRetryableErrorTypes: [...DOMAIN_ERROR_CODES, ...PROGRAMMING_ERROR_TYPES],
};

/**
 * The system's own database work (a timer's action, the steps that open a case, a delivery's bookkeeping):
 * nobody waits for it, so it is retried for as long as the database is away; accepted work is never dropped.
 */
export const SYSTEM_RECORDING: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: DATABASE_RETRY,
};

/**
 * A person's action, recorded while their request waits: retried briefly, then given up (the api answers
 * 503 and the same Idempotency-Key may be sent again), so that a request never hangs on a missing database.
 */
export const STAFF_RECORDING: ActivityOptions = {
  startToCloseTimeout: '10 seconds',
  scheduleToCloseTimeout: '30 seconds',
  retry: { ...DATABASE_RETRY, maximumInterval: '5 seconds' },
};
