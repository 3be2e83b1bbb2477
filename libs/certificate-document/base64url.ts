/**
 * Strict base64url (RFC 4648 §5, no padding). Node's own decoder silently skips characters outside the
 * alphabet, so a token with junk inserted would still decode; a verifier must reject it instead, which
 * is why decoding checks the alphabet and that re-encoding gives back exactly the input.
 */
const BASE64URL = /^[A-Za-z0-9_-]*$/;

export function encodeBase64Url(data: Buffer): string {
  return data.toString('base64url');
}

/** Returns undefined for anything that is not the one canonical base64url spelling of some bytes. */
export function decodeBase64UrlStrict(text: string): Buffer | undefined {
  if (!BASE64URL.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}
