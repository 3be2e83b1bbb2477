/**
 * Jest globalTeardown of the `integration` project: stops the run's Temporal dev server (and waits until
 * it has exited) and drops the run's database, unless PASSAGE_KEEP_TEST_DB=1.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { clearIntegrationRun, getIntegrationRun, log, RUN_FILE, timed } from './integration-run';
import { dropTestDatabase, ENV_KEEP_DB } from './test-database';

const STOP_GRACE_MS = 10_000;

export default async function integrationGlobalTeardown(): Promise<void> {
  const run = getIntegrationRun();
  if (!run) {
    log('global teardown: nothing to tear down (global setup did not finish)');
    return;
  }
  const errors: unknown[] = [];

  try {
    if (run.temporal.kind === 'cli') {
      const { pid, child, logFile } = run.temporal;
      await timed(`stop temporal dev server (pid ${pid})`, () => stopProcessGroup(pid, child));
      removeIfEmpty(logFile);
    } else {
      const { env } = run.temporal;
      await timed('TestWorkflowEnvironment teardown', () => env.teardown());
    }
  } catch (error) {
    errors.push(error);
  }

  if (process.env[ENV_KEEP_DB] === '1') {
    log(`keeping database ${run.databaseName} (${ENV_KEEP_DB}=1): ${run.databaseUrl}`);
  } else {
    try {
      await timed(`drop database ${run.databaseName}`, () => dropTestDatabase(run.adminDatabaseUrl, run.databaseName));
      removeRunFileIfOurs();
    } catch (error) {
      errors.push(error);
    }
  }

  clearIntegrationRun();
  if (errors.length > 0) {
    throw new AggregateError(errors, `integration global teardown: ${errors.map((e) => (e as Error).message).join('; ')}`);
  }
}

/** .data/integration-run.json is shared by concurrent runs on one checkout: delete it only if it is ours. */
function removeRunFileIfOurs(): void {
  try {
    const recorded = JSON.parse(readFileSync(RUN_FILE, 'utf8')) as { jestPid?: unknown };
    if (recorded.jestPid === process.pid) rmSync(RUN_FILE, { force: true });
  } catch {
    // absent or unreadable: nothing to do
  }
}

/** The dev server logs errors only: an empty log is noise, a non-empty one is kept for whoever debugs. */
function removeIfEmpty(file: string): void {
  try {
    if (statSync(file).size === 0) rmSync(file, { force: true });
    else log(`temporal dev server logged errors: ${file}`);
  } catch {
    // gone already
  }
}

function isAlive(pid: number, child: ChildProcess): boolean {
  if (child.exitCode !== null || child.signalCode !== null) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM to the dev server's process group, SIGKILL after a grace period; resolves once it has exited. */
async function stopProcessGroup(pid: number, child: ChildProcess): Promise<void> {
  if (!isAlive(pid, child)) return;
  // The setup unref'd the child so it would not hold jest open; while we wait for it, it must keep the
  // event loop alive, or node exits in the middle of this teardown (nothing else is pending by now).
  child.ref();
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
  });
  signalGroup(pid, 'SIGTERM');
  if (await exitsWithin(exited, STOP_GRACE_MS)) return;
  if (!isAlive(pid, child)) return;
  log(`temporal dev server (pid ${pid}) ignored SIGTERM for ${STOP_GRACE_MS} ms; sending SIGKILL`);
  signalGroup(pid, 'SIGKILL');
  if (!(await exitsWithin(exited, 5_000))) log(`temporal dev server (pid ${pid}) still not gone after SIGKILL`);
}

async function exitsWithin(exited: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      exited.then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}
