/**
 * The database out of reach for a moment is not a bug: the api answers 503 (try again), not 500. Here the
 * api's pool has two connections (start-up's migrations need two), the test holds both, and a request
 * cannot get one within DATABASE_CONNECT_TIMEOUT_MS. Once they are back the same request answers 200.
 * The timeout also bounds opening a new connection, which a loaded machine can miss: the test takes its
 * connections with a few attempts, so that only the api's request is meant to be refused.
 */
import type { QueryRunner } from 'typeorm';
import { as, expectProblem } from '../../support/http';
import { useTestStack } from '../../support/test-app';

describe('the database out of reach', () => {
  const stack = useTestStack({ worker: false, env: { DATABASE_POOL_SIZE: '2', DATABASE_CONNECT_TIMEOUT_MS: '1000' } });
  let held: QueryRunner[] = [];
  const releaseAll = async (): Promise<void> => {
    await Promise.all(held.map((runner) => runner.release()));
    held = [];
  };
  afterEach(releaseAll);
  const holdConnection = async (): Promise<QueryRunner> => {
    for (let attempt = 1; ; attempt++) {
      const runner = stack().db.createQueryRunner();
      try {
        await runner.connect();
        return runner;
      } catch (error) {
        await runner.release().catch(() => undefined);
        if (attempt === 5) throw error;
      }
    }
  };

  it('answers 503 SERVICE_UNAVAILABLE while no connection can be had, then works again', async () => {
    const caseworker = await as(stack(), 'tengwangge.caseworker');
    for (let i = 0; i < stack().config.DATABASE_POOL_SIZE; i++) {
      held.push(await holdConnection());
    }

    const refused = await caseworker.get('/api/v1/certificate-applications');
    const problem = expectProblem(refused, 503, 'SERVICE_UNAVAILABLE');
    expect(problem.title).toMatch(/try again/);

    await releaseAll();
    expect((await caseworker.get('/api/v1/certificate-applications')).status).toBe(200);
  });
});
