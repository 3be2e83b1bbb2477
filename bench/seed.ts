/**
 * Seeds N certificate applications straight into PostgreSQL (one INSERT … SELECT generate_series per
 * table, the log entries in windows of 250 cases; 1M cases in a few minutes before the audit chain), for the list benchmark (bench/run.ts) and the plan test
 * (tests/integration/performance/list-plans.spec.ts). Deterministic: case i is the same in every run.
 *
 *   npm run build && node dist/bench/seed.js 100000     # a fresh database, migrated, seeded and kept
 *
 * The shape, on the 12 township offices of the demo directory (8 in Jiangxi, 4 in Shenzhen), case i at
 * office i mod 12:
 *   - submissions spread evenly over 300 days, case N the newest;
 *   - ~10 % open: the newest 9 % (27 days, still being worked on) and every 100th older one (stuck);
 *     ~1 in 10 open cases awaits the applicant (clock paused), 1 in 5000 cases never left its registry check;
 *   - the deadline 20 days after submission, so about a third of the open cases are past it;
 *   - one person per case, two log entries per case (submit, the latest action);
 *   - two notifications per case: a reminder to its own office, and either `certificate-issued` to the
 *     destination office (Shenzhen) or `information-requested` to its own office; those of the last 14 days
 *     and 1 in 20 older ones unread; 1 in 10007 dead-lettered.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { openDatabase, seedDemoData, seedReferenceData } from '../libs/db';
import { DEMO_DIVISIONS } from '../libs/db/seed/divisions-demo';
import { createTestDatabase, LOCAL_ADMIN_DATABASE_URL, type TestDatabase } from '../tests/support/test-database';

// This file runs as TypeScript under jest (bench/) and compiled (dist/bench/).
const REPO_ROOT = path.resolve(__dirname, path.basename(path.dirname(__dirname)) === 'dist' ? '../..' : '..');

/** Cases whose log entries one statement inserts (see the case_action step). */
const CASE_ACTION_BATCH = 250;
/** The 12 street (township) offices cases are spread over. */
export const BENCH_OFFICES = DEMO_DIVISIONS.filter((d) => d.level === 'township').map((d) => d.code);
/** Where certificates go: the residence side's streets. */
const DESTINATIONS = BENCH_OFFICES.filter((code) => code.startsWith('44'));
/** Each office's caseworker where the demo has one (assignee and author of its cases); elsewhere cases have no assignee, and tengwangge's caseworker stands in as their author. */
const CASEWORKERS: Readonly<Record<string, string>> = {
  '360102002': 'tengwangge.caseworker',
  '360102004': 'baihuazhou.caseworker',
  '440306017': 'xinan.caseworker',
  '440306018': 'xixiang.caseworker',
};

/**
 * Inserts the N cases, their people, log entries and notifications, relative to `now`, then VACUUM ANALYZE
 * (as autovacuum would have done by then: fresh statistics and the visibility map index-only scans use).
 */
