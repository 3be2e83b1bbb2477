/**
 * inTransaction runs a transaction PostgreSQL aborted as a deadlock victim again (it wrote nothing), a few
 * times; every other error, and a deadlock that keeps coming back, reaches the caller. Found by the
 * authorisation matrix: opening cases while workflows recorded actions on others of the same office
 * answered 500 ("deadlock detected" between the case tally and the audit chain head).
 */
import type { DataSource, EntityManager } from 'typeorm';
import { DEADLOCK_ATTEMPTS, inTransaction } from '../../../libs/db';

const deadlock = (): Error => Object.assign(new Error('deadlock detected'), { driverError: { code: '40P01' } });

function database(failures: Error[]): { db: DataSource; calls: () => number } {
  let calls = 0;
  const db = {
    transaction: async (_isolation: string, work: (tx: EntityManager) => Promise<unknown>) => {
      calls += 1;
      const failure = failures.shift();
      if (failure) throw failure;
      return work({} as EntityManager);
    },
  } as unknown as DataSource;
  return { db, calls: () => calls };
}

describe('inTransaction', () => {
  it('runs a deadlock victim again and answers what the retry did', async () => {
    const { db, calls } = database([deadlock(), deadlock()]);
    await expect(inTransaction(db, async () => 'done')).resolves.toBe('done');
    expect(calls()).toBe(3);
  });

  it('gives up after DEADLOCK_ATTEMPTS deadlocks in a row', async () => {
    const { db, calls } = database(Array.from({ length: DEADLOCK_ATTEMPTS }, deadlock));
    await expect(inTransaction(db, async () => 'done')).rejects.toThrow('deadlock detected');
    expect(calls()).toBe(DEADLOCK_ATTEMPTS);
  });

  it('lets every other error through at once', async () => {
    const unique = Object.assign(new Error('duplicate key'), { driverError: { code: '23505' } });
    const { db, calls } = database([unique]);
    await expect(inTransaction(db, async () => 'done')).rejects.toBe(unique);
    expect(calls()).toBe(1);
  });
});
