/**
 * An identity provider's token (apps/api/src/auth/oidc/verify-jwt.ts): RS256 or ES256 by the key its kid
 * names, exp required, nbf, iss and aud exact, within the clock tolerance; anything else refused with a
 * reason (never the token or its claims).
 */
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { JwtRefused, verifyIdpJwt } from '../../../apps/api/src/auth/oidc/verify-jwt';

const NOW = new Date('2026-12-01T08:00:00Z');
const now = NOW.getTime() / 1000;
const EXPECTED = { issuer: 'https://idp.test', audience: 'passage-api', clockToleranceSeconds: 30, now: NOW };
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

function token(claims: Record<string, unknown>, alg: 'RS256' | 'ES256' = 'RS256', key: KeyObject = alg === 'RS256' ? rsa.privateKey : ec.privateKey): string {
  const signed = `${b64({ alg, kid: alg })}.${b64({ iss: EXPECTED.issuer, aud: EXPECTED.audience, sub: 'u1', exp: now + 60, ...claims })}`;
  const signature = sign('sha256', Buffer.from(signed), alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' } : key);
  return `${signed}.${signature.toString('base64url')}`;
}

const keys = async (kid: string | undefined) => (kid === 'RS256' ? rsa.publicKey : kid === 'ES256' ? ec.publicKey : null);
const reason = async (jwt: string, lookup = keys): Promise<string> => {
  try {
    await verifyIdpJwt(jwt, lookup, EXPECTED);
    return 'accepted';
  } catch (error) {
    if (!(error instanceof JwtRefused)) throw error;
    return error.message;
  }
};

describe('verifyIdpJwt', () => {
  it('answers the claims of a good RS256 and ES256 token, an audience list included', async () => {
    await expect(verifyIdpJwt(token({}), keys, EXPECTED)).resolves.toMatchObject({ sub: 'u1' });
    await expect(verifyIdpJwt(token({ aud: ['other', 'passage-api'] }, 'ES256'), keys, EXPECTED)).resolves.toMatchObject({ sub: 'u1' });
  });

  it('applies the clock tolerance to exp and nbf, on both sides', async () => {
    expect(await reason(token({ exp: now - 29 }))).toBe('accepted');
    expect(await reason(token({ exp: now - 31 }))).toBe('expired');
    expect(await reason(token({ nbf: now + 29 }))).toBe('accepted');
    expect(await reason(token({ nbf: now + 31 }))).toBe('not yet valid');
  });

  it('refuses what it cannot trust, saying why', async () => {
    expect(await reason(token({ exp: undefined }))).toBe('no exp');
    expect(await reason(token({ exp: String(now + 60) }))).toBe('no exp');
    expect(await reason(token({ iss: 'https://idp.test/' }))).toBe('wrong issuer');
    expect(await reason(token({ aud: undefined }))).toBe('wrong audience');
    expect(await reason(token({ aud: 'passage' }))).toBe('wrong audience');
    expect(await reason(token({}, 'RS256', generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey))).toBe('bad signature');
    expect(await reason(token({}, 'ES256', generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey))).toBe('bad signature');
    // An ES256 header over an RSA key (or the reverse) is not tried.
    expect(await reason(token({}), async () => ec.publicKey)).toBe('key does not fit the algorithm');
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(await reason(token({}, 'RS256', small.privateKey), async () => small.publicKey)).toBe('key does not fit the algorithm');
    expect(await reason(token({}), async () => null)).toBe('no key of the provider matches');
    const [header, payload] = token({}).split('.');
    expect(await reason(`${b64({ alg: 'HS256' })}.${payload}.x`)).toBe('algorithm not accepted');
    expect(await reason(`${header}.${payload}`)).toBe('not a compact JWS');
    expect(await reason(`${header}.${payload}.${Buffer.alloc(64).toString('base64url')}`)).toBe('bad signature');
    expect(await reason(`e30.${payload}.x`)).toBe('algorithm not accepted');
    expect(await reason(`!!.${payload}.x`)).toBe('malformed header');
  });
});
