/**
 * Proves the Temporal test infrastructure (tests/support/temporal-server.ts) works end to end, with
 * no internet: a real worker runs a real workflow against
 *  - the Java time-skipping test server: a 30-day durable timer completes in seconds;
 *  - a real Temporal dev server: Passage's custom search attributes are registered and visible.
 */
import { randomUUID } from 'node:crypto';
import type { WorkflowExecutionDescription } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import {
  CaseStateKey,
  CaseTypeKey,
  DeadlineAtKey,
  EscalatedKey,
} from '../../libs/contracts/search-attributes';
import { localEnv, timeSkippingEnv } from '../support/temporal-server';
import { useStarted } from '../support/use-started';
// Type-only: the workflow module runs in the worker's sandbox, never in the test process.
import type { timerWorkflow, TimerWorkflowInput, TimerWorkflowResult } from './fixtures/timer-workflow';

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

/** An environment started (timed) in beforeAll and torn down in afterAll; the getter answers it inside tests. */
function useEnvironment(label: string, start: () => Promise<TestWorkflowEnvironment>): () => TestWorkflowEnvironment {
  return useStarted(label, () => timed(`${label} start`, start), (env) => env.teardown(), SETUP_TIMEOUT_MS);
}

interface TimerRun {
  result: TimerWorkflowResult;
  realElapsedMs: number;
  description: WorkflowExecutionDescription;
}

/**
 * Runs timerWorkflow to completion on `env`, with a fresh worker on a fresh task queue (`wiring-<name>-…`);
 * logs how long it took in real and in workflow time, and answers the workflow's description.
 */
async function runTimerWorkflow(env: TestWorkflowEnvironment, name: string, input: TimerWorkflowInput): Promise<TimerRun> {
  const taskQueue = `wiring-${name}-${randomUUID()}`;
  const workflowId = `wiring-${name}-${randomUUID()}`;
  const worker = await timed(`Worker.create (${name})`, () =>
    Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath: WORKFLOWS_PATH }),
  );

  const realStart = performance.now();
  const result = await worker.runUntil(
    env.client.workflow.execute<typeof timerWorkflow>('timerWorkflow', { taskQueue, workflowId, args: [input] }),
  );
  const realElapsedMs = performance.now() - realStart;
  log(`${String(input.sleepFor)} workflow: ${Math.round(realElapsedMs)} ms real, ${result.elapsedMs} ms workflow time`);

  const description = await env.client.workflow.getHandle(workflowId).describe();
  return { result, realElapsedMs, description };
}

describe('time-skipping environment (Java test server)', () => {
  const env = useEnvironment('timeSkippingEnv()', timeSkippingEnv);

  it(
    'fires a 30-day timer in a few real seconds and accepts upserts of Passage search attributes',
    async () => {
      expect(env().supportsTimeSkipping).toBe(true);
      const { result, realElapsedMs, description } = await runTimerWorkflow(env(), 'time-skipping', {
        sleepFor: '30 days',
        caseState: 'AWAITING_DOCUMENTS',
      });

      expect(result.elapsedMs).toBeGreaterThanOrEqual(THIRTY_DAYS_MS);
      expect(realElapsedMs).toBeLessThan(15_000);

      expect(description.status.name).toBe('COMPLETED');
      expect(description.typedSearchAttributes.get(CaseStateKey)).toBe('AWAITING_DOCUMENTS');
      expect(description.typedSearchAttributes.get(EscalatedKey)).toBe(false);
    },
    SETUP_TIMEOUT_MS,
  );
});

describe('local environment (Temporal dev server)', () => {
  const env = useEnvironment('localEnv()', localEnv);

  it(
    'runs a short timer for real and exposes the upserted search attributes via describe()',
    async () => {
      expect(env().supportsTimeSkipping).toBe(false);
      const { result, description } = await runTimerWorkflow(env(), 'local', { sleepFor: '1 second', caseState: 'UNDER_REVIEW' });
      expect(result.elapsedMs).toBeGreaterThanOrEqual(1_000);

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
