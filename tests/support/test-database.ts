/**
 * Throwaway PostgreSQL databases for tests, the one place that creates and drops them. Each caller gets a
 * fresh, empty database `<prefix>_<epoch ms>_<pid>_<6 hex>`, created through a maintenance database (by
 * default the local cluster that scripts/postgres.sh makes ready: role passage/passage on 127.0.0.1:5432,
 * maintenance database `passage`); on the way, databases of the same prefix older than a day are dropped
 * (a test process that crashed, or was killed, never reached its drop). The caller migrates and seeds the
 * database (openDatabase + seed*) and drops it when done.
 *
 * Used by workflow-stack.ts (one database per workflow test file) and by integration-global-setup.ts and
 * integration-global-teardown.ts (one database per integration run).
 *
 * Set PASSAGE_KEEP_TEST_DB=1 to keep the databases after the run for inspection (their names are
 * printed to stderr); stale ones are then left alone too.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { Client } from 'pg';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const POSTGRES_SCRIPT = path.join(REPO_ROOT, 'scripts', 'postgres.sh');

/** The maintenance database of the local cluster of scripts/postgres.sh. */
export const LOCAL_ADMIN_DATABASE_URL = 'postgres://passage:passage@127.0.0.1:5432/passage';
/** Set to 1 to keep test databases after the run (to look at them with psql). */
export const ENV_KEEP_DB = 'PASSAGE_KEEP_TEST_DB';
const STALE_AFTER_MS = 24 * 3_600_000;

export interface TestDatabase {
  /** The admin URL with the database replaced, e.g. postgres://passage:passage@127.0.0.1:5432/<name> */
  url: string;
  name: string;
  /** Drops the database (terminating leftover connections), unless PASSAGE_KEEP_TEST_DB=1. Idempotent. */
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /**
   * The maintenance database to create (and drop) through. Default: LOCAL_ADMIN_DATABASE_URL, once the
   * local cluster is ready (scripts/postgres.sh). A caller naming another server makes it ready itself.
   */
  adminDatabaseUrl?: string;
  /** Where to report stale databases dropped (or not dropped); default: nowhere. */
  log?: (message: string) => void;
}

// Once per process (= per Jest worker): the script is idempotent but takes a few hundred ms.
let postgresReady = false;

/** Starts the local cluster if needed and makes sure the passage role and database exist. */
export function ensureLocalPostgres(): void {
  if (postgresReady) return;
  // The script skips itself when DATABASE_URL points elsewhere; the default admin URL is the local cluster.
  const env = { ...process.env };
  delete env.DATABASE_URL;
  execFileSync('bash', [POSTGRES_SCRIPT], { stdio: ['ignore', 'ignore', 'inherit'], env });
  postgresReady = true;
}

/** Creates a fresh, empty database `<prefix>_<epoch ms>_<pid>_<6 hex>` after dropping stale ones of the prefix. */
export async function createTestDatabase(prefix: string, options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const adminDatabaseUrl = options.adminDatabaseUrl ?? LOCAL_ADMIN_DATABASE_URL;
  if (options.adminDatabaseUrl === undefined) ensureLocalPostgres();
  const safePrefix = databasePrefix(prefix);
  const name = `${safePrefix}_${Date.now()}_${process.pid}_${randomBytes(3).toString('hex')}`;
  await withAdminClient(adminDatabaseUrl, async (client) => {
    if (process.env[ENV_KEEP_DB] !== '1') await dropStaleDatabases(client, safePrefix, options.log ?? (() => undefined));
    await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
  });
  let dropped = false;
  return {
    url: withDatabase(adminDatabaseUrl, name),
    name,
    async drop(): Promise<void> {
      if (dropped) return;
      dropped = true;
      if (process.env[ENV_KEEP_DB] === '1') {
        process.stderr.write(`test-database: kept ${name} (${ENV_KEEP_DB}=1)\n`);
        return;
      }
      await dropTestDatabase(adminDatabaseUrl, name);
    },
  };
}

/** Drops the database `name` now, whatever PASSAGE_KEEP_TEST_DB says. */
export async function dropTestDatabase(adminDatabaseUrl: string, name: string): Promise<void> {
  // WITH (FORCE) (PostgreSQL 13+): a test that leaked a connection must not keep the database alive.
  await withAdminClient(adminDatabaseUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
}

/** Best effort: cleaning up is not what the caller asked for, so it never fails a test. */
async function dropStaleDatabases(client: Client, prefix: string, log: (message: string) => void): Promise<void> {
  const pattern = new RegExp(`^${prefix}_(\\d{13})_\\d+_[0-9a-f]{6}$`);
  try {
    const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE starts_with(datname, $1)`, [
      `${prefix}_`,
    ]);
    for (const { datname } of rows) {
      const createdAt = Number(pattern.exec(datname)?.[1]);
      if (!(createdAt < Date.now() - STALE_AFTER_MS)) continue;
      try {
        await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(datname)} WITH (FORCE)`);
        log(`dropped stale test database ${datname}`);
      } catch (error) {
        log(`could not drop stale test database ${datname}: ${(error as Error).message}`);
      }
    }
  } catch (error) {
    log(`could not list stale test databases: ${(error as Error).message}`);
  }
}

async function withAdminClient<T>(adminDatabaseUrl: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminDatabaseUrl, application_name: 'passage-tests' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A prefix PostgreSQL accepts unquoted: lower case, digits, underscores; short enough for 63 bytes in all. */
function databasePrefix(prefix: string): string {
  return prefix.toLowerCase().replace(/[^a-z0-9_]/g, '_').replace(/^([^a-z_])/, '_$1').slice(0, 30);
}

/** Replaces the database name of a postgres:// URL, keeping credentials, host and query. */
function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** Double-quoted SQL identifier (our names are [a-z0-9_] anyway; this is belt and braces). */
function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
