/**
 * The summary's tallies (case_daily_tally, case_issue_time_tally, case_state_count; kept by statement-level
 * triggers, 1764470000000-daily-tally.ts) equal a direct computation over the case tables after each kind
 * of write: a bulk insert, one UPDATE moving many cases at once (states, close times, a transfer), two
 * updates of the table in one statement (a writable CTE), an INSERT … ON CONFLICT that inserts one case
 * and changes another, one case moved twice in a transaction, an UPDATE that changes nothing counted, and a
 * DELETE. And the repository's issuance and daily series read from them equal the old queries over the
 * cases (issued and on time exactly; the percentiles within a bucket of percentile_cont's).
 *
 * All in one transaction, rolled back: the shared database is left as it was. Its cases are at the two
 * township offices of county 360424, which no other test file writes to, on past days, so its uncommitted
 * tally rows are keys no other file waits for.
 */
import type { DataSource, QueryRunner } from 'typeorm';
import { issueTimeBucketWidth, MonitoringRepository } from '../../../libs/db';
import { addCalendarDays, chinaStartOfDay, toChinaCalendarDate, type Jurisdiction } from '../../../libs/domain';
import { useTestStack } from '../../support/test-app';

const OFFICES = ['360424100', '360424101'] as const;
const COUNTY: Jurisdiction = { officeCode: '360424', includeSubtree: true };
const ONE_OFFICE: Jurisdiction = { officeCode: OFFICES[1], includeSubtree: false };
const CHINA_DAY = (column: string) => `(${column} AT TIME ZONE 'Asia/Shanghai')::date`;

/** Every tally row that differs from the case tables, in one statement (one snapshot). */
async function differences(runner: QueryRunner): Promise<{ daily: unknown[]; issueTimes: unknown[]; stateCounts: unknown[] }> {
  const daily = await runner.query(
    `WITH actual AS (
       SELECT office_code, day, case_type, sum(opened) AS opened, sum(closed) AS closed, sum(issued) AS issued, sum(on_time) AS issued_on_time FROM (
         SELECT office_code, ${CHINA_DAY('created_at')} AS day, 'certificate-application' AS case_type, 1 AS opened, 0 AS closed, 0 AS issued, 0 AS on_time
           FROM certificate_application
         UNION ALL
         SELECT office_code, ${CHINA_DAY('closed_at')}, 'certificate-application', 0, 1, (state = 'issued')::int,
                (state = 'issued' AND (deadline_at IS NULL OR closed_at <= deadline_at))::int
           FROM certificate_application WHERE closed_at IS NOT NULL
         UNION ALL SELECT filing_office_code, ${CHINA_DAY('created_at')}, 'service-report', 1, 0, 0, 0 FROM service_report
         UNION ALL SELECT filing_office_code, ${CHINA_DAY('closed_at')}, 'service-report', 0, 1, 0, 0 FROM service_report WHERE closed_at IS NOT NULL
         UNION ALL SELECT residence_office_code, ${CHINA_DAY('created_at')}, 'residence-registration', 1, 0, 0, 0 FROM residence_registration
         UNION ALL SELECT residence_office_code, ${CHINA_DAY('closed_at')}, 'residence-registration', 0, 1, 0, 0 FROM residence_registration WHERE closed_at IS NOT NULL
       ) x GROUP BY 1, 2, 3)
     SELECT coalesce(a.office_code, t.office_code) AS office_code, to_char(coalesce(a.day, t.day), 'YYYY-MM-DD') AS day,
            coalesce(a.case_type, t.case_type) AS case_type,
            a.opened || '/' || a.closed || '/' || a.issued || '/' || a.issued_on_time AS actual,
            t.opened || '/' || t.closed || '/' || t.issued || '/' || t.issued_on_time AS tallied
       FROM actual a
       FULL JOIN (SELECT * FROM case_daily_tally WHERE opened <> 0 OR closed <> 0 OR issued <> 0 OR issued_on_time <> 0) t
         USING (office_code, day, case_type)
      WHERE (a.opened, a.closed, a.issued, a.issued_on_time) IS DISTINCT FROM (t.opened, t.closed, t.issued, t.issued_on_time)`,
  );
  const issueTimes = await runner.query(
    `WITH times AS (
       SELECT office_code, ${CHINA_DAY('closed_at')} AS day, extract(epoch FROM closed_at - submitted_at) AS s
         FROM certificate_application WHERE state = 'issued' AND closed_at IS NOT NULL),
     actual AS (
       SELECT office_code, day, (CASE WHEN s < 86400 THEN floor(s / 360) * 360 ELSE floor(s / 3600) * 3600 END)::int AS bucket_seconds,
              count(*) AS cases, sum(s) AS seconds_sum
         FROM times GROUP BY 1, 2, 3)
     SELECT coalesce(a.office_code, t.office_code) AS office_code, coalesce(a.day, t.day)::text AS day,
            coalesce(a.bucket_seconds, t.bucket_seconds) AS bucket_seconds,
            a.cases || ' in ' || a.seconds_sum || ' s' AS actual, t.cases || ' in ' || t.seconds_sum || ' s' AS tallied
       FROM actual a
       FULL JOIN (SELECT * FROM case_issue_time_tally WHERE case_type = 'certificate-application' AND (cases <> 0 OR seconds_sum <> 0)) t
         USING (office_code, day, bucket_seconds)
      WHERE (a.cases, a.seconds_sum) IS DISTINCT FROM (t.cases, t.seconds_sum)`,
  );
  const stateCounts = await runner.query(
    `WITH actual AS (
       SELECT 'certificate-application' AS case_type, office_code, state, count(*) AS cases FROM certificate_application GROUP BY 2, 3
       UNION ALL SELECT 'service-report', filing_office_code, state, count(*) FROM service_report GROUP BY 2, 3
       UNION ALL SELECT 'residence-registration', residence_office_code, state, count(*) FROM residence_registration GROUP BY 2, 3)
     SELECT coalesce(a.case_type, t.case_type) AS case_type, coalesce(a.office_code, t.office_code) AS office_code,
            coalesce(a.state, t.state) AS state, a.cases AS actual, t.cases AS tallied
       FROM actual a FULL JOIN (SELECT * FROM case_state_count WHERE cases <> 0) t USING (case_type, office_code, state)
      WHERE a.cases IS DISTINCT FROM t.cases`,
  );
  return { daily, issueTimes, stateCounts };
}

