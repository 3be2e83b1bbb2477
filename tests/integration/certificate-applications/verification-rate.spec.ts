/**
 * Public verification cannot be guessed without limit: an address gets PUBLIC_VERIFICATIONS_PER_MINUTE
 * answers a minute (3 here), then 429 with Retry-After, whatever it asks, before anything is looked up.
 * The count lives in PostgreSQL and is shared by every file that verifies from this address in the same
 * minute, so the test asks until the limit shows, at most one more time than the limit.
 */
import { expectProblem } from '../../support/http';
import { useTestStack } from '../../support/test-app';

describe('public verification: a rate per address', () => {
  const stack = useTestStack({ worker: false, env: { PUBLIC_VERIFICATIONS_PER_MINUTE: '3' } });

  it('answers 429 with Retry-After once the address has used its minute', async () => {
    const ask = (code: string) => stack().http.get('/api/v1/public/certificates/360102002-2026-999999/verification').query({ code });
    const statuses: number[] = [];
    let limited;
    for (let i = 0; i < 4 && !limited; i++) {
      const response = await ask(`ABCD${2345 + i}`);
      statuses.push(response.status);
      if (response.status === 429) limited = response;
    }
    expect(statuses.slice(0, -1).every((s) => s === 404)).toBe(true); // unknown number and code: 404 until the limit
    expect(limited).toBeDefined();
    const problem = expectProblem(limited!, 429, 'TOO_MANY_REQUESTS');
    const retryAfter = Number(limited!.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(problem['retryAfterSeconds']).toBe(retryAfter);
    // Still limited, whatever is asked.
    expectProblem(await ask('ZZZZ9999'), 429, 'TOO_MANY_REQUESTS');
  });
});
