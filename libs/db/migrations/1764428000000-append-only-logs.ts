import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The case log and the audit are append-only, in the database itself: an UPDATE, DELETE or TRUNCATE of
 * either is refused whoever sends it (the application, a script, a person at a psql prompt), so a record
 * once written cannot be rewritten. Only a migration that drops these triggers could, and that is a
 * reviewed change.
 */
export class AppendOnlyLogs1764428000000 implements MigrationInterface {
  name = 'AppendOnlyLogs1764428000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION refuse_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of ['case_action', 'audit_event']) {
      await q.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION refuse_rewrite()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION refuse_rewrite()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['case_action', 'audit_event']) {
      await q.query(`DROP TRIGGER ${table}_no_truncate ON ${table}`);
      await q.query(`DROP TRIGGER ${table}_append_only ON ${table}`);
    }
    await q.query(`DROP FUNCTION refuse_rewrite()`);
  }
}
