import { decodeBase64UrlStrict, encodeBase64Url } from './base64url';
import { KEY_ID_PATTERN, type VerificationFields } from './verification-fields';

/**
 * Token layout: `PSG1.<base64url(payload JSON)>.<base64url(Ed25519 signature)>`.
 *
 * The prefix is the format version. The signature covers `PSG1.<payload>` (prefix included, as JWS
 * does) so the version cannot be swapped without breaking it. Payload keys are one letter and in a
 * fixed order: the token goes into a QR code, where every byte costs module density, and a single
 * canonical spelling per set of fields means a token can be compared byte for byte.
 */
export const TOKEN_PREFIX = 'PSG1';

/** Far above a real token (~270 characters); stops a public endpoint from parsing megabytes. */
export const MAX_TOKEN_LENGTH = 1024;

interface CompactPayload {
  n: string; // certificate number
  c: string; // verification code
  o: string; // issuing office code
  i: string; // issued on
  u: string; // valid until
  h: string; // holder's masked name
  k: string; // key id
}

export function serializePayload(fields: VerificationFields, keyId: string): Buffer {
  const compact: CompactPayload = {
    n: fields.certificateNumber,
    c: fields.verificationCode,
    o: fields.issuingOfficeCode,
    i: fields.issuedOn,
    u: fields.validUntil,
    h: fields.holderMaskedName,
    k: keyId,
  };
  return Buffer.from(JSON.stringify(compact), 'utf8');
}

export function signingInput(encodedPayload: string): Buffer {
  return Buffer.from(`${TOKEN_PREFIX}.${encodedPayload}`, 'ascii');
}

export function assembleToken(payload: Buffer, signature: Buffer): string {
  return `${TOKEN_PREFIX}.${encodeBase64Url(payload)}.${encodeBase64Url(signature)}`;
}

export type ParsedToken =
  | {
      ok: true;
      encodedPayload: string;
      payload: Buffer;
      signature: Buffer;
      fields: VerificationFields;
      keyId: string;
    }
  | { ok: false; reason: 'malformed' | 'unsupported-version' };

/**
 * Splits and decodes a token WITHOUT checking its signature: the result is only as trustworthy as its
 * source. verifyVerificationPayload builds on it; the PDF renderer uses it to make sure the QR it
 * prints belongs to the certificate it prints.
 */
export function parseTokenUnverified(token: string): ParsedToken {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed' };
  const [prefix, encodedPayload, encodedSignature] = parts as [string, string, string];
  if (prefix !== TOKEN_PREFIX) {
    return { ok: false, reason: /^PSG\d+$/.test(prefix) ? 'unsupported-version' : 'malformed' };
  }
  const payload = decodeBase64UrlStrict(encodedPayload);
  const signature = decodeBase64UrlStrict(encodedSignature);
  if (!payload || payload.length === 0 || !signature || signature.length !== 64) return { ok: false, reason: 'malformed' };

  let compact: unknown;
  try {
    compact = JSON.parse(payload.toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (!isCompactPayload(compact) || !KEY_ID_PATTERN.test(compact.k)) return { ok: false, reason: 'malformed' };
  const fields: VerificationFields = {
    certificateNumber: compact.n,
    verificationCode: compact.c,
    issuingOfficeCode: compact.o,
    issuedOn: compact.i,
    validUntil: compact.u,
    holderMaskedName: compact.h,
  };
  // One spelling per set of fields: extra keys, reordering, whitespace or escapes are refused.
  if (!serializePayload(fields, compact.k).equals(payload)) return { ok: false, reason: 'malformed' };
  return { ok: true, encodedPayload, payload, signature, fields, keyId: compact.k };
}

function isCompactPayload(value: unknown): value is CompactPayload {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  return (['n', 'c', 'o', 'i', 'u', 'h', 'k'] as const).every((key) => typeof record[key] === 'string');
}
