import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { isDomainError } from '../libs/domain';

/**
 * Update handlers and validators report a broken rule as an ApplicationFailure whose type is the domain
 * error code; the api maps the code to its HTTP status. An activity's failure is unwrapped to that form.
 */
export function asUpdateFailure(error: unknown): unknown {
  if (isDomainError(error)) {
    return ApplicationFailure.create({ message: error.message, type: error.code, nonRetryable: true, details: error.details ? [error.details] : [] });
  }
  if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure) return error.cause;
  return error;
}
