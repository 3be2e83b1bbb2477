import type { DataSource, EntityManager } from 'typeorm';

/** Runs `work` in one database transaction: every write of one recorded action commits together or not at all. */
export function inTransaction<T>(db: DataSource, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  return db.transaction('READ COMMITTED', work);
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
