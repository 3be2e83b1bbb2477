/**
 * How fast the lists answer with many cases on file: for each N, a fresh database seeded by bench/seed.ts,
 * the real api created in process (listening on 127.0.0.1, as `npm start` runs it; Temporal is never
 * called by the lists, its client connects lazily) and 8 concurrent clients. Writes its section of
 * docs/benchmarks.md.
 *
 *   npm run bench -- 10000 100000 1000000          # sizes (default 10000 100000)
 *   npm run bench -- --label before 10000          # another section, e.g. numbers of an older commit
 *
 * Bounded: each query runs at most ITERATIONS times in all or for BUDGET_MS, whichever comes first, after
 * one warm-up request per client. The lists and the inbox go through HTTP (what a person waits for:
 * auth, validation, both SQL queries, the views, JSON). The stuck list's sources are measured at the
 * repository: over HTTP the stuck list also describes Temporal workflows, which is Temporal's time, not
 * the database's.
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { createApp } from '../apps/api/src/create-app';
import { loadConfig } from '../libs/config';
import { MonitoringRepository, WorkingCalendarRepository } from '../libs/db';
import type { Jurisdiction } from '../libs/domain';
import { createLogger } from '../libs/logging';
import { createTemporalClient, temporalDataConverter } from '../libs/temporal';
import { writeMarkdownSection } from './markdown-section';
import { listQueries, stateWaits } from './list-queries';
import { openBenchmarkDatabase } from './seed';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
// BENCH_CLIENTS: for looking at one query alone (1); the numbers in docs/benchmarks.md use 8.
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const ITERATIONS = 200;
const BUDGET_MS = 15_000;
const CASEWORKER = 'tengwangge.caseworker';
const CASEWORKER_OFFICE = '360102002';
const MANAGER = 'jiangxi.manager';
const MANAGER_JURISDICTION: Jurisdiction = { officeCode: '36', includeSubtree: true };
/** The stuck list's horizon and caps (MONITORING_DEADLINE_HORIZON_WORKING_DAYS default, SOURCE_CAP, DESCRIBE_CAP). */
const HORIZON_WORKING_DAYS = 2;
const SOURCE_CAP = 500;
const DESCRIBE_CAP = 50;

interface Measured {
  name: string;
  p50: number;
  p95: number;
  samples: number;
}