interface Direct {
  issued: number;
  onTime: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
  /**
   * How far the tally's estimate of each percentile may be from it: the width of the bucket of the time at
   * the rank above the percentile's position (percentile_cont interpolates between two ranks; buckets only
   * widen with time).
   */
  medianTolerance: number;
  p90Tolerance: number;
}

/** The summary's issuance as it was computed before the tally: over the cases, exact. */
async function directIssuance(runner: QueryRunner, like: string, from: string): Promise<Direct> {
  const [row] = (await runner.query(
    `WITH issued AS (
       SELECT a.deadline_at, a.closed_at, extract(epoch FROM a.closed_at - a.submitted_at) AS s
         FROM certificate_application a
        WHERE a.state = 'issued' AND a.closed_at >= $2 AND a.office_code LIKE $1),
     ranked AS (SELECT s, row_number() OVER (ORDER BY s) - 1 AS k, count(*) OVER () AS n FROM issued)
     SELECT (SELECT count(*)::int FROM issued) AS issued,
            (SELECT count(*)::int FROM issued WHERE deadline_at IS NULL OR closed_at <= deadline_at) AS "onTime",
            (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY s)::float8 FROM issued) AS "medianSeconds",
            (SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY s)::float8 FROM issued) AS "p90Seconds",
            (SELECT s::float8 FROM ranked WHERE k = ceil(0.5 * (n - 1))) AS "medianAbove",
            (SELECT s::float8 FROM ranked WHERE k = ceil(0.9 * (n - 1))) AS "p90Above"`,
    [like, chinaStartOfDay(from)],
  )) as Array<Omit<Direct, 'medianTolerance' | 'p90Tolerance'> & { medianAbove: number | null; p90Above: number | null }>;
  const { medianAbove, p90Above, ...figures } = row!;
  const tolerance = (above: number | null) => (above === null ? 0 : issueTimeBucketWidth(above));
  return { ...figures, medianTolerance: tolerance(medianAbove), p90Tolerance: tolerance(p90Above) };
}

/** The summary's daily series as it was computed before the tally: the case tables' times, by China day. */
async function directDaily(runner: QueryRunner, like: string, from: string, to: string): Promise<Array<{ date: string; opened: number; closed: number }>> {
  return runner.query(
    `WITH times AS (
       SELECT created_at, closed_at FROM certificate_application WHERE office_code LIKE $1
       UNION ALL SELECT created_at, closed_at FROM service_report WHERE filing_office_code LIKE $1
       UNION ALL SELECT created_at, closed_at FROM residence_registration WHERE residence_office_code LIKE $1)
     SELECT to_char(d.day, 'YYYY-MM-DD') AS date,
            (SELECT count(*)::int FROM times WHERE ${CHINA_DAY('created_at')} = d.day) AS opened,
            (SELECT count(*)::int FROM times WHERE ${CHINA_DAY('closed_at')} = d.day) AS closed
       FROM (SELECT g::date AS day FROM generate_series($2::date, $3::date - 1, interval '1 day') g) d ORDER BY d.day`,
    [like, from, to],
  );
}

