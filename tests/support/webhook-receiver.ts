/**
 * A real webhook receiver for tests: an HTTP server (node:http) on 127.0.0.1 and a free port, that behaves
 * the way docs/webhooks.md asks an office's system to behave, and records everything it saw.
 *
 *   const receiver = await startWebhookReceiver({ secret: 'test-secret', script: failFirst(2, 503) });
 *   await new WebhooksRepository(db).put('440306017', receiver.url, 'test-secret');
 *   ...
 *   expect(receiver.requestsFor(notificationId)).toHaveLength(3);
 *   expect(receiver.acceptedIds()).toEqual([notificationId]);
 *   afterAll: await receiver.close();
 *
 * For every request it
 *  - records the method, path, headers, the raw body (exactly the bytes received, as UTF-8), when it came,
 *    and whether `Passage-Signature` verifies (verifyWebhookSignature, the receiver side Passage documents);
 *  - asks the script what to do: answer a status (optionally after holding the request open for a while),
 *    or be "down" (destroy the socket without answering);
 *  - dedupes by `Idempotency-Key`: a validly signed request answered 2xx is "accepted" once per key; the
 *    same key again is answered 2xx too (idempotent replay) but counted as a duplicate, not a second
 *    acceptance. A request with a bad signature is answered 401 whatever the script says and never accepted.
 *
 * Scripts are functions of the request (with `nthForKey`, the 1-based count of requests seen so far with the
 * same Idempotency-Key), so a test can script one notification while others (from other test files sharing
 * the database and the office) get the default answer. Ready-made: always(status), failFirst(n, status),
 * down(), holdFirst(ms), and onlyFor(key, script) to restrict a script to one key.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { SIGNATURE_HEADER, verifyWebhookSignature } from '../../activities/notifications';

export interface ReceivedRequest {
  /** 1-based, in order of arrival at the server. */
  seq: number;
  /** Real time (Date.now()) when the whole body had arrived. */
  receivedAt: number;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** The Idempotency-Key header, or null when missing. */
  idempotencyKey: string | null;
  /** The Passage-Notification-Id header, or null when missing. */
  notificationId: string | null;
  /** verifyWebhookSignature(secret, rawBody, Passage-Signature, now) at arrival. */
  signatureValid: boolean;
  /** How many requests with this Idempotency-Key had arrived, this one included. */
  nthForKey: number;
  /** What the receiver did with it; null while it is being held open. */
  outcome: ReceiverOutcome | null;
}

export type ReceiverOutcome =
  /** Answered with this status; `written` false when the client had gone before the answer could be sent. */
  | { kind: 'answered'; status: number; written: boolean; accepted: boolean; duplicate: boolean }
  /** The socket was destroyed without an answer (the receiver is "down"). */
  | { kind: 'destroyed' };

export type ReceiverReply =
  /** Answer with `status`, after holding the request open `holdMs` (default 0). */
  | { status: number; holdMs?: number }
  /** Destroy the connection without answering. */
  | { down: true };

export type ReceiverScript = (request: Readonly<ReceivedRequest>) => ReceiverReply;

export const always =
  (status: number): ReceiverScript =>
  () => ({ status });

/** The first `n` requests of each key fail with `status` (503 by default), later ones are answered 200. */
export const failFirst =
  (n: number, status = 503): ReceiverScript =>
  (r) => (r.nthForKey <= n ? { status } : { status: 200 });

/** The endpoint is down: every connection is closed without an answer. */
export const down = (): ReceiverScript => () => ({ down: true });

/** The first request of each key is held open `holdMs` before it is answered 200; later ones at once. */
export const holdFirst =
  (holdMs: number): ReceiverScript =>
  (r) => (r.nthForKey === 1 ? { status: 200, holdMs } : { status: 200 });

/** `script` for requests with Idempotency-Key `key`; `otherwise` (200 by default) for every other key. */
export const onlyFor =
  (key: string, script: ReceiverScript, otherwise: ReceiverScript = always(200)): ReceiverScript =>
  (r) => (r.idempotencyKey === key ? script(r) : otherwise(r));

export interface WebhookReceiverOptions {
  /** The secret registered with the webhook: requests are verified with it. */
  secret: string;
  /** What to answer; 200 to everything by default. Can be changed later with setScript. */
  script?: ReceiverScript;
  /** Signature timestamp tolerance in seconds (verifyWebhookSignature's default 300 otherwise). */
  toleranceSeconds?: number;
}

