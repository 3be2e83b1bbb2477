/**
 * Proves the Temporal test infrastructure (tests/support/temporal-server.ts) works end to end, with
 * no internet: a real worker runs a real workflow against
 *  - the Java time-skipping test server: a 30-day durable timer completes in seconds;
 *  - a real Temporal dev server: Passage's custom search attributes are registered and visible.
 */
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import {
  CaseStateKey,
  CaseTypeKey,
  DeadlineAtKey,
  EscalatedKey,
} from '../../libs/contracts/search-attributes';
import { localEnv, timeSkippingEnv } from '../support/temporal-server';
// Type-only: the workflow module runs in the worker's sandbox, never in the test process.
import type { timerWorkflow } from './fixtures/timer-workflow';

const WORKFLOWS_PATH = require.resolve('./fixtures/timer-workflow');
const THIRTY_DAYS_MS = 30 * 24 * 60 * 60 * 1000;
// Server start (JVM / Go binary) plus the worker's first webpack bundle of the workflow code.
const SETUP_TIMEOUT_MS = 120_000;

function log(message: string): void {
  process.stderr.write(`[temporal-wiring] ${message}\n`);
}

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await fn();
  } finally {
    log(`${label}: ${Math.round(performance.now() - start)} ms`);
  }
}

describe('time-skipping environment (Java test server)', () => {
  let env: TestWorkflowEnvironment | undefined;

  beforeAll(async () => {
    env = await timed('timeSkippingEnv() start', () => timeSkippingEnv());
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await env?.teardown();
  });

  it(
    'fires a 30-day timer in a few real seconds and accepts upserts of Passage search attributes',
    async () => {
      const testEnv = env!;
      expect(testEnv.supportsTimeSkipping).toBe(true);
      const taskQueue = `wiring-ts-${randomUUID()}`;
      const workflowId = `wiring-ts-${randomUUID()}`;
      const worker = await timed('Worker.create (time-skipping)', () =>
        Worker.create({ connection: testEnv.nativeConnection, taskQueue, workflowsPath: WORKFLOWS_PATH }),
      );

      const realStart = performance.now();
      const result = await worker.runUntil(
        testEnv.client.workflow.execute<typeof timerWorkflow>('timerWorkflow', {
          taskQueue,
          workflowId,
          args: [{ sleepFor: '30 days', caseState: 'AWAITING_DOCUMENTS' }],
        }),
      );
      const realElapsedMs = performance.now() - realStart;
      log(`30-day workflow: ${Math.round(realElapsedMs)} ms real, ${result.elapsedMs} ms workflow time`);

      expect(result.elapsedMs).toBeGreaterThanOrEqual(THIRTY_DAYS_MS);
      expect(realElapsedMs).toBeLessThan(15_000);

      const description = await testEnv.client.workflow.getHandle(workflowId).describe();
      expect(description.status.name).toBe('COMPLETED');
      expect(description.typedSearchAttributes.get(CaseStateKey)).toBe('AWAITING_DOCUMENTS');
      expect(description.typedSearchAttributes.get(EscalatedKey)).toBe(false);
    },
    SETUP_TIMEOUT_MS,
  );
});

describe('local environment (Temporal dev server)', () => {
  let env: TestWorkflowEnvironment | undefined;

  beforeAll(async () => {
    env = await timed('localEnv() start', () => localEnv());
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await env?.teardown();
  });

  it(
    'runs a short timer for real and exposes the upserted search attributes via describe()',
    async () => {
      const testEnv = env!;
      expect(testEnv.supportsTimeSkipping).toBe(false);
      const taskQueue = `wiring-local-${randomUUID()}`;
      const workflowId = `wiring-local-${randomUUID()}`;
      const worker = await timed('Worker.create (local)', () =>
        Worker.create({ connection: testEnv.nativeConnection, taskQueue, workflowsPath: WORKFLOWS_PATH }),
      );

      const realStart = performance.now();
      const result = await worker.runUntil(
        testEnv.client.workflow.execute<typeof timerWorkflow>('timerWorkflow', {
          taskQueue,
          workflowId,
          args: [{ sleepFor: '1 second', caseState: 'UNDER_REVIEW' }],
        }),
      );
      const realElapsedMs = performance.now() - realStart;
      log(`1-second workflow: ${Math.round(realElapsedMs)} ms real, ${result.elapsedMs} ms workflow time`);
      expect(result.elapsedMs).toBeGreaterThanOrEqual(1_000);

      const description = await testEnv.client.workflow.getHandle(workflowId).describe();
      expect(description.status.name).toBe('COMPLETED');
      // Typed view (preferred) ...
      expect(description.typedSearchAttributes.get(CaseStateKey)).toBe('UNDER_REVIEW');
      expect(description.typedSearchAttributes.get(CaseTypeKey)).toBe('BIRTH_CERTIFICATE');
      expect(description.typedSearchAttributes.get(EscalatedKey)).toBe(false);
      expect(description.typedSearchAttributes.get(DeadlineAtKey)).toBeInstanceOf(Date);
      // ... and the deprecated untyped view that older code may still read.
      expect(description.searchAttributes.CaseState).toEqual(['UNDER_REVIEW']);
    },
    SETUP_TIMEOUT_MS,
  );
});
