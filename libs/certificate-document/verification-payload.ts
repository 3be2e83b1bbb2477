import { sign, verify, type KeyObject } from 'node:crypto';
import { keyIdOf, toEd25519PrivateKey, toEd25519PublicKey } from './signing-keys';
import { findVerificationFieldsProblem, type VerificationFields, type VerifiedVerificationFields } from './verification-fields';
import { assembleToken, parseTokenUnverified, serializePayload, signingInput } from './verification-token-format';
import { encodeBase64Url } from './base64url';

export type VerificationFailureReason =
  | 'malformed'
  | 'unsupported-version'
  | 'unknown-key'
  | 'bad-signature'
  | 'invalid-fields';

export type VerificationResult =
  | { valid: true; fields: VerifiedVerificationFields }
  | { valid: false; reason: VerificationFailureReason };

/** Published public keys by key id: a Map or a plain object, with KeyObjects or PEM strings. */
export type PublicKeysByKeyId =
  | ReadonlyMap<string, KeyObject | string>
  | Readonly<Record<string, KeyObject | string>>;

/**
 * Signs the fields into the compact string the QR code carries. Throws on fields that do not validate
 * (notably an unmasked holder name), and when keyId is not the id of this key: such a token would be
 * checked against the wrong published key and fail for every verifier.
 */
export function signVerificationPayload(fields: VerificationFields, privateKey: KeyObject | string, keyId: string): string {
  const problem = findVerificationFieldsProblem(fields);
  if (problem) throw new Error(`signVerificationPayload: ${problem}`);
  const key = toEd25519PrivateKey(privateKey);
  const actualKeyId = keyIdOf(key);
  if (keyId !== actualKeyId) {
    throw new Error(`signVerificationPayload: key id ${keyId} does not belong to this key (its id is ${actualKeyId})`);
  }
  const payload = serializePayload(fields, keyId);
  // Ed25519 hashes internally; node:crypto wants a null algorithm for it.
  const signature = sign(null, signingInput(encodeBase64Url(payload)), key);
  return assembleToken(payload, signature);
}

/**
 * Checks a token offline against the published keys. Never throws: whatever a stranger's QR code
 * contains ends as a reason. A valid result says the issuing office signed these fields; whether the
 * certificate is still in its validity period, or has since been revoked, is for the caller (the
 * online endpoint knows about revocations, an offline verifier cannot).
 */
export function verifyVerificationPayload(token: string, publicKeysByKeyId: PublicKeysByKeyId): VerificationResult {
  try {
    const parsed = parseTokenUnverified(token);
    if (!parsed.ok) return { valid: false, reason: parsed.reason };

    const publicKey = lookUpKey(publicKeysByKeyId, parsed.keyId);
    if (!publicKey) return { valid: false, reason: 'unknown-key' };
    if (!verify(null, signingInput(parsed.encodedPayload), publicKey, parsed.signature)) {
      return { valid: false, reason: 'bad-signature' };
    }
    if (findVerificationFieldsProblem(parsed.fields)) return { valid: false, reason: 'invalid-fields' };
    return { valid: true, fields: { ...parsed.fields, formatVersion: 1, keyId: parsed.keyId } };
  } catch {
    // Nothing above is expected to throw; if something does, the token is still not valid.
    return { valid: false, reason: 'malformed' };
  }
}

function lookUpKey(keys: PublicKeysByKeyId, keyId: string): KeyObject | undefined {
  // hasOwn, not `in` or indexing: a plain object would otherwise "have" keys like `constructor`.
  const entry = isMap(keys) ? keys.get(keyId) : Object.hasOwn(keys, keyId) ? keys[keyId] : undefined;
  if (entry === undefined) return undefined;
  try {
    return toEd25519PublicKey(entry);
  } catch {
    // A published entry that is not an Ed25519 public key cannot vouch for anything.
    return undefined;
  }
}

function isMap(keys: PublicKeysByKeyId): keys is ReadonlyMap<string, KeyObject | string> {
  return keys instanceof Map;
}
