/**
 * The whole of Passage, in process, for one integration test file: the api (Nest app, initialised but not
 * listening: requests go through supertest) and the worker (running in the background), on the run's
 * PostgreSQL database and Temporal dev server started by integration-global-setup.ts.
 *
 *   let stack: TestStack;
 *   beforeAll(async () => { stack = await startTestStack(); }, STACK_START_TIMEOUT_MS);
 *   afterAll(async () => { await stack?.stop(); });
 *
 *   const token = await stack.loginAs('tengwangge.caseworker');
 *   await stack.http.get('/api/v1/offices').set('Authorization', `Bearer ${token}`).expect(200);
 *
 * or, when the file needs nothing else in its beforeAll/afterAll:
 *
 *   const stack = useTestStack();            // registers both hooks
 *   it('…', async () => { await stack().http.get('/health').expect(200); });
 *
 * Everything is built with the same functions production uses (loadConfig, openDatabase, the seeds,
 * createTemporalClient, createApp, createWorker). Each stack gets its own task queue prefix, so workers of
 * different test files never take each other's tasks. All files share one database: tests that change
 * shared rows (office settings, …) must restore them or use rows nobody else asserts on.
 *
 * Requests: `stack.http` is supertest over the app's (not listening) http.Server; supertest opens an
 * ephemeral port per request and closes it afterwards, so send requests one after the other (await
 * each) rather than with Promise.all.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Client } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import type { DestinationStream, Logger } from 'pino';
import supertest from 'supertest';
import type { DataSource } from 'typeorm';
import { createApp } from '../../apps/api/src/create-app';
import { createWorker } from '../../apps/worker/src/create-worker';
import { loadConfig, type PassageConfig } from '../../libs/config';
import { dataSourceOptions, openDatabase, seedDemoData, seedReferenceData, type HouseholdRegistry } from '../../libs/db';
import { createLogger } from '../../libs/logging';
import type { HostResolver } from '../../libs/network';
import { createTemporalClient, nativeConnectionOptions, temporalDataConverter } from '../../libs/temporal';
import { ENV_DATABASE_URL, ENV_TEMPORAL_ADDRESS, ENV_TEMPORAL_NAMESPACE, ENV_TEMPORAL_PAYLOAD_KEY } from './integration-run';
import { offlineResolver, TEST_WEBHOOK_ALLOWED_NETWORKS } from './offline-resolver';
import { createTestDatabase } from './test-database';
import { useStarted } from './use-started';

/** Generous: the worker bundles the workflow code with webpack at start (several seconds on 2 CPUs). */
export const STACK_START_TIMEOUT_MS = 120_000;

export interface TestStackOptions {
  /** Environment variables on top of the test defaults (they win), e.g. { DEV_LOGIN_ENABLED: 'false' }. */
  env?: Record<string, string>;
  /** Start the worker (default true). A stack that only checks api behaviour can skip it to start faster. */
  worker?: boolean;
  /**
   * Also listen on 127.0.0.1 at a free port (default false), for clients outside the process such as
   * schemathesis; `baseUrl` then says where.
   */
  listen?: boolean;
  /** The worker's household registry adapter (default: the PostgreSQL one), e.g. one that is out of reach. */
  householdRegistry?: HouseholdRegistry;
  /**
   * How the api and the worker resolve webhook host names (default offlineResolver: localhost only, no DNS
   * query). The stack's WEBHOOK_ALLOWED_NETWORKS is loopback (test receivers listen there) unless `env` says otherwise.
   */
  resolveHost?: HostResolver;
  /**
   * Where the api's and the worker's pino logs go (default stdout, at LOG_LEVEL silent): a test that reads
   * what was logged passes a stream (`{ write(line) {…} }`) and a LOG_LEVEL in `env`.
   */
  logDestination?: DestinationStream;
}

export type HttpClient = ReturnType<typeof supertest>;

