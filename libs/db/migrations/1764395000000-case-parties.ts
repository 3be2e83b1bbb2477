import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reading a case asks whether the reader's office was told about it (a counterpart party): an index on
 * the notifications of one case keeps that look-up from scanning every notification.
 */
export class CaseParties1764395000000 implements MigrationInterface {
  name = 'CaseParties1764395000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX notification_case_recipient_idx ON notification (case_id, recipient_office_code text_pattern_ops) WHERE case_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notification_case_recipient_idx`);
  }
}
