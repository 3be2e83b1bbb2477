import type { DataSource, EntityManager } from 'typeorm';

/** How often a transaction PostgreSQL chose as a deadlock victim is run again before the error is let through. */
export const DEADLOCK_ATTEMPTS = 3;

/**
 * Runs `work` in one database transaction: every write of one recorded action commits together or not at all.
 * A transaction PostgreSQL aborts to break a deadlock (40P01) has written nothing and is run again, up to
 * DEADLOCK_ATTEMPTS times: opening a case (the case row, whose tally trigger locks a `case_state_count` row, then
 * its log entry, whose audit trigger locks the chain head) and a workflow recording an action on another case
 * of the same office (log entry first, then the state) take those two locks in opposite orders. `work` must
 * therefore do nothing but database work in `tx`.
 */
export async function inTransaction<T>(db: DataSource, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.transaction('READ COMMITTED', work);
    } catch (error) {
      if (attempt >= DEADLOCK_ATTEMPTS || !isDeadlock(error)) throw error;
    }
  }
}

export function isDeadlock(error: unknown): boolean {
  const driverError = (error as { driverError?: { code?: string } } | null)?.driverError ?? error;
  return (driverError as { code?: string } | null)?.code === '40P01';
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