export async function seedBenchmarkCases(db: DataSource, n: number, now: Date, log: (line: string) => void = () => undefined): Promise<void> {
  const users: Array<{ username: string; id: string }> = await db.query(`SELECT username, id FROM app_user`);
  const idOf = new Map(users.map((u) => [u.username, u.id]));
  const assignees = BENCH_OFFICES.map((office) => (CASEWORKERS[office] ? idOf.get(CASEWORKERS[office])! : null));
  const authors = BENCH_OFFICES.map((office) => idOf.get(CASEWORKERS[office] ?? 'tengwangge.caseworker')!);
  // i, its office (1-based into the offices array), and a pseudo-random r in [0, 1000) that does not follow i's residues.
  const series = `SELECT i, 1 + i % ${BENCH_OFFICES.length} AS o, (i::bigint * 7919 + 104729) % 1000 AS r FROM generate_series(1, $1::int) AS i`;
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`SET synchronous_commit = off`);
    await runner.query(`SET maintenance_work_mem = '256MB'`);
    const step = async (label: string, sql: string, params: unknown[]): Promise<void> => {
      const began = performance.now();
      await runner.query(sql, params);
      log(`  ${label}: ${((performance.now() - began) / 1000).toFixed(1)} s`);
    };
    await step(
      'person',
      `INSERT INTO person (id, identity_number, full_name, sex, date_of_birth, household_office_code)
       SELECT md5('person' || i)::uuid, 'B' || lpad(i::text, 17, '0'), 'Bench person ' || i,
              CASE WHEN i % 2 = 0 THEN 'female' ELSE 'male' END, date '1970-01-01' + (i % 12000), ($2::text[])[o]
         FROM (${series}) s`,
      [n, BENCH_OFFICES],
    );
    await step(
      'certificate_application',
      `INSERT INTO certificate_application (id, case_number, office_code, person_id, marital_status, destination_office_code,
         state, assignee_user_id, registry_check, submitted_at, deadline_working_days, deadline_at, paused_at, lapse_at,
         closed_at, created_by_user_id, created_at, updated_at, applicant_full_name, applicant_sex, applicant_date_of_birth,
         applicant_household_office_code, state_entered_at)
       SELECT md5('case' || i)::uuid,
              'CA-' || ($3::text[])[o] || '-' || to_char(t.submitted_at AT TIME ZONE 'Asia/Shanghai', 'YYYY') || '-' || lpad(((i - 1) / ${BENCH_OFFICES.length} + 1)::text, 6, '0'),
              ($3::text[])[o], md5('person' || i)::uuid, (ARRAY['unmarried', 'married', 'divorced'])[1 + i % 3],
              ($4::text[])[1 + i % array_length($4::text[], 1)], st.state, ($6::uuid[])[o],
              CASE WHEN st.state NOT IN ('submitted', 'registry-check') THEN '{"match": true, "differences": []}'::jsonb END,
              t.submitted_at, 20, t.submitted_at + interval '20 days',
              CASE WHEN st.state = 'awaiting-applicant' THEN t.submitted_at + ($2::timestamptz - t.submitted_at) / 2 END,
              CASE WHEN st.state = 'awaiting-applicant' THEN t.submitted_at + ($2::timestamptz - t.submitted_at) / 2 + interval '28 days' END,
              CASE WHEN NOT st.open THEN t.submitted_at + interval '10 days' END,
              ($5::uuid[])[o], t.submitted_at, t.submitted_at,
              'Bench person ' || i, CASE WHEN i % 2 = 0 THEN 'female' ELSE 'male' END, date '1970-01-01' + (i % 12000), ($3::text[])[o],
              -- when the case entered its state: as its second log entry below says
              CASE WHEN NOT st.open THEN t.submitted_at + interval '10 days'
                   WHEN st.state = 'awaiting-applicant' THEN t.submitted_at + ($2::timestamptz - t.submitted_at) / 2
                   ELSE t.submitted_at + interval '1 minute' END
         FROM (${series}) s
        CROSS JOIN LATERAL (SELECT $2::timestamptz - (($1::int - i)::float8 / $1::int * 300) * interval '1 day' AS submitted_at) t
        CROSS JOIN LATERAL (SELECT i > $1::int * 0.91 OR i % 100 = 0 AS open) o2
        CROSS JOIN LATERAL (SELECT o2.open, CASE
                 WHEN o2.open AND i % 5000 = 0 THEN 'registry-check'
                 WHEN o2.open AND r < 100 THEN 'awaiting-applicant'
                 WHEN o2.open AND r < 350 THEN 'awaiting-approval'
                 WHEN o2.open THEN 'under-review'
                 WHEN r < 850 THEN 'issued' WHEN r < 900 THEN 'rejected' WHEN r < 950 THEN 'withdrawn' ELSE 'lapsed' END AS state) st`,
      [n, now, BENCH_OFFICES, DESTINATIONS, authors, assignees],
    );
    // In windows of submission time of about CASE_ACTION_BATCH cases, each statement its own transaction: the
    // audit chain (1764450000000-audit-chain.ts) moves its one head row for every case action, and within one
    // transaction the head's dead versions pile up and every append walks them, so one INSERT of all 2N
    // actions is quadratic (2,000 in one statement took 2.6 s, 8,000 took 46 s: 200,000 would take hours).
    const windows = Math.max(1, Math.ceil(n / CASE_ACTION_BATCH));
    const firstSubmission = now.getTime() - 300 * 86_400_000;
    const windowEdge = (w: number): Date | null => (w <= 0 || w >= windows ? null : new Date(firstSubmission + (w * 300 * 86_400_000) / windows));
    const actionsBegan = performance.now();
    for (let w = 0; w < windows; w++) {
      await runner.query(
        `INSERT INTO case_action (case_id, case_type, action, from_state, to_state, actor_user_id, actor_role, transaction_id, occurred_at)
       SELECT a.id, 'certificate-application', x.action, x.from_state, x.to_state, CASE WHEN x.action = 'submit' THEN a.created_by_user_id END,
              CASE WHEN x.action = 'submit' THEN 'caseworker' ELSE 'system' END, 'bench:' || a.case_number || ':' || x.k, x.at
         FROM certificate_application a
        CROSS JOIN LATERAL (VALUES
                (1, 'submit', NULL, 'submitted', a.submitted_at),
                (2, CASE a.state WHEN 'issued' THEN 'approve' WHEN 'rejected' THEN 'reject' WHEN 'withdrawn' THEN 'withdraw'
                       WHEN 'lapsed' THEN 'lapse' WHEN 'awaiting-applicant' THEN 'request-information' WHEN 'awaiting-approval' THEN 'review'
                       ELSE 'start-registry-check' END,
                    'submitted', a.state, coalesce(a.closed_at, a.paused_at, a.submitted_at + interval '1 minute'))
              ) AS x(k, action, from_state, to_state, at)
        WHERE a.submitted_at >= coalesce($1::timestamptz, '-infinity') AND a.submitted_at < coalesce($2::timestamptz, 'infinity')`,
        [windowEdge(w), windowEdge(w + 1)],
      );
    }
    log(`  case_action (${windows} statements): ${((performance.now() - actionsBegan) / 1000).toFixed(1)} s`);
    // Created at a reminder's time (10 days in, or half way for younger cases) and at the case's close.
    await step(
      'notification',
      `INSERT INTO notification (recipient_office_code, recipient_user_id, kind, case_type, case_id, state, idempotency_key,
         created_at, read_at, delivered_at, dead_lettered_at)
       SELECT x.recipient, x.recipient_user, x.kind, 'certificate-application', a.id,
              CASE WHEN x.dead THEN 'dead-lettered' WHEN x.unread THEN 'delivered' ELSE 'read' END,
              'bench:' || a.case_number || ':' || x.k, x.at,
              CASE WHEN NOT x.unread THEN x.at + interval '1 day' END,
              CASE WHEN NOT x.dead THEN x.at END, CASE WHEN x.dead THEN x.at + interval '1 day' END
         FROM certificate_application a
        CROSS JOIN LATERAL (SELECT a.submitted_at + least(interval '10 days', ($1::timestamptz - a.submitted_at) / 2) AS reminder_at,
                                   coalesce(a.closed_at, a.submitted_at + least(interval '12 days', ($1::timestamptz - a.submitted_at) * 0.75)) AS second_at,
                                   abs(hashtext(a.id::text)) AS h) t
        CROSS JOIN LATERAL (VALUES
                (1, a.office_code, a.assignee_user_id, 'deadline-reminder', t.reminder_at),
                (2, CASE WHEN a.state = 'issued' THEN a.destination_office_code ELSE a.office_code END,
                    CASE WHEN a.state = 'issued' THEN NULL ELSE a.assignee_user_id END,
                    CASE WHEN a.state = 'issued' THEN 'certificate-issued' ELSE 'information-requested' END, t.second_at)
              ) AS v(k, recipient, recipient_user, kind, at)
        CROSS JOIN LATERAL (SELECT v.k, v.recipient, v.recipient_user, v.kind, v.at,
                                   v.at > $1::timestamptz - interval '14 days' OR (t.h + v.k) % 20 = 0 OR (t.h + v.k) % 10007 = 0 AS unread,
                                   (t.h + v.k) % 10007 = 0 AS dead) x`,
      [now],
    );
    for (const table of ['person', 'certificate_application', 'case_action', 'notification']) {
      await step(`vacuum analyze ${table}`, `VACUUM (ANALYZE) ${table}`, []);
    }
  } finally {
    await runner.release();
  }
}

