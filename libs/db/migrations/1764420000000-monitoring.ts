import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The managers' stuck list reads only what is in trouble: partial indexes on each condition it lists
 * (reports awaiting an answer by deadline, open files by feedback due date, dead-lettered notifications),
 * so its queries grow with the trouble, not with the cases on file.
 */
export class Monitoring1764420000000 implements MigrationInterface {
  name = 'Monitoring1764420000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX service_report_awaiting_deadline_idx ON service_report (deadline_at) WHERE state = 'awaiting-acknowledgement'`);
    await q.query(`CREATE INDEX residence_registration_feedback_due_idx ON residence_registration (next_feedback_due_on) WHERE state = 'registered'`);
    await q.query(`CREATE INDEX notification_dead_lettered_idx ON notification (dead_lettered_at) WHERE dead_lettered_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notification_dead_lettered_idx`);
    await q.query(`DROP INDEX residence_registration_feedback_due_idx`);
    await q.query(`DROP INDEX service_report_awaiting_deadline_idx`);
  }
}
