import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Residence-place service reports (情况报告单) and the cooperation agreements (双向管理协作) between two
 * offices that set their deadlines. A report keeps the budget and arbitrator it was filed under, so an
 * agreement changed later does not move the deadline of a report already on its way.
 */
export class ServiceReports1764400000000 implements MigrationInterface {
  name = 'ServiceReports1764400000000';

  async up(q: QueryRunner): Promise<void> {
    // One agreement per pair of offices, stored with the lower code first, so (a, b) and (b, a) are one row.
    await q.query(`
      CREATE TABLE cooperation_agreement (
        office_code_a varchar(12) NOT NULL REFERENCES office(code),
        office_code_b varchar(12) NOT NULL REFERENCES office(code),
        acknowledgement_working_days integer NOT NULL CHECK (acknowledgement_working_days BETWEEN 1 AND 250),
        feedback_interval_months integer NOT NULL CHECK (feedback_interval_months BETWEEN 1 AND 24),
        arbitrator_office_code varchar(12) REFERENCES office(code),
        updated_by_user_id uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (office_code_a, office_code_b),
        CHECK (office_code_a < office_code_b)
      )`);
    await q.query(`
      CREATE TABLE service_report (
        id uuid PRIMARY KEY,
        case_number varchar(40) NOT NULL UNIQUE,
        filing_office_code varchar(12) NOT NULL REFERENCES office(code),
        registration_office_code varchar(12) NOT NULL REFERENCES office(code),
        arbitrator_office_code varchar(12) REFERENCES office(code),
        person_id uuid NOT NULL REFERENCES person(id),
        service_type varchar(32) NOT NULL,
        service_date date NOT NULL,
        outcome varchar(24) NOT NULL,
        note text,
        state varchar(24) NOT NULL,
        acknowledgement_working_days integer NOT NULL,
        grace_working_days integer NOT NULL,
        clock_started_at timestamptz NOT NULL,
        deadline_at timestamptz,
        final_deadline_at timestamptz,
        reminders_sent integer NOT NULL DEFAULT 0,
        contest_reason varchar(32),
        filed_at timestamptz NOT NULL,
        closed_at timestamptz,
        created_by_user_id uuid NOT NULL REFERENCES app_user(id),
        idempotency_key varchar(200),
        request_hash varchar(64),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (created_by_user_id, idempotency_key)
      )`);
    await q.query(`CREATE INDEX service_report_filing_idx ON service_report (filing_office_code text_pattern_ops, filed_at DESC)`);
    await q.query(`CREATE INDEX service_report_registration_idx ON service_report (registration_office_code text_pattern_ops, filed_at DESC)`);
    // The reconciler looks for reports whose workflow never took them in.
    await q.query(`CREATE INDEX service_report_opening_idx ON service_report (created_at) WHERE state = 'filed'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE service_report`);
    await q.query(`DROP TABLE cooperation_agreement`);
  }
}
