import {
  ApplicationFailure,
  ServiceError,
  WorkflowFailedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { DomainError, isDomainErrorCode, type DomainErrorDetails } from '../../../../libs/domain';

/**
 * A workflow update or a workflow that refused with a domain rule carries an ApplicationFailure whose type
 * is the domain error code: turned back into the DomainError the problem-details filter maps to HTTP.
 * Temporal itself out of reach, or an update not answered in time, is a 503 (the same request may be sent
 * again). Anything else is rethrown
 * as is (and becomes a 500, logged).
 */
export function rethrowAsDomainError(error: unknown): never {
  const cause =
    error instanceof WorkflowUpdateFailedError || error instanceof WorkflowFailedError ? findApplicationFailure(error.cause) : null;
  if (cause && isDomainErrorCode(cause.type)) {
    const details = (cause.details?.[0] ?? undefined) as DomainErrorDetails | undefined;
    throw new DomainError(cause.type, cause.message, details);
  }
  if (error instanceof WorkflowNotFoundError) {
    throw new DomainError('CONFLICT', 'The process of this case is not running.', { rule: 'process-running' });
  }
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    throw new DomainError('SERVICE_UNAVAILABLE', 'The case did not answer in time; try again with the same Idempotency-Key.');
  }
  if (error instanceof ServiceError) {
    throw new DomainError('SERVICE_UNAVAILABLE', 'The process engine is not reachable; try again with the same Idempotency-Key.');
  }
  throw error;
}

function findApplicationFailure(error: unknown): ApplicationFailure | null {
  let current: unknown = error;
  while (current instanceof Error) {
    if (current instanceof ApplicationFailure) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}
