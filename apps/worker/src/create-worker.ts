import { existsSync } from 'node:fs';
import path from 'node:path';
import { NativeConnection, Runtime, Worker, makeTelemetryFilterString, type WorkerOptions } from '@temporalio/worker';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { createActivities, type ActivityDependencies } from '../../../activities';
import { webhookAllowedNetworks, type PassageConfig } from '../../../libs/config';
import { taskQueueName } from '../../../libs/contracts';
import { CertificatesRepository, PostgresHouseholdRegistry } from '../../../libs/db';
import type { HostResolver } from '../../../libs/network';
import { temporalDataConverter } from '../../../libs/temporal';
import { loadCertificateSigningKey } from './signing-key';

export interface WorkerDependencies {
  config: PassageConfig;
  db: DataSource;
  logger: Logger;
  connection: NativeConnection;
  /** Defaults to the PostgreSQL-backed registry shipped with Passage. */
  householdRegistry?: ActivityDependencies['householdRegistry'];
  /** How webhook host names are resolved before connecting; the system resolver by default. */
  resolveHost?: HostResolver;
}

/**
 * The prebuilt workflow bundle (dist/workflow-bundle.js, made by `npm run build`) when it exists, else the
 * workflow sources, bundled at start-up. Building the bundle at build time makes a non-deterministic import
 * a build failure rather than a runtime one.
 */
export function workflowSource(): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> {
  const bundle = path.resolve(__dirname, '../../../workflow-bundle.js');
  if (__filename.endsWith('.js') && existsSync(bundle)) return { workflowBundle: { codePath: bundle } };
  return { workflowsPath: require.resolve('../../../workflows') };
}

/**
 * The process's Temporal runtime, before the first NativeConnection or Worker is created, once per
 * process: the worker's main calls it; tests install their own.
 * - Temporal's core logs go to the same structured log (warnings and above).
 * - With WORKER_METRICS_ADDRESS, the runtime serves the SDK's own metrics (task latencies, slots in use,
 *   pollers, failures, …) for Prometheus at http://<address>/metrics. Those are per process by nature, so
 *   each worker replica is scraped on its own port; the business totals come from the api's /metrics.
 *   Metric names are the SDK's defaults (`temporal_` prefix, durations in milliseconds), as Temporal's
 *   documentation and dashboards name them.
 */
export function installRuntime(logger: Logger, config: Pick<PassageConfig, 'WORKER_METRICS_ADDRESS'>): void {
  const core = logger.child({ component: 'temporal' });
  Runtime.install({
    logger: {
      log: (level, message, meta) => core[level === 'TRACE' ? 'trace' : (level.toLowerCase() as 'info')](meta ?? {}, message),
      trace: (message, meta) => core.trace(meta ?? {}, message),
      debug: (message, meta) => core.debug(meta ?? {}, message),
      info: (message, meta) => core.info(meta ?? {}, message),
      warn: (message, meta) => core.warn(meta ?? {}, message),
      error: (message, meta) => core.error(meta ?? {}, message),
    },
    telemetryOptions: {
      logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} },
      ...(config.WORKER_METRICS_ADDRESS ? { metrics: { prometheus: { bindAddress: config.WORKER_METRICS_ADDRESS } } } : {}),
    },
  });
}

export async function createWorker(deps: WorkerDependencies): Promise<Worker> {
  const signingKey = loadCertificateSigningKey(deps.config);
  // Published so verifiers (and the api's public key endpoint) know every key that ever signed.
  await new CertificatesRepository(deps.db).registerSigningKey(signingKey.keyId, signingKey.publicKeyPem);
  const activityDeps: ActivityDependencies = {
    db: deps.db,
    logger: deps.logger.child({ component: 'activity' }),
    signingKey,
    householdRegistry: deps.householdRegistry ?? new PostgresHouseholdRegistry(deps.db),
    issuanceDelayMs: deps.config.FAULT_ISSUANCE_DELAY_MS,
    webhooks: {
      policy: {
        budgetMs: deps.config.WEBHOOK_RETRY_BUDGET_SECONDS * 1000,
        initialIntervalMs: deps.config.WEBHOOK_INITIAL_RETRY_INTERVAL_SECONDS * 1000,
        maxIntervalMs: deps.config.WEBHOOK_MAX_RETRY_INTERVAL_SECONDS * 1000,
      },
      timeoutMs: deps.config.WEBHOOK_TIMEOUT_MS,
      allowedNetworks: webhookAllowedNetworks(deps.config),
      ...(deps.resolveHost ? { resolveHost: deps.resolveHost } : {}),
    },
  };
  return Worker.create({
    connection: deps.connection,
    namespace: deps.config.TEMPORAL_NAMESPACE,
    taskQueue: taskQueueName(deps.config.TEMPORAL_TASK_QUEUE_PREFIX, 'cases'),
    // Encrypts every payload the worker sends (results, commands' arguments, memos) and decrypts what it
    // receives, outside the workflow sandbox (libs/temporal/payload-codec.ts).
    dataConverter: temporalDataConverter(deps.config),
    activities: createActivities(activityDeps),
    // Each running activity holds at most one connection (reads inside a transaction use it): with no more
    // activities than connections, a burst (every deadline falls at the same end of day) cannot starve the pool.
    maxConcurrentActivityTaskExecutions: deps.config.DATABASE_POOL_SIZE,
    ...workflowSource(),
  });
}
