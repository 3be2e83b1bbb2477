import { DataSource } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export interface DataSourceOptions {
  url: string;
  poolSize?: number;
  /** How long a query may wait for a connection of the pool (default 10 s). */
  connectTimeoutMs?: number;
  applicationName?: string;
}

/** The one way the api, the worker and the tests open PostgreSQL: explicit entities and migrations, never synchronize. */
export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    logging: false,
    applicationName: options.applicationName ?? 'passage',
    // A connection that cannot be had in time is an error (retried by its activity, 503 at the api:
    // isDatabaseUnavailable) rather than an endless wait: a pool that waits forever is how a burst deadlocks it.
    extra: { max: options.poolSize ?? 10, connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000 },
  });
}

/** Opens the data source and applies pending migrations (idempotent; concurrent starters serialise on a lock). */
export async function openDatabase(options: DataSourceOptions): Promise<DataSource> {
  const dataSource = createDataSource(options);
  await dataSource.initialize();
  // Several processes (api, worker) may start at once: an advisory lock keeps migrations single-file.
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query(`SELECT pg_advisory_lock(hashtext('passage-migrations'))`);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query(`SELECT pg_advisory_unlock(hashtext('passage-migrations'))`).catch(() => undefined);
    await runner.release();
  }
  return dataSource;
}
