/** TEMPORAL_PAYLOAD_KEY and its companions (libs/config/payload-keys.ts): checked at start-up, never echoed. */
import { randomBytes } from 'node:crypto';
import { ConfigError, configWarnings, loadConfig, payloadKeys } from '../../../libs/config';

const KEY = randomBytes(32).toString('base64');
const OTHER = randomBytes(32).toString('base64');

describe('payload key configuration', () => {
  it('encrypts nothing without a key in development, and says so', () => {
    const config = loadConfig({});
    expect(payloadKeys(config)).toEqual({ current: null, previous: null });
    expect(configWarnings(config)).toContainEqual(expect.stringMatching(/^TEMPORAL_PAYLOAD_KEY is not set/));
    expect(configWarnings(loadConfig({ TEMPORAL_PAYLOAD_KEY: KEY }))).not.toContainEqual(expect.stringMatching(/TEMPORAL_PAYLOAD_KEY/));
  });

  it('reads the key, its id and the previous key', () => {
    const keys = payloadKeys(loadConfig({ TEMPORAL_PAYLOAD_KEY: KEY, TEMPORAL_PAYLOAD_KEY_ID: 'k2', TEMPORAL_PAYLOAD_PREVIOUS_KEY: OTHER }));
    expect(keys.current).toEqual({ id: 'k2', key: Buffer.from(KEY, 'base64') });
    expect(keys.previous?.key).toEqual(Buffer.from(OTHER, 'base64'));
    expect(keys.previous?.id).toMatch(/^sha256-/);
    // URL-safe base64 and a missing pad are the same 32 bytes.
    const urlSafe = Buffer.from(KEY, 'base64').toString('base64url');
    expect(payloadKeys(loadConfig({ TEMPORAL_PAYLOAD_KEY: urlSafe })).current?.key).toEqual(Buffer.from(KEY, 'base64'));
  });

  it.each([
    ['short', randomBytes(16).toString('base64')],
    ['long', randomBytes(48).toString('base64')],
    ['hex', randomBytes(32).toString('hex')],
    ['not base64', `${'!'.repeat(43)}=`],
  ])('refuses a %s TEMPORAL_PAYLOAD_KEY, naming the variable and not the value', (_what, value) => {
    expect(() => loadConfig({ TEMPORAL_PAYLOAD_KEY: value })).toThrow(ConfigError);
    expect(() => loadConfig({ TEMPORAL_PAYLOAD_KEY: value })).toThrow(/TEMPORAL_PAYLOAD_KEY=<secret, \d+ characters>: .*32 random bytes in base64/);
    let message = '';
    try {
      loadConfig({ TEMPORAL_PAYLOAD_PREVIOUS_KEY: value });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/TEMPORAL_PAYLOAD_PREVIOUS_KEY/);
    expect(message).not.toContain(value);
  });

  it('refuses an id without its key, a bad id, and two keys under one id', () => {
    expect(() => loadConfig({ TEMPORAL_PAYLOAD_KEY_ID: 'k1' })).toThrow(/TEMPORAL_PAYLOAD_KEY_ID: set without TEMPORAL_PAYLOAD_KEY/);
    expect(() => loadConfig({ TEMPORAL_PAYLOAD_PREVIOUS_KEY_ID: 'k0' })).toThrow(/TEMPORAL_PAYLOAD_PREVIOUS_KEY_ID: set without/);
    expect(() => loadConfig({ TEMPORAL_PAYLOAD_KEY: KEY, TEMPORAL_PAYLOAD_KEY_ID: 'has space' })).toThrow(/TEMPORAL_PAYLOAD_KEY_ID/);
    expect(() => loadConfig({ TEMPORAL_PAYLOAD_KEY: KEY, TEMPORAL_PAYLOAD_KEY_ID: 'x'.repeat(65) })).toThrow(/TEMPORAL_PAYLOAD_KEY_ID/);
    expect(() =>
      loadConfig({ TEMPORAL_PAYLOAD_KEY: KEY, TEMPORAL_PAYLOAD_KEY_ID: 'k1', TEMPORAL_PAYLOAD_PREVIOUS_KEY: OTHER, TEMPORAL_PAYLOAD_PREVIOUS_KEY_ID: 'k1' }),
    ).toThrow(/TEMPORAL_PAYLOAD_PREVIOUS_KEY_ID: the previous key has the same key id/);
    expect(() => loadConfig({ TEMPORAL_PAYLOAD_KEY: KEY, TEMPORAL_PAYLOAD_PREVIOUS_KEY: KEY })).toThrow(/same key id/);
  });

  it('requires a key in production', () => {
    const production = {
      NODE_ENV: 'production',
      JWT_SECRET: 'a-production-secret-of-at-least-thirty-two-characters',
      DATABASE_URL: 'postgres://passage:s3cret-from-the-operator@db:5432/passage',
    };
    expect(() => loadConfig(production)).toThrow(/TEMPORAL_PAYLOAD_KEY: required in production/);
    expect(payloadKeys(loadConfig({ ...production, TEMPORAL_PAYLOAD_KEY: KEY })).current).not.toBeNull();
  });

  it('takes CODEC_ALLOWED_ORIGIN as an origin only', () => {
    expect(loadConfig({ CODEC_ALLOWED_ORIGIN: 'http://127.0.0.1:8233' }).CODEC_ALLOWED_ORIGIN).toBe('http://127.0.0.1:8233');
    for (const bad of ['http://127.0.0.1:8233/', '127.0.0.1:8233', '*', 'http://ui.example/path', 'ftp://ui.example']) {
      expect(() => loadConfig({ CODEC_ALLOWED_ORIGIN: bad })).toThrow(/CODEC_ALLOWED_ORIGIN/);
    }
  });
});
