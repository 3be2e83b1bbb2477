/**
 * A stand-in OIDC identity provider for integration tests: its key set (JWKS) served over HTTP on
 * 127.0.0.1, and tokens signed with its keys (RS256 and ES256, made with node:crypto at start).
 *
 *   const idp = await startIdentityProvider();
 *   const token = idp.token({ sub: 'u-1', passage_role: 'caseworker', passage_office: '360102002' });
 *   await idp.stop();
 */
import { generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export const IDP_ISSUER = 'https://idp.passage.test/realms/staff';
export const IDP_AUDIENCE = 'passage-api';

type Algorithm = 'RS256' | 'ES256';

interface SigningKey {
  kid: string;
  alg: Algorithm;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export interface TokenOptions {
  alg?: Algorithm;
  /** Override the header's kid (e.g. one the set does not hold); `null` leaves it out. */
  kid?: string | null;
  /** Sign with this key instead of the provider's (a forger's). */
  signWith?: KeyObject;
  /** Lifetime in seconds from now (default 300); `null` leaves exp out. */
  expiresIn?: number | null;
  header?: Record<string, unknown>;
}

export interface IdentityProvider {
  jwksUrl: string;
  /** How many times the key set was fetched. */
  fetches(): number;
  /** A signed token with iss, aud, iat and exp (unless overridden) and these claims. */
  token(claims: Record<string, unknown>, options?: TokenOptions): string;
  /** Replaces the provider's keys with new ones (new kids); tokens of the old keys no longer verify once the api refetches. */
  rotate(): void;
  /** A key pair the provider does not publish. */
  forgerKey(alg?: Algorithm): KeyObject;
  stop(): Promise<void>;
}

function newKey(alg: Algorithm): SigningKey {
  const pair = alg === 'RS256' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { kid: `${alg.toLowerCase()}-${randomBytes(4).toString('hex')}`, alg, ...pair };
}

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

export async function startIdentityProvider(): Promise<IdentityProvider> {
  let keys: SigningKey[] = [newKey('RS256'), newKey('ES256')];
  let fetches = 0;
  const server = createServer((request, response) => {
    if (request.url !== '/jwks') {
      response.writeHead(404).end();
      return;
    }
    fetches++;
    const document = { keys: keys.map((k) => ({ ...(k.publicKey.export({ format: 'jwk' }) as object), kid: k.kid, alg: k.alg, use: 'sig' })) };
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(document));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    jwksUrl: `http://127.0.0.1:${port}/jwks`,
    fetches: () => fetches,
    token(claims, options = {}) {
      const alg = options.alg ?? 'RS256';
      const key = keys.find((k) => k.alg === alg)!;
      const now = Math.floor(Date.now() / 1000);
      const header = { alg, typ: 'JWT', ...(options.kid === null ? {} : { kid: options.kid ?? key.kid }), ...options.header };
      const expiresIn = options.expiresIn === undefined ? 300 : options.expiresIn;
      const payload = { iss: IDP_ISSUER, aud: IDP_AUDIENCE, iat: now, ...(expiresIn === null ? {} : { exp: now + expiresIn }), ...claims };
      const signed = `${b64(header)}.${b64(payload)}`;
      const signature = sign('sha256', Buffer.from(signed), alg === 'ES256' ? { key: options.signWith ?? key.privateKey, dsaEncoding: 'ieee-p1363' } : (options.signWith ?? key.privateKey));
      return `${signed}.${signature.toString('base64url')}`;
    },
    rotate() {
      keys = [newKey('RS256'), newKey('ES256')];
    },
    forgerKey(alg = 'RS256') {
      return newKey(alg).privateKey;
    },
    stop: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
