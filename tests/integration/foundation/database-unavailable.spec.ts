/**
 * The database out of reach for a moment is not a bug: the api answers 503 (try again), not 500. Here the
 * api's pool has two connections (start-up's migrations need two), the test holds both, and a request
 * cannot get one within DATABASE_CONNECT_TIMEOUT_MS. Once they are back the same request answers 200.
 */
import type { QueryRunner } from 'typeorm';
import { as, expectProblem } from '../../support/http';
import { useTestStack } from '../../support/test-app';

describe('the database out of reach', () => {
  const stack = useTestStack({ worker: false, env: { DATABASE_POOL_SIZE: '2', DATABASE_CONNECT_TIMEOUT_MS: '300' } });
  let held: QueryRunner[] = [];
  const releaseAll = async (): Promise<void> => {
    await Promise.all(held.map((runner) => runner.release()));
    held = [];
  };
  afterEach(releaseAll);

  it('answers 503 SERVICE_UNAVAILABLE while no connection can be had, then works again', async () => {
    const caseworker = await as(stack(), 'tengwangge.caseworker');
    for (let i = 0; i < stack().config.DATABASE_POOL_SIZE; i++) {
      const runner = stack().db.createQueryRunner();
      await runner.connect();
      held.push(runner);
    }

    const refused = await caseworker.get('/api/v1/certificate-applications');
    const problem = expectProblem(refused, 503, 'SERVICE_UNAVAILABLE');
    expect(problem.title).toMatch(/try again/);

    await releaseAll();
    expect((await caseworker.get('/api/v1/certificate-applications')).status).toBe(200);
  });
});
