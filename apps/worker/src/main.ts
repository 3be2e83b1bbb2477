import 'reflect-metadata';
import { NativeConnection, type NativeConnectionOptions } from '@temporalio/worker';
import { ConfigError, configWarnings, loadConfig, payloadKeys } from '../../../libs/config';
import { dataSourceOptions, openDatabase, seedReferenceData } from '../../../libs/db';
import { createLogger } from '../../../libs/logging';
import { nativeConnectionOptions } from '../../../libs/temporal';
import { createWorker, installRuntime } from './create-worker';
import { ensureSchedules } from './schedules';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ name: 'passage-worker', level: config.LOG_LEVEL });
  for (const warning of configWarnings(config)) logger.warn(warning);
  installRuntime(logger, config);
  const db = await openDatabase(dataSourceOptions(config, 'passage-worker'));
  await seedReferenceData(db);
  const connection = await connectWithRetry(nativeConnectionOptions(config), logger);
  const worker = await createWorker({ config, db, logger, connection });
  await ensureSchedules(config);
  logger.info(
    {
      taskQueue: worker.options.taskQueue,
      metrics: config.WORKER_METRICS_ADDRESS ? `http://${config.WORKER_METRICS_ADDRESS}/metrics` : null,
      payloadKeyId: payloadKeys(config).current?.id ?? null,
    },
    'worker running',
  );
  // Worker.run() returns once shutdown completes: SIGINT/SIGTERM are handled by the SDK's runtime,
  // which stops polling and lets in-flight activities finish within the shutdown grace time.
  await worker.run();
  await connection.close();
  await db.destroy();
  logger.info('worker stopped');
}

/** Temporal may still be starting (compose, the dev script): wait for it instead of crashing. */
async function connectWithRetry(options: NativeConnectionOptions, logger: { warn: (o: object, m: string) => void }): Promise<NativeConnection> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await NativeConnection.connect(options);
    } catch (error) {
      if (attempt >= 60) throw error;
      logger.warn({ address: options.address, tls: Boolean(options.tls), attempt }, 'Temporal not reachable yet; retrying');
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(78);
  }
  process.stderr.write(`worker failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
