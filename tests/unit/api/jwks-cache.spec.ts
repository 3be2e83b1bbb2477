/**
 * The identity provider's key set (apps/api/src/auth/oidc/jwks-cache.ts): fetched once and kept for its
 * TTL, fetched again sooner for a key it does not hold but at most once per minRefetchMs, kept when a
 * fetch fails, and "unavailable" (the api's 503) only when no set was ever fetched.
 */
import { generateKeyPairSync } from 'node:crypto';
import { JwksCache, KeySetUnavailable, parseKeySet } from '../../../apps/api/src/auth/oidc/jwks-cache';

function jwk(kid: string, kind: 'rsa' | 'ec' = 'ec', extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { publicKey } = kind === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { ...(publicKey.export({ format: 'jwk' }) as object), kid, ...extra };
}

describe('JwksCache', () => {
  let clock = 0;
  let documents: unknown[];
  let fetched = 0;
  const cache = () =>
    new JwksCache({
      url: 'https://idp.test/jwks',
      ttlMs: 60_000,
      minRefetchMs: 5_000,
      now: () => clock,
      fetchKeySet: async () => {
        fetched++;
        const next = documents.length > 1 ? documents.shift() : documents[0];
        if (next instanceof Error) throw next;
        return next;
      },
    });

  beforeEach(() => {
    clock = 1_000_000;
    fetched = 0;
  });

  it('fetches once for many lookups within the TTL, and again after it', async () => {
    documents = [{ keys: [jwk('a')] }];
    const keys = cache();
    expect(await keys.key('a', 'ES256')).not.toBeNull();
    clock += 59_000;
    expect(await keys.key('a', 'ES256')).not.toBeNull();
    expect(fetched).toBe(1);
    clock += 1_000;
    await keys.key('a', 'ES256');
    expect(fetched).toBe(2);
  });

  it('fetches again for an unknown kid, but not more than once per minRefetchMs', async () => {
    documents = [{ keys: [jwk('a')] }, { keys: [jwk('a'), jwk('b')] }];
    const keys = cache();
    await keys.key('a', 'ES256');
    expect(await keys.key('b', 'ES256')).toBeNull(); // too soon after the first fetch
    expect(fetched).toBe(1);
    clock += 5_000;
    expect(await keys.key('b', 'ES256')).not.toBeNull();
    expect(fetched).toBe(2);
    expect(await keys.key('zzz', 'ES256')).toBeNull();
    expect(await keys.key('zzz', 'ES256')).toBeNull();
    expect(fetched).toBe(2);
  });

  it('shares one fetch between concurrent first lookups', async () => {
    documents = [{ keys: [jwk('a')] }];
    const keys = cache();
    const found = await Promise.all([keys.key('a', 'ES256'), keys.key('a', 'ES256'), keys.key('a', 'ES256')]);
    expect(found.every((k) => k !== null)).toBe(true);
    expect(fetched).toBe(1);
  });

  it('keeps the keys held when a fetch fails; is unavailable only without any', async () => {
    documents = [new Error('down')];
    const never = cache();
    await expect(never.key('a', 'ES256')).rejects.toBeInstanceOf(KeySetUnavailable);
    await expect(never.key('a', 'ES256')).rejects.toBeInstanceOf(KeySetUnavailable);
    expect(fetched).toBe(1); // not asked again at once

    documents = [{ keys: [jwk('a')] }, new Error('down')];
    fetched = 0;
    const keys = cache();
    await keys.key('a', 'ES256');
    clock += 60_000;
    expect(await keys.key('a', 'ES256')).not.toBeNull();
    expect(fetched).toBe(2);
  });

  it('matches the algorithm, and verifies a token without kid only when the set leaves no choice', async () => {
    documents = [{ keys: [jwk('r', 'rsa', { alg: 'RS256' }), jwk('e', 'ec', { alg: 'ES256' })] }];
    const keys = cache();
    expect(await keys.key('r', 'ES256')).toBeNull();
    expect((await keys.key('r', 'RS256'))?.asymmetricKeyType).toBe('rsa');
    expect((await keys.key(undefined, 'ES256'))?.asymmetricKeyType).toBe('ec');
    documents = [{ keys: [jwk('e1'), jwk('e2')] }];
    const two = cache();
    expect(await two.key(undefined, 'ES256')).toBeNull();
  });

  it('reads only signing keys Node can use', () => {
    const parsed = parseKeySet({ keys: [jwk('sig', 'ec', { use: 'sig' }), jwk('enc', 'ec', { use: 'enc' }), { kty: 'oct', k: 'c2VjcmV0', kid: 'hmac' }, { kty: 'EC', crv: 'P-256', x: 'bad', y: 'bad', kid: 'broken' }] });
    expect(parsed.map((k) => k.kid)).toEqual(['sig']);
    expect(() => parseKeySet({ nothing: [] })).toThrow(/no keys/);
  });
});
