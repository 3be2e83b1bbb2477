import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Certificate issuance: people, applications (cases) with their append-only action log, certificates,
 * per-office number sequences, the demo household registry, and the durable notification record.
 */
export class CertificateIssuance1764370000000 implements MigrationInterface {
  name = 'CertificateIssuance1764370000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE person (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        identity_number varchar(18) NOT NULL UNIQUE,
        full_name text NOT NULL,
        sex varchar(6) NOT NULL CHECK (sex IN ('male', 'female')),
        date_of_birth date NOT NULL,
        household_office_code varchar(12) NOT NULL REFERENCES office(code),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Allocates case and certificate numbers per office and year inside the writing transaction, so a
    // rolled-back attempt gives its number back and a retried one cannot take two.
    await q.query(`
      CREATE TABLE office_sequence (
        office_code varchar(12) NOT NULL REFERENCES office(code),
        kind varchar(32) NOT NULL,
        year int NOT NULL,
        last_value int NOT NULL,
        PRIMARY KEY (office_code, kind, year)
      )`);
    await q.query(`
      CREATE TABLE certificate_application (
        id uuid PRIMARY KEY,
        case_number varchar(32) NOT NULL UNIQUE,
        office_code varchar(12) NOT NULL REFERENCES office(code),
        person_id uuid NOT NULL REFERENCES person(id),
        marital_status varchar(16) NOT NULL CHECK (marital_status IN ('unmarried', 'married', 'divorced', 'widowed', 'remarried')),
        marriage_date date,
        spouse_name text,
        spouse_identity_number varchar(18),
        number_of_children int CHECK (number_of_children BETWEEN 0 AND 20),
        destination_office_code varchar(12) REFERENCES office(code),
        self_declared boolean NOT NULL DEFAULT false,
        state varchar(24) NOT NULL,
        assignee_user_id uuid REFERENCES app_user(id),
        reviewer_user_id uuid REFERENCES app_user(id),
        registry_check jsonb,
        submitted_at timestamptz NOT NULL,
        deadline_working_days int NOT NULL,
        deadline_at timestamptz,
        paused_at timestamptz,
        lapse_at timestamptz,
        reminders_sent int NOT NULL DEFAULT 0,
        escalated boolean NOT NULL DEFAULT false,
        closed_at timestamptz,
        created_by_user_id uuid NOT NULL REFERENCES app_user(id),
        idempotency_key varchar(128),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (created_by_user_id, idempotency_key)
      )`);
    await q.query(`CREATE INDEX certificate_application_office_state_idx ON certificate_application (office_code text_pattern_ops, state)`);
    await q.query(`CREATE INDEX certificate_application_deadline_idx ON certificate_application (deadline_at) WHERE closed_at IS NULL`);
    await q.query(`CREATE INDEX certificate_application_assignee_idx ON certificate_application (assignee_user_id)`);
    // The append-only log a case's state is derived from. transaction_id makes every write idempotent.
    await q.query(`
      CREATE TABLE case_action (
        id bigserial PRIMARY KEY,
        case_id uuid NOT NULL,
        case_type varchar(32) NOT NULL,
        action varchar(32) NOT NULL,
        from_state varchar(24),
        to_state varchar(24) NOT NULL,
        actor_user_id uuid REFERENCES app_user(id),
        actor_role varchar(16) NOT NULL,
        reason text,
        payload jsonb NOT NULL DEFAULT '{}'::jsonb,
        transaction_id varchar(128) NOT NULL UNIQUE,
        occurred_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX case_action_case_idx ON case_action (case_id, id)`);
    await q.query(`
      CREATE TABLE certificate (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number varchar(32) NOT NULL UNIQUE,
        application_id uuid NOT NULL REFERENCES certificate_application(id),
        person_id uuid NOT NULL REFERENCES person(id),
        office_code varchar(12) NOT NULL REFERENCES office(code),
        status varchar(12) NOT NULL CHECK (status IN ('valid', 'revoked', 'superseded')),
        issued_on date NOT NULL,
        valid_until date NOT NULL,
        verification_code varchar(16) NOT NULL,
        signed_token text NOT NULL,
        signing_key_id varchar(32) NOT NULL,
        self_declared boolean NOT NULL,
        supersedes_id uuid REFERENCES certificate(id),
        superseded_by_id uuid REFERENCES certificate(id),
        revoked_reason text,
        revoked_at timestamptz,
        issuing_transaction_id varchar(128) NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX certificate_application_idx ON certificate (application_id)`);
    await q.query(`
      CREATE TABLE certificate_signing_key (
        key_id varchar(32) PRIMARY KEY,
        public_key_pem text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The household registry the registry check consults; a real registry implements the same adapter.
    await q.query(`
      CREATE TABLE household_registry_record (
        identity_number varchar(18) PRIMARY KEY,
        full_name text NOT NULL,
        sex varchar(6) NOT NULL,
        date_of_birth date NOT NULL,
        household_office_code varchar(12) NOT NULL,
        marital_status varchar(16) NOT NULL
      )`);
    // Durable record of every inter-office message, written in the same transaction as its cause.
    await q.query(`
      CREATE TABLE notification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        recipient_office_code varchar(12) NOT NULL REFERENCES office(code),
        recipient_user_id uuid REFERENCES app_user(id),
        kind varchar(48) NOT NULL,
        case_type varchar(32),
        case_id uuid,
        certificate_id uuid REFERENCES certificate(id),
        expects_answer boolean NOT NULL DEFAULT false,
        answer_due_at timestamptz,
        state varchar(16) NOT NULL DEFAULT 'pending'
          CHECK (state IN ('pending', 'delivered', 'read', 'answered', 'expired', 'dead-lettered')),
        idempotency_key varchar(160) NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        answered_at timestamptz
      )`);
    await q.query(`CREATE INDEX notification_recipient_idx ON notification (recipient_office_code, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'notification',
      'household_registry_record',
      'certificate_signing_key',
      'certificate',
      'case_action',
      'certificate_application',
      'office_sequence',
      'person',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
