/**
 * Jest globalSetup of the `integration` project: once per `jest` run, before any integration test file.
 *
 *  1. Makes the local PostgreSQL ready (scripts/postgres.sh).
 *  2. Creates a fresh database for this run, passage_it_<epoch ms>_<pid>_<hex>, and drops leftovers of
 *     runs older than a day (best effort: a run that crashed never reached its teardown), through
 *     tests/support/test-database.ts.
 *  3. Starts a real Temporal dev server (in-memory, headless, free port on 127.0.0.1, namespace
 *     `default`, Passage's search attributes registered) from the CLI of scripts/temporal-cli.sh, or,
 *     when that script exits 3 (no Go toolchain, no cached CLI), the SDK's own downloaded dev server.
 *  4. Publishes PASSAGE_IT_DATABASE_URL / PASSAGE_IT_TEMPORAL_ADDRESS (and PASSAGE_IT_TEMPORAL_CLI, the CLI's
 *     path, for files that start a dev server of their own) to the test workers (process.env
 *     is inherited by the workers jest forks afterwards), keeps what the teardown needs in globalThis,
 *     and writes .data/integration-run.json for whoever is debugging a run.
 *
 * Test files do not migrate or seed here: tests/support/test-app.ts does, through the same code the
 * api and the worker run at start-up (openDatabase serialises concurrent files on an advisory lock).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { defineSearchAttributeKey, TypedSearchAttributes } from '@temporalio/common';
import {
  ENV_DATABASE_URL,
  ENV_TEMPORAL_ADDRESS,
  ENV_TEMPORAL_CLI,
  ENV_TEMPORAL_NAMESPACE,
  ENV_TEMPORAL_PAYLOAD_KEY,
  type IntegrationRun,
  log,
  REPO_ROOT,
  RUN_FILE,
  setIntegrationRun,
  TEST_DATABASE_PREFIX,
  timed,
} from './integration-run';
import { searchAttributeRegistrations, startDevServer } from './temporal-dev-server';
import { createTestDatabase, dropTestDatabase, LOCAL_ADMIN_DATABASE_URL } from './test-database';

const NAMESPACE = 'default';
/** scripts/temporal-cli.sh: "no Go toolchain and no cached binary; fall back to the SDK download". */
const CLI_SCRIPT_NO_GO = 3;

export default async function integrationGlobalSetup(): Promise<void> {
  const started = performance.now();
  log('global setup: PostgreSQL + Temporal dev server');

  // The CLI lookup may wait minutes for a first `go install`; run it alongside the PostgreSQL work.
  const cliPathPromise = timed('scripts/temporal-cli.sh', () => temporalCliPath());
  cliPathPromise.catch(() => undefined); // observed below; avoid an unhandled rejection meanwhile

  await timed('scripts/postgres.sh', () => runScript('postgres.sh'));
  // DATABASE_URL, when it points somewhere else, names the server to use (postgres.sh then starts nothing).
  const adminDatabaseUrl = process.env.PASSAGE_IT_ADMIN_DATABASE_URL ?? process.env.DATABASE_URL ?? LOCAL_ADMIN_DATABASE_URL;
  const { name: databaseName, url: databaseUrl } = await timed('create database', () =>
    createTestDatabase(TEST_DATABASE_PREFIX, { adminDatabaseUrl, log }),
  );

  let temporal: IntegrationRun['temporal'];
  let temporalAddress: string;
  try {
    const cliPath = await cliPathPromise;
    if (cliPath !== null) {
      const server = await timed('temporal dev server start', () => startSharedDevServer(cliPath));
      temporal = { kind: 'cli', cliPath, ...server };
      temporalAddress = server.address;
    } else {
      log('no Temporal CLI (scripts/temporal-cli.sh exited 3): using the SDK-downloaded dev server');
      const env = await timed('TestWorkflowEnvironment.createLocal', () => startSdkDevServer());
      temporal = { kind: 'sdk', env };
      temporalAddress = env.address;
    }
  } catch (error) {
    await dropTestDatabase(adminDatabaseUrl, databaseName).catch(() => undefined);
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
  // One key for the run, as one deployment has one: a test that lists every workflow of the namespace
  // decodes the memos of other files' workflows too. Never written to the run file.
  process.env[ENV_TEMPORAL_PAYLOAD_KEY] = randomBytes(32).toString('base64');
  if (temporal.kind === 'cli') process.env[ENV_TEMPORAL_CLI] = temporal.cliPath;
  writeRunFile(run);
  log(`global setup done in ${Math.round(performance.now() - started)} ms: db=${databaseName} temporal=${temporalAddress}`);
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

/** The run's shared server: in memory, on a free port (tests/support/temporal-dev-server.ts). */
async function startSharedDevServer(cliPath: string): Promise<{ pid: number; child: ChildProcess; logFile: string; address: string }> {
  const logDir = path.dirname(RUN_FILE);
  mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `temporal-it-${process.pid}.log`);
  writeFileSync(logFile, '');
  const server = await startDevServer({ cliPath, logFile, namespace: NAMESPACE });
  return { pid: server.pid, child: server.child, logFile, address: server.address };
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