interface Query {
  name: string;
  run: () => Promise<unknown>;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function measure(query: Query): Promise<Measured> {
  await Promise.all(Array.from({ length: CLIENTS }, () => query.run()));
  const latencies: number[] = [];
  const began = performance.now();
  let started = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (started < ITERATIONS && performance.now() - began < BUDGET_MS) {
        started++;
        const t = performance.now();
        await query.run();
        latencies.push(performance.now() - t);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { name: query.name, p50: percentile(latencies, 50), p95: percentile(latencies, 95), samples: latencies.length };
}

interface SizeResults {
  /** Through HTTP, and the stuck list's sources at the repository (as bench/run.ts measured them from the start). */
  results: Measured[];
  /** Every main query at the repository (bench/list-queries.ts): the database's share of what a person waits for. */
  repository: Measured[];
  seedSeconds: number;
  load: number;
}

async function benchmarkSize(n: number, log: (line: string) => void): Promise<SizeResults> {
  const now = new Date();
  const seedStarted = performance.now();
  const { db, database } = await openBenchmarkDatabase(n, now, log);
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const keyDir = mkdtempSync(path.join(tmpdir(), 'passage-bench-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    DEV_LOGIN_ENABLED: 'true',
    LOG_LEVEL: 'silent',
    CERTIFICATE_SIGNING_KEY_FILE: path.join(keyDir, 'certificate-signing.pem'),
    // The lists ask from one address and two users, far more often than people would.
    RATE_LIMIT_PER_IP_PER_MINUTE: '1000000',
    RATE_LIMIT_PER_USER_PER_MINUTE: '1000000',
    // Never reached by the lists; the client is lazy.
    TEMPORAL_ADDRESS: '127.0.0.1:1',
  });
  const temporal = createTemporalClient(config, temporalDataConverter(config));
  const app = await createApp({ config, db, temporal, logger: createLogger({ name: 'passage-bench', level: 'silent' }) });
  try {
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address() as { port: number };
    const base = `http://127.0.0.1:${address.port}/api/v1`;
    const login = async (username: string): Promise<string> => {
      const response = await fetch(`${base}/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username }) });
      return ((await response.json()) as { accessToken: string }).accessToken;
    };
    const tokens: Record<string, string> = { [CASEWORKER]: await login(CASEWORKER), [MANAGER]: await login(MANAGER) };
    const get = (username: string, pathAndQuery: string) => async (): Promise<unknown> => {
      const response = await fetch(`${base}${pathAndQuery}`, { headers: { authorization: `Bearer ${tokens[username]}` } });
      const body = await response.text();
      if (response.status !== 200) throw new Error(`GET ${pathAndQuery} as ${username}: ${response.status} ${body}`);
      return body;
    };
    const number = await middleCaseNumber(db);
    // The 5000th case of each list: `after` it is the same page as offset=5000, by keyset.
    const after5000 = async (username: string): Promise<string> =>
      (JSON.parse((await get(username, '/certificate-applications?offset=4999&limit=1')()) as string) as { items: Array<{ id: string }> }).items[0]?.id ?? '';
    const queries: Query[] = [
      // The api's floor: authentication, one row, a small JSON answer.
      { name: 'baseline: GET /users/me', run: get(CASEWORKER, '/users/me') },
      { name: 'caseworker: default list', run: get(CASEWORKER, '/certificate-applications') },
      { name: 'caseworker: state=under-review', run: get(CASEWORKER, '/certificate-applications?state=under-review') },
      { name: 'caseworker: overdue', run: get(CASEWORKER, '/certificate-applications?overdue=true') },
      { name: 'caseworker: offset=5000', run: get(CASEWORKER, '/certificate-applications?offset=5000') },
      { name: 'manager (36): default list', run: get(MANAGER, '/certificate-applications') },
      { name: 'manager (36): state=under-review', run: get(MANAGER, '/certificate-applications?state=under-review') },
      { name: 'manager (36): overdue', run: get(MANAGER, '/certificate-applications?overdue=true') },
      { name: 'manager (36): offset=5000', run: get(MANAGER, '/certificate-applications?offset=5000') },
      ...(await keysetPages(after5000, get)),
      { name: 'caseworker: case number, exact', run: get(CASEWORKER, `/certificate-applications?caseNumber=${number}`) },
      { name: 'caseworker: case number, all but its last 2 digits', run: get(CASEWORKER, `/certificate-applications?caseNumber=${number.slice(0, -2)}`) },
      { name: 'caseworker: unread inbox', run: get(CASEWORKER, '/notifications?unread=true') },
      { name: 'manager (36): unread inbox', run: get(MANAGER, '/notifications?unread=true') },
      { name: 'manager (36): monitoring summary', run: get(MANAGER, '/monitoring/summary') },
      { name: 'caseworker: search by case number', run: get(CASEWORKER, `/search?q=${number}`) },
      ...stuckListSources(db, now),
    ];
    const results: Measured[] = [];
    // Other work on the machine moves the numbers: the load when the measuring began says how much.
    const load = loadavg()[0]!;
    const measureAll = async (all: Query[], into: Measured[]): Promise<void> => {
      for (const query of all) {
        const measured = await measure(query);
        log(`  ${query.name}: p50 ${measured.p50.toFixed(1)} ms, p95 ${measured.p95.toFixed(1)} ms (${measured.samples} samples)`);
        into.push(measured);
      }
    };
    await measureAll(queries, results);
    // The stuck list's sources are in the table above already.
    const repository: Measured[] = [];
    const catalogue = (await listQueries(db, now)).filter((q) => !q.name.includes('stuck list'));
    await measureAll(catalogue.map((q) => ({ name: q.name, run: () => q.call(db) })), repository);
    return { results, repository, seedSeconds, load };
  } finally {
    await app.close();
    await temporal.connection.close().catch(() => undefined);
    await db.destroy();
    await database.drop();
    rmSync(keyDir, { recursive: true, force: true });
  }
}

/**
 * The deep pages by keyset (`after`), where the api has it (bench/run.ts also measures commits before it:
 * there these rows are left out). At 10,000 cases the caseworker's office has fewer than 5000.
 */
async function keysetPages(
  after5000: (username: string) => Promise<string>,
  get: (username: string, pathAndQuery: string) => () => Promise<unknown>,
): Promise<Query[]> {
  const queries: Query[] = [];
  for (const [who, username] of [['caseworker', CASEWORKER], ['manager (36)', MANAGER]] as const) {
    const id = await after5000(username);
    if (!id) continue;
    const probe = get(username, `/certificate-applications?after=${id}`);
    if (!(await probe().then(() => true, () => false))) continue;
    queries.push({ name: `${who}: after the 5000th (keyset)`, run: probe });
  }
  return queries;
}

/** A case of the caseworker's office from the middle of the file: neither the newest nor the oldest page. */
async function middleCaseNumber(db: DataSource): Promise<string> {
  const rows: Array<{ caseNumber: string }> = await db.query(
    `SELECT case_number AS "caseNumber" FROM certificate_application WHERE office_code = $1 ORDER BY case_number
     OFFSET (SELECT count(*) / 2 FROM certificate_application WHERE office_code = $1) LIMIT 1`,
    [CASEWORKER_OFFICE],
  );
  return rows[0]!.caseNumber;
}

/** The stuck list's four database sources for the province manager, as MonitoringService calls them. */
function stuckListSources(db: DataSource, now: Date): Query[] {
  const monitoring = new MonitoringRepository(db);
  const calendar = new WorkingCalendarRepository(db).load();
  return [
    {
      name: 'stuck list: deadlines breached or near (repository)',
      run: async () => monitoring.deadlinesBefore(MANAGER_JURISDICTION, (await calendar).deadlineInstant(now, HORIZON_WORKING_DAYS), SOURCE_CAP),
    },
    {
      name: 'stuck list: stuck in opening (repository)',
      run: () => monitoring.openingSince(MANAGER_JURISDICTION, new Date(now.getTime() - 300_000), DESCRIBE_CAP),
    },
    { name: 'stuck list: dead-lettered (repository)', run: () => monitoring.deadLettered(MANAGER_JURISDICTION, SOURCE_CAP) },
    { name: 'stuck list: waiting too long (repository)', run: () => monitoring.waitingSince(MANAGER_JURISDICTION, stateWaits(now), SOURCE_CAP) },
  ];
}

function postgresDescription(): string {
  try {
    const version = execFileSync('psql', ['--version'], { encoding: 'utf8' }).trim().replace(/^psql \(PostgreSQL\) /, '');
    return `PostgreSQL ${version}`;
  } catch {
    return 'PostgreSQL';
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const labelAt = args.indexOf('--label');
  const label = labelAt >= 0 ? args.splice(labelAt, 2)[1] : undefined;
  const sizes = (args.length > 0 ? args : ['10000', '100000']).map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 12)) throw new Error('usage: npm run bench -- [--label <name>] <cases> …');
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const bySize = new Map<number, SizeResults>();
  for (const n of sizes) {
    log(`== ${n} cases`);
    bySize.set(n, await benchmarkSize(n, log));
  }
  const fmt = (ms: number): string => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
  const first = sizes[0]!;
  const last = sizes[sizes.length - 1]!;
  const table = (pick: (r: SizeResults) => Measured[]): string => {
    // Every query measured at any size, in the order measured (a deep page by keyset is missing where the list is shorter).
    const names = [...new Set(sizes.flatMap((n) => pick(bySize.get(n)!).map((r) => r.name)))];
    const result = (n: number, name: string): Measured | undefined => pick(bySize.get(n)!).find((x) => x.name === name);
    const header = `| query | ${sizes.map((n) => `${n.toLocaleString('en')}: p50 / p95 ms`).join(' | ')} |${sizes.length > 1 ? ` p95 ×${last / first} cases |` : ''}`;
    const rows = names.map((name) => {
      const cells = sizes.map((n) => {
        const r = result(n, name);
        return r ? `${fmt(r.p50)} / ${fmt(r.p95)}` : '—';
      });
      const [from, to] = [result(first, name), result(last, name)];
      const growth = sizes.length > 1 ? ` ${from && to ? `${(to.p95 / from.p95).toFixed(1)}×` : '—'} |` : '';
      return `| ${name} | ${cells.join(' | ')} |${growth}`;
    });
    return `${header}\n|---|${sizes.map(() => '---|').join('')}${sizes.length > 1 ? '---|' : ''}\n${rows.join('\n')}`;
  };
  const repositoryTable = sizes.some((n) => bySize.get(n)!.repository.length > 0)
    ? `\nThe same lists and more filters at the repository (bench/list-queries.ts: both SQL statements of a list, no HTTP),
${CLIENTS} concurrent clients: the database's share.\n\n${table((r) => r.repository)}\n`
    : '';
  const id = label ? `list-queries-${label}` : 'list-queries';
  const command = `npm run bench -- ${label ? `--label ${label} ` : ''}${sizes.join(' ')}`;
  // BENCH_COMMIT: the commit a copy of the tree outside git (git archive) was made from.
  const commit = process.env.BENCH_COMMIT ?? (() => {
    try {
      return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  })();
  const text = `## List queries${label ? ` (${label})` : ''} with many cases on file

Produced by \`${command}\` (bench/run.ts, seed bench/seed.ts) at commit ${commit}, ${new Date().toISOString().slice(0, 10)}:
${cpus().length} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, ${postgresDescription()} with Debian's
default settings, shared with other work. ${CLIENTS} concurrent clients, at most ${ITERATIONS} requests per query or ${BUDGET_MS / 1000} s.
Lists and inboxes through HTTP to the api in process (default pool of 10 connections); the stuck list's sources at
the repository. Seeding (with VACUUM ANALYZE) took ${sizes.map((n) => `${Math.round(bySize.get(n)!.seedSeconds)} s at ${n.toLocaleString('en')}`).join(', ')};
the 1-minute load average when measuring began: ${sizes.map((n) => `${bySize.get(n)!.load.toFixed(1)} at ${n.toLocaleString('en')}`).join(', ')}.

${table((r) => r.results)}
${repositoryTable}`;
  writeMarkdownSection(path.join(REPO_ROOT, 'docs', 'benchmarks.md'), id, text);
  process.stdout.write(text);
  log(`wrote section ${id} of docs/benchmarks.md`);
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
