import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What each case was submitted with, kept with the case: the applicant as declared on this application
 * (the person row is the identity anchor, shared by every case of that identity number and never silently
 * overwritten), and a hash of the opening request so that an Idempotency-Key reused with another body is
 * refused instead of answering the first case.
 */
export class CaseEngine1764390000000 implements MigrationInterface {
  name = 'CaseEngine1764390000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE certificate_application
      ADD COLUMN applicant_full_name text,
      ADD COLUMN applicant_sex varchar(6) CHECK (applicant_sex IN ('male', 'female')),
      ADD COLUMN applicant_date_of_birth date,
      ADD COLUMN applicant_household_office_code varchar(12) REFERENCES office(code),
      ADD COLUMN request_hash varchar(64)`);
    await q.query(`UPDATE certificate_application a SET applicant_full_name = p.full_name, applicant_sex = p.sex,
      applicant_date_of_birth = p.date_of_birth, applicant_household_office_code = p.household_office_code
      FROM person p WHERE p.id = a.person_id`);
    await q.query(`ALTER TABLE certificate_application
      ALTER COLUMN applicant_full_name SET NOT NULL, ALTER COLUMN applicant_sex SET NOT NULL,
      ALTER COLUMN applicant_date_of_birth SET NOT NULL, ALTER COLUMN applicant_household_office_code SET NOT NULL`);
    // The reconciler looks for cases whose workflow never took them in: still in the opening state.
    await q.query(`CREATE INDEX certificate_application_opening_idx ON certificate_application (created_at) WHERE state = 'submitted'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX certificate_application_opening_idx`);
    await q.query(`ALTER TABLE certificate_application DROP COLUMN applicant_full_name, DROP COLUMN applicant_sex,
      DROP COLUMN applicant_date_of_birth, DROP COLUMN applicant_household_office_code, DROP COLUMN request_hash`);
  }
}
