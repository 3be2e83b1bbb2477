import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Least privilege: the api and the worker may connect as a runtime role that reads and writes rows and
 * does nothing else, while migrations run as the role that owns the tables (DATABASE_MIGRATION_URL). The
 * runtime role is named by DATABASE_RUNTIME_ROLE; openDatabase hands it to the migration connections as
 * the setting `passage.runtime_role`, and calls `passage_grant_runtime_role` again at every start (after the
 * migrations), so a role configured later, and tables of later migrations, get their grants too.
 *
 * `passage_grant_runtime_role(role)` (run by the owner of the tables, idempotent, exact: it first revokes
 * what the role holds on the schema's tables and sequences):
 * - a role that does not exist is created (NOLOGIN: whoever runs the database gives it LOGIN and a
 *   password) only if the connecting role may (superuser or CREATEROLE); otherwise a NOTICE and nothing;
 *   the connecting role itself, or a superuser, is never "granted" anything (a NOTICE says so);
 * - every table: SELECT, INSERT, UPDATE, DELETE; except the logs that are append-only by trigger,
 *   `case_action`, `audit_event` and `working_calendar_change`: SELECT, INSERT (the trigger would refuse the rest anyway; now the
 *   privilege system refuses it first, and without a trigger to disable); `audit_chain_head`: SELECT (the
 *   chain's triggers are SECURITY DEFINER: they move the head with the owner's rights); typeorm's
 *   `migrations`: SELECT (a process started with one URL for both sees that nothing is pending, and is
 *   refused if something is);
 * - sequences: USAGE (nextval of identity columns); schema public: USAGE, never CREATE; no TRUNCATE,
 *   REFERENCES or TRIGGER anywhere, and no ownership, so no DDL (DROP, ALTER, CREATE INDEX …);
 * - ALTER DEFAULT PRIVILEGES of the owner: tables and sequences it creates later are granted as the
 *   ordinary tables are. A later migration adding an append-only table must also call this function (or
 *   REVOKE UPDATE, DELETE itself), and add the table to the list here.
 */
export class RuntimeRole1764465000000 implements MigrationInterface {
  name = 'RuntimeRole1764465000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION passage_grant_runtime_role(runtime_role text) RETURNS text LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      DECLARE
        me record;
        target record;
        append_only text[] := ARRAY['case_action', 'audit_event', 'working_calendar_change'];
        read_only text[] := ARRAY['audit_chain_head', 'migrations'];
        t record;
      BEGIN
        IF runtime_role IS NULL OR runtime_role = '' THEN
          RETURN 'no runtime role configured';
        END IF;
        SELECT rolname, rolsuper, rolcreaterole INTO me FROM pg_roles WHERE rolname = current_user;
        SELECT rolname, rolsuper INTO target FROM pg_roles WHERE rolname = runtime_role;
        IF NOT FOUND THEN
          IF me.rolsuper OR me.rolcreaterole THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', runtime_role);
            RAISE NOTICE 'passage: created runtime role % (NOLOGIN: give it LOGIN and a password to use it)', runtime_role;
          ELSE
            RAISE NOTICE 'passage: runtime role % does not exist and % may not create roles; skipped', runtime_role, current_user;
            RETURN 'skipped: no such role';
          END IF;
        ELSIF runtime_role = current_user OR target.rolsuper THEN
          RAISE NOTICE 'passage: runtime role % is the migrating role or a superuser; nothing granted', runtime_role;
          RETURN 'skipped: not a separate role';
        END IF;

        EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA public FROM %I', runtime_role);
        EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM %I', runtime_role);
        EXECUTE format('REVOKE CREATE ON SCHEMA public FROM %I', runtime_role);
        EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', runtime_role);
        FOR t IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm') ORDER BY c.relname LOOP
          IF t.relname = ANY (append_only) THEN
            EXECUTE format('GRANT SELECT, INSERT ON TABLE %I TO %I', t.relname, runtime_role);
          ELSIF t.relname = ANY (read_only) THEN
            EXECUTE format('GRANT SELECT ON TABLE %I TO %I', t.relname, runtime_role);
          ELSE
            EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE %I TO %I', t.relname, runtime_role);
          END IF;
        END LOOP;
        EXECUTE format('GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO %I', runtime_role);
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I', runtime_role);
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE ON SEQUENCES TO %I', runtime_role);
        RETURN 'granted';
      END $$`);
    // The role openDatabase names for this migration's connections (DATABASE_RUNTIME_ROLE), if any.
    await q.query(`SELECT passage_grant_runtime_role(current_setting('passage.runtime_role', true))`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Grants given stay (revoke them by hand if wanted); the function goes.
    await q.query(`DROP FUNCTION passage_grant_runtime_role(text)`);
  }
}
