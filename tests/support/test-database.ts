/**
 * Throwaway PostgreSQL databases for tests: one fresh, empty database per caller on the local cluster
 * that scripts/postgres.sh makes ready (role passage/passage on 127.0.0.1:5432, maintenance database
 * `passage`). The caller migrates and seeds it (openDatabase + seed*), and drops it when done.
 *
 * Set PASSAGE_KEEP_TEST_DB=1 to keep the databases after the run for inspection (their names are
 * printed to stderr).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { Client } from 'pg';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const POSTGRES_SCRIPT = path.join(REPO_ROOT, 'scripts', 'postgres.sh');

export const TEST_DATABASE_HOST = '127.0.0.1';
export const TEST_DATABASE_PORT = 5432;
const ROLE = 'passage';
const PASSWORD = 'passage';
const MAINTENANCE_DATABASE = 'passage';

export interface TestDatabase {
  /** postgres://passage:passage@127.0.0.1:5432/<name> */
  url: string;
  name: string;
  /** Drops the database (terminating leftover connections), unless PASSAGE_KEEP_TEST_DB=1. Idempotent. */
  drop(): Promise<void>;
}

// Once per process (= per Jest worker): the script is idempotent but takes a few hundred ms.
let postgresReady = false;

/** Starts the local cluster if needed and makes sure the passage role and database exist. */
export function ensureLocalPostgres(): void {
  if (postgresReady) return;
  // The script skips itself when DATABASE_URL points elsewhere; tests always use the local cluster.
  const env = { ...process.env };
  delete env.DATABASE_URL;
  execFileSync('bash', [POSTGRES_SCRIPT], { stdio: ['ignore', 'ignore', 'inherit'], env });
  postgresReady = true;
}

export function testDatabaseUrl(name: string): string {
  return `postgres://${ROLE}:${PASSWORD}@${TEST_DATABASE_HOST}:${TEST_DATABASE_PORT}/${name}`;
}

async function withMaintenanceClient<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: testDatabaseUrl(MAINTENANCE_DATABASE), application_name: 'passage-tests' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A prefix PostgreSQL accepts unquoted: lower case, digits, underscores; short enough for 63 bytes in all. */
function databasePrefix(prefix: string): string {
  return prefix.toLowerCase().replace(/[^a-z0-9_]/g, '_').replace(/^([^a-z_])/, '_$1').slice(0, 30);
}

function databaseName(safePrefix: string): string {
  return `${safePrefix}_${Date.now()}_${process.pid}_${randomBytes(3).toString('hex')}`;
}

const STALE_AFTER_MS = 24 * 3_600_000;

/**
 * Best effort: drops databases of this prefix created more than a day ago. A test process that crashed
 * (or was killed) never reached its drop().
 */
async function dropStaleDatabases(client: Client, prefix: string): Promise<void> {
  const pattern = new RegExp(`^${prefix}_(\\d{13})_\\d+_[0-9a-f]{6}$`);
  try {
    const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE starts_with(datname, $1)`, [
      `${prefix}_`,
    ]);
    for (const { datname } of rows) {
      const createdAt = Number(pattern.exec(datname)?.[1]);
      if (!(createdAt < Date.now() - STALE_AFTER_MS)) continue;
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => undefined);
    }
  } catch {
    // Cleaning up is not what the caller asked for: never fail a test over it.
  }
}

/** Creates a fresh, empty database `<prefix>_<timestamp>_<pid>_<rand>` owned by the passage role. */
export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  ensureLocalPostgres();
  const safePrefix = databasePrefix(prefix);
  const name = databaseName(safePrefix);
  await withMaintenanceClient(async (client) => {
    if (process.env.PASSAGE_KEEP_TEST_DB !== '1') await dropStaleDatabases(client, safePrefix);
    await client.query(`CREATE DATABASE "${name}" OWNER ${ROLE}`);
  });
  let dropped = false;
  return {
    url: testDatabaseUrl(name),
    name,
    async drop(): Promise<void> {
      if (dropped) return;
      dropped = true;
      if (process.env.PASSAGE_KEEP_TEST_DB === '1') {
        process.stderr.write(`test-database: kept ${name} (PASSAGE_KEEP_TEST_DB=1)\n`);
        return;
      }
      // WITH (FORCE) (PostgreSQL 13+) ends connections a test forgot to close instead of failing.
      await withMaintenanceClient((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
