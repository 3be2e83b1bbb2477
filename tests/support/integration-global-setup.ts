/**
 * Jest globalSetup of the `integration` project: once per `jest` run, before any integration test file.
 *
 *  1. Makes the local PostgreSQL ready (scripts/postgres.sh).
 *  2. Creates a fresh database for this run, passage_it_<yyyymmddhhmmss>_<pid>, and drops leftovers of
 *     runs older than a day (best effort: a run that crashed never reached its teardown).
 *  3. Starts a real Temporal dev server (in-memory, headless, free port on 127.0.0.1, namespace
 *     `default`, Passage's search attributes registered) from the CLI of scripts/temporal-cli.sh, or,
 *     when that script exits 3 (no Go toolchain, no cached CLI), the SDK's own downloaded dev server.
 *  4. Publishes PASSAGE_IT_DATABASE_URL / PASSAGE_IT_TEMPORAL_ADDRESS to the test workers (process.env
 *     is inherited by the workers jest forks afterwards), keeps what the teardown needs in globalThis,
 *     and writes .data/integration-run.json for whoever is debugging a run.
 *
 * Test files do not migrate or seed here: tests/support/test-app.ts does, through the same code the
 * api and the worker run at start-up (openDatabase serialises concurrent files on an advisory lock).
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { Connection } from '@temporalio/client';
import { defineSearchAttributeKey, TypedSearchAttributes } from '@temporalio/common';
import { Client as PgClient } from 'pg';
import { SEARCH_ATTRIBUTE_REGISTRATIONS } from '../../libs/contracts/search-attributes';
import {
  ENV_DATABASE_URL,
  ENV_TEMPORAL_ADDRESS,
  ENV_TEMPORAL_NAMESPACE,
  type IntegrationRun,
  log,
  quoteIdent,
  REPO_ROOT,
  RUN_FILE,
  setIntegrationRun,
  TEST_DATABASE_PREFIX,
  timed,
  withDatabase,
} from './integration-run';

const DEFAULT_ADMIN_DATABASE_URL = 'postgres://passage:passage@127.0.0.1:5432/passage';
const NAMESPACE = 'default';
/** scripts/temporal-cli.sh: "no Go toolchain and no cached binary; fall back to the SDK download". */
const CLI_SCRIPT_NO_GO = 3;
const TEMPORAL_READY_TIMEOUT_MS = 60_000;
const STALE_DATABASE_AGE_MS = 24 * 3600 * 1000;

export default async function integrationGlobalSetup(): Promise<void> {
  const started = performance.now();
  log('global setup: PostgreSQL + Temporal dev server');

  // The CLI lookup may wait minutes for a first `go install`; run it alongside the PostgreSQL work.
  const cliPathPromise = timed('scripts/temporal-cli.sh', () => temporalCliPath());
  cliPathPromise.catch(() => undefined); // observed below; avoid an unhandled rejection meanwhile

  await timed('scripts/postgres.sh', () => runScript('postgres.sh'));
  // DATABASE_URL, when it points somewhere else, names the server to use (postgres.sh then starts nothing).
  const adminDatabaseUrl = process.env.PASSAGE_IT_ADMIN_DATABASE_URL ?? process.env.DATABASE_URL ?? DEFAULT_ADMIN_DATABASE_URL;
  const databaseName = `${TEST_DATABASE_PREFIX}${timestamp(new Date())}_${process.pid}`;
  await timed(`create database ${databaseName}`, () => createRunDatabase(adminDatabaseUrl, databaseName));
  const databaseUrl = withDatabase(adminDatabaseUrl, databaseName);

  let temporal: IntegrationRun['temporal'];
  let temporalAddress: string;
  try {
    const cliPath = await cliPathPromise;
    if (cliPath !== null) {
      const server = await timed('temporal dev server start', () => startDevServer(cliPath));
      temporal = { kind: 'cli', cliPath, ...server };
      temporalAddress = server.address;
    } else {
      log('no Temporal CLI (scripts/temporal-cli.sh exited 3): using the SDK-downloaded dev server');
      const env = await timed('TestWorkflowEnvironment.createLocal', () => startSdkDevServer());
      temporal = { kind: 'sdk', env };
      temporalAddress = env.address;
    }
  } catch (error) {
    await dropDatabase(adminDatabaseUrl, databaseName).catch(() => undefined);
    throw error;
  }

  const run: IntegrationRun = {
    databaseName,
    databaseUrl,
    adminDatabaseUrl,
    temporalAddress,
    temporalNamespace: NAMESPACE,
    temporal,
    startedAt: new Date().toISOString(),
  };
  setIntegrationRun(run);
  process.env[ENV_DATABASE_URL] = databaseUrl;
  process.env[ENV_TEMPORAL_ADDRESS] = temporalAddress;
  process.env[ENV_TEMPORAL_NAMESPACE] = NAMESPACE;
  writeRunFile(run);
  log(`global setup done in ${Math.round(performance.now() - started)} ms: db=${databaseName} temporal=${temporalAddress}`);
}

