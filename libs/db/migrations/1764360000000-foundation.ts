import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Offices, staff and the working calendar: what every process stands on. */
export class Foundation1764360000000 implements MigrationInterface {
  name = 'Foundation1764360000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE office (
        code varchar(12) PRIMARY KEY CHECK (code ~ '^[0-9]{2}([0-9]{2}([0-9]{2}([0-9]{3}([0-9]{3})?)?)?)?$'),
        name text NOT NULL,
        level varchar(16) NOT NULL CHECK (level IN ('province', 'city', 'county', 'township', 'community')),
        parent_code varchar(12) REFERENCES office(code),
        certificate_deadline_working_days int NOT NULL DEFAULT 20 CHECK (certificate_deadline_working_days BETWEEN 1 AND 120),
        applicant_response_working_days int NOT NULL DEFAULT 20 CHECK (applicant_response_working_days BETWEEN 1 AND 120),
        certificate_validity_years int NOT NULL DEFAULT 3 CHECK (certificate_validity_years BETWEEN 1 AND 10),
        self_declaration_allowed boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (parent_code IS NULL OR starts_with(code, parent_code))
      )`);
    // Jurisdiction queries select a subtree by code prefix.
    await q.query(`CREATE INDEX office_code_prefix_idx ON office (code text_pattern_ops)`);
    await q.query(`CREATE INDEX office_parent_idx ON office (parent_code)`);
    await q.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username varchar(64) NOT NULL UNIQUE,
        display_name text NOT NULL,
        role varchar(16) NOT NULL CHECK (role IN ('caseworker', 'approver', 'manager', 'auditor', 'office-admin')),
        office_code varchar(12) NOT NULL REFERENCES office(code),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX app_user_office_idx ON app_user (office_code text_pattern_ops)`);
    await q.query(`
      CREATE TABLE working_calendar_day (
        date date PRIMARY KEY,
        kind varchar(8) NOT NULL CHECK (kind IN ('holiday', 'workday')),
        name text NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE working_calendar_day`);
    await q.query(`DROP TABLE app_user`);
    await q.query(`DROP TABLE office`);
  }
}
