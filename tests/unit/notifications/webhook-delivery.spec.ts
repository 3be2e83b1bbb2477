/**
 * The pure parts of webhook delivery: the retry schedule (retryDelayMs, exported by the workflow file),
 * how an HTTP answer is judged (classifyWebhookStatus), the signature, and the tests' own webhook receiver
 * (tests/support/webhook-receiver.ts), so that the integration and workflow tests can trust what it records.
 */
import { classifyWebhookStatus } from '../../../activities/notifications/webhook-response';
import { signWebhookBody, verifyWebhookSignature } from '../../../activities/notifications';
import type { WebhookRetryPolicy } from '../../../libs/contracts';
import { retryDelayMs } from '../../../workflows/notification-delivery/notification-delivery.workflow';
import { always, down, failFirst, holdFirst, onlyFor, startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver';

/** The production defaults (libs/config/passage-config.ts): 24 h budget, 5 s initial, 30 min max. */
const DEFAULT_POLICY: WebhookRetryPolicy = { budgetMs: 24 * 3_600_000, initialIntervalMs: 5_000, maxIntervalMs: 30 * 60_000 };

describe('retryDelayMs', () => {
  /** The un-jittered interval of retry `attempt`, computed independently: initial · 2^(attempt-1), capped. */
  function ceiling(policy: WebhookRetryPolicy, attempt: number): number {
    let interval = policy.initialIntervalMs;
    for (let i = 1; i < attempt && interval < policy.maxIntervalMs; i++) interval *= 2;
    return Math.min(interval, policy.maxIntervalMs);
  }

  it('the first retry waits between half the initial interval and the initial interval', () => {
    expect(retryDelayMs(DEFAULT_POLICY, 1, 0)).toBe(2_500);
    expect(retryDelayMs(DEFAULT_POLICY, 1, 0.5)).toBe(3_750);
    expect(retryDelayMs(DEFAULT_POLICY, 1, 0.999999)).toBe(5_000);
  });

  it('doubles per attempt: 5 s, 10 s, 20 s, 40 s, … (at random = 1)', () => {
    expect([1, 2, 3, 4, 5, 6].map((a) => retryDelayMs(DEFAULT_POLICY, a, 1))).toEqual([5_000, 10_000, 20_000, 40_000, 80_000, 160_000]);
  });

  it('is capped at the max interval, jitter included, however many attempts', () => {
    // 5 s · 2^9 = 2560 s > 1800 s: attempt 10 is the first one capped.
    expect(retryDelayMs(DEFAULT_POLICY, 9, 1)).toBe(1_280_000);
    for (const attempt of [10, 11, 20, 50, 200, 1_100, 5_000]) {
      expect(retryDelayMs(DEFAULT_POLICY, attempt, 1)).toBe(1_800_000);
      expect(retryDelayMs(DEFAULT_POLICY, attempt, 0)).toBe(900_000);
      expect(Number.isFinite(retryDelayMs(DEFAULT_POLICY, attempt, 0.3))).toBe(true);
    }
  });

  it('stays within [ceiling/2, ceiling] for every attempt and random value, and is an integer', () => {
    const policies: WebhookRetryPolicy[] = [
      DEFAULT_POLICY,
      { budgetMs: 60_000, initialIntervalMs: 1_000, maxIntervalMs: 2_000 },
      { budgetMs: 60_000, initialIntervalMs: 3_000, maxIntervalMs: 3_000 },
      { budgetMs: 60_000, initialIntervalMs: 7_000, maxIntervalMs: 100_000 },
    ];
    const randoms = [0, 1e-9, 0.1, 0.25, 0.5, 0.75, 0.9, 0.999999999];
    for (const policy of policies) {
      for (let attempt = 1; attempt <= 40; attempt++) {
        const top = ceiling(policy, attempt);
        for (const random of randoms) {
          const delay = retryDelayMs(policy, attempt, random);
          expect(Number.isInteger(delay)).toBe(true);
          expect(delay).toBeGreaterThanOrEqual(Math.floor(top / 2));
          expect(delay).toBeLessThanOrEqual(top);
          expect(delay).toBeLessThanOrEqual(policy.maxIntervalMs);
        }
      }
    }
  });

  it('never shrinks from one attempt to the next at the same random value, and grows until the cap', () => {
    for (const random of [0, 0.37, 1]) {
      const delays = Array.from({ length: 30 }, (_, i) => retryDelayMs(DEFAULT_POLICY, i + 1, random));
      for (let i = 1; i < delays.length; i++) {
        expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1]!);
        if (ceiling(DEFAULT_POLICY, i + 1) < DEFAULT_POLICY.maxIntervalMs) expect(delays[i]).toBeGreaterThan(delays[i - 1]!);
      }
    }
  });

  it('any delay before the cap is at least every earlier delay, whatever the random values (equal jitter)', () => {
    // ceiling(k)/2 = ceiling(k-1) while uncapped, so even the lowest jitter of retry k is ≥ the highest of k-1.
    for (let attempt = 2; attempt <= 9; attempt++) {
      expect(retryDelayMs(DEFAULT_POLICY, attempt, 0)).toBeGreaterThanOrEqual(retryDelayMs(DEFAULT_POLICY, attempt - 1, 1));
    }
  });

  it('with the test policy (1 s initial, 2 s max) retries after 0.5–1 s, then 1–2 s, then 1–2 s', () => {
    const policy: WebhookRetryPolicy = { budgetMs: 86_400_000, initialIntervalMs: 1_000, maxIntervalMs: 2_000 };
    expect([retryDelayMs(policy, 1, 0), retryDelayMs(policy, 1, 1)]).toEqual([500, 1_000]);
    expect([retryDelayMs(policy, 2, 0), retryDelayMs(policy, 2, 1)]).toEqual([1_000, 2_000]);
    expect([retryDelayMs(policy, 3, 0), retryDelayMs(policy, 3, 1)]).toEqual([1_000, 2_000]);
  });
});

