import { randomBytes } from 'node:crypto';

/**
 * Crockford base32: no I, L, O or U, so a code read aloud or typed from paper is not misread, and
 * normalisation can forgive the usual confusions (O for 0, I or L for 1).
 */
const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export const VERIFICATION_CODE_LENGTH = 8;

/** Codes the payload accepts. Wider than what we generate so a later, longer code needs no format bump. */
export const VERIFICATION_CODE_PATTERN = /^[0-9A-HJKMNP-TV-Z]{6,16}$/;

/**
 * A fresh 8-character code (40 random bits). Five random bytes are exactly eight 5-bit symbols, so
 * every symbol is uniform with no modulo bias. The code is a second factor next to the certificate
 * number for the public verification endpoint, which must rate-limit guesses.
 */
export function generateVerificationCode(): string {
  const bytes = randomBytes(5);
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let code = '';
  for (let i = VERIFICATION_CODE_LENGTH - 1; i >= 0; i--) {
    code += CROCKFORD_ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  }
  return code;
}

/**
 * The canonical form of a code typed by a person (case, spaces, hyphens and Crockford's look-alikes
 * forgiven), or null when it cannot be a code at all.
 */
export function normalizeVerificationCode(input: string): string | null {
  const normalized = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  return VERIFICATION_CODE_PATTERN.test(normalized) ? normalized : null;
}
