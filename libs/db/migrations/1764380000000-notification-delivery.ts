import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reliable notification delivery: which action caused a notification (so a retried action finds the
 * notifications it made), delivery bookkeeping, every webhook attempt, office webhooks, daily digests.
 */
export class NotificationDelivery1764380000000 implements MigrationInterface {
  name = 'NotificationDelivery1764380000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notification
      ADD COLUMN cause_transaction_id varchar(128),
      ADD COLUMN payload jsonb NOT NULL DEFAULT '{}'::jsonb,
      ADD COLUMN delivery_round int NOT NULL DEFAULT 0,
      ADD COLUMN delivered_at timestamptz,
      ADD COLUMN dead_lettered_at timestamptz,
      ADD COLUMN last_delivery_error text`);
    await q.query(`CREATE INDEX notification_cause_idx ON notification (cause_transaction_id)`);
    await q.query(`CREATE INDEX notification_answer_idx ON notification (recipient_office_code text_pattern_ops, created_at) WHERE expects_answer`);
    await q.query(`
      CREATE TABLE notification_delivery_attempt (
        id bigserial PRIMARY KEY,
        notification_id uuid NOT NULL REFERENCES notification(id),
        delivery_round int NOT NULL,
        attempt int NOT NULL,
        attempted_at timestamptz NOT NULL,
        status_code int,
        outcome varchar(16) NOT NULL CHECK (outcome IN ('delivered', 'retry', 'permanent')),
        error text,
        UNIQUE (notification_id, delivery_round, attempt)
      )`);
    await q.query(`
      CREATE TABLE office_webhook (
        office_code varchar(12) PRIMARY KEY REFERENCES office(code),
        url text NOT NULL,
        secret text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`ALTER TABLE office ADD COLUMN daily_digest_enabled boolean NOT NULL DEFAULT true`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE office DROP COLUMN daily_digest_enabled`);
    await q.query(`DROP TABLE office_webhook`);
    await q.query(`DROP TABLE notification_delivery_attempt`);
    await q.query(`DROP INDEX notification_answer_idx`);
    await q.query(`DROP INDEX notification_cause_idx`);
    await q.query(`ALTER TABLE notification DROP COLUMN cause_transaction_id, DROP COLUMN payload, DROP COLUMN delivery_round,
      DROP COLUMN delivered_at, DROP COLUMN dead_lettered_at, DROP COLUMN last_delivery_error`);
  }
}
