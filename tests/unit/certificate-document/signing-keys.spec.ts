import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  generateSigningKeyPair,
  keyIdOf,
  loadOrCreateSigningKey,
  parseSigningPrivateKey,
  readOrCreateKeyFile,
  signVerificationPayload,
  verifyVerificationPayload,
} from '../../../libs/certificate-document';
import { sampleFields } from './support/fixtures';

describe('signing keys', () => {
  it('derives the key id from the raw 32-byte public key', () => {
    const key = generateSigningKeyPair();
    // SPKI DER for Ed25519 is a fixed 12-byte header followed by the raw key.
    const raw = createPublicKey(key.publicKeyPem).export({ format: 'der', type: 'spki' }).subarray(12);
    expect(raw).toHaveLength(32);
    expect(key.keyId).toBe(createHash('sha256').update(raw).digest('hex').slice(0, 16));
    expect(keyIdOf(key.publicKeyPem)).toBe(key.keyId);
    expect(keyIdOf(key.privateKey)).toBe(key.keyId);
  });

  it('loads a configured PEM, also when its newlines arrive as literal \\n', () => {
    const generated = generateSigningKeyPair();
    const oneLine = generated.privateKeyPem.trim().replace(/\n/g, '\\n');

    const loaded = loadOrCreateSigningKey(oneLine);
    expect(loaded.created).toBe(false);
    expect(loaded.keyId).toBe(generated.keyId);
    expect(loaded.publicKeyPem).toBe(generated.publicKeyPem);
    expect(loaded.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });

  it('creates a key when none is configured, and says so', () => {
    const loaded = loadOrCreateSigningKey(undefined);
    expect(loaded.created).toBe(true);
    expect(loaded.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(loadOrCreateSigningKey(loaded.privateKeyPem).keyId).toBe(loaded.keyId);
  });

  it('refuses keys that are not Ed25519, and text that is not a key', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => parseSigningPrivateKey(rsa)).toThrow(/Ed25519/);
    expect(() => parseSigningPrivateKey('not a key')).toThrow(/PEM/);
  });
});

describe('readOrCreateKeyFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'passage-keys-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a private 0600 PEM file (and its directory) once, then reads it back', () => {
    const path = join(dir, 'nested', 'keys', 'certificate-signing.pem');

    const first = readOrCreateKeyFile(path);
    expect(first.created).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toBe(first.privateKeyPem);
    expect(readdirSync(join(dir, 'nested', 'keys'))).toEqual(['certificate-signing.pem']); // no temp file left

    const second = readOrCreateKeyFile(path);
    expect(second.created).toBe(false);
    expect(second.keyId).toBe(first.keyId);

    // What the first process signed, the second can verify.
    const token = signVerificationPayload(sampleFields(), first.privateKey, first.keyId);
    expect(verifyVerificationPayload(token, { [second.keyId]: second.publicKey }).valid).toBe(true);
  });

  it('keeps an existing key file as it is', () => {
    const path = join(dir, 'key.pem');
    const existing = generateSigningKeyPair();
    writeFileSync(path, existing.privateKeyPem, { mode: 0o600 });

    expect(readOrCreateKeyFile(path).keyId).toBe(existing.keyId);
    expect(readFileSync(path, 'utf8')).toBe(existing.privateKeyPem);
  });

  it('refuses an empty or unreadable file instead of replacing it with a new key', () => {
    const empty = join(dir, 'empty.pem');
    writeFileSync(empty, '');
    expect(() => readOrCreateKeyFile(empty)).toThrow(/empty/);

    const garbage = join(dir, 'garbage.pem');
    writeFileSync(garbage, 'garbage');
    expect(() => readOrCreateKeyFile(garbage)).toThrow(/garbage\.pem/);
  });
});
