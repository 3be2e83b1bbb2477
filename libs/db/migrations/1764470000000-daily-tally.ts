import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Each case table, its case type and the office that holds its cases (as case_state_count counts them). */
const CASE_TABLES = [
  { table: 'certificate_application', caseType: 'certificate-application', office: 'office_code', issues: true },
  { table: 'service_report', caseType: 'service-report', office: 'filing_office_code', issues: false },
  { table: 'residence_registration', caseType: 'residence-registration', office: 'residence_office_code', issues: false },
] as const;

type CaseTable = (typeof CASE_TABLES)[number];

/** A China calendar day, as the summary has always taken it (Asia/Shanghai). */
const chinaDay = (column: string): string => `(${column} AT TIME ZONE 'Asia/Shanghai')::date`;

/**
 * A source of signed rows: each case's columns the tallies read, and `d`, +1 for a row as it is now (NEW,
 * or an existing row at backfill) and -1 for a row as it was (OLD). What a statement changed is the sum.
 */
function signedRows(t: CaseTable, relations: ReadonlyArray<readonly [relation: string, sign: 1 | -1]>): string {
  const issueColumns = t.issues ? 'r.submitted_at, r.deadline_at' : 'NULL::timestamptz AS submitted_at, NULL::timestamptz AS deadline_at';
  return relations
    .map(([relation, sign]) => `SELECT r.${t.office} AS office, r.state, r.created_at, r.closed_at, ${issueColumns}, ${sign} AS d FROM ${relation} r`)
    .join(' UNION ALL ');
}

/**
 * The aggregate upserts of one statement's changes (or of the whole table, at backfill): one INSERT … ON
 * CONFLICT per tally, its keys in a fixed order (so two statements that touch the same keys wait for each
 * other rather than deadlock), keys whose net change is nothing left out (no write, no lock).
 */
function upserts(t: CaseTable, source: string, tallies: { stateCount: boolean }): string[] {
  const statements: string[] = [];
  if (tallies.stateCount) {
    statements.push(`
      INSERT INTO case_state_count AS c (case_type, office_code, state, cases)
      SELECT '${t.caseType}', x.office, x.state, sum(x.d) FROM (${source}) x
       GROUP BY x.office, x.state HAVING sum(x.d) <> 0
       ORDER BY x.office, x.state
      ON CONFLICT (case_type, office_code, state) DO UPDATE SET cases = c.cases + EXCLUDED.cases`);
  }
  const issued = t.issues ? `CASE WHEN x.state = 'issued' THEN x.d ELSE 0 END` : '0';
  const onTime = t.issues ? `CASE WHEN x.state = 'issued' AND (x.deadline_at IS NULL OR x.closed_at <= x.deadline_at) THEN x.d ELSE 0 END` : '0';
  statements.push(`
    INSERT INTO case_daily_tally AS t (office_code, day, case_type, opened, closed, issued, issued_on_time)
    SELECT v.office, v.day, '${t.caseType}', sum(v.opened), sum(v.closed), sum(v.issued), sum(v.on_time)
      FROM (${source}) x
     CROSS JOIN LATERAL (VALUES
             (x.office, ${chinaDay('x.created_at')}, x.d, 0, 0, 0),
             (x.office, ${chinaDay('x.closed_at')}, 0, x.d, ${issued}, ${onTime})
           ) AS v(office, day, opened, closed, issued, on_time)
     WHERE v.day IS NOT NULL
     GROUP BY v.office, v.day
    HAVING sum(v.opened) <> 0 OR sum(v.closed) <> 0 OR sum(v.issued) <> 0 OR sum(v.on_time) <> 0
     ORDER BY v.office, v.day
    ON CONFLICT (office_code, day, case_type) DO UPDATE SET
      opened = t.opened + EXCLUDED.opened, closed = t.closed + EXCLUDED.closed,
      issued = t.issued + EXCLUDED.issued, issued_on_time = t.issued_on_time + EXCLUDED.issued_on_time`);
  if (t.issues) {
    // The bucket: its lower bound in seconds from submission to issue, 6 minutes wide below a day, an hour above.
    statements.push(`
      INSERT INTO case_issue_time_tally AS t (office_code, day, case_type, bucket_seconds, cases, seconds_sum)
      SELECT x.office, ${chinaDay('x.closed_at')}, '${t.caseType}', b.bucket, sum(x.d), sum(x.d * e.s)
        FROM (${source}) x
       CROSS JOIN LATERAL (SELECT extract(epoch FROM x.closed_at - x.submitted_at) AS s) e
       CROSS JOIN LATERAL (SELECT (CASE WHEN e.s < 86400 THEN floor(e.s / 360) * 360 ELSE floor(e.s / 3600) * 3600 END)::int AS bucket) b
       WHERE x.state = 'issued' AND x.closed_at IS NOT NULL AND x.submitted_at IS NOT NULL
       GROUP BY 1, 2, b.bucket
      HAVING sum(x.d) <> 0 OR sum(x.d * e.s) <> 0
       ORDER BY 1, 2, b.bucket
      ON CONFLICT (office_code, day, case_type, bucket_seconds) DO UPDATE SET
        cases = t.cases + EXCLUDED.cases, seconds_sum = t.seconds_sum + EXCLUDED.seconds_sum`);
  }
  return statements;
}

const tallyFunction = (t: CaseTable): string => `passage_tally_${t.table}`;

