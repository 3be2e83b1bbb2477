import { ApplicationFailure } from '@temporalio/common';
import { isDomainError } from '../libs/domain';

/**
 * Runs an activity body and turns a domain error into a non-retryable ApplicationFailure whose type is
 * the error's code, so the workflow (and through it the api) sees the rule that was broken, and Temporal
 * does not retry a decision that will not change. Anything else is thrown as is and retried.
 */
export async function withDomainFailures<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (isDomainError(error)) {
      throw ApplicationFailure.create({
        message: error.message,
        type: error.code,
        nonRetryable: true,
        details: error.details ? [error.details] : [],
      });
    }
    throw error;
  }
}
