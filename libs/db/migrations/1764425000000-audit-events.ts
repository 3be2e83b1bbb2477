import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What people did that is not an action in a case's own log: a manager's "retry now", and (also in the
 * case log) a manager's cancel, each with the manager's reason. Append-only; the audit of who saw or
 * changed what reads it.
 */
export class AuditEvents1764425000000 implements MigrationInterface {
  name = 'AuditEvents1764425000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_event (
        id bigserial PRIMARY KEY,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor_user_id uuid NOT NULL REFERENCES app_user(id),
        actor_role varchar(24) NOT NULL,
        action varchar(48) NOT NULL,
        subject_type varchar(32) NOT NULL,
        subject_id uuid NOT NULL,
        reason text,
        details jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await q.query(`CREATE INDEX audit_event_subject_idx ON audit_event (subject_id, occurred_at)`);
    await q.query(`CREATE INDEX audit_event_actor_idx ON audit_event (actor_user_id, occurred_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_event`);
  }
}
