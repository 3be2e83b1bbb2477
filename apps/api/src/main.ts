import 'reflect-metadata';
import { ConfigError, configWarnings, loadConfig, payloadKeys } from '../../../libs/config';
import { dataSourceOptions, openDatabase, seedDemoData, seedReferenceData } from '../../../libs/db';
import { createLogger } from '../../../libs/logging';
import { createTemporalClient, temporalDataConverter } from '../../../libs/temporal';
import { createApp } from './create-app';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ name: 'passage-api', level: config.LOG_LEVEL });
  for (const warning of configWarnings(config)) logger.warn(warning);
  const db = await openDatabase(dataSourceOptions(config, 'passage-api'));
  await seedReferenceData(db);
  if (config.SEED_DEMO_DATA) await seedDemoData(db);
  const temporal = createTemporalClient(config, temporalDataConverter(config));
  const app = await createApp({ config, db, temporal, logger });
  await app.listen(config.PORT, config.HOST);
  logger.info(
    { url: `http://${config.HOST}:${config.PORT}`, docs: `http://${config.HOST}:${config.PORT}/docs`, payloadKeyId: payloadKeys(config).current?.id ?? null },
    'api listening',
  );

  const shutdown = async (signal: string): Promise<void> => {
    logger.info({ signal }, 'api shutting down');
    await app.close();
    await temporal.connection.close().catch(() => undefined);
    await db.destroy();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }
  process.stderr.write(`api failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