/**
 * The summary's period figures from a tally instead of the cases: `case_daily_tally`, per office, China day
 * and case type, the cases opened that day (by created_at), closed that day (closed_at, any end), and, for
 * certificate applications, issued that day and issued by their deadline; `case_issue_time_tally`, the
 * certificates issued that day by time from submission to issue, in buckets of 6 minutes (below 24 hours)
 * and of 1 hour (above), with the exact sum of their seconds. A case counts for the office that holds it now
 * (a transfer moves its days to the new office), as the summary counted from the tables.
 *
 * Kept by one STATEMENT-level trigger per case table and operation, on its transition tables: a statement
 * that inserts or moves 100,000 cases makes one aggregate upsert per tally (tens of rows), not 100,000. The
 * same triggers now keep `case_state_count` (1764440000000-state-waits.ts kept it row by row, which made
 * seeding 1M cases 25× slower). Every upsert takes its keys in order (case_state_count, then the daily tally,
 * then the issue times; within each by office and day), so two statements touching the same keys queue
 * rather than deadlock; an UPDATE that changes nothing they count writes nothing.
 *
 * The summary's indexes on the issue and close times (1764440000000-state-waits.ts) are dropped: nothing
 * reads them now.
 *
 * Backfilled from the rows on file, with the case tables locked against writes from before the triggers
 * change until the migration commits, so no write is counted twice or missed.
 */
export class DailyTally1764470000000 implements MigrationInterface {
  name = 'DailyTally1764470000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`LOCK TABLE ${CASE_TABLES.map((t) => t.table).join(', ')} IN SHARE ROW EXCLUSIVE MODE`);
    await q.query(`
      CREATE TABLE case_daily_tally (
        office_code varchar(12) NOT NULL,
        day date NOT NULL,
        case_type varchar(40) NOT NULL,
        opened bigint NOT NULL,
        closed bigint NOT NULL,
        issued bigint NOT NULL,
        issued_on_time bigint NOT NULL,
        PRIMARY KEY (office_code, day, case_type)
      )`);
    await q.query(`
      CREATE TABLE case_issue_time_tally (
        office_code varchar(12) NOT NULL,
        day date NOT NULL,
        case_type varchar(40) NOT NULL,
        bucket_seconds int NOT NULL,
        cases bigint NOT NULL,
        seconds_sum numeric NOT NULL,
        PRIMARY KEY (office_code, day, case_type, bucket_seconds)
      )`);
    for (const t of CASE_TABLES) {
      await q.query(`DROP TRIGGER ${t.table}_state_count ON ${t.table}`);
      const onInsert = upserts(t, signedRows(t, [['new_rows', 1]]), { stateCount: true });
      const onUpdate = upserts(t, signedRows(t, [['new_rows', 1], ['old_rows', -1]]), { stateCount: true });
      const onDelete = upserts(t, signedRows(t, [['old_rows', -1]]), { stateCount: true });
      await q.query(`
        CREATE FUNCTION ${tallyFunction(t)}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN
            ${onInsert.join(';\n')};
          ELSIF TG_OP = 'UPDATE' THEN
            ${onUpdate.join(';\n')};
          ELSE
            ${onDelete.join(';\n')};
          END IF;
          RETURN NULL;
        END $$`);
      await q.query(
        `CREATE TRIGGER ${t.table}_tally_insert AFTER INSERT ON ${t.table}
           REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${tallyFunction(t)}()`,
      );
      await q.query(
        `CREATE TRIGGER ${t.table}_tally_update AFTER UPDATE ON ${t.table}
           REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${tallyFunction(t)}()`,
      );
      await q.query(
        `CREATE TRIGGER ${t.table}_tally_delete AFTER DELETE ON ${t.table}
           REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ${tallyFunction(t)}()`,
      );
      for (const statement of upserts(t, signedRows(t, [[t.table, 1]]), { stateCount: false })) await q.query(statement);
    }
    await q.query(`DROP FUNCTION passage_count_case_states()`);
    // The summary's scans of the issue and close times are gone; so are their indexes (one entry less per
    // case written). The open-time indexes stay: the stuck list's opening source reads them.
    await q.query(`DROP INDEX certificate_application_issued_closed_idx`);
    for (const t of CASE_TABLES) await q.query(`DROP INDEX ${t.table}_closed_idx`);
    await q.query(`ANALYZE case_daily_tally`);
    await q.query(`ANALYZE case_issue_time_tally`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`LOCK TABLE ${CASE_TABLES.map((t) => t.table).join(', ')} IN SHARE ROW EXCLUSIVE MODE`);
    // The row-level counter of 1764440000000-state-waits.ts, as it was.
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
    for (const t of CASE_TABLES) {
      for (const op of ['insert', 'update', 'delete']) await q.query(`DROP TRIGGER ${t.table}_tally_${op} ON ${t.table}`);
      await q.query(`DROP FUNCTION ${tallyFunction(t)}()`);
      await q.query(
        `CREATE TRIGGER ${t.table}_state_count AFTER INSERT OR DELETE OR UPDATE OF state, ${t.office} ON ${t.table}
           FOR EACH ROW EXECUTE FUNCTION passage_count_case_states('${t.caseType}', '${t.office}')`,
      );
    }
    await q.query(
      `CREATE INDEX certificate_application_issued_closed_idx ON certificate_application (closed_at)
         INCLUDE (office_code, submitted_at, deadline_at) WHERE state = 'issued'`,
    );
    for (const t of CASE_TABLES) {
      await q.query(`CREATE INDEX ${t.table}_closed_idx ON ${t.table} (closed_at) INCLUDE (${t.office}) WHERE closed_at IS NOT NULL`);
    }
    await q.query(`DROP TABLE case_issue_time_tally`);
    await q.query(`DROP TABLE case_daily_tally`);
  }
}
