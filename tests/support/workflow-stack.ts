/**
 * The whole of Passage on Temporal's time-skipping test server, for workflow tests:
 *  - a TestWorkflowEnvironment (Java time-skipping server, Passage's search attributes registered),
 *  - a fresh PostgreSQL database, migrated and seeded with the reference and demo data,
 *  - the Nest api exactly as production builds it (createApp), driven in-process through supertest,
 *  - the real worker (createWorker) on a task queue unique to this stack, running in the background.
 *
 * Usage (one stack per test file; time skipping is global to the environment):
 *
 *   let stack: WorkflowStack;
 *   beforeAll(async () => { stack = await startWorkflowStack(); }, STACK_TIMEOUT_MS);
 *   afterAll(async () => { await stack?.stop(); });
 *
 * Time: workflow time starts at real now and only moves on its own while a client awaits a workflow
 * RESULT; use `stack.env.sleep('10 days')` to skip explicitly and `stack.env.currentTimeMs()` to read it.
 * The api itself runs on real time (`new Date()`), e.g. a case's submittedAt.
 *
 * Debugging: PASSAGE_TEST_LOG_LEVEL=info (api/worker pino logs, default silent),
 * PASSAGE_TEST_TEMPORAL_LOG_LEVEL=INFO (SDK and core logs, default WARN), PASSAGE_KEEP_TEST_DB=1 (keep the
 * database; its name is printed on stop).
 */
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, makeTelemetryFilterString, Runtime, type LogLevel, type Worker } from '@temporalio/worker';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createApp } from '../../apps/api/src/create-app';
import { createWorker } from '../../apps/worker/src/create-worker';
import { loadConfig, type PassageConfig } from '../../libs/config';
import { openDatabase, seedDemoData, seedReferenceData } from '../../libs/db';
import { createLogger } from '../../libs/logging';
import { temporalDataConverter } from '../../libs/temporal';
import { offlineResolver, TEST_WEBHOOK_ALLOWED_NETWORKS } from './offline-resolver';
import { createTestDatabase, type TestDatabase } from './test-database';
import { timeSkippingEnv } from './temporal-server';

/** JVM start, migrations, seeding and the worker's first webpack bundle of the workflows. */
export const STACK_TIMEOUT_MS = 120_000;

export interface LoggedInUser {
  username: string;
  userId: string;
  role: string;
  officeCode: string;
  token: string;
  get(url: string): request.Test;
  post(url: string, body?: object): request.Test;
  put(url: string, body?: object): request.Test;
  delete(url: string): request.Test;
}

export interface WorkflowStack {
  env: TestWorkflowEnvironment;
  config: PassageConfig;
  db: DataSource;
  database: TestDatabase;
  app: INestApplication;
  worker: Worker;
  /** supertest against the in-process api (no port). */
  http(): ReturnType<typeof request>;
  loginAs(username: string): Promise<LoggedInUser>;
  /** Stops the worker, the api, the database connection and the server; drops the database. Idempotent. */
  stop(): Promise<void>;
}

export interface WorkflowStackOptions {
  /** Prefix of the database name; default 'passage_wf'. */
  databasePrefix?: string;
  /** Settings of this stack's api and worker beyond the test defaults (e.g. RESIDENCE_ACTIONS_PER_RUN). */
  config?: Record<string, string>;
  /**
   * Encrypt payloads with a key of this stack's own (default true), as production does. The history
   * recorder turns it off: its fixtures are the unencrypted histories of before the codec, which the
   * replay test must keep replaying.
   */
  encryptPayloads?: boolean;
}

/**
 * The SDK's runtime logs every worker state change at INFO; tests keep warnings and errors (a failing
 * workflow task shows up here). Jest gives each test file its own module registry, so each file installs
 * its own runtime; a second stack in the same file finds it installed already.
 */
function installQuietRuntime(): void {
  const level = (process.env.PASSAGE_TEST_TEMPORAL_LOG_LEVEL ?? 'WARN') as LogLevel;
  try {
    Runtime.install({
      logger: new DefaultLogger(level),
      telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: level }), forward: {} } },
    });
  } catch {
    // Already installed (or instantiated) in this module registry: keep it.
  }
}

