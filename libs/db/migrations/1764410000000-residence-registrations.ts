import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Residence registrations (流入登记): a person's file at the office where they live now, and the feedback
 * obligation (反馈) it carries. A file keeps the feedback interval it runs on, read again from the
 * cooperation agreement at each feedback and each transfer. A person has at most one open file: a second
 * arrival elsewhere is a transfer of the first, not a second file.
 */
export class ResidenceRegistrations1764410000000 implements MigrationInterface {
  name = 'ResidenceRegistrations1764410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE residence_registration (
        id uuid PRIMARY KEY,
        case_number varchar(40) NOT NULL UNIQUE,
        person_id uuid NOT NULL REFERENCES person(id),
        residence_office_code varchar(12) NOT NULL REFERENCES office(code),
        registration_office_code varchar(12) NOT NULL REFERENCES office(code),
        state varchar(24) NOT NULL,
        verification varchar(20) NOT NULL CHECK (verification IN ('certificate', 'self-declaration')),
        certificate_id uuid REFERENCES certificate(id),
        arrived_on date NOT NULL,
        feedback_interval_months integer NOT NULL CHECK (feedback_interval_months BETWEEN 1 AND 24),
        feedback_reminder_lead_days integer NOT NULL CHECK (feedback_reminder_lead_days BETWEEN 0 AND 60),
        feedback_escalation_working_days integer NOT NULL CHECK (feedback_escalation_working_days BETWEEN 0 AND 60),
        next_feedback_due_on date NOT NULL,
        feedback_reminders_sent integer NOT NULL DEFAULT 0,
        feedback_escalated boolean NOT NULL DEFAULT false,
        feedbacks_given integer NOT NULL DEFAULT 0,
        last_feedback_at timestamptz,
        registered_at timestamptz NOT NULL,
        closed_at timestamptz,
        created_by_user_id uuid NOT NULL REFERENCES app_user(id),
        idempotency_key varchar(200),
        request_hash varchar(64),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (created_by_user_id, idempotency_key)
      )`);
    await q.query(`CREATE UNIQUE INDEX residence_registration_open_person_idx ON residence_registration (person_id) WHERE state IN ('arrived', 'registered')`);
    await q.query(`CREATE INDEX residence_registration_residence_idx ON residence_registration (residence_office_code text_pattern_ops, next_feedback_due_on)`);
    await q.query(`CREATE INDEX residence_registration_registration_idx ON residence_registration (registration_office_code text_pattern_ops, registered_at DESC)`);
    // The reconciler looks for files whose workflow never took them in.
    await q.query(`CREATE INDEX residence_registration_opening_idx ON residence_registration (created_at) WHERE state = 'arrived'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE residence_registration`);
  }
}