export interface WebhookReceiver {
  /** http://127.0.0.1:<port>/webhook: the url to register. */
  readonly url: string;
  readonly secret: string;
  setScript(script: ReceiverScript): void;
  /** Every request so far, in order of arrival (copies). */
  requests(): ReceivedRequest[];
  /** The requests carrying Idempotency-Key `key`, in order of arrival. */
  requestsFor(key: string): ReceivedRequest[];
  /** The keys accepted (each once, in order of first acceptance). */
  acceptedIds(): string[];
  /** How many requests with this key were answered 2xx after it had been accepted already. */
  duplicatesOf(key: string): number;
  /** Resolves when `predicate` holds for a request (already arrived or arriving later); rejects after timeoutMs. */
  waitForRequest(predicate: (r: Readonly<ReceivedRequest>) => boolean, timeoutMs: number, what?: string): Promise<ReceivedRequest>;
  /** Resolves once no request is being held open (every recorded request has an outcome), or rejects after timeoutMs. */
  waitUntilIdle(timeoutMs: number): Promise<void>;
  /** Stops listening and destroys open connections. Idempotent. */
  close(): Promise<void>;
}

function header(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(',') : value;
}

export async function startWebhookReceiver(options: WebhookReceiverOptions): Promise<WebhookReceiver> {
  let script: ReceiverScript = options.script ?? always(200);
  const received: ReceivedRequest[] = [];
  const perKey = new Map<string, number>();
  const accepted = new Set<string>();
  const duplicates = new Map<string, number>();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const waiters = new Set<() => void>();
  const notify = (): void => {
    for (const waiter of [...waiters]) waiter();
  };

  const answer = (record: ReceivedRequest, res: ServerResponse, status: number): void => {
    let isAccepted = false;
    let duplicate = false;
    if (status >= 200 && status < 300 && record.idempotencyKey !== null) {
      // The receiver has processed it (whether or not the client is still there to hear the answer).
      if (accepted.has(record.idempotencyKey)) {
        duplicate = true;
        duplicates.set(record.idempotencyKey, (duplicates.get(record.idempotencyKey) ?? 0) + 1);
      } else {
        accepted.add(record.idempotencyKey);
        isAccepted = true;
      }
    }
    const writable = !res.destroyed && !res.socket?.destroyed;
    if (writable) {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ received: record.idempotencyKey, duplicate }));
    }
    record.outcome = { kind: 'answered', status, written: writable, accepted: isAccepted, duplicate };
    notify();
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const idempotencyKey = header(req.headers, 'idempotency-key');
      const nthForKey = idempotencyKey === null ? 1 : (perKey.get(idempotencyKey) ?? 0) + 1;
      if (idempotencyKey !== null) perKey.set(idempotencyKey, nthForKey);
      const record: ReceivedRequest = {
        seq: received.length + 1,
        receivedAt: Date.now(),
        method: req.method ?? '',
        path: req.url ?? '',
        headers: { ...req.headers },
        rawBody,
        idempotencyKey,
        notificationId: header(req.headers, 'passage-notification-id'),
        signatureValid: verifyWebhookSignature(
          options.secret,
          rawBody,
          header(req.headers, SIGNATURE_HEADER) ?? undefined,
          Math.floor(Date.now() / 1000),
          options.toleranceSeconds,
        ),
        nthForKey,
        outcome: null,
      };
      received.push(record);

      let reply: ReceiverReply;
      try {
        reply = record.signatureValid ? script(record) : { status: 401 };
      } catch (error) {
        process.stderr.write(`[webhook-receiver] script threw: ${String(error)}\n`);
        reply = { status: 500 };
      }
      if ('down' in reply) {
        req.socket.destroy();
        record.outcome = { kind: 'destroyed' };
        notify();
        return;
      }
      const { status, holdMs = 0 } = reply;
      if (holdMs <= 0) {
        answer(record, res, status);
      } else {
        notify(); // a waiter may be looking for the request itself, before its answer
        const timer = setTimeout(() => {
          timers.delete(timer);
          answer(record, res, status);
        }, holdMs);
        timers.add(timer);
      }
    });
  };

  const server: Server = createServer(handle);
  server.keepAliveTimeout = 1000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined); // a client that went away (a killed worker) is not the receiver's failure
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  const wait = (test: () => boolean, timeoutMs: number, describe: () => string): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (test()) return resolve();
      const check = (): void => {
        if (!test()) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`webhook receiver: ${describe()} not seen within ${timeoutMs} ms`));
      }, timeoutMs);
      waiters.add(check);
    });

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    secret: options.secret,
    setScript(next) {
      script = next;
    },
    requests: () => received.map((r) => ({ ...r })),
    requestsFor: (key) => received.filter((r) => r.idempotencyKey === key).map((r) => ({ ...r })),
    acceptedIds: () => [...accepted],
    duplicatesOf: (key) => duplicates.get(key) ?? 0,
    async waitForRequest(predicate, timeoutMs, what = 'the request') {
      let found: ReceivedRequest | undefined;
      await wait(
        () => (found = received.find(predicate)) !== undefined,
        timeoutMs,
        () => `${what} (${received.length} requests so far)`,
      );
      return { ...found! };
    },
    waitUntilIdle: (timeoutMs) =>
      wait(
        () => received.every((r) => r.outcome !== null),
        timeoutMs,
        () => 'an answer to every held request',
      ),
    close() {
      closing ??= (async () => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })();
      return closing;
    },
  };
}