describe('monitoring: the summary’s tallies', () => {
  const stack = useTestStack();

  it('equal the cases after bulk inserts, moves in one statement, a transfer, an upsert and a delete', async () => {
    const db: DataSource = stack().db;
    const runner = db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    // The repository on this transaction's connection, so it sees the uncommitted cases.
    const monitoring = new MonitoringRepository({ query: (sql: string, params?: unknown[]) => runner.query(sql, params) } as unknown as DataSource);
    const to = addCalendarDays(toChinaCalendarDate(new Date()), 1);
    const from = addCalendarDays(to, -90);
    const fromInstant = chinaStartOfDay(from).toISOString();

    const expectTalliesEqualTheCases = async (step: string): Promise<void> => {
      expect({ step, ...(await differences(runner)) }).toEqual({ step, daily: [], issueTimes: [], stateCounts: [] });
      for (const [jurisdiction, like] of [[COUNTY, '360424%'], [ONE_OFFICE, OFFICES[1]]] as const) {
        const direct = await directIssuance(runner, like, from);
        const tallied = await monitoring.issuance(jurisdiction, from);
        expect({ step, like, issued: tallied.issued, onTime: tallied.onTime }).toEqual({ step, like, issued: direct.issued, onTime: direct.onTime });
        if (direct.medianSeconds === null) {
          expect(tallied.medianSeconds).toBeNull();
        } else {
          expect(Math.abs(tallied.medianSeconds! - direct.medianSeconds)).toBeLessThanOrEqual(direct.medianTolerance);
          expect(Math.abs(tallied.p90Seconds! - direct.p90Seconds!)).toBeLessThanOrEqual(direct.p90Tolerance);
        }
        expect({ step, like, daily: await monitoring.dailySeries(jurisdiction, from, to) }).toEqual({
          step,
          like,
          daily: await directDaily(runner, like, from, to),
        });
      }
    };

    try {
      const [{ id: author }] = (await runner.query(`SELECT id FROM app_user WHERE username = 'tengwangge.caseworker'`)) as [{ id: string }];
      // 60 cases in one statement, at the two offices, submitted over the last 140 days (every 7th minute
      // apart), so some were issued before the period; a third issued (times from minutes to weeks, a few
      // after their deadline, one without a deadline), some rejected, the rest open. Two straddle the
      // period's first instant: issued one millisecond before it and exactly at it.
      await runner.query(
        `INSERT INTO person (id, identity_number, full_name, sex, date_of_birth, household_office_code)
         SELECT md5('tally-person' || i)::uuid, 'T' || lpad(i::text, 17, '0'), 'Tally person ' || i, 'female', date '1980-01-01', $1
           FROM generate_series(1, 62) i`,
        [OFFICES[0]],
      );
      const insertCases = `
        INSERT INTO certificate_application (id, case_number, office_code, person_id, marital_status, state, submitted_at,
          deadline_working_days, deadline_at, closed_at, created_by_user_id, created_at, updated_at, applicant_full_name,
          applicant_sex, applicant_date_of_birth, applicant_household_office_code)
        SELECT md5('tally-case' || i)::uuid, 'CA-TALLY-' || i, ($1::text[])[1 + i % 2], md5('tally-person' || i)::uuid, 'unmarried',
               c.state, c.submitted_at, 20, CASE WHEN i % 17 = 0 THEN NULL ELSE c.submitted_at + interval '28 days' END, c.closed_at,
               $2, c.submitted_at, c.submitted_at, 'Tally person ' || i, 'female', date '1980-01-01', $3
          FROM generate_series($4::int, $5::int) i
         CROSS JOIN LATERAL (SELECT now() - interval '140 days' + i * (interval '2 days' + interval '7 minutes') AS submitted_at) t
         CROSS JOIN LATERAL (SELECT t.submitted_at,
                  CASE WHEN i % 3 = 0 THEN 'issued' WHEN i % 7 = 1 THEN 'rejected' ELSE 'under-review' END AS state,
                  CASE WHEN i % 3 = 0 THEN t.submitted_at + (i * i * 523) * interval '1 second'
                       WHEN i % 7 = 1 THEN t.submitted_at + interval '3 days' END AS closed_at) c`;
      await runner.query(insertCases, [OFFICES, author, OFFICES[0], 1, 60]);
      await runner.query(
        `UPDATE certificate_application SET state = 'issued', closed_at = $1::timestamptz + v.shift
           FROM (VALUES ('CA-TALLY-1', interval '-1 millisecond'), ('CA-TALLY-2', interval '0')) v(n, shift)
          WHERE case_number = v.n`,
        [fromInstant],
      );
      const [{ n: issuedInPeriod }] = (await runner.query(
        `SELECT count(*)::int AS n FROM certificate_application WHERE case_number LIKE 'CA-TALLY-%' AND state = 'issued' AND closed_at >= $1`,
        [fromInstant],
      )) as [{ n: number }];
      expect(issuedInPeriod).toBeGreaterThan(5);
      await expectTalliesEqualTheCases('bulk insert');

      // One statement: ten open cases issued at once (all between 26 and 27 hours after submission: one
      // bucket of several times), an issued case's close time corrected, and two cases transferred to the
      // other office (one open, one issued).
      await runner.query(
        `UPDATE certificate_application a SET
           state = CASE WHEN a.state = 'under-review' THEN 'issued' ELSE a.state END,
           closed_at = CASE WHEN a.state = 'under-review' THEN a.submitted_at + interval '26 hours' + right(a.case_number, 1)::int * interval '6 minutes' + interval '17 seconds'
                            WHEN a.case_number = 'CA-TALLY-57' THEN a.closed_at + interval '5 days' ELSE a.closed_at END,
           office_code = CASE WHEN a.case_number IN ('CA-TALLY-44', 'CA-TALLY-51') THEN $1 ELSE a.office_code END
          WHERE a.case_number IN ('CA-TALLY-40', 'CA-TALLY-41', 'CA-TALLY-43', 'CA-TALLY-44', 'CA-TALLY-46', 'CA-TALLY-47', 'CA-TALLY-49',
                                  'CA-TALLY-50', 'CA-TALLY-52', 'CA-TALLY-53', 'CA-TALLY-55', 'CA-TALLY-56', 'CA-TALLY-57', 'CA-TALLY-51')`,
        [OFFICES[1]],
      );
      await expectTalliesEqualTheCases('one UPDATE moving many cases');

      // Two updates of the table in one statement: both sets of rows are in the one firing's transition tables.
      await runner.query(
        `WITH first AS (UPDATE certificate_application SET state = 'issued', closed_at = now() - interval '1 day' WHERE case_number = 'CA-TALLY-58' RETURNING id)
         UPDATE certificate_application SET state = 'withdrawn', closed_at = now() - interval '1 day'
          WHERE case_number IN ('CA-TALLY-59', 'CA-TALLY-60') AND EXISTS (SELECT 1 FROM first)`,
      );
      await expectTalliesEqualTheCases('two UPDATEs in one statement');

      // One statement inserts a case and changes another (INSERT … ON CONFLICT DO UPDATE).
      await runner.query(`${insertCases}
        ON CONFLICT (id) DO UPDATE SET state = 'issued', closed_at = EXCLUDED.submitted_at + interval '90 minutes'`, [OFFICES, author, OFFICES[0], 38, 62]);
      const [{ n: inserted }] = (await runner.query(`SELECT count(*)::int AS n FROM certificate_application WHERE case_number LIKE 'CA-TALLY-%'`)) as [{ n: number }];
      expect(inserted).toBe(62);
      await expectTalliesEqualTheCases('INSERT … ON CONFLICT DO UPDATE');

      // One case moved twice in the transaction, and back to where it was.
      await runner.query(`UPDATE certificate_application SET state = 'awaiting-approval' WHERE case_number = 'CA-TALLY-61'`);
      await runner.query(`UPDATE certificate_application SET state = 'issued', closed_at = now() - interval '3 hours' WHERE case_number = 'CA-TALLY-61'`);
      await expectTalliesEqualTheCases('a case moved twice');
      await runner.query(`UPDATE certificate_application SET state = 'under-review', closed_at = NULL WHERE case_number = 'CA-TALLY-61'`);
      await expectTalliesEqualTheCases('and back');

      // An UPDATE of every case that changes nothing the tallies count writes none of their rows.
      const tallyVersions = `SELECT string_agg(xmin::text || ctid::text, ',' ORDER BY day) AS v FROM case_daily_tally WHERE office_code LIKE '360424%'`;
      const [{ v: before }] = (await runner.query(tallyVersions)) as [{ v: string }];
      await runner.query(`UPDATE certificate_application SET updated_at = now() WHERE case_number LIKE 'CA-TALLY-%'`);
      const [{ v: after }] = (await runner.query(tallyVersions)) as [{ v: string }];
      expect(after).toBe(before);

      // Deletes (the api never deletes a case; the tallies follow anyway).
      await runner.query(`DELETE FROM certificate_application WHERE case_number IN ('CA-TALLY-3', 'CA-TALLY-6', 'CA-TALLY-50', 'CA-TALLY-44', 'CA-TALLY-20')`);
      await expectTalliesEqualTheCases('DELETE');
      const [{ n: officeIssued }] = (await runner.query(
        `SELECT coalesce(sum(issued), 0)::int AS n FROM case_daily_tally WHERE office_code = $1 AND day >= $2`,
        [OFFICES[1], from],
      )) as [{ n: number }];
      expect(officeIssued).toBeGreaterThan(5);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
