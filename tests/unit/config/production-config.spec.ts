import { ConfigError, configWarnings, loadConfig } from '../../../libs/config';

/** What production refuses at start-up, and what development says out loud. */
describe('production configuration fails closed', () => {
  const production = {
    NODE_ENV: 'production',
    JWT_SECRET: 'a-production-secret-of-at-least-thirty-two-characters',
    DATABASE_URL: 'postgres://passage:s3cret-from-the-operator@db:5432/passage',
    TEMPORAL_PAYLOAD_KEY: 'q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=',
  };
  const refused = (env: Record<string, string>, variable: string) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`${variable}:`));
  };

  it('starts with its own secret and password', () => {
    const config = loadConfig(production);
    expect(config.DOCS_ENABLED).toBe(false); // the API map is not served to the world unless turned on
    expect(configWarnings(config)).toEqual([]);
    expect(loadConfig({ ...production, DOCS_ENABLED: 'true' }).DOCS_ENABLED).toBe(true);
  });

  it('refuses the development secret, demo data, the default database password and a missing secret', () => {
    refused({ ...production, JWT_SECRET: 'passage-development-secret-not-for-production-use' }, 'JWT_SECRET');
    refused({ ...production, SEED_DEMO_DATA: 'true' }, 'SEED_DEMO_DATA');
    refused({ ...production, DATABASE_URL: 'postgres://passage:passage@db:5432/passage' }, 'DATABASE_URL');
    const { JWT_SECRET: _omitted, ...withoutSecret } = production;
    refused(withoutSecret, 'JWT_SECRET');
    const { TEMPORAL_PAYLOAD_KEY: _noKey, ...withoutPayloadKey } = production;
    refused(withoutPayloadKey, 'TEMPORAL_PAYLOAD_KEY');
  });

  it('says out loud when development defaults are in use', () => {
    const warnings = configWarnings(loadConfig({ NODE_ENV: 'development', DEV_LOGIN_ENABLED: 'true' }));
    expect(warnings).toEqual([
      expect.stringMatching(/^JWT_SECRET is not set/),
      expect.stringMatching(/^DEV_LOGIN_ENABLED/),
      expect.stringMatching(/^DATABASE_URL uses the default password/),
      expect.stringMatching(/^TEMPORAL_PAYLOAD_KEY is not set/),
    ]);
    expect(loadConfig({ NODE_ENV: 'development' }).DOCS_ENABLED).toBe(true);
  });
});
