import type { MigrationInterface, QueryRunner } from 'typeorm';

const CASE_TABLES = ['certificate_application', 'service_report', 'residence_registration'] as const;

/**
 * When each case entered its current state, for the stuck list's "waiting too long" (a threshold per case
 * type and state): `state_entered_at`, kept by a trigger whenever `state` changes, so no writer can forget
 * it. Existing cases take the time of the log entry that brought them into their state.
 *
 * Also what the managers' summary reads instead of the tables: `case_state_count`, cases by type, office
 * and state, kept by a trigger on each case table (a province holds millions of cases; counting them at
 * every look would read most of the table); and indexes on the times the summary's period is over
 * (issued, opened, closed), each with the office for the jurisdiction.
 *
 * The counter trigger changes two rows (the old state's and the new one's) in a fixed order, so two
 * transactions moving cases in opposite directions wait for each other rather than deadlock.
 */
export class StateWaits1764440000000 implements MigrationInterface {
  name = 'StateWaits1764440000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION passage_state_entered_at() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.state_entered_at := now();
        RETURN NEW;
      END $$`);
    for (const table of CASE_TABLES) {
      await q.query(`ALTER TABLE ${table} ADD COLUMN state_entered_at timestamptz`);
      await q.query(
        `UPDATE ${table} t SET state_entered_at = coalesce(
           (SELECT max(ca.occurred_at) FROM case_action ca WHERE ca.case_id = t.id AND ca.to_state = t.state), t.updated_at)`,
      );
      await q.query(`ALTER TABLE ${table} ALTER COLUMN state_entered_at SET DEFAULT now(), ALTER COLUMN state_entered_at SET NOT NULL`);
      await q.query(
        `CREATE TRIGGER ${table}_state_entered_at BEFORE UPDATE OF state ON ${table}
           FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state) EXECUTE FUNCTION passage_state_entered_at()`,
      );
      await q.query(`CREATE INDEX ${table}_open_state_entered_idx ON ${table} (state, state_entered_at) WHERE closed_at IS NULL`);
    }
    await q.query(`
      CREATE TABLE case_state_count (
        case_type varchar(40) NOT NULL,
        office_code varchar(12) NOT NULL,
        state varchar(24) NOT NULL,
        cases bigint NOT NULL,
        PRIMARY KEY (case_type, office_code, state)
      )`);
    await q.query(`CREATE INDEX case_state_count_office_idx ON case_state_count (office_code text_pattern_ops)`);
    await q.query(`
      CREATE FUNCTION passage_count_case_states() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        v_case_type text := TG_ARGV[0];
        v_office_column text := TG_ARGV[1];
        v_old text[];
        v_new text[];
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN v_old := ARRAY[to_jsonb(OLD) ->> v_office_column, OLD.state]; END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') THEN v_new := ARRAY[to_jsonb(NEW) ->> v_office_column, NEW.state]; END IF;
        IF v_old IS NOT DISTINCT FROM v_new THEN RETURN NULL; END IF;
        INSERT INTO case_state_count AS c (case_type, office_code, state, cases)
          SELECT v_case_type, k[1], k[2], d FROM (VALUES (v_old, -1), (v_new, 1)) AS v(k, d) WHERE k IS NOT NULL ORDER BY k[1], k[2]
        ON CONFLICT (case_type, office_code, state) DO UPDATE SET cases = c.cases + EXCLUDED.cases;
        RETURN NULL;
      END $$`);
    for (const [table, caseType, office] of [
      ['certificate_application', 'certificate-application', 'office_code'],
      ['service_report', 'service-report', 'filing_office_code'],
      ['residence_registration', 'residence-registration', 'residence_office_code'],
    ] as const) {
      await q.query(
        `INSERT INTO case_state_count (case_type, office_code, state, cases)
         SELECT '${caseType}', ${office}, state, count(*) FROM ${table} GROUP BY ${office}, state`,
      );
      await q.query(
        `CREATE TRIGGER ${table}_state_count AFTER INSERT OR DELETE OR UPDATE OF state, ${office} ON ${table}
           FOR EACH ROW EXECUTE FUNCTION passage_count_case_states('${caseType}', '${office}')`,
      );
    }
    await q.query(
      `CREATE INDEX certificate_application_issued_closed_idx ON certificate_application (closed_at)
         INCLUDE (office_code, submitted_at, deadline_at) WHERE state = 'issued'`,
    );
    for (const [table, office] of [
      ['certificate_application', 'office_code'],
      ['service_report', 'filing_office_code'],
      ['residence_registration', 'residence_office_code'],
    ] as const) {
      await q.query(`CREATE INDEX ${table}_created_idx ON ${table} (created_at) INCLUDE (${office})`);
      await q.query(`CREATE INDEX ${table}_closed_idx ON ${table} (closed_at) INCLUDE (${office}) WHERE closed_at IS NOT NULL`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of CASE_TABLES) {
      await q.query(`DROP INDEX ${table}_closed_idx`);
      await q.query(`DROP INDEX ${table}_created_idx`);
    }
    await q.query(`DROP INDEX certificate_application_issued_closed_idx`);
    for (const table of CASE_TABLES) await q.query(`DROP TRIGGER ${table}_state_count ON ${table}`);
    await q.query(`DROP FUNCTION passage_count_case_states()`);
    await q.query(`DROP TABLE case_state_count`);
    for (const table of CASE_TABLES) {
      await q.query(`DROP INDEX ${table}_open_state_entered_idx`);
      await q.query(`DROP TRIGGER ${table}_state_entered_at ON ${table}`);
      await q.query(`ALTER TABLE ${table} DROP COLUMN state_entered_at`);
    }
    await q.query(`DROP FUNCTION passage_state_entered_at()`);
  }
}
