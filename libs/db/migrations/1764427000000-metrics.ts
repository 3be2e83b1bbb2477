import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The api's /metrics counts the record at scrape time (every replica reads the same totals, whoever
 * recorded them). These indexes hold exactly the columns those counts read, so each is an index-only scan
 * of a narrow index rather than a scan of the wide rows (payloads, reasons, error texts): the log grouped
 * by case type, action, states and actor role; notifications by delivery and dead-letter notice; webhook
 * attempts by outcome. The counts of open cases past their deadline use the stuck list's partial indexes.
 */
export class Metrics1764427000000 implements MigrationInterface {
  name = 'Metrics1764427000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX case_action_counting_idx ON case_action (case_type, action, from_state, to_state, actor_role)`);
    await q.query(`CREATE INDEX notification_counting_idx ON notification (kind) INCLUDE (delivered_at, dead_lettered_at)`);
    await q.query(`CREATE INDEX notification_delivery_attempt_outcome_idx ON notification_delivery_attempt (outcome)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notification_delivery_attempt_outcome_idx`);
    await q.query(`DROP INDEX notification_counting_idx`);
    await q.query(`DROP INDEX case_action_counting_idx`);
  }
}