export async function startWorkflowStack(options: WorkflowStackOptions = {}): Promise<WorkflowStack> {
  installQuietRuntime();
  // Everything started so far, stopped in reverse order: also on a failure half way through start-up.
  const cleanups: Array<() => Promise<void> | void> = [];
  const stopAll = async (): Promise<void> => {
    const errors: unknown[] = [];
    while (cleanups.length > 0) {
      const cleanup = cleanups.pop()!;
      try {
        await cleanup();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw errors[0];
  };

  try {
    const keyDir = mkdtempSync(path.join(tmpdir(), 'passage-wf-keys-'));
    cleanups.push(() => rmSync(keyDir, { recursive: true, force: true }));

    const database = await createTestDatabase(options.databasePrefix ?? 'passage_wf');
    cleanups.push(() => database.drop());

    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      DATABASE_POOL_SIZE: '5',
      TEMPORAL_TASK_QUEUE_PREFIX: `wf-${randomUUID()}`,
      DEV_LOGIN_ENABLED: 'true',
      LOG_LEVEL: process.env.PASSAGE_TEST_LOG_LEVEL ?? 'silent',
      CERTIFICATE_SIGNING_KEY_FILE: path.join(keyDir, 'certificate-signing.pem'),
      // Test receivers listen on loopback; names resolve without DNS (offlineResolver).
      WEBHOOK_ALLOWED_NETWORKS: TEST_WEBHOOK_ALLOWED_NETWORKS,
      ...(options.encryptPayloads === false ? {} : { TEMPORAL_PAYLOAD_KEY: randomBytes(32).toString('base64') }),
      ...options.config,
    });
    const logger = createLogger({ name: 'passage-workflow-test', level: config.LOG_LEVEL });

    // env.client (the api's client here, and the tests') encodes and decodes as the worker does.
    const env = await timeSkippingEnv({ dataConverter: temporalDataConverter(config) });
    cleanups.push(() => env.teardown());

    const db = await openDatabase({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE, connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS, applicationName: 'passage-wf-test' });
    cleanups.push(async () => {
      if (db.isInitialized) await db.destroy();
    });
    await seedReferenceData(db);
    await seedDemoData(db);

    const worker = await createWorker({ config, db, logger, connection: env.nativeConnection, resolveHost: offlineResolver });
    const running = worker.run();
    // A worker that dies mid-test must fail loudly, not leave the test waiting for a timer that never fires.
    let workerError: unknown;
    running.catch((error: unknown) => {
      workerError = error;
      process.stderr.write(`workflow-stack: worker stopped with an error: ${String(error)}\n`);
    });
    cleanups.push(async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running.catch(() => undefined);
    });

    // The stuck list measures lateness on the server's clock, which the tests skip.
    const monitoringClock = async (): Promise<Date> => new Date(await env.currentTimeMs());
    const app = await createApp({
      config,
      db,
      temporal: { client: env.client, connection: env.connection },
      logger,
      monitoringClock,
      resolveHost: offlineResolver,
    });
    await app.init();
    cleanups.push(() => app.close());

    const http = (): ReturnType<typeof request> => request(app.getHttpServer());

    const loginAs = async (username: string): Promise<LoggedInUser> => {
      if (workerError !== undefined) throw new Error(`the worker has stopped: ${String(workerError)}`);
      const response = await http().post('/api/v1/auth/dev-login').send({ username });
      if (response.status !== 200) {
        throw new Error(`dev-login as ${username} answered ${response.status}: ${JSON.stringify(response.body)}`);
      }
      const body = response.body as { accessToken: string; userId: string; role: string; officeCode: string };
      const auth = `Bearer ${body.accessToken}`;
      return {
        username,
        userId: body.userId,
        role: body.role,
        officeCode: body.officeCode,
        token: body.accessToken,
        get: (url) => http().get(url).set('Authorization', auth),
        post: (url, payload = {}) => http().post(url).set('Authorization', auth).send(payload),
        put: (url, payload = {}) => http().put(url).set('Authorization', auth).send(payload),
        delete: (url) => http().delete(url).set('Authorization', auth),
      };
    };

    let stopped: Promise<void> | undefined;
    return {
      env,
      config,
      db,
      database,
      app,
      worker,
      http,
      loginAs,
      stop: () => (stopped ??= stopAll()),
    };
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }
}
