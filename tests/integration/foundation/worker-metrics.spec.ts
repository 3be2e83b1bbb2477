/**
 * The worker process with WORKER_METRICS_ADDRESS: its Temporal runtime serves the SDK's own metrics for
 * Prometheus (apps/worker/src/create-worker.ts, installRuntime). Runs the built worker as its own process
 * (tests/support/worker-process.ts), as production does: the runtime is per process, and the test
 * process has its own.
 */
import { createServer } from 'node:net';
import { taskQueueName } from '../../../libs/contracts';
import { parseExposition } from '../../support/prometheus-text';
import { STACK_START_TIMEOUT_MS, startTestStack, type TestStack } from '../../support/test-app';
import { startWorkerProcess, type WorkerProcess } from '../../support/worker-process';

/** A port nobody listens on now (the kernel's choice); the worker binds it a moment later. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

describe('worker metrics (WORKER_METRICS_ADDRESS)', () => {
  let stack: TestStack;
  let worker: WorkerProcess | undefined;
  let address: string;

  beforeAll(async () => {
    stack = await startTestStack({ worker: false });
    address = `127.0.0.1:${await freePort()}`;
    worker = await startWorkerProcess({ stack, env: { WORKER_METRICS_ADDRESS: address } });
  }, STACK_START_TIMEOUT_MS);
  afterAll(async () => {
    await worker?.stop();
    await stack?.stop();
  });

  it('serves the Temporal SDK’s worker metrics in the Prometheus text format', async () => {
    const response = await fetch(`http://${address}/metrics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    const { samples, types } = parseExposition(text);
    // The worker polls its task queues: the SDK reports its pollers and task slots, with the task queue as a label.
    const names = new Set(samples.map((s) => s.name));
    expect([...names].some((name) => name.startsWith('temporal_'))).toBe(true);
    expect(names).toContain('temporal_num_pollers');
    expect(types.get('temporal_num_pollers')).toBe('gauge');
    const queues = new Set(samples.filter((s) => s.name === 'temporal_num_pollers').map((s) => s.labels.task_queue));
    expect([...queues]).toContain(taskQueueName(stack.taskQueuePrefix, 'cases'));
  });
});
