import { generateKeyPairSync } from 'node:crypto';
import {
  generateSigningKeyPair,
  signVerificationPayload,
  verifyVerificationPayload,
  type SigningKey,
} from '../../../libs/certificate-document';
import { FULL_NAME, IDENTITY_NUMBER, sampleFields } from './support/fixtures';

function keySet(key: SigningKey): Record<string, string> {
  return { [key.keyId]: key.publicKeyPem };
}

/** Splits a token and returns its payload JSON, for tampering and inspection. */
function payloadOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

function withPayload(token: string, payload: string): string {
  const [prefix, , signature] = token.split('.');
  return `${prefix}.${Buffer.from(payload, 'utf8').toString('base64url')}.${signature}`;
}

describe('signVerificationPayload / verifyVerificationPayload', () => {
  const key = generateSigningKeyPair();

  it('round-trips the fields, with the key id and format version', () => {
    const token = signVerificationPayload(sampleFields(), key.privateKey, key.keyId);

    expect(token).toMatch(/^PSG1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{86}$/);
    expect(verifyVerificationPayload(token, keySet(key))).toEqual({
      valid: true,
      fields: { ...sampleFields(), formatVersion: 1, keyId: key.keyId },
    });
  });

  it('accepts PEM strings and KeyObjects, in a Map or a plain object', () => {
    const token = signVerificationPayload(sampleFields(), key.privateKeyPem, key.keyId);

    expect(verifyVerificationPayload(token, new Map([[key.keyId, key.publicKey]])).valid).toBe(true);
    expect(verifyVerificationPayload(token, { [key.keyId]: key.publicKey }).valid).toBe(true);
  });

  it('is compact enough for a comfortable QR code', () => {
    expect(signVerificationPayload(sampleFields(), key.privateKey, key.keyId).length).toBeLessThan(300);
  });

  it('carries the masked name and nothing personal besides', () => {
    const token = signVerificationPayload(sampleFields(), key.privateKey, key.keyId);
    const payload = payloadOf(token);

    expect(Object.keys(payload)).toEqual(['n', 'c', 'o', 'i', 'u', 'h', 'k']);
    expect(payload.h).toBe('张**');
    const decoded = JSON.stringify(payload);
    expect(token).not.toContain(IDENTITY_NUMBER);
    expect(decoded).not.toContain(IDENTITY_NUMBER);
    expect(decoded).not.toContain(FULL_NAME);
    expect(decoded).not.toContain('晓明');
  });

  it('refuses to sign an unmasked name', () => {
    expect(() => signVerificationPayload(sampleFields({ holderMaskedName: FULL_NAME }), key.privateKey, key.keyId)).toThrow(
      /holderMaskedName/,
    );
  });

  it.each([
    ['a bad office code', { issuingOfficeCode: '3601' }],
    ['an impossible date', { issuedOn: '2026-02-30' }],
    ['validity ending before issue', { validUntil: '2026-03-01' }],
    ['a lower-case number', { certificateNumber: 'abc-1' }],
    ['a verification code with I', { verificationCode: 'IIIIIIII' }],
  ])('refuses to sign %s', (_label, overrides) => {
    expect(() => signVerificationPayload(sampleFields(overrides), key.privateKey, key.keyId)).toThrow(/signVerificationPayload/);
  });

  it('refuses a key id that is not the signing key’s own', () => {
    const other = generateSigningKeyPair();
    expect(() => signVerificationPayload(sampleFields(), key.privateKey, other.keyId)).toThrow(/does not belong/);
  });

  it('rejects a tampered field, even when the payload is otherwise well formed', () => {
    const token = signVerificationPayload(sampleFields(), key.privateKey, key.keyId);
    const json = Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8');
    const extended = withPayload(token, json.replace('"u":"2027-03-15"', '"u":"2099-03-15"'));

    expect(extended).not.toBe(token);
    expect(verifyVerificationPayload(extended, keySet(key))).toEqual({ valid: false, reason: 'bad-signature' });
  });

  it('rejects a tampered signature', () => {
    const token = signVerificationPayload(sampleFields(), key.privateKey, key.keyId);
    const [prefix, payload, signature] = token.split('.') as [string, string, string];
    const bytes = Buffer.from(signature, 'base64url');
    bytes[0] = bytes[0]! ^ 0x01;

    expect(verifyVerificationPayload(`${prefix}.${payload}.${bytes.toString('base64url')}`, keySet(key))).toEqual({
      valid: false,
      reason: 'bad-signature',
    });
  });

  it('rejects a token checked against the wrong key', () => {
    const token = signVerificationPayload(sampleFields(), key.privateKey, key.keyId);
    const impostor = generateSigningKeyPair();

    // The impostor's key published under the genuine key id: the signature does not match.
    expect(verifyVerificationPayload(token, { [key.keyId]: impostor.publicKeyPem })).toEqual({ valid: false, reason: 'bad-signature' });
    // The genuine key id not published at all.
    expect(verifyVerificationPayload(token, keySet(impostor))).toEqual({ valid: false, reason: 'unknown-key' });
  });

  it('rejects a token signed by a key the verifier does not know, though it is internally consistent', () => {
    const forger = generateSigningKeyPair();
    const forged = signVerificationPayload(sampleFields(), forger.privateKey, forger.keyId);
    expect(verifyVerificationPayload(forged, keySet(key))).toEqual({ valid: false, reason: 'unknown-key' });
  });

  it('treats a non-Ed25519 published key as unknown rather than throwing', () => {
    const token = signVerificationPayload(sampleFields(), key.privateKey, key.keyId);
    const { publicKey: rsa } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect(verifyVerificationPayload(token, { [key.keyId]: rsa })).toEqual({ valid: false, reason: 'unknown-key' });
    expect(verifyVerificationPayload(token, { [key.keyId]: 'not a pem' })).toEqual({ valid: false, reason: 'unknown-key' });
  });

  it('rejects a re-spelled payload even when it is signed, so each certificate has one token', () => {
    const token = signVerificationPayload(sampleFields(), key.privateKey, key.keyId);
    const json = Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8');
    const spaced = withPayload(token, json.replace(',', ', '));
    expect(verifyVerificationPayload(spaced, keySet(key))).toEqual({ valid: false, reason: 'malformed' });
  });

  it.each([
    ['empty', ''],
    ['not a token', 'hello'],
    ['two parts', 'PSG1.abc'],
    ['four parts', 'PSG1.a.b.c'],
    ['non-base64url payload', 'PSG1.e30=.AAAA'],
    ['a short signature', `PSG1.${Buffer.from('{}').toString('base64url')}.AAAA`],
    ['an unknown prefix', 'JWT1.a.b'],
    ['too long', `PSG1.${'A'.repeat(5000)}.AAAA`],
  ])('rejects a malformed token (%s)', (_label, token) => {
    expect(verifyVerificationPayload(token, keySet(key))).toEqual({ valid: false, reason: 'malformed' });
  });

  it('rejects characters slipped into an otherwise valid token, which Node’s base64 decoder would skip', () => {
    const token = signVerificationPayload(sampleFields(), key.privateKey, key.keyId);
    const [prefix, payload, signature] = token.split('.') as [string, string, string];
    const polluted = `${prefix}.${payload.slice(0, 10)}!${payload.slice(10)}.${signature}`;
    expect(verifyVerificationPayload(polluted, keySet(key))).toEqual({ valid: false, reason: 'malformed' });
  });

  it('reports a later format version as unsupported', () => {
    const token = signVerificationPayload(sampleFields(), key.privateKey, key.keyId);
    expect(verifyVerificationPayload(token.replace(/^PSG1/, 'PSG2'), keySet(key))).toEqual({
      valid: false,
      reason: 'unsupported-version',
    });
  });

  it('never throws, whatever it is given', () => {
    for (const junk of [undefined, null, 42, {}, 'PSG1..', 'PSG1.\u0000.\u0000']) {
      expect(verifyVerificationPayload(junk as unknown as string, keySet(key)).valid).toBe(false);
    }
  });
});
