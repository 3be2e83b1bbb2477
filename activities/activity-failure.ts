import { ApplicationFailure } from '@temporalio/common';
import { DomainError, isDomainError } from '../libs/domain';

/**
 * Runs an activity body and makes every error that no retry can fix final: a domain error becomes a
 * non-retryable ApplicationFailure whose type is the error's code (so the workflow, and through it the
 * api, sees the rule that was broken), and so does a database error caused by the data itself. Anything
 * else (the database away, a deadlock, a timeout) is thrown as is, for Temporal to retry.
 */
export async function withDomainFailures<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    const final = isDomainError(error) ? error : permanentDatabaseError(error);
    if (final) {
      throw ApplicationFailure.create({
        message: final.message,
        type: final.code,
        nonRetryable: true,
        details: final.details ? [final.details] : [],
      });
    }
    throw error;
  }
}

/**
 * PostgreSQL errors that the same statement will meet again however often it is retried, as a domain
 * error. By SQLSTATE class: 22 (data exception: a NUL character, a value out of range, an impossible date)
 * and 23 (integrity constraint: a missing reference, a check; idempotency hits never get here, they are
 * written as ON CONFLICT or looked up first). Only the code and constraint name are kept: the driver's
 * message and detail can quote the offending values, which may be personal data.
 */
export function permanentDatabaseError(error: unknown): DomainError | null {
  const driverError = ((error as { driverError?: unknown }).driverError ?? error) as { code?: unknown; constraint?: unknown };
  const code = typeof driverError?.code === 'string' ? driverError.code : '';
  if (!/^2[23][0-9A-Z]{3}$/.test(code)) return null;
  const constraint = typeof driverError.constraint === 'string' ? driverError.constraint : undefined;
  if (code.startsWith('22')) {
    return new DomainError('VALIDATION_FAILED', 'The input cannot be stored.', { rule: 'storable-input', sqlState: code });
  }
  return new DomainError('BUSINESS_RULE_VIOLATED', 'The change breaks a rule of the stored data.', {
    rule: 'stored-data-constraint',
    sqlState: code,
    ...(constraint ? { constraint } : {}),
  });
}
