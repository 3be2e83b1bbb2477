/**
 * A real Temporal dev server (`temporal server start-dev`, the CLI of scripts/temporal-cli.sh) as a child
 * process: headless, on 127.0.0.1, namespace `default`, Passage's search attributes registered, the pragmas
 * of scripts/temporal-dev-server.sh. In memory by default; with `dbFilename` it keeps its state in that
 * SQLite file and may be stopped and started again on the same port and file (tests/integration/faults).
 *
 * integration-global-setup.ts starts the run's shared one with it; a test file that needs a server it can
 * stop starts its own (never stop the shared one: every file running in parallel uses it).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTE_REGISTRATIONS } from '../../libs/contracts/search-attributes';
import { freePort } from './free-port';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 10_000;

export interface DevServerOptions {
  cliPath: string;
  /** Where its stderr (errors: --log-level error) goes; appended to, so a restart keeps the earlier lines. */
  logFile: string;
  /** Default: a free one. */
  port?: number;
  /** Default: in memory. */
  dbFilename?: string;
  namespace?: string;
}

export interface DevServer {
  readonly pid: number;
  readonly child: ChildProcess;
  readonly logFile: string;
  readonly address: string;
  readonly port: number;
  /** Resolves when the process has exited. */
  readonly exited: Promise<void>;
  isRunning(): boolean;
  /** SIGTERM to its process group, SIGKILL after a grace period (or at once with 'SIGKILL'); resolves once it has exited. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
}

/** Name=Type pairs: libs/contracts/search-attributes.txt when present, else the TypeScript list. */
export function searchAttributeRegistrations(): Array<[string, string]> {
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

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const namespace = options.namespace ?? 'default';
  const port = options.port ?? (await freePort());
  const address = `127.0.0.1:${port}`;
  const args = [
    'server', 'start-dev',
    '--headless',
    '--ip', '127.0.0.1',
    '--port', String(port),
    '--namespace', namespace,
    '--log-level', 'error',
    ...(options.dbFilename ? ['--db-filename', options.dbFilename] : []),
    // The pragmas of scripts/temporal-dev-server.sh (WAL, no sync per commit), so a test server is set up as
    // npm start's. In memory they change little (docs/benchmarks.md).
    '--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=normal',
    ...searchAttributeRegistrations().flatMap(([name, type]) => ['--search-attribute', `${name}=${type}`]),
  ];
  const fd = openSync(options.logFile, 'a');
  // Detached: its own process group, so it can be ended (with anything it spawned) at once, and its stderr
  // goes to a file, so it holds no pipe of jest's open.
  const child = spawn(options.cliPath, args, { detached: true, stdio: ['ignore', 'ignore', fd] }); // stdout: only a banner
  closeSync(fd);
  child.unref();
  if (child.pid === undefined) throw new Error(`could not spawn ${options.cliPath}`);
  const pid = child.pid;
  let exitDescription: string | null = null;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exitDescription = `exit code ${String(code)}, signal ${String(signal)}`;
      resolve();
    });
  });
  child.once('error', (error) => {
    exitDescription = `spawn error: ${error.message}`;
  });
  const isRunning = (): boolean => child.exitCode === null && child.signalCode === null && exitDescription === null;

  let stopping: Promise<void> | undefined;
  const server: DevServer = {
    pid,
    child,
    logFile: options.logFile,
    address,
    port,
    exited,
    isRunning,
    stop(signal = 'SIGTERM') {
      stopping ??= (async () => {
        if (!isRunning()) return;
        // Unref'd so that it does not hold jest open; while we wait for it, it must keep the event loop alive.
        child.ref();
        signalGroup(pid, signal);
        if (signal === 'SIGTERM' && !(await within(exited, STOP_GRACE_MS))) signalGroup(pid, 'SIGKILL');
        if (!(await within(exited, 5_000))) throw new Error(`temporal dev server (pid ${pid}) still running after SIGKILL`);
      })();
      return stopping;
    },
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastError: unknown;
  for (;;) {
    if (exitDescription !== null) {
      throw new Error(`temporal server start-dev stopped before it was ready (${exitDescription}); see ${options.logFile}:\n${tail(options.logFile)}`);
    }
    try {
      const connection = await Connection.connect({ address, connectTimeout: '2s' });
      try {
        await connection.workflowService.describeNamespace({ namespace });
      } finally {
        await connection.close().catch(() => undefined);
      }
      return server;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      signalGroup(pid, 'SIGKILL');
      throw new Error(
        `Temporal dev server at ${address} not ready within ${READY_TIMEOUT_MS} ms ` +
          `(${(lastError as Error)?.message ?? String(lastError)}); see ${options.logFile}:\n${tail(options.logFile)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
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

async function within(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise.then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
