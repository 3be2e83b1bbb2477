/**
 * The lists answer from indexes: with 100,000 cases on file, no query of the case list (a caseworker's
 * office, the province manager's subtree; each filter, deep pages, number search), the inbox, the stuck
 * list's sources or the daily digest reads certificate_application or notification by sequential scan.
 * The queries are the repositories' own (bench/list-queries.ts): each method runs against a DataSource
 * that records the SQL and parameters it sends, and each recorded statement is then explained with the
 * same parameters, so the planner sees the values it would.
 *
 * Its own database (bench/seed.ts: one INSERT … SELECT generate_series per table, then VACUUM ANALYZE,
 * about 30 s on 2 CPUs), never the run's shared one, where 100,000 cases would change every other file's
 * plans and counts. Timings are not asserted (the machine is shared); bench/run.ts measures them.
 *
 * The summary's counts, issuance and daily series read no case table at all, only the tallies the case
 * tables' triggers keep (case_state_count, case_daily_tally, case_issue_time_tally).
 */
import type { DataSource } from 'typeorm';
import { CASEWORKER_JURISDICTION, listQueries, PROVINCE_MANAGER_JURISDICTION, recordingDataSource, type RecordedQuery } from '../../../bench/list-queries';
import { openBenchmarkDatabase } from '../../../bench/seed';
import { CertificateApplicationsRepository, COUNT_CAP } from '../../../libs/db';
import { addCalendarDays, chinaStartOfDay, toChinaCalendarDate } from '../../../libs/domain';
import type { TestDatabase } from '../../support/test-database';

const CASES = 100_000;
const WATCHED_TABLES = ['certificate_application', 'notification'];
const CASE_TABLES = ['certificate_application', 'service_report', 'residence_registration'];

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

function seqScansOf(node: PlanNode): string[] {
  const here = node['Node Type'] === 'Seq Scan' && WATCHED_TABLES.includes(node['Relation Name'] ?? '') ? [node['Relation Name']!] : [];
  return [...here, ...(node.Plans ?? []).flatMap(seqScansOf)];
}

/** Every table a plan reads, by any scan, as `Index Scan case_daily_tally`. */
function scansOf(node: PlanNode): string[] {
  const here = node['Relation Name'] ? [`${node['Node Type']} ${node['Relation Name']}`] : [];
  return [...here, ...(node.Plans ?? []).flatMap(scansOf)];
}

async function planOf(db: DataSource, { sql, params }: RecordedQuery): Promise<PlanNode> {
  const [row] = (await db.query(`EXPLAIN (FORMAT JSON) ${sql}`, params)) as Array<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>;
  return row!['QUERY PLAN'][0]!.Plan;
}

describe(`list plans with ${CASES.toLocaleString('en')} cases on file`, () => {
  let db: DataSource;
  let database: TestDatabase;
  const now = new Date();

  beforeAll(async () => {
    ({ db, database } = await openBenchmarkDatabase(CASES, now));
  }, 240_000);

  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('no list, inbox, stuck-list or digest query scans the cases or the notifications', async () => {
    const queries = await listQueries(db, now);
    expect(queries.length).toBeGreaterThan(30);
    const offenders: Array<{ query: string; sql: string; seqScans: string[] }> = [];
    for (const query of queries) {
      const recorded: RecordedQuery[] = [];
      await query.call(recordingDataSource(db, recorded));
      expect(recorded.length).toBeGreaterThan(0);
      for (const statement of recorded) {
        const seqScans = seqScansOf(await planOf(db, statement));
        if (seqScans.length > 0) offenders.push({ query: query.name, sql: statement.sql.replace(/\s+/g, ' ').slice(0, 200), seqScans });
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the summary’s counts, issuance and daily series read tallies only, never a case table', async () => {
    const summary = (await listQueries(db, now)).filter((q) => /summary, (counts|issuance|daily)/.test(q.name));
    // Counts, issuance and the daily series, for the caseworker's office and the province manager's subtree.
    expect(summary).toHaveLength(6);
    const read = new Map<string, string[]>();
    for (const query of summary) {
      const recorded: RecordedQuery[] = [];
      await query.call(recordingDataSource(db, recorded));
      expect(recorded.length).toBeGreaterThan(0);
      const scans = (await Promise.all(recorded.map((statement) => planOf(db, statement)))).flatMap(scansOf);
      read.set(query.name, scans);
    }
    for (const [name, scans] of read) {
      expect({ name, caseTables: scans.filter((scan) => CASE_TABLES.some((table) => scan.endsWith(` ${table}`))) }).toEqual({ name, caseTables: [] });
      expect({ name, readsATally: scans.some((scan) => /(case_state_count|case_daily_tally|case_issue_time_tally)$/.test(scan)) }).toEqual({ name, readsATally: true });
    }
    // And the tallies hold what the cases say: the province's issuance in the last 90 days, as the cases count it.
    const issuance = summary.find((q) => q.name === 'manager (36): summary, issuance in 90 days')!;
    const { issued } = (await issuance.call(db)) as { issued: number };
    const from = chinaStartOfDay(addCalendarDays(toChinaCalendarDate(now), -89));
    const [{ n }] = (await db.query(
      `SELECT count(*)::int AS n FROM certificate_application WHERE state = 'issued' AND office_code LIKE '36%' AND closed_at >= $1`,
      [from],
    )) as [{ n: number }];
    expect(n).toBeGreaterThan(1000);
    expect(issued).toBe(n);
  });

  it('counts stop at the cap, and say so; below it they are exact', async () => {
    const applications = new CertificateApplicationsRepository(db);
    expect(await applications.listWithin(PROVINCE_MANAGER_JURISDICTION, { limit: 20, offset: 0 })).toMatchObject({
      total: COUNT_CAP,
      totalIsCapped: true,
    });
    const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM certificate_application WHERE office_code = $1 AND state = 'under-review'`, [
      CASEWORKER_JURISDICTION.officeCode,
    ])) as [{ n: number }];
    expect(n).toBeGreaterThan(20);
    expect(n).toBeLessThan(COUNT_CAP);
    expect(await applications.listWithin(CASEWORKER_JURISDICTION, { limit: 20, offset: 0, state: 'under-review' })).toMatchObject({
      total: n,
      totalIsCapped: false,
    });
  });

  it('a page after a case is the page at its offset; a cursor outside the jurisdiction matches nothing', async () => {
    const applications = new CertificateApplicationsRepository(db);
    const jurisdiction = PROVINCE_MANAGER_JURISDICTION;
    const byOffset = await applications.listWithin(jurisdiction, { limit: 20, offset: 3000 });
    const [cursor] = (await applications.listWithin(jurisdiction, { limit: 1, offset: 2999 })).items;
    const byKeyset = await applications.listWithin(jurisdiction, { limit: 20, offset: 0, afterId: cursor!.id });
    expect(byKeyset.items.map((a) => a.id)).toEqual(byOffset.items.map((a) => a.id));
    expect(byKeyset.total).toBe(byOffset.total);
    const [elsewhere] = (await db.query(`SELECT id FROM certificate_application WHERE office_code LIKE '44%' LIMIT 1`)) as [{ id: string }];
    expect((await applications.listWithin(jurisdiction, { limit: 20, offset: 0, afterId: elsewhere.id })).items).toEqual([]);
  });
});
