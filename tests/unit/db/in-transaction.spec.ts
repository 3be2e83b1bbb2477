import type { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '../../../libs/db/repositories/unit-of-work';

/** TypeORM's QueryFailedError shape: the driver's error (with its SQLSTATE) beside it. */
const queryFailed = (code: string): Error => Object.assign(new Error(`failed with ${code}`), { driverError: Object.assign(new Error('x'), { code }) });

/** A DataSource whose transactions fail with the given errors, in order, then run the work. */
function dataSource(failures: Error[]): { db: DataSource; attempts: () => number } {
  let attempts = 0;
  const db = {
    transaction: async (_isolation: string, work: (tx: EntityManager) => Promise<unknown>) => {
      attempts++;
      const failure = failures.shift();
      if (failure) throw failure;
      return work({} as EntityManager);
    },
  } as unknown as DataSource;
  return { db, attempts: () => attempts };
}

describe('inTransaction', () => {
  it('runs a deadlock victim or serialization failure again, and answers what the attempt that committed answered', async () => {
    const { db, attempts } = dataSource([queryFailed('40P01'), queryFailed('40001')]);
    await expect(inTransaction(db, async () => 'done')).resolves.toBe('done');
    expect(attempts()).toBe(3);
  });

  it('gives up after four attempts with the last error', async () => {
    const { db, attempts } = dataSource(Array.from({ length: 5 }, () => queryFailed('40P01')));
    await expect(inTransaction(db, async () => 'done')).rejects.toThrow('failed with 40P01');
    expect(attempts()).toBe(4);
  });

  it('does not run again a transaction that failed for any other reason', async () => {
    const { db, attempts } = dataSource([queryFailed('23505')]);
    await expect(inTransaction(db, async () => 'done')).rejects.toThrow('failed with 23505');
    expect(attempts()).toBe(1);
  });
});
