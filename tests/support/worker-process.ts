/**
 * The Passage worker as a separate OS process (`node dist/apps/worker/src/main.js`), for tests that must
 * kill it the hard way (SIGKILL) and start another, as a crash in production would.
 *
 *   const stack = await startTestStack({ worker: false });      // the api only
 *   const worker = await startWorkerProcess({ stack, env: { FAULT_ISSUANCE_DELAY_MS: '4000' } });
 *   ...
 *   await worker.kill();                                         // SIGKILL, resolves once it has exited
 *   afterAll: await worker.stop();                               // SIGTERM, then SIGKILL after a grace period
 *
 * The worker runs from dist/, so it must be built: `npm test` (scripts/test.sh) builds before jest runs;
 * when running jest by hand, run `npm run build` first. A missing build is an error, a stale one a warning
 * (the worker would run yesterday's activities and workflows).
 *
 * It gets the stack's database, Temporal address and namespace, task queue prefix and signing key file, so
 * the api's workflows land on it and certificates it signs verify against the key the api publishes.
 * "Ready" means Temporal lists this process (by its pid, in the SDK's default identity `pid@host`) as a
 * poller of both the workflow and the activity task queue.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { taskQueueName } from '../../libs/contracts';
import type { TestStack } from './test-app';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const WORKER_MAIN = path.join(REPO_ROOT, 'dist', 'apps', 'worker', 'src', 'main.js');
const WORKFLOW_BUNDLE = path.join(REPO_ROOT, 'dist', 'workflow-bundle.js');
/** Sources the built worker is made of: if one is newer than the build, the build is stale. */
const WORKER_SOURCES = ['apps/worker', 'activities', 'workflows', 'libs'];

const PAYLOAD_KEY_VARIABLES = ['TEMPORAL_PAYLOAD_KEY', 'TEMPORAL_PAYLOAD_KEY_ID', 'TEMPORAL_PAYLOAD_PREVIOUS_KEY', 'TEMPORAL_PAYLOAD_PREVIOUS_KEY_ID'] as const;

const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 10_000;
const OUTPUT_LIMIT = 64 * 1024;

/** temporal.api.enums.v1.TaskQueueType */
const TASK_QUEUE_TYPE_WORKFLOW = 1;
const TASK_QUEUE_TYPE_ACTIVITY = 2;

export interface WorkerProcessOptions {
  /** The api stack whose database, Temporal namespace, task queue prefix and signing key the worker shares. */
  stack: Pick<TestStack, 'config' | 'client' | 'taskQueuePrefix'>;
  /** Extra environment (wins over the defaults), e.g. { FAULT_ISSUANCE_DELAY_MS: '4000' }. */
  env?: Record<string, string>;
  readyTimeoutMs?: number;
}

export interface WorkerProcess {
  readonly pid: number;
  /** What the process wrote to stdout and stderr so far (the last 64 KiB), for failure messages. */
  output(): string;
  /** True until the process has exited. */
  isRunning(): boolean;
  /** SIGKILL: no shutdown, no goodbye. Resolves once the process has exited. */
  kill(): Promise<void>;
  /** SIGTERM (the SDK drains and exits), SIGKILL after a grace period. Idempotent. */
  stop(): Promise<void>;
}

/** Throws when there is no build; warns on stderr when a worker source is newer than it. */
export function assertWorkerBuilt(): void {
  for (const file of [WORKER_MAIN, WORKFLOW_BUNDLE]) {
    if (!existsSync(file)) {
      throw new Error(`${path.relative(REPO_ROOT, file)} is missing: run \`npm run build\` before this test (npm test does).`);
    }
  }
  const builtAt = Math.min(statSync(WORKER_MAIN).mtimeMs, statSync(WORKFLOW_BUNDLE).mtimeMs);
  const newer = WORKER_SOURCES.flatMap((dir) => newerSources(path.join(REPO_ROOT, dir), builtAt)).slice(0, 5);
  if (newer.length > 0) {
    process.stderr.write(
      `[worker-process] warning: dist/ is older than ${newer.map((f) => path.relative(REPO_ROOT, f)).join(', ')}: ` +
        'the worker process runs the last build; run `npm run build`.\n',
    );
  }
}

function newerSources(dir: string, than: number): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...newerSources(full, than));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && statSync(full).mtimeMs > than) found.push(full);
  }
  return found;
}