describe('classifyWebhookStatus', () => {
  it.each([200, 201, 202, 204, 299])('%i: delivered', (status) => {
    expect(classifyWebhookStatus(status)).toBe('delivered');
  });

  it.each([408, 429, 500, 502, 503, 504, 599])('%i: worth retrying', (status) => {
    expect(classifyWebhookStatus(status)).toBe('retry');
  });

  it.each([400, 401, 403, 404, 405, 409, 410, 413, 415, 422])('%i: permanent refusal', (status) => {
    expect(classifyWebhookStatus(status)).toBe('permanent');
  });

  it('a redirect is not a delivery (requests are sent with redirect: manual) and is not retried', () => {
    for (const status of [301, 302, 307, 308]) expect(classifyWebhookStatus(status)).toBe('permanent');
  });
});

describe('webhook signature', () => {
  const secret = 'whsec-unit';
  const body = JSON.stringify({ id: 'n-1', kind: 'certificate-issued' });
  const t = 1_760_000_000;

  it('verifies what it signs, within the tolerance', () => {
    const header = signWebhookBody(secret, body, t);
    expect(header).toMatch(/^t=1760000000,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(secret, body, header, t)).toBe(true);
    expect(verifyWebhookSignature(secret, body, header, t + 300)).toBe(true);
    expect(verifyWebhookSignature(secret, body, header, t - 300)).toBe(true);
  });

  it('refuses another secret, another body, a stale or future timestamp, a malformed or missing header', () => {
    const header = signWebhookBody(secret, body, t);
    expect(verifyWebhookSignature('other-secret', body, header, t)).toBe(false);
    expect(verifyWebhookSignature(secret, `${body} `, header, t)).toBe(false);
    expect(verifyWebhookSignature(secret, body, header, t + 301)).toBe(false);
    expect(verifyWebhookSignature(secret, body, header, t - 301)).toBe(false);
    expect(verifyWebhookSignature(secret, body, header.replace(`t=${t}`, `t=${t + 1}`), t)).toBe(false);
    expect(verifyWebhookSignature(secret, body, header.toUpperCase(), t)).toBe(false);
    expect(verifyWebhookSignature(secret, body, undefined, t)).toBe(false);
    expect(verifyWebhookSignature(secret, body, '', t)).toBe(false);
  });
});

