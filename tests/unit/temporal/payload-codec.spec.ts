/** The Temporal payload codec (libs/temporal/payload-codec.ts): AES-256-GCM, key ids, rotation, pass-through. */
import { randomBytes } from 'node:crypto';
import { DefaultPayloadConverter, type Payload } from '@temporalio/common';
import { derivedPayloadKeyId } from '../../../libs/config';
import {
  AesGcmPayloadCodec,
  CIPHER_METADATA,
  deserializePayload,
  ENCRYPTED_ENCODING,
  KEY_ID_METADATA,
  payloadCodecFromConfig,
  PayloadCodecError,
  serializePayload,
} from '../../../libs/temporal';

const converter = new DefaultPayloadConverter();
const NOTE = '材料已在窗口收到 — copy received at the counter';
const key = (id: string) => ({ id, key: randomBytes(32) });
const text = (bytes: Uint8Array | null | undefined): string => Buffer.from(bytes ?? new Uint8Array()).toString('utf8');
const encodingOf = (payload: Payload): string => text(payload.metadata?.['encoding']);

describe('AES-256-GCM payload codec', () => {
  const k1 = key('k1');
  const codec = new AesGcmPayloadCodec({ current: k1 });

  it('round-trips any payload, metadata included, and the text is not in what Temporal stores', async () => {
    const originals = [converter.toPayload({ note: NOTE, missing: ['marriage-certificate-copy'] }), converter.toPayload(undefined), converter.toPayload(new Uint8Array([0, 1, 2, 255]))];
    const encoded = await codec.encode(originals);
    expect(encoded).toHaveLength(3);
    for (const payload of encoded) {
      expect(encodingOf(payload)).toBe(ENCRYPTED_ENCODING);
      expect(text(payload.metadata?.[KEY_ID_METADATA])).toBe('k1');
      expect(text(payload.metadata?.[CIPHER_METADATA])).toBe('AES-256-GCM');
      expect(Object.keys(payload.metadata ?? {}).sort()).toEqual([CIPHER_METADATA, KEY_ID_METADATA, 'encoding'].sort());
    }
    expect(text(encoded[0]!.data)).not.toContain('copy received');
    expect(Buffer.from(encoded[0]!.data!).toString('latin1')).not.toContain('json/plain'); // the inner encoding is encrypted too
    const decoded = await codec.decode(encoded);
    expect(decoded.map((p) => converter.fromPayload(p))).toEqual([{ note: NOTE, missing: ['marriage-certificate-copy'] }, undefined, new Uint8Array([0, 1, 2, 255])]);
    expect(decoded[0]!.metadata).toEqual(originals[0]!.metadata);
  });

  it('uses a fresh IV each time: the same payload encrypts differently', async () => {
    const payload = converter.toPayload(NOTE);
    const [a, b] = await codec.encode([payload, payload]);
    expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
  });

  it('refuses a payload whose ciphertext, tag, IV or key id was changed (the GCM tag)', async () => {
    const [sealed] = await codec.encode([converter.toPayload({ note: NOTE })]);
    const flipped = (index: number): Payload => {
      const data = Buffer.from(sealed!.data!);
      data[index < 0 ? data.length + index : index]! ^= 0x01;
      return { metadata: sealed!.metadata!, data: new Uint8Array(data) };
    };
    for (const index of [0, 12, 20, -1]) {
      await expect(codec.decode([flipped(index)])).rejects.toThrow(PayloadCodecError);
      await expect(codec.decode([flipped(index)])).rejects.toThrow(/failed authentication/);
    }
    // Another codec holding a different key under the same id: authentication fails, nothing decodes.
    await expect(new AesGcmPayloadCodec({ current: { id: 'k1', key: randomBytes(32) } }).decode([sealed!])).rejects.toThrow(/failed authentication/);
    // The key id is bound into the tag: relabelling the payload with another configured key's id fails too.
    const both = new AesGcmPayloadCodec({ current: k1, previous: [{ id: 'k0', key: k1.key }] });
    const relabelled: Payload = { metadata: { ...sealed!.metadata!, [KEY_ID_METADATA]: Buffer.from('k0') }, data: sealed!.data! };
    await expect(both.decode([relabelled])).rejects.toThrow(/failed authentication/);
    // Truncated.
    await expect(codec.decode([{ metadata: sealed!.metadata!, data: sealed!.data!.subarray(0, 20) }])).rejects.toThrow(/too short/);
  });

  it('rotates: a new key encrypts, the previous one still decrypts, an unknown one is named', async () => {
    const before = await codec.encode([converter.toPayload(NOTE)]);
    const k2 = key('k2');
    const rotated = new AesGcmPayloadCodec({ current: k2, previous: [k1] });
    const after = await rotated.encode([converter.toPayload(NOTE)]);
    expect(text(after[0]!.metadata?.[KEY_ID_METADATA])).toBe('k2');
    expect(converter.fromPayload((await rotated.decode(before))[0]!)).toBe(NOTE);
    expect(converter.fromPayload((await rotated.decode(after))[0]!)).toBe(NOTE);
    // The old codec cannot read what the new key wrote, and says which key it would need (not the data).
    await expect(codec.decode(after)).rejects.toThrow(/key "k2", which is not configured/);
    // Once the previous key is dropped, what it wrote no longer decodes.
    await expect(new AesGcmPayloadCodec({ current: k2 }).decode(before)).rejects.toThrow(/key "k1", which is not configured/);
  });

  it('passes unencrypted payloads through (histories from before the codec), and encodes nothing without a key', async () => {
    const plain = converter.toPayload({ note: NOTE });
    expect(await codec.decode([plain])).toEqual([plain]);
    const off = new AesGcmPayloadCodec({ current: null });
    expect(off.encryptingKeyId).toBeNull();
    expect(await off.encode([plain])).toEqual([plain]);
    expect(await off.decode([plain])).toEqual([plain]);
    // Without a key, an encrypted payload is an error, never silently shown as ciphertext.
    await expect(off.decode(await codec.encode([plain]))).rejects.toThrow(/not configured/);
  });

  it('does not encrypt twice: an encrypted payload encodes as itself', async () => {
    const once = await codec.encode([converter.toPayload(NOTE)]);
    expect(await codec.encode(once)).toEqual(once);
  });

  it('refuses two keys of one id', () => {
    expect(() => new AesGcmPayloadCodec({ current: k1, previous: [{ id: 'k1', key: randomBytes(32) }] })).toThrow(/share the id k1/);
  });

  it('serialises the inner payload strictly', () => {
    const payload = converter.toPayload({ a: 1 });
    const bytes = serializePayload(payload);
    expect(deserializePayload(bytes)).toEqual({ metadata: payload.metadata, data: payload.data });
    expect(() => deserializePayload(Buffer.concat([bytes, Buffer.from([0])]))).toThrow(/trailing/);
    expect(() => deserializePayload(bytes.subarray(0, bytes.length - 1))).toThrow(/truncated/);
    expect(() => deserializePayload(Buffer.from([9, 0, 0, 0, 0]))).toThrow(/unknown format/);
  });

  it('builds from the configuration: the key id defaults to one derived from the key', async () => {
    const raw = randomBytes(32);
    const fromConfig = payloadCodecFromConfig({ TEMPORAL_PAYLOAD_KEY: raw.toString('base64') });
    expect(fromConfig.encryptingKeyId).toBe(derivedPayloadKeyId(raw));
    expect(fromConfig.encryptingKeyId).toMatch(/^sha256-[0-9a-f]{16}$/);
    const named = payloadCodecFromConfig({
      TEMPORAL_PAYLOAD_KEY: randomBytes(32).toString('base64'),
      TEMPORAL_PAYLOAD_KEY_ID: '2026-12',
      TEMPORAL_PAYLOAD_PREVIOUS_KEY: raw.toString('base64'),
    });
    expect(named.encryptingKeyId).toBe('2026-12');
    expect(converter.fromPayload((await named.decode(await fromConfig.encode([converter.toPayload(NOTE)])))[0]!)).toBe(NOTE);
  });
});
