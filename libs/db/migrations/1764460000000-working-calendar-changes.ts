import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every change to the national working calendar, as a row of its own (append-only, like the logs): the
 * day, what it was and what it became, who changed it and why. Its id names the change's audit entry and
 * the workflow that has open cases recompute their deadlines (`working-calendar-change/<id>`), which reads
 * the row first: a change rolled back after that workflow started finds no row and recomputes nothing.
 */
export class WorkingCalendarChanges1764460000000 implements MigrationInterface {
  name = 'WorkingCalendarChanges1764460000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE working_calendar_change (
        id uuid PRIMARY KEY,
        date date NOT NULL,
        before_kind varchar(8) CHECK (before_kind IN ('holiday', 'workday')),
        before_name text,
        after_kind varchar(8) CHECK (after_kind IN ('holiday', 'workday')),
        after_name text,
        reason text NOT NULL,
        actor_user_id uuid NOT NULL REFERENCES app_user (id),
        changed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX working_calendar_change_date_idx ON working_calendar_change (date, changed_at)`);
    await q.query(
      `CREATE TRIGGER working_calendar_change_append_only BEFORE UPDATE OR DELETE ON working_calendar_change FOR EACH ROW EXECUTE FUNCTION refuse_rewrite()`,
    );
    await q.query(
      `CREATE TRIGGER working_calendar_change_no_truncate BEFORE TRUNCATE ON working_calendar_change FOR EACH STATEMENT EXECUTE FUNCTION refuse_rewrite()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE working_calendar_change`);
  }
}