describe('the tests’ webhook receiver', () => {
  const secret = 'whsec-receiver-unit';
  let receiver: WebhookReceiver;

  beforeEach(async () => {
    receiver = await startWebhookReceiver({ secret });
  });
  afterEach(async () => {
    await receiver.close();
  });

  async function post(key: string, options: { body?: string; signature?: string } = {}): Promise<number> {
    const body = options.body ?? JSON.stringify({ id: key });
    const response = await fetch(receiver.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': key,
        'passage-notification-id': key,
        'passage-signature': options.signature ?? signWebhookBody(secret, body, Math.floor(Date.now() / 1000)),
      },
      body,
    });
    await response.text();
    return response.status;
  }

  it('listens on 127.0.0.1 and a free port', () => {
    expect(receiver.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/webhook$/);
    expect(receiver.url).not.toMatch(/:0\//);
  });

  it('records every request with its headers and raw body, and checks the signature', async () => {
    const body = '{"id":"a","note":"exact bytes, 中文"}';
    expect(await post('a', { body })).toBe(200);
    const [request] = receiver.requests();
    expect(request).toMatchObject({ seq: 1, method: 'POST', path: '/webhook', rawBody: body, idempotencyKey: 'a', notificationId: 'a', signatureValid: true, nthForKey: 1 });
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.outcome).toEqual({ kind: 'answered', status: 200, written: true, accepted: true, duplicate: false });
  });

  it('dedupes by Idempotency-Key: the same key twice is one accepted id and one duplicate', async () => {
    expect(await post('a')).toBe(200);
    expect(await post('a')).toBe(200);
    expect(await post('b')).toBe(200);
    expect(receiver.acceptedIds()).toEqual(['a', 'b']);
    expect(receiver.duplicatesOf('a')).toBe(1);
    expect(receiver.duplicatesOf('b')).toBe(0);
    expect(receiver.requestsFor('a').map((r) => r.nthForKey)).toEqual([1, 2]);
  });

  it('refuses (401) and never accepts a request whose signature does not verify', async () => {
    expect(await post('a', { signature: signWebhookBody('wrong', '{"id":"a"}', Math.floor(Date.now() / 1000)) })).toBe(401);
    expect(await post('b', { signature: 'nonsense' })).toBe(401);
    expect(receiver.requests().map((r) => r.signatureValid)).toEqual([false, false]);
    expect(receiver.acceptedIds()).toEqual([]);
  });

  it('follows its script: fail the first n per key, always, only for one key', async () => {
    receiver.setScript(failFirst(2, 503));
    expect([await post('a'), await post('a'), await post('b'), await post('a'), await post('b'), await post('b')]).toEqual([
      503, 503, 503, 200, 503, 200,
    ]);
    expect(receiver.acceptedIds()).toEqual(['a', 'b']);

    receiver.setScript(onlyFor('c', always(410)));
    expect([await post('c'), await post('d')]).toEqual([410, 200]);
    expect(receiver.acceptedIds()).toEqual(['a', 'b', 'd']);
  });

  it('when down, closes the connection without an answer', async () => {
    receiver.setScript(down());
    await expect(post('a')).rejects.toThrow(/fetch failed/);
    expect(receiver.requests().map((r) => r.outcome)).toEqual([{ kind: 'destroyed' }]);
    expect(receiver.acceptedIds()).toEqual([]);
  });

  it('holds the first request of a key open before answering it, later ones are answered at once', async () => {
    receiver.setScript(holdFirst(300));
    const started = Date.now();
    const first = post('a');
    await receiver.waitForRequest((r) => r.idempotencyKey === 'a', 2_000);
    expect(receiver.requestsFor('a')[0]!.outcome).toBeNull();
    expect(await first).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    await receiver.waitUntilIdle(2_000);
    expect(await post('a')).toBe(200);
    expect(receiver.acceptedIds()).toEqual(['a']);
    expect(receiver.duplicatesOf('a')).toBe(1);
  });

  it('a held request whose client disconnects is processed (accepted) but its answer is not written', async () => {
    receiver.setScript(holdFirst(300));
    const body = JSON.stringify({ id: 'a' });
    const abort = new AbortController();
    const request = fetch(receiver.url, {
      method: 'POST',
      headers: { 'idempotency-key': 'a', 'passage-signature': signWebhookBody(secret, body, Math.floor(Date.now() / 1000)) },
      body,
      signal: abort.signal,
    }).catch((e: unknown) => e);
    await receiver.waitForRequest((r) => r.idempotencyKey === 'a', 2_000);
    abort.abort();
    expect(await request).toMatchObject({ name: 'AbortError' });
    await receiver.waitUntilIdle(2_000);
    expect(receiver.requestsFor('a')[0]!.outcome).toMatchObject({ kind: 'answered', status: 200, written: false, accepted: true });
    expect(await post('a')).toBe(200);
    expect(receiver.acceptedIds()).toEqual(['a']);
    expect(receiver.duplicatesOf('a')).toBe(1);
  });
});