export async function startWorkerProcess(options: WorkerProcessOptions): Promise<WorkerProcess> {
  assertWorkerBuilt();
  const { config, client, taskQueuePrefix } = options.stack;
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Nothing of the test runner's own environment may reconfigure the worker behind the test's back.
  for (const name of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'TEMPORAL_TASK_QUEUE_PREFIX', 'FAULT_ISSUANCE_DELAY_MS', 'CERTIFICATE_SIGNING_KEY_PEM', 'WORKER_METRICS_ADDRESS', 'WEBHOOK_ALLOWED_NETWORKS', ...PAYLOAD_KEY_VARIABLES]) {
    delete env[name];
  }
  Object.assign(env, {
    NODE_ENV: 'test',
    DATABASE_URL: config.DATABASE_URL,
    DATABASE_POOL_SIZE: '5',
    TEMPORAL_ADDRESS: config.TEMPORAL_ADDRESS,
    TEMPORAL_NAMESPACE: config.TEMPORAL_NAMESPACE,
    TEMPORAL_TASK_QUEUE_PREFIX: taskQueuePrefix,
    CERTIFICATE_SIGNING_KEY_FILE: config.CERTIFICATE_SIGNING_KEY_FILE,
    // The stack's allow-list (loopback, where test receivers listen). This process resolves names with the
    // system resolver: its tests register receivers by address (http://127.0.0.1:…), never by name.
    WEBHOOK_ALLOWED_NETWORKS: config.WEBHOOK_ALLOWED_NETWORKS,
    LOG_LEVEL: 'warn',
    // The stack's payload keys: the api's client and this worker must read each other's payloads.
    ...Object.fromEntries(PAYLOAD_KEY_VARIABLES.flatMap((name) => (config[name] !== undefined ? [[name, config[name]]] : []))),
    ...options.env,
  });

  const child = spawn(process.execPath, [WORKER_MAIN], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`could not spawn ${WORKER_MAIN}`);
  const pid = child.pid;

  let output = '';
  const append = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
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

  const handle = workerHandle(child, pid, exited, () => output);
  try {
    await waitUntilPolling({
      client,
      taskQueue: taskQueueName(taskQueuePrefix, 'cases'),
      namespace: config.TEMPORAL_NAMESPACE,
      pid,
      timeoutMs: options.readyTimeoutMs ?? READY_TIMEOUT_MS,
      exited: () => exitDescription,
      output: () => output,
    });
  } catch (error) {
    await handle.stop();
    throw error;
  }
  return handle;
}

function workerHandle(child: ChildProcess, pid: number, exited: Promise<void>, output: () => string): WorkerProcess {
  const running = (): boolean => child.exitCode === null && child.signalCode === null;
  let stopping: Promise<void> | undefined;
  return {
    pid,
    output,
    isRunning: running,
    async kill() {
      if (running()) child.kill('SIGKILL');
      await exited;
    },
    stop() {
      stopping ??= (async () => {
        if (!running()) return;
        child.kill('SIGTERM');
        const inTime = await Promise.race([
          exited.then(() => true),
          new Promise<boolean>((resolve) => setTimeout(() => resolve(false), STOP_GRACE_MS).unref()),
        ]);
        if (!inTime && running()) {
          child.kill('SIGKILL');
          await exited;
        }
      })();
      return stopping;
    },
  };
}

async function waitUntilPolling(args: {
  client: TestStack['client'];
  namespace: string;
  taskQueue: string;
  pid: number;
  timeoutMs: number;
  exited: () => string | null;
  output: () => string;
}): Promise<void> {
  const deadline = Date.now() + args.timeoutMs;
  const identityPrefix = `${args.pid}@`;
  const polling = async (taskQueueType: number): Promise<boolean> => {
    const response = await args.client.workflowService.describeTaskQueue({
      namespace: args.namespace,
      taskQueue: { name: args.taskQueue },
      taskQueueType,
    });
    return (response.pollers ?? []).some((p) => (p.identity ?? '').startsWith(identityPrefix));
  };
  for (;;) {
    const exit = args.exited();
    if (exit !== null) throw new Error(`worker process ${args.pid} exited before it was ready (${exit}):\n${args.output()}`);
    if ((await polling(TASK_QUEUE_TYPE_WORKFLOW)) && (await polling(TASK_QUEUE_TYPE_ACTIVITY))) return;
    if (Date.now() > deadline) {
      throw new Error(`worker process ${args.pid} not polling ${args.taskQueue} within ${args.timeoutMs} ms:\n${args.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
