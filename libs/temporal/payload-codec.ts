import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import { payloadKeys, type PayloadKey, type PayloadKeySettings } from '../config/payload-keys';

/** The `encoding` of a payload this codec encrypted (the name Temporal's samples and tools use). */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** Metadata of an encrypted payload: which key, and which cipher. Both in clear, both authenticated. */
export const KEY_ID_METADATA = 'encryption-key-id';
export const CIPHER_METADATA = 'encryption-cipher';
export const CIPHER = 'AES-256-GCM';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT = 1;

/** A payload that cannot be decoded: unknown key, changed bytes, or not this codec's format. Never says what it held. */
export class PayloadCodecError extends Error {
  override name = 'PayloadCodecError';
}

export interface PayloadCodecKeys {
  /** Encrypts every payload (and decrypts); null: payloads leave as they are. */
  current: PayloadKey | null;
  /** Decrypt only: keys of earlier rotations. */
  previous?: ReadonlyArray<PayloadKey>;
}

/**
 * Temporal payload codec: AES-256-GCM over the whole original payload (its metadata and data), so neither
 * the value nor its encoding is readable in the history. What the server stores:
 *
 *   metadata: { encoding: "binary/encrypted", encryption-key-id: <id>, encryption-cipher: "AES-256-GCM" }
 *   data:     12-byte random IV ‖ ciphertext ‖ 16-byte GCM tag
 *
 * The key id and cipher are bound into the tag as associated data: a payload whose bytes or key id were
 * changed fails to decode (PayloadCodecError) rather than decoding to something else. Payloads that are not
 * `binary/encrypted` (histories written before the codec, or without a key) pass through unchanged, both
 * ways: what is encrypted stays encrypted, what never was still decodes.
 *
 * It runs outside the workflow sandbox (the worker applies dataConverter.payloadCodecs in the main
 * thread), so node:crypto is fine here.
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly current: PayloadKey | null;
  private readonly keys = new Map<string, Buffer>();

  constructor(keys: PayloadCodecKeys) {
    this.current = keys.current;
    for (const key of [...(keys.current ? [keys.current] : []), ...(keys.previous ?? [])]) {
      if (key.key.length !== 32) throw new PayloadCodecError(`payload key ${key.id} is not 32 bytes`);
      if (this.keys.has(key.id)) throw new PayloadCodecError(`two payload keys share the id ${key.id}`);
      this.keys.set(key.id, key.key);
    }
  }

  /** The id new payloads are encrypted under, or null when nothing is encrypted. */
  get encryptingKeyId(): string | null {
    return this.current?.id ?? null;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const current = this.current;
    if (!current) return payloads;
    return payloads.map((payload) => (isEncrypted(payload) ? payload : encrypt(payload, current)));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => (isEncrypted(payload) ? this.decrypt(payload) : payload));
  }

  private decrypt(payload: Payload): Payload {
    const keyId = metadataText(payload, KEY_ID_METADATA);
    const cipher = metadataText(payload, CIPHER_METADATA);
    if (cipher !== CIPHER) throw new PayloadCodecError(`encrypted payload with cipher ${JSON.stringify(cipher)}: only ${CIPHER} is known`);
    if (keyId === null) throw new PayloadCodecError('encrypted payload without a key id');
    const key = this.keys.get(keyId);
    if (!key) {
      throw new PayloadCodecError(
        `payload encrypted with key ${JSON.stringify(keyId)}, which is not configured (TEMPORAL_PAYLOAD_KEY or TEMPORAL_PAYLOAD_PREVIOUS_KEY)`,
      );
    }
    const data = payload.data ?? new Uint8Array();
    if (data.length < IV_BYTES + TAG_BYTES) throw new PayloadCodecError(`encrypted payload of key ${keyId} is too short`);
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(associatedData(keyId));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new PayloadCodecError(`encrypted payload of key ${keyId} failed authentication: it was changed, or encrypted with another key of that id`);
    }
    return deserializePayload(plain);
  }
}

/** The codec of a process's configuration (TEMPORAL_PAYLOAD_KEY, …_KEY_ID, …_PREVIOUS_KEY, …_PREVIOUS_KEY_ID). */
export function payloadCodecFromConfig(config: PayloadKeySettings): AesGcmPayloadCodec {
  const { current, previous } = payloadKeys(config);
  return new AesGcmPayloadCodec({ current, previous: previous ? [previous] : [] });
}

/** The data converter of every Temporal client and worker Passage creates: the default converter, then the codec. */
export function temporalDataConverter(config: PayloadKeySettings): DataConverter {
  return { payloadCodecs: [payloadCodecFromConfig(config)] };
}

function encrypt(payload: Payload, key: PayloadKey): Payload {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(key.id));
  const sealed = Buffer.concat([iv, cipher.update(serializePayload(payload)), cipher.final(), cipher.getAuthTag()]);
  return {
    metadata: {
      encoding: utf8(ENCRYPTED_ENCODING),
      [KEY_ID_METADATA]: utf8(key.id),
      [CIPHER_METADATA]: utf8(CIPHER),
    },
    data: new Uint8Array(sealed.buffer, sealed.byteOffset, sealed.byteLength),
  };
}

function associatedData(keyId: string): Buffer {
  return Buffer.from(`passage-payload/v${FORMAT}/${CIPHER}/${keyId}`, 'utf8');
}

function isEncrypted(payload: Payload): boolean {
  return metadataText(payload, 'encoding') === ENCRYPTED_ENCODING;
}

function metadataText(payload: Payload, name: string): string | null {
  const value = payload.metadata?.[name];
  return value ? Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8') : null;
}

function utf8(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'utf8'));
}

/**
 * The plaintext: the original payload in a small length-prefixed form (format byte, number of metadata
 * entries, each name and value, then the data), so its metadata (the encoding) is encrypted with it.
 */
export function serializePayload(payload: Payload): Buffer {
  const entries = Object.entries(payload.metadata ?? {}).filter((entry): entry is [string, Uint8Array] => entry[1] != null);
  const parts: Buffer[] = [Buffer.from([FORMAT]), u32(entries.length)];
  for (const [name, value] of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    parts.push(u32(nameBytes.length), nameBytes, u32(value.byteLength), Buffer.from(value.buffer, value.byteOffset, value.byteLength));
  }
  const data = payload.data ?? new Uint8Array();
  parts.push(u32(data.byteLength), Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  return Buffer.concat(parts);
}

export function deserializePayload(bytes: Buffer): Payload {
  let offset = 0;
  const take = (length: number): Buffer => {
    if (offset + length > bytes.length) throw new PayloadCodecError('decrypted payload is truncated');
    const slice = bytes.subarray(offset, offset + length);
    offset += length;
    return slice;
  };
  const readU32 = (): number => take(4).readUInt32BE(0);
  if (take(1)[0] !== FORMAT) throw new PayloadCodecError('decrypted payload has an unknown format');
  const metadata: Record<string, Uint8Array> = {};
  for (let count = readU32(), i = 0; i < count; i++) {
    const name = take(readU32()).toString('utf8');
    metadata[name] = new Uint8Array(take(readU32()));
  }
  const data = new Uint8Array(take(readU32()));
  if (offset !== bytes.length) throw new PayloadCodecError('decrypted payload has trailing bytes');
  return { metadata, data };
}

function u32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value, 0);
  return buffer;
}
