/** DATABASE_MIGRATION_URL and DATABASE_RUNTIME_ROLE (libs/config/passage-config.ts). */
import { ConfigError, configWarnings, loadConfig } from '../../../libs/config';

describe('database roles configuration', () => {
  it('has one role for migrations and rows by default, and no runtime role', () => {
    const config = loadConfig({});
    expect(config.DATABASE_MIGRATION_URL).toBeUndefined();
    expect(config.DATABASE_RUNTIME_ROLE).toBeUndefined();
  });

  it('reads both, as npm start and docker-compose.yml pass them', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://passage:x@db:5432/passage',
      DATABASE_MIGRATION_URL: 'postgres://passage_migrator:y@db:5432/passage',
      DATABASE_RUNTIME_ROLE: 'passage',
    });
    expect(config.DATABASE_MIGRATION_URL).toBe('postgres://passage_migrator:y@db:5432/passage');
    expect(config.DATABASE_RUNTIME_ROLE).toBe('passage');
  });

  it.each(['Passage', 'passage; DROP TABLE x', '1passage', 'pass age', `p${'a'.repeat(63)}`])('refuses %j as DATABASE_RUNTIME_ROLE, naming the variable', (role) => {
    expect(() => loadConfig({ DATABASE_RUNTIME_ROLE: role })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_RUNTIME_ROLE: role })).toThrow(/DATABASE_RUNTIME_ROLE/);
  });

  it('refuses the local default passwords of the migrating role in production, and warns of them elsewhere', () => {
    const production = {
      NODE_ENV: 'production',
      JWT_SECRET: 'a-production-secret-of-at-least-thirty-two-characters',
      DATABASE_URL: 'postgres://passage:s3cret@db:5432/passage',
      TEMPORAL_PAYLOAD_KEY: 'q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=',
    };
    expect(() => loadConfig({ ...production, DATABASE_MIGRATION_URL: 'postgres://passage_migrator:passage_migrator@db:5432/passage' })).toThrow(
      /DATABASE_MIGRATION_URL: the default password is refused in production/,
    );
    expect(loadConfig({ ...production, DATABASE_MIGRATION_URL: 'postgres://passage_migrator:other@db:5432/passage' }).DATABASE_MIGRATION_URL).toBeDefined();
    expect(configWarnings(loadConfig({ DATABASE_MIGRATION_URL: 'postgres://passage_migrator:passage_migrator@127.0.0.1:5432/passage' }))).toContainEqual(
      'DATABASE_MIGRATION_URL uses the default password',
    );
  });
});
