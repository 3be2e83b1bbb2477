import type { DataSource, EntityManager } from 'typeorm';
import type { PersonRow } from './certificate-applications.repository';

export interface KnownPerson {
  id: string;
  householdOfficeCode: string;
}

/** The people cases are about, shared by every process: one row per identity number. */
export class PeopleRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * The person with this identity number, if the system knows them: from an earlier case, or from the
   * household registry (then anchored in `person` from the registry's record). Null for anyone else.
   */
  async knownPerson(tx: EntityManager, identityNumber: string): Promise<KnownPerson | null> {
    const stored: KnownPerson[] = await tx.query(
      `SELECT id, household_office_code AS "householdOfficeCode" FROM person WHERE identity_number = $1`,
      [identityNumber],
    );
    if (stored[0]) return stored[0];
    const anchored: KnownPerson[] = await tx.query(
      `INSERT INTO person (identity_number, full_name, sex, date_of_birth, household_office_code)
       SELECT identity_number, full_name, sex, date_of_birth, household_office_code FROM household_registry_record WHERE identity_number = $1
       ON CONFLICT (identity_number) DO UPDATE SET updated_at = person.updated_at
       RETURNING id, household_office_code AS "householdOfficeCode"`,
      [identityNumber],
    );
    return anchored[0] ?? null;
  }

  /** Finds or creates the person by identity number; an existing person keeps their stored record. */
  async upsert(tx: EntityManager, person: Omit<PersonRow, 'id'>): Promise<string> {
    const rows: Array<{ id: string }> = await tx.query(
      `INSERT INTO person (identity_number, full_name, sex, date_of_birth, household_office_code)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (identity_number) DO UPDATE SET updated_at = person.updated_at
       RETURNING id`,
      [person.identityNumber, person.fullName, person.sex, person.dateOfBirth, person.householdOfficeCode],
    );
    return rows[0]!.id;
  }

  async person(id: string, tx?: EntityManager): Promise<{ fullName: string; identityNumber: string; householdOfficeCode: string }> {
    const rows: Array<{ fullName: string; identityNumber: string; householdOfficeCode: string }> = await (tx ?? this.db).query(
      `SELECT full_name AS "fullName", identity_number AS "identityNumber", household_office_code AS "householdOfficeCode" FROM person WHERE id = $1`,
      [id],
    );
    return rows[0]!;
  }
}
