import { constants, type KeyObject, verify } from 'node:crypto';

/** The signature algorithms accepted from an identity provider; never HS256 (a public key is no secret) or none. */
export const IDP_ALGORITHMS = ['RS256', 'ES256'] as const;
export type IdpAlgorithm = (typeof IDP_ALGORITHMS)[number];

export function isIdpAlgorithm(value: unknown): value is IdpAlgorithm {
  return typeof value === 'string' && (IDP_ALGORITHMS as readonly string[]).includes(value);
}

/** Why a token was refused: a short reason for the log, never the token or its claims. */
export class JwtRefused extends Error {}

export interface JwtExpectations {
  issuer: string;
  audience: string;
  clockToleranceSeconds: number;
  now?: Date;
}

/** The provider's key for a token's `kid` and algorithm, or null when it has none. */
export type KeyLookup = (kid: string | undefined, algorithm: IdpAlgorithm) => Promise<KeyObject | null>;

/** The header of a compact JWS, read without verifying anything (to choose how to verify it); null when malformed. */
export function peekJwtHeader(token: string): Record<string, unknown> | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  return parseJsonObject(parts[0]!);
}

/**
 * Verifies an RS256 or ES256 token of the identity provider: the signature by the key its `kid` names,
 * then `exp` (required), `nbf`, `iss` and `aud` (required, exact), within the clock tolerance. Answers the
 * claims; throws JwtRefused otherwise.
 */
export async function verifyIdpJwt(token: string, keys: KeyLookup, expected: JwtExpectations): Promise<Record<string, unknown>> {
  const parts = token.split('.');
  if (parts.length !== 3) throw new JwtRefused('not a compact JWS');
  const [encodedHeader, encodedPayload, encodedSignature] = parts as [string, string, string];
  const header = parseJsonObject(encodedHeader);
  if (!header) throw new JwtRefused('malformed header');
  const algorithm = header['alg'];
  if (!isIdpAlgorithm(algorithm)) throw new JwtRefused('algorithm not accepted');
  if (header['crit'] !== undefined) throw new JwtRefused('critical header extensions are not supported');
  const kid = header['kid'];
  if (kid !== undefined && typeof kid !== 'string') throw new JwtRefused('malformed kid');
  const key = await keys(kid, algorithm);
  if (!key) throw new JwtRefused('no key of the provider matches');
  if (!keyFits(key, algorithm)) throw new JwtRefused('key does not fit the algorithm');

  const signature = Buffer.from(encodedSignature, 'base64url');
  const signed = Buffer.from(`${encodedHeader}.${encodedPayload}`);
  const valid =
    algorithm === 'ES256'
      ? signature.length === 64 && verify('sha256', signed, { key, dsaEncoding: 'ieee-p1363' }, signature)
      : verify('sha256', signed, { key, padding: constants.RSA_PKCS1_PADDING }, signature);
  if (!valid) throw new JwtRefused('bad signature');

  const claims = parseJsonObject(encodedPayload);
  if (!claims) throw new JwtRefused('malformed claims');
  const now = (expected.now ?? new Date()).getTime() / 1000;
  const tolerance = expected.clockToleranceSeconds;
  const { exp, nbf, iss, aud } = claims;
  if (typeof exp !== 'number') throw new JwtRefused('no exp');
  if (now > exp + tolerance) throw new JwtRefused('expired');
  if (nbf !== undefined && (typeof nbf !== 'number' || now + tolerance < nbf)) throw new JwtRefused('not yet valid');
  if (iss !== expected.issuer) throw new JwtRefused('wrong issuer');
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (!audiences.includes(expected.audience)) throw new JwtRefused('wrong audience');
  return claims;
}

function keyFits(key: KeyObject, algorithm: IdpAlgorithm): boolean {
  if (algorithm === 'RS256') return key.asymmetricKeyType === 'rsa' && (key.asymmetricKeyDetails?.modulusLength ?? 0) >= 2048;
  return key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1';
}

function parseJsonObject(encoded: string): Record<string, unknown> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(encoded)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
