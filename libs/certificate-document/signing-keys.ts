import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';

/**
 * An office's Ed25519 key for signing verification payloads. The public half is published (with its
 * key id) so verifiers can check certificates offline; the key id lets several keys coexist during a
 * rotation.
 */
export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicKeyPem: string;
  /** First 16 hex characters of sha256 over the raw 32-byte public key. */
  keyId: string;
}

export interface LoadedSigningKey extends SigningKey {
  /** PKCS#8 PEM, so a caller that just created the key can persist it. */
  privateKeyPem: string;
  /** True when no PEM was configured and a new key was generated. */
  created: boolean;
}

/** Parses an Ed25519 private key from PEM, refusing any other key type. */
export function parseSigningPrivateKey(pem: string): KeyObject {
  // Env vars and secret stores often carry PEM on one line with literal `\n`; accept that spelling.
  const normalized = pem.includes('\\n') ? pem.replace(/\\n/g, '\n') : pem;
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: normalized, format: 'pem' });
  } catch (error) {
    throw new Error(`signing key: not a readable PEM private key (${(error as Error).message})`);
  }
  assertEd25519(key);
  return key;
}

/** Accepts a KeyObject or a PEM string for the public key (a private key PEM is reduced to its public half). */
export function toEd25519PublicKey(key: KeyObject | string): KeyObject {
  const publicKey =
    typeof key === 'string' ? createPublicKey(key) : key.type === 'private' ? createPublicKey(key) : key;
  assertEd25519(publicKey);
  return publicKey;
}

export function toEd25519PrivateKey(key: KeyObject | string): KeyObject {
  if (typeof key === 'string') return parseSigningPrivateKey(key);
  if (key.type !== 'private') throw new Error('signing key: a private key is needed to sign');
  assertEd25519(key);
  return key;
}

export function keyIdOf(key: KeyObject | string): string {
  const jwk = toEd25519PublicKey(key).export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new Error('signing key: could not export the raw public key');
  return createHash('sha256').update(Buffer.from(jwk.x, 'base64url')).digest('hex').slice(0, 16);
}

export function signingKeyFrom(privateKey: KeyObject | string): SigningKey {
  const key = toEd25519PrivateKey(privateKey);
  const publicKey = createPublicKey(key);
  return {
    privateKey: key,
    publicKey,
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    keyId: keyIdOf(publicKey),
  };
}

/** A new key pair, for development and tests; production keys come from configuration. */
export function generateSigningKeyPair(): SigningKey & { privateKeyPem: string } {
  const { privateKey } = generateKeyPairSync('ed25519');
  return { ...signingKeyFrom(privateKey), privateKeyPem: pemOf(privateKey) };
}

/**
 * The configured key, or a freshly generated one when none is configured. A generated key dies with
 * the process, and so does the verifiability of everything it signed: the caller decides whether to
 * persist it (see readOrCreateKeyFile) or to refuse to start, hence the `created` flag.
 */
export function loadOrCreateSigningKey(pem: string | undefined): LoadedSigningKey {
  if (pem === undefined || pem.trim() === '') return { ...generateSigningKeyPair(), created: true };
  const privateKey = parseSigningPrivateKey(pem);
  return { ...signingKeyFrom(privateKey), privateKeyPem: pemOf(privateKey), created: false };
}

function pemOf(privateKey: KeyObject): string {
  return privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}

// Node's verify(null, …) picks the algorithm from the key, so an RSA or EC key slipped into the
// key set would be used as such; only Ed25519 is part of this format.
function assertEd25519(key: KeyObject): void {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new Error(`signing key: expected an Ed25519 key, got ${key.asymmetricKeyType ?? key.type}`);
  }
}
