/**
 * Looking at what Temporal stores, the way someone with access to the server (or its database) would:
 * workflow histories fetched by a client WITHOUT Passage's codec, every payload's bytes read as text, and
 * a scanner for marker strings. Also the same history with its payloads decoded by a codec, which is what
 * the Temporal UI shows through the codec endpoint: the control that the scanner finds a marker where one is.
 */
import { Client, type ConnectionLike, type WorkflowClient, type WorkflowHandle } from '@temporalio/client';
import type { Payload, PayloadCodec } from '@temporalio/common';

type History = Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;

/** A client of the connection with the SDK's default converter only: it sees payloads as the server stores them. */
export function rawClient(connection: ConnectionLike, namespace: string): Client {
  return new Client({ connection, namespace });
}

function isPayload(value: unknown): value is Payload {
  if (value === null || typeof value !== 'object') return false;
  const { metadata, data } = value as { metadata?: unknown; data?: unknown };
  return data instanceof Uint8Array && metadata !== null && typeof metadata === 'object' && !(metadata instanceof Uint8Array);
}

/**
 * Where Temporal keeps search attributes: indexed by the server, so never encoded by a codec (they carry
 * ids and codes only; the personal-data test scans them as the server lists them).
 */
const SEARCH_ATTRIBUTE_FIELDS = new Set(['searchAttributes', 'indexedFields']);

/**
 * Every payload a codec encodes in a history (inputs, results, signals, updates, markers, memos, failures'
 * details), with where it is; search attributes left out (SEARCH_ATTRIBUTE_FIELDS).
 */
export function payloadsOf(value: unknown, found: Payload[] = [], path = ''): Payload[] {
  if (isPayload(value)) found.push(Object.assign(value, { [PATH]: path }));
  else if (Array.isArray(value)) value.forEach((item, i) => payloadsOf(item, found, `${path}[${i}]`));
  else if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
    for (const [key, inner] of Object.entries(value)) if (!SEARCH_ATTRIBUTE_FIELDS.has(key)) payloadsOf(inner, found, `${path}.${key}`);
  }
  return found;
}

const PATH = Symbol('path');

/** Where payloadsOf found a payload, e.g. `.events[0].workflowExecutionStartedEventAttributes.input.payloads[0]`. */
export function pathOf(payload: Payload): string {
  return (payload as { [PATH]?: string })[PATH] ?? '';
}

export function encodingOf(payload: Payload): string {
  return Buffer.from(payload.metadata?.['encoding'] ?? new Uint8Array()).toString('utf8');
}

/** The text of a value as a reader of the raw store sees it: JSON, with every byte array read as UTF-8 (and as base64). */
export function textOf(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, serialised: unknown) {
    // The value before toJSON: a Buffer (protobufjs's bytes in Node) has already become {type, data} in `serialised`.
    const inner = key === '' ? serialised : this[key];
    if (inner instanceof Uint8Array) {
      const bytes = Buffer.from(inner.buffer, inner.byteOffset, inner.byteLength);
      return `${bytes.toString('utf8')} ${bytes.toString('base64')}`;
    }
    if (typeof inner === 'bigint') return inner.toString();
    return serialised;
  });
}

/** The markers found in any of the texts (each text also read as base64, as history JSON carries payloads). */
export function markersIn(texts: readonly string[], markers: readonly string[]): string[] {
  const readable = texts.flatMap((text) => [text, ...[...text.matchAll(/[A-Za-z0-9+/]{16,}={0,2}/g)].map((m) => Buffer.from(m[0], 'base64').toString('utf8'))]);
  return markers.filter((marker) => readable.some((text) => text.includes(marker)));
}

/** The workflow's history as stored, through a client without the codec. */
export async function rawHistory(connection: ConnectionLike, namespace: string, workflowId: string): Promise<History> {
  return rawClient(connection, namespace).workflow.getHandle(workflowId).fetchHistory();
}

/** A copy of a value with every payload in it decoded by the codec (what the codec endpoint does for the UI). */
export async function decodedCopy<T>(value: T, codec: PayloadCodec): Promise<T> {
  const decode = async (inner: unknown): Promise<unknown> => {
    if (isPayload(inner)) return (await codec.decode([inner]))[0];
    if (Array.isArray(inner)) return Promise.all(inner.map(decode));
    if (inner !== null && typeof inner === 'object' && !(inner instanceof Uint8Array)) {
      const entries = await Promise.all(Object.entries(inner).map(async ([key, v]) => [key, await decode(v)] as const));
      return Object.fromEntries(entries);
    }
    return inner;
  };
  return (await decode(value)) as T;
}

/** The payload codecs of a client (Passage's: the AES-GCM codec) as one codec, applied as the client applies them. */
export function clientCodec(client: WorkflowClient): PayloadCodec {
  const codecs = client.options.loadedDataConverter.payloadCodecs;
  return {
    async encode(payloads) {
      let out = payloads;
      for (const codec of codecs) out = await codec.encode(out);
      return out;
    },
    async decode(payloads) {
      let out = payloads;
      for (const codec of [...codecs].reverse()) out = await codec.decode(out);
      return out;
    },
  };
}

/** A payload of a fetched history as the value it holds, decoded as the client decodes what it receives. */
export async function payloadValue<T>(client: WorkflowClient, payload: Payload): Promise<T> {
  const [decoded] = await clientCodec(client).decode([payload]);
  return client.options.loadedDataConverter.payloadConverter.fromPayload<T>(decoded!);
}

/** A fetched history with every payload decoded by the client's codecs (what the Temporal UI shows through the codec). */
export async function decodedHistory(client: WorkflowClient, history: History): Promise<History> {
  return decodedCopy(history, clientCodec(client));
}