/** A fresh database of the local cluster (scripts/postgres.sh), migrated and seeded with the demo directory and N cases. */
export async function openBenchmarkDatabase(
  n: number,
  now: Date,
  log: (line: string) => void = () => undefined,
): Promise<{ db: DataSource; database: TestDatabase }> {
  execFileSync('bash', [path.join(REPO_ROOT, 'scripts', 'postgres.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
  // Named explicitly: test-database.ts would look for scripts/ next to its compiled file under dist/.
  const database = await createTestDatabase('passage_bench', { adminDatabaseUrl: LOCAL_ADMIN_DATABASE_URL, log });
  try {
    const db = await openDatabase({ url: database.url, poolSize: 20, applicationName: 'passage-bench' });
    await seedReferenceData(db);
    await seedDemoData(db);
    const began = performance.now();
    log(`seeding ${n} cases into ${database.name}`);
    await seedBenchmarkCases(db, n, now, log);
    log(`seeded in ${((performance.now() - began) / 1000).toFixed(0)} s`);
    return { db, database };
  } catch (error) {
    await database.drop();
    throw error;
  }
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 100_000);
  if (!Number.isInteger(n) || n < 12) throw new Error(`usage: node dist/bench/seed.js <number of cases, at least 12>`);
  process.env.PASSAGE_KEEP_TEST_DB = '1';
  const { db, database } = await openBenchmarkDatabase(n, new Date(), (line) => process.stderr.write(`${line}\n`));
  await db.destroy();
  process.stdout.write(`${database.url}\n`);
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
