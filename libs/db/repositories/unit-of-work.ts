import type { DataSource, EntityManager } from 'typeorm';

/** SQLSTATEs after which the same transaction, run again from the start, can succeed. */
const RETRYABLE_SQLSTATES = new Set(['40P01', '40001']); // deadlock detected, serialization failure
const TRANSACTION_ATTEMPTS = 4;

/**
 * Runs `work` in one database transaction: every write of one recorded action commits together or not at
 * all. A transaction the server rolled back as a deadlock victim is run again (a few times, after a short
 * random pause): every case write also appends to the one audit chain, whose head row every writer
 * locks, so two writers that took their other row locks in opposite orders meet there now and then. The
 * rolled-back attempt wrote nothing, so `work` (database work only) may run again.
 */
export async function inTransaction<T>(db: DataSource, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction('READ COMMITTED', work);
    } catch (error) {
      if (attempt >= TRANSACTION_ATTEMPTS || !isRetryableTransactionError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.floor(Math.random() * 50)));
    }
  }
}

/**
 * inTransaction for a write of cases (an opening, a recorded action: anything that appends to the case log,
 * which the database copies into the audit chain): it takes the chain's head first, before any row of a
 * case or a count, so that all such writers lock in one order and queue instead of deadlocking (they met
 * at the head anyway, and waited there for each other's commit).
 */
export function inCaseTransaction<T>(db: DataSource, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  return inTransaction(db, async (tx) => {
    await tx.query('SELECT audit_chain_lock()');
    return work(tx);
  });
}

export function isRetryableTransactionError(error: unknown): boolean {
  const driverError = (error as { driverError?: { code?: unknown } } | null)?.driverError ?? error;
  const code = (driverError as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE_SQLSTATES.has(code);
}

/** Allocates the next number of a per-office, per-year sequence inside the caller's transaction. */
export async function nextOfficeSequence(tx: EntityManager, officeCode: string, kind: string, year: number): Promise<number> {
  const rows: Array<{ last_value: number }> = await tx.query(
    `INSERT INTO office_sequence (office_code, kind, year, last_value) VALUES ($1, $2, $3, 1)
     ON CONFLICT (office_code, kind, year) DO UPDATE SET last_value = office_sequence.last_value + 1
     RETURNING last_value`,
    [officeCode, kind, year],
  );
  return rows[0]!.last_value;
}

export function isUniqueViolation(error: unknown, constraintHint?: string): boolean {
  const driverError = (error as { driverError?: { code?: string; constraint?: string } }).driverError ?? error;
  const { code, constraint } = driverError as { code?: string; constraint?: string };
  return code === '23505' && (constraintHint === undefined || (constraint ?? '').includes(constraintHint));
}
