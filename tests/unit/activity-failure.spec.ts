import { ApplicationFailure } from '@temporalio/common';
import { permanentDatabaseError, withDomainFailures } from '../../activities/activity-failure';
import { DomainError } from '../../libs/domain';

/** The shape TypeORM gives a failed query: the pg error is its driverError. */
function queryFailed(code: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error('query failed: invalid byte sequence for encoding "UTF8": 0x00 (value 李娜)'), {
    driverError: { code, ...extra },
  });
}

describe('activity failures: what a retry cannot fix is final', () => {
  it('turns a domain error into a non-retryable failure typed by its code', async () => {
    const failure = await withDomainFailures(() => Promise.reject(new DomainError('ACTION_NOT_ALLOWED_IN_STATE', 'no'))).catch((e) => e);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: 'ACTION_NOT_ALLOWED_IN_STATE', nonRetryable: true });
  });

  it.each([
    ['22021', 'VALIDATION_FAILED'], // character not in repertoire (a NUL in text)
    ['22P05', 'VALIDATION_FAILED'], // untranslatable character (a NUL in jsonb)
    ['22008', 'VALIDATION_FAILED'], // datetime field overflow
    ['23503', 'BUSINESS_RULE_VIOLATED'], // foreign key
    ['23514', 'BUSINESS_RULE_VIOLATED'], // check constraint
    ['23505', 'BUSINESS_RULE_VIOLATED'], // a unique violation that is not an idempotency hit
  ])('makes SQLSTATE %s final as %s, without the driver message', async (code, type) => {
    const failure = await withDomainFailures(() => Promise.reject(queryFailed(code))).catch((e) => e);
    expect(failure).toMatchObject({ type, nonRetryable: true });
    expect(JSON.stringify(failure.details)).not.toContain('李娜');
    expect(failure.message).not.toContain('李娜');
  });

  it.each(['08006', '40001', '40P01', '57P01', '53300', '42P01'])('leaves SQLSTATE %s to be retried', async (code) => {
    const error = queryFailed(code);
    await expect(withDomainFailures(() => Promise.reject(error))).rejects.toBe(error);
    expect(permanentDatabaseError(error)).toBeNull();
  });

  it('leaves errors without a SQLSTATE (a refused connection, a pool timeout) to be retried', async () => {
    const error = new Error('timeout exceeded when trying to connect');
    await expect(withDomainFailures(() => Promise.reject(error))).rejects.toBe(error);
  });
});
