import { createHash } from 'node:crypto';
import { ValidateBy, type ValidationOptions } from 'class-validator';

/** One AES-256 key of the Temporal payload codec and the id written beside every payload it encrypts. */
export interface PayloadKey {
  id: string;
  key: Buffer;
}

/** What TEMPORAL_PAYLOAD_KEY_ID may be: short, printable, safe in a payload's metadata and in a log line. */
const KEY_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

/** The 32 bytes of a standard (or URL-safe) base64 text, or null when it is anything else. */
export function decodePayloadKey(value: unknown): Buffer | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (!/^[A-Za-z0-9+/_-]{43}={0,1}$/.test(text)) return null;
  const bytes = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return bytes.length === 32 ? bytes : null;
}

export function isPayloadKeyId(value: unknown): boolean {
  return typeof value === 'string' && KEY_ID.test(value);
}

/**
 * The id of a key nobody named: derived from the key, so every process given the same key agrees on it. 64
 * bits of its SHA-256 say which key it is and nothing about the key itself.
 */
export function derivedPayloadKeyId(key: Buffer): string {
  return `sha256-${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
}

export function IsPayloadKey(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPayloadKey',
      validator: {
        validate: (value) => decodePayloadKey(value) !== null,
        defaultMessage: () => '$property must be 32 random bytes in base64 (44 characters), e.g. the output of `openssl rand -base64 32`',
      },
    },
    options,
  );
}

export function IsPayloadKeyId(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPayloadKeyId',
      validator: {
        validate: (value) => isPayloadKeyId(value),
        defaultMessage: () => '$property must be 1–64 characters of letters, digits, ".", "_", ":" or "-", starting with a letter or digit',
      },
    },
    options,
  );
}

export interface PayloadKeySettings {
  TEMPORAL_PAYLOAD_KEY?: string | undefined;
  TEMPORAL_PAYLOAD_KEY_ID?: string | undefined;
  TEMPORAL_PAYLOAD_PREVIOUS_KEY?: string | undefined;
  TEMPORAL_PAYLOAD_PREVIOUS_KEY_ID?: string | undefined;
}

/**
 * The payload codec's keys: `current` encrypts (and decrypts), `previous` only decrypts, for histories
 * written before a rotation. Either may be absent; loadConfig has checked the values.
 */
export function payloadKeys(config: PayloadKeySettings): { current: PayloadKey | null; previous: PayloadKey | null } {
  const key = (value: string | undefined, id: string | undefined): PayloadKey | null => {
    const bytes = value === undefined ? null : decodePayloadKey(value);
    return bytes ? { id: id ?? derivedPayloadKeyId(bytes), key: bytes } : null;
  };
  return {
    current: key(config.TEMPORAL_PAYLOAD_KEY, config.TEMPORAL_PAYLOAD_KEY_ID),
    previous: key(config.TEMPORAL_PAYLOAD_PREVIOUS_KEY, config.TEMPORAL_PAYLOAD_PREVIOUS_KEY_ID),
  };
}

/** The combinations loadConfig refuses, as the lines of its message (empty when fine). */
export function payloadKeyProblems(config: PayloadKeySettings & { NODE_ENV: string }): string[] {
  const problems: string[] = [];
  if (config.TEMPORAL_PAYLOAD_KEY_ID !== undefined && config.TEMPORAL_PAYLOAD_KEY === undefined)
    problems.push('TEMPORAL_PAYLOAD_KEY_ID: set without TEMPORAL_PAYLOAD_KEY');
  if (config.TEMPORAL_PAYLOAD_PREVIOUS_KEY_ID !== undefined && config.TEMPORAL_PAYLOAD_PREVIOUS_KEY === undefined)
    problems.push('TEMPORAL_PAYLOAD_PREVIOUS_KEY_ID: set without TEMPORAL_PAYLOAD_PREVIOUS_KEY');
  if (config.NODE_ENV === 'production' && config.TEMPORAL_PAYLOAD_KEY === undefined)
    problems.push('TEMPORAL_PAYLOAD_KEY: required in production (32 random bytes in base64, e.g. `openssl rand -base64 32`)');
  const { current, previous } = payloadKeys(config);
  if (current && previous && current.id === previous.id) {
    problems.push(
      `TEMPORAL_PAYLOAD_PREVIOUS_KEY_ID: the previous key has the same key id as TEMPORAL_PAYLOAD_KEY (${current.id}); ` +
        'give the keys different ids, or drop the previous key if it is the same key',
    );
  }
  return problems;
}
