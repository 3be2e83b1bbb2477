import type { DataSource } from 'typeorm';

/** What a household registry knows of a person; the registry check compares it with the application. */
export interface HouseholdRegistryRecord {
  identityNumber: string;
  fullName: string;
  sex: 'male' | 'female';
  dateOfBirth: string;
  householdOfficeCode: string;
  maritalStatus: string;
}

/** The seam a real registry service implements. */
export interface HouseholdRegistry {
  lookup(identityNumber: string): Promise<HouseholdRegistryRecord | null>;
}

/** The registry adapter shipped with Passage: a PostgreSQL table, filled with demo records in development. */
export class PostgresHouseholdRegistry implements HouseholdRegistry {
  constructor(private readonly db: DataSource) {}

  async lookup(identityNumber: string): Promise<HouseholdRegistryRecord | null> {
    const rows: HouseholdRegistryRecord[] = await this.db.query(
      `SELECT identity_number AS "identityNumber", full_name AS "fullName", sex, to_char(date_of_birth, 'YYYY-MM-DD') AS "dateOfBirth",
         household_office_code AS "householdOfficeCode", marital_status AS "maritalStatus"
       FROM household_registry_record WHERE identity_number = $1`,
      [identityNumber],
    );
    return rows[0] ?? null;
  }

  async upsert(record: HouseholdRegistryRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO household_registry_record (identity_number, full_name, sex, date_of_birth, household_office_code, marital_status)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (identity_number) DO UPDATE SET full_name = EXCLUDED.full_name, sex = EXCLUDED.sex,
         date_of_birth = EXCLUDED.date_of_birth, household_office_code = EXCLUDED.household_office_code,
         marital_status = EXCLUDED.marital_status`,
      [record.identityNumber, record.fullName, record.sex, record.dateOfBirth, record.householdOfficeCode, record.maritalStatus],
    );
  }
}