export interface TestStack {
  app: NestExpressApplication;
  /** supertest over the app: `stack.http.get('/health').expect(200)`. */
  http: HttpClient;
  /** `http://127.0.0.1:<port>` with { listen: true }, else undefined. */
  baseUrl: string | undefined;
  db: DataSource;
  config: PassageConfig;
  /** The api's Temporal client (same namespace and task queue prefix as the worker). */
  client: Client;
  /** The running worker, or undefined with { worker: false }. */
  worker: Worker | undefined;
  /** The stack's task queue prefix (TEMPORAL_TASK_QUEUE_PREFIX), unique per stack. */
  taskQueuePrefix: string;
  logger: Logger;
  /** A bearer token for a demo user, through POST /api/v1/auth/dev-login (fails the test if refused). */
  loginAs(username: string): Promise<string>;
  /** Stops the worker (waiting for it), closes the app, the Temporal connections and the database. Idempotent. */
  stop(): Promise<void>;
}

/**
 * The Temporal SDK's own logger (worker state changes, the webpack bundle report) at WARN, once per test
 * file: it must be installed before the first NativeConnection. Warnings and errors still reach stderr.
 * (The worker's main installs a pino-backed runtime logger instead; tests keep the SDK's default format.)
 */
function installQuietTemporalRuntime(): void {
  try {
    Runtime.install({ logger: new DefaultLogger(process.env.PASSAGE_IT_TEMPORAL_LOG_LEVEL === 'INFO' ? 'INFO' : 'WARN') });
  } catch {
    // Already instantiated in this test file (a second stack): keep it.
  }
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: integration tests need the jest globalSetup (tests/support/integration-global-setup.ts). ` +
        'Run them with `npx jest --selectProjects integration`.',
    );
  }
  return value;
}

function log(message: string): void {
  if (process.env.PASSAGE_IT_QUIET !== '1') process.stderr.write(`[integration] ${message}\n`);
}

export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const started = performance.now();
  const suffix = randomBytes(4).toString('hex');
  const taskQueuePrefix = `it-${suffix}`;
  const keyDir = mkdtempSync(path.join(tmpdir(), 'passage-it-'));

  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: requiredEnv(ENV_DATABASE_URL),
    DATABASE_POOL_SIZE: '5',
    TEMPORAL_ADDRESS: requiredEnv(ENV_TEMPORAL_ADDRESS),
    TEMPORAL_NAMESPACE: process.env[ENV_TEMPORAL_NAMESPACE] ?? 'default',
    TEMPORAL_TASK_QUEUE_PREFIX: taskQueuePrefix,
    // Encrypted payloads, as in production: the run's key (integration-global-setup.ts).
    TEMPORAL_PAYLOAD_KEY: requiredEnv(ENV_TEMPORAL_PAYLOAD_KEY),
    DEV_LOGIN_ENABLED: 'true',
    LOG_LEVEL: 'silent',
    CERTIFICATE_SIGNING_KEY_FILE: path.join(keyDir, 'certificate-signing.pem'),
    // Every file verifies from 127.0.0.1, into one shared count (schemathesis by the thousand): the limit
    // is far above that here; the rate-limit test sets its own.
    PUBLIC_VERIFICATIONS_PER_MINUTE: '100000',
    // Likewise for the api's own limits, per address (every file calls from 127.0.0.1) and per demo user.
    RATE_LIMIT_PER_IP_PER_MINUTE: '1000000',
    RATE_LIMIT_PER_USER_PER_MINUTE: '1000000',
    WEBHOOK_ALLOWED_NETWORKS: TEST_WEBHOOK_ALLOWED_NETWORKS,
    ...options.env,
  });
  const resolveHost = options.resolveHost ?? offlineResolver;
  const logger = createLogger({ name: 'passage-it', level: config.LOG_LEVEL, ...(options.logDestination ? { destination: options.logDestination } : {}) });

  // Everything opened so far, closed in reverse order by stop() (also when start-up fails half-way).
  const closers: Array<{ name: string; close: () => Promise<unknown> }> = [
    { name: 'signing key dir', close: async () => rmSync(keyDir, { recursive: true, force: true }) },
  ];
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      const errors: unknown[] = [];
      for (const { name, close } of closers.reverse()) {
        try {
          await close();
        } catch (error) {
          errors.push(new Error(`stopping ${name}: ${(error as Error).message}`, { cause: error }));
        }
      }
      if (errors.length > 0) throw new AggregateError(errors, errors.map((e) => (e as Error).message).join('; '));
    })();
    return stopping;
  };

  try {
    const timings: string[] = [];
    const time = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
      const t = performance.now();
      const result = await fn();
      timings.push(`${label} ${Math.round(performance.now() - t)}`);
      return result;
    };

    const db = await time('db', () =>
      openDatabase(dataSourceOptions(config, `passage-it-${suffix}`)),
    );
    closers.push({ name: 'database', close: () => db.destroy() });
    await time('seed', async () => {
      await seedReferenceData(db);
      await seedDemoData(db);
    });

    const temporal = createTemporalClient(config, temporalDataConverter(config));
    closers.push({ name: 'temporal client connection', close: () => temporal.connection.close() });

    const app = await time('api', async () => {
      const created = await createApp({ config, db, temporal, logger, resolveHost });
      closers.push({ name: 'api', close: () => created.close() });
      await created.init();
      return created;
    });
    let baseUrl: string | undefined;
    if (options.listen === true) {
      await app.listen(0, '127.0.0.1');
      const address = app.getHttpServer().address();
      if (address === null || typeof address === 'string') throw new Error(`api listens at an unexpected address: ${String(address)}`);
      baseUrl = `http://127.0.0.1:${address.port}`;
    }

    let worker: Worker | undefined;
    if (options.worker !== false) {
      installQuietTemporalRuntime();
      const connection = await time('worker connection', () => NativeConnection.connect(nativeConnectionOptions(config)));
      closers.push({ name: 'worker connection', close: () => connection.close() });
      const created = await time('worker create', () => createWorker({ config, db, logger, connection, resolveHost, ...(options.householdRegistry ? { householdRegistry: options.householdRegistry } : {}) }));
      worker = created;
      const running = created.run();
      // A worker that dies mid-file must not take the process down as an unhandled rejection; stop() reports it.
      running.catch(() => undefined);
      closers.push({
        name: 'worker',
        close: async () => {
          if (created.getState() === 'RUNNING') created.shutdown();
          await running;
        },
      });
    }

    const http = supertest(app.getHttpServer());
    const loginAs = async (username: string): Promise<string> => {
      const response = await http.post('/api/v1/auth/dev-login').send({ username });
      if (response.status !== 200 || typeof response.body?.accessToken !== 'string') {
        throw new Error(`dev-login as ${username} answered ${response.status}: ${response.text}`);
      }
      return response.body.accessToken as string;
    };

    log(`stack ${taskQueuePrefix} started in ${Math.round(performance.now() - started)} ms (${timings.join(', ')} ms)`);
    return {
      app,
      http,
      baseUrl,
      db,
      config,
      client: temporal.client,
      worker,
      taskQueuePrefix,
      logger,
      loginAs,
      stop,
    };
  } catch (error) {
    await stop().catch((stopError: unknown) => log(`cleanup after failed start: ${(stopError as Error).message}`));
    throw error;
  }
}

/** A stack started in beforeAll and stopped in afterAll (of the enclosing describe); the getter answers it inside tests. */
export function useTestStack(options: TestStackOptions = {}): () => TestStack {
  return useStarted('the test stack', () => startTestStack(options), (stack) => stack.stop(), STACK_START_TIMEOUT_MS);
}

/**
 * useTestStack on a database of the file's own (made before, dropped after): for files whose work would
 * otherwise meet the other files running beside them (jest runs two at a time) on shared rows: the one audit
 * chain every write queues on, the country's working calendar, counts over whole tables.
 */
export function useTestStackOnOwnDatabase(prefix: string, options: TestStackOptions = {}): () => TestStack {
  const started = useStarted(
    'the test stack on its own database',
    async () => {
      const database = await createTestDatabase(prefix);
      try {
        return { database, stack: await startTestStack({ ...options, env: { ...options.env, DATABASE_URL: database.url } }) };
      } catch (error) {
        await database.drop().catch(() => undefined);
        throw error;
      }
    },
    async ({ database, stack }) => {
      await stack.stop();
      await database.drop();
    },
    STACK_START_TIMEOUT_MS,
  );
  return () => started().stack;
}
