/**
 * What the integration suite's jest globalSetup hands to its globalTeardown (same process, through
 * globalThis) and to the test files (other processes, through process.env). Shared by
 * integration-global-setup.ts and integration-global-teardown.ts only; test files use test-app.ts.
 */
import type { ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** Read by tests/support/test-app.ts in every test file (jest workers inherit the parent's env). */
export const ENV_DATABASE_URL = 'PASSAGE_IT_DATABASE_URL';
export const ENV_TEMPORAL_ADDRESS = 'PASSAGE_IT_TEMPORAL_ADDRESS';
export const ENV_TEMPORAL_NAMESPACE = 'PASSAGE_IT_TEMPORAL_NAMESPACE';
/** The run's Temporal payload key (base64, random per run): every stack of every file encrypts with it. */
export const ENV_TEMPORAL_PAYLOAD_KEY = 'PASSAGE_IT_TEMPORAL_PAYLOAD_KEY';
/** The Temporal CLI the run's dev server came from (unset when it is the SDK's download). */
export const ENV_TEMPORAL_CLI = 'PASSAGE_IT_TEMPORAL_CLI';

/** Debugging aid only: nothing reads it back. */
export const RUN_FILE = path.join(process.env.PASSAGE_DATA_DIR ?? path.join(REPO_ROOT, '.data'), 'integration-run.json');

/** Prefix of the per-run database, created and dropped by test-database.ts. */
export const TEST_DATABASE_PREFIX = 'passage_it';

export interface IntegrationRun {
  /** The per-run database, e.g. passage_it_1735732800000_4242_a1b2c3. */
  databaseName: string;
  databaseUrl: string;
  /** URL of the maintenance database the per-run one was created from (and is dropped through). */
  adminDatabaseUrl: string;
  temporalAddress: string;
  temporalNamespace: string;
  /** How the dev server was started: our own child process, or the SDK's download fallback. */
  temporal:
    | { kind: 'cli'; pid: number; child: ChildProcess; cliPath: string; logFile: string }
    | { kind: 'sdk'; env: TestWorkflowEnvironment };
  startedAt: string;
}

const RUN_KEY = Symbol.for('passage.integrationRun');

export function setIntegrationRun(run: IntegrationRun): void {
  (globalThis as Record<symbol, unknown>)[RUN_KEY] = run;
}

export function getIntegrationRun(): IntegrationRun | undefined {
  return (globalThis as Record<symbol, unknown>)[RUN_KEY] as IntegrationRun | undefined;
}

export function clearIntegrationRun(): void {
  delete (globalThis as Record<symbol, unknown>)[RUN_KEY];
}

/** Logs to stderr (jest keeps stdout for results), prefixed so it is easy to find in CI output. */
export function log(message: string): void {
  process.stderr.write(`[integration] ${message}\n`);
}

export async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await fn();
  } finally {
    log(`${label}: ${Math.round(performance.now() - start)} ms`);
  }
}