// ---------------------------------------------------------------------------------------------------
// PostgreSQL

function timestamp(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}` +
    `${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`
  );
}

/** The time a passage_it_<yyyymmddhhmmss>_<pid> name was made, or null for any other name. */
function createdAtOf(name: string): Date | null {
  const match = /^passage_it_(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})_\d+$/.exec(name);
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  return new Date(y, mo - 1, d, h, mi, s);
}

async function withAdminClient<T>(adminDatabaseUrl: string, fn: (client: PgClient) => Promise<T>): Promise<T> {
  const client = new PgClient({ connectionString: adminDatabaseUrl, application_name: 'passage-it-setup' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function createRunDatabase(adminDatabaseUrl: string, databaseName: string): Promise<void> {
  await withAdminClient(adminDatabaseUrl, async (client) => {
    await dropStaleDatabases(client);
    await client.query(`CREATE DATABASE ${quoteIdent(databaseName)}`);
  });
}

async function dropStaleDatabases(client: PgClient): Promise<void> {
  try {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'passage\\_it\\_%'`,
    );
    const cutoff = Date.now() - STALE_DATABASE_AGE_MS;
    for (const { datname } of rows) {
      const createdAt = createdAtOf(datname);
      if (createdAt === null || createdAt.getTime() >= cutoff) continue;
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

async function dropDatabase(adminDatabaseUrl: string, databaseName: string): Promise<void> {
  await withAdminClient(adminDatabaseUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(databaseName)} WITH (FORCE)`);
  });
}

// ---------------------------------------------------------------------------------------------------
// Scripts

/** Runs scripts/<script>, forwarding its stderr (progress) live; resolves with its stdout. */
function runScript(script: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [path.join(REPO_ROOT, 'scripts', script)], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let lastStderrLine = '';
    let pending = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines.filter(Boolean)) {
        lastStderrLine = line;
        log(`${script}: ${line}`);
      }
    });
    child.once('error', reject);
    child.once('close', (code) => {
      if (pending) {
        lastStderrLine = pending;
        log(`${script}: ${pending}`);
      }
      if (code === 0) {
        resolve(stdout);
        return;
      }
      const error = new Error(`scripts/${script} failed (exit ${String(code)}): ${lastStderrLine}`);
      (error as Error & { exitCode?: number | null }).exitCode = code;
      reject(error);
    });
  });
}

/** The CLI path (last stdout line of scripts/temporal-cli.sh), or null when it exits 3 (no Go). */
async function temporalCliPath(): Promise<string | null> {
  try {
    const stdout = await runScript('temporal-cli.sh');
    const last = stdout.trim().split('\n').pop()?.trim();
    if (!last) throw new Error('scripts/temporal-cli.sh printed no path');
    return last;
  } catch (error) {
    if ((error as { exitCode?: unknown }).exitCode === CLI_SCRIPT_NO_GO) return null;
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------
// Temporal

/** Name=Type pairs: libs/contracts/search-attributes.txt when present, else the TypeScript list. */
function searchAttributeRegistrations(): Array<[string, string]> {
  const file = path.join(REPO_ROOT, 'libs', 'contracts', 'search-attributes.txt');
  if (existsSync(file)) {
    const pairs = readFileSync(file, 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => {
        const match = /^([A-Za-z_][A-Za-z0-9_]*)=([A-Za-z]+)$/.exec(line);
        if (!match) throw new Error(`libs/contracts/search-attributes.txt: not a Name=Type line: ${line}`);
        return [match[1]!, match[2]!] as [string, string];
      });
    if (pairs.length > 0) return pairs;
  }
  return SEARCH_ATTRIBUTE_REGISTRATIONS.map(([name, type]) => [name, type]);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function startDevServer(cliPath: string): Promise<{ pid: number; child: ReturnType<typeof spawn>; logFile: string; address: string }> {
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const args = [
    'server', 'start-dev',
    '--headless',
    '--ip', '127.0.0.1',
    '--port', String(port),
    '--namespace', NAMESPACE,
    '--log-level', 'error',
    ...searchAttributeRegistrations().flatMap(([name, type]) => ['--search-attribute', `${name}=${type}`]),
  ];
  const logDir = path.dirname(RUN_FILE);
  mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `temporal-it-${process.pid}.log`);
  const fd = openSync(logFile, 'w');
  // Detached: its own process group, so the teardown can end it (and anything it spawned) at once, and
  // its stderr (errors) goes to a file, so it holds no pipe of jest's open.
  const child = spawn(cliPath, args, { detached: true, stdio: ['ignore', 'ignore', fd] }); // stdout: only a banner
  closeSync(fd);
  child.unref();
  if (child.pid === undefined) throw new Error(`could not spawn ${cliPath}`);
  const pid = child.pid;
  let exited: string | null = null;
  child.once('exit', (code, signal) => {
    exited = `exit code ${String(code)}, signal ${String(signal)}`;
  });
  child.once('error', (error) => {
    exited = `spawn error: ${error.message}`;
  });

  const deadline = Date.now() + TEMPORAL_READY_TIMEOUT_MS;
  let lastError: unknown;
  for (;;) {
    if (exited !== null) {
      throw new Error(`temporal server start-dev stopped before it was ready (${exited}); see ${logFile}:\n${tail(logFile)}`);
    }
    try {
      const connection = await Connection.connect({ address, connectTimeout: '2s' });
      try {
        await connection.workflowService.describeNamespace({ namespace: NAMESPACE });
      } finally {
        await connection.close().catch(() => undefined);
      }
      return { pid, child, logFile, address };
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      killGroup(pid);
      throw new Error(
        `Temporal dev server at ${address} not ready within ${TEMPORAL_READY_TIMEOUT_MS} ms ` +
          `(${(lastError as Error)?.message ?? String(lastError)}); see ${logFile}:\n${tail(logFile)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function startSdkDevServer(): Promise<import('@temporalio/testing').TestWorkflowEnvironment> {
  // Loaded only here: most machines never take this path.
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const searchAttributes = searchAttributeRegistrations().map(([name, type]) => {
    const keyType = TypedSearchAttributes.toSearchAttributeType(type);
    if (keyType === undefined) throw new Error(`unknown search attribute type '${type}' for ${name}`);
    return defineSearchAttributeKey(name, keyType);
  });
  return TestWorkflowEnvironment.createLocal({
    server: { ip: '127.0.0.1', namespace: NAMESPACE, searchAttributes, ui: false, log: { format: 'pretty', level: 'error' } },
  });
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function writeRunFile(run: IntegrationRun): void {
  const { temporal, ...rest } = run;
  const serialisable = {
    ...rest,
    temporal:
      temporal.kind === 'cli'
        ? { kind: 'cli', pid: temporal.pid, cliPath: temporal.cliPath, logFile: temporal.logFile }
        : { kind: 'sdk' },
    jestPid: process.pid,
  };
  try {
    mkdirSync(path.dirname(RUN_FILE), { recursive: true });
    writeFileSync(RUN_FILE, `${JSON.stringify(serialisable, null, 2)}\n`);
  } catch (error) {
    log(`could not write ${RUN_FILE}: ${(error as Error).message}`);
  }
}
