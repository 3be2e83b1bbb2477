import { DataSource } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export interface DataSourceOptions {
  url: string;
  poolSize?: number;
  /** How long a query may wait for a connection of the pool (default 10 s). */
  connectTimeoutMs?: number;
  applicationName?: string;
  /**
   * Where migrations run (DATABASE_MIGRATION_URL): the role that owns the tables. Default: `url`, one role
   * for both (development). When it differs, `url` (DATABASE_URL) is only ever used for rows.
   */
  migrationUrl?: string;
  /** The role the migrations grant row access to (DATABASE_RUNTIME_ROLE), e.g. `passage`; none by default. */
  runtimeRole?: string;
}

/** The database settings of Passage's config, as every process reads them (api, worker, test stacks). */
export interface DatabaseSettings {
  DATABASE_URL: string;
  DATABASE_MIGRATION_URL?: string | undefined;
  DATABASE_RUNTIME_ROLE?: string | undefined;
  DATABASE_POOL_SIZE: number;
  DATABASE_CONNECT_TIMEOUT_MS: number;
}

/** openDatabase's options from the config, for the process named `applicationName` (seen in pg_stat_activity). */
export function dataSourceOptions(settings: DatabaseSettings, applicationName: string): DataSourceOptions {
  return {
    url: settings.DATABASE_URL,
    ...(settings.DATABASE_MIGRATION_URL ? { migrationUrl: settings.DATABASE_MIGRATION_URL } : {}),
    ...(settings.DATABASE_RUNTIME_ROLE ? { runtimeRole: settings.DATABASE_RUNTIME_ROLE } : {}),
    poolSize: settings.DATABASE_POOL_SIZE,
    connectTimeoutMs: settings.DATABASE_CONNECT_TIMEOUT_MS,
    applicationName,
  };
}

/** PostgreSQL's unquoted identifiers, as DATABASE_RUNTIME_ROLE must be: nothing to escape in a connection option. */
const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The one way the api, the worker and the tests open PostgreSQL: explicit entities and migrations, never synchronize. */
export function createDataSource(options: DataSourceOptions): DataSource {
  if (options.runtimeRole !== undefined && !ROLE_NAME.test(options.runtimeRole)) {
    throw new Error(`runtime role ${JSON.stringify(options.runtimeRole)} is not a plain PostgreSQL identifier`);
  }
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
    extra: {
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
      // Read by the runtime-role migration (current_setting('passage.runtime_role')).
      ...(options.runtimeRole ? { options: `-c passage.runtime_role=${options.runtimeRole}` } : {}),
    },
  });
}

/**
 * Opens the data source and applies pending migrations (idempotent; concurrent starters serialise on a lock),
 * then grants the runtime role (if one is configured) its row access on every table, those of later
 * migrations included. With a migrationUrl of its own, migrations and grants run on a separate short-lived
 * connection as that role, and the data source answered connects as `url`'s role only.
 */
export async function openDatabase(options: DataSourceOptions): Promise<DataSource> {
  const separate = options.migrationUrl !== undefined && options.migrationUrl !== options.url;
  const migrator = separate
    ? createDataSource({ ...options, url: options.migrationUrl!, poolSize: 2, applicationName: `${options.applicationName ?? 'passage'}-migrations` })
    : createDataSource(options);
  await migrator.initialize();
  try {
    await migrate(migrator, options.runtimeRole);
  } catch (error) {
    await migrator.destroy().catch(() => undefined);
    throw error;
  }
  if (!separate) return migrator;
  await migrator.destroy();
  const dataSource = createDataSource({ ...options, runtimeRole: undefined });
  await dataSource.initialize();
  return dataSource;
}

async function migrate(dataSource: DataSource, runtimeRole: string | undefined): Promise<void> {
  // Several processes (api, worker) may start at once: an advisory lock keeps migrations single-file.
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query(`SELECT pg_advisory_lock(hashtext('passage-migrations'))`);
    await dataSource.runMigrations({ transaction: 'each' });
    if (runtimeRole) await runner.query(`SELECT passage_grant_runtime_role($1)`, [runtimeRole]);
  } finally {
    await runner.query(`SELECT pg_advisory_unlock(hashtext('passage-migrations'))`).catch(() => undefined);
    await runner.release();
  }
}
