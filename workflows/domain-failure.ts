import { ActivityFailure, ApplicationFailure, TimeoutFailure } from '@temporalio/workflow';
import { DomainErrorCode, isDomainError } from '../libs/domain';

/**
 * What a waiting caller (an update's sender, the starter of a one-step workflow) is answered: a broken
 * rule as an ApplicationFailure whose type is the domain error code, which the api maps to its HTTP
 * status. An activity's failure is unwrapped to that form, and a recording that ran out of time behind
 * the caller says so (503: try again, same Idempotency-Key).
 */
export function asCallerFailure(error: unknown): unknown {
  if (isDomainError(error)) {
    return ApplicationFailure.create({ message: error.message, type: error.code, nonRetryable: true, details: error.details ? [error.details] : [] });
  }
  if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure) return error.cause;
  if (error instanceof ActivityFailure && error.cause instanceof TimeoutFailure) {
    return ApplicationFailure.create({
      message: 'The case could not be updated in time; try again with the same Idempotency-Key.',
      type: DomainErrorCode.SERVICE_UNAVAILABLE,
      nonRetryable: true,
    });
  }
  return error;
}
