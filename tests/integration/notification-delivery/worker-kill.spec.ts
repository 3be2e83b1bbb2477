/**
 * Nothing lost, nothing delivered twice as two things: the worker is SIGKILLed while its webhook request is
 * in flight (the receiver holds it open for a few seconds before it answers 200). The killed attempt leaves
 * no record; a fresh worker process takes the retried request activity once its start-to-close timeout
 * (WEBHOOK_TIMEOUT_MS + 5 s, workflows/notification-delivery/delivery-activity-options.ts) has passed, seconds
 * rather than minutes, and sends the notification again with the same Idempotency-Key. The receiver, which did process the first
 * request (its answer just had nobody to go to), sees the key again, dedupes it, and has accepted one id.
 *
 * The worker runs as a separate process from dist/ (tests/support/worker-process.ts): build first.
 * The office is 西乡街道 (440306018), which no other spec uses, so its webhook is this file's alone.
 */
import { taskQueueName } from '../../../libs/contracts';
import { REQUEST_MARGIN_MS } from '../../../workflows/notification-delivery/delivery-activity-options';
import { WebhooksRepository } from '../../../libs/db';
import { STACK_START_TIMEOUT_MS, startTestStack, type TestStack } from '../../support/test-app';
import { holdFirst, onlyFor, startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver';
import { startWorkerProcess, type WorkerProcess } from '../../support/worker-process';
import {
  deadLetterNotices,
  deliveryAttempts,
  deliveryHistory,
  deliveryResult,
  insertNotification,
  notificationRow,
  startDelivery,
  XIXIANG_OFFICE,
} from './delivery-helpers';

const SECRET = 'whsec-integration-worker-kill';
/** How long the receiver holds the first request: under WEBHOOK_TIMEOUT_MS, long enough to kill the worker. */
const HOLD_MS = 4_000;
/** The request's own timeout in this file: above the hold, so the first request is not cut short by the worker. */
const WEBHOOK_TIMEOUT_MS = 6_000;
/** sendWebhookRequest's start-to-close: the request timeout plus the margin for reading before it. */
const REQUEST_ACTIVITY_TIMEOUT_MS = WEBHOOK_TIMEOUT_MS + REQUEST_MARGIN_MS;
/** The retried request comes within start-to-close + its 1 s retry interval + a fresh worker's start (bundle, connect). */
const RECOVERY_TIMEOUT_MS = REQUEST_ACTIVITY_TIMEOUT_MS + 40_000;

describe('notification delivery: the worker is killed while a webhook request is in flight', () => {
  let stack: TestStack;
  let receiver: WebhookReceiver;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    stack = await startTestStack({ worker: false });
    receiver = await startWebhookReceiver({ secret: SECRET });
    await new WebhooksRepository(stack.db).put(XIXIANG_OFFICE, receiver.url, SECRET);
  }, STACK_START_TIMEOUT_MS);

  afterAll(async () => {
    for (const worker of workers) await worker.stop();
    if (stack) await new WebhooksRepository(stack.db).remove(XIXIANG_OFFICE);
    await receiver?.close();
    await stack?.stop();
  });

  it('is delivered once: the receiver accepts one id, and the notification ends delivered', async () => {
    const workerEnv = {
      WEBHOOK_INITIAL_RETRY_INTERVAL_SECONDS: '1',
      WEBHOOK_MAX_RETRY_INTERVAL_SECONDS: '2',
      // Short intervals need a short budget: config refuses more than 500 attempts per round.
      WEBHOOK_RETRY_BUDGET_SECONDS: '300',
      WEBHOOK_TIMEOUT_MS: String(WEBHOOK_TIMEOUT_MS),
    };
    const first = await startWorkerProcess({ stack, env: workerEnv });
    workers.push(first);

    const id = await insertNotification(stack.db, { recipientOfficeCode: XIXIANG_OFFICE, kind: 'certificate-issued' });
    receiver.setScript(onlyFor(id, holdFirst(HOLD_MS)));
    const started = Date.now();
    const handle = await startDelivery(stack.client, taskQueueName(stack.taskQueuePrefix, 'cases'), id);

    // The request has reached the receiver, which is holding it, unanswered …
    const inFlight = await receiver.waitForRequest((r) => r.idempotencyKey === id, 30_000, `the first request for ${id}`);
    expect(inFlight.outcome).toBeNull();
    expect(inFlight.signatureValid).toBe(true);

    // … when the worker dies.
    await first.kill();
    const killedAt = Date.now() - started;
    expect(first.isRunning()).toBe(false);
    expect(receiver.requestsFor(id)[0]!.outcome).toBeNull(); // killed within the hold, not after the answer

    // The receiver finishes processing it (accepts the id), but its 200 has nobody to go to.
    await receiver.waitUntilIdle(HOLD_MS + 5_000);
    expect(receiver.requestsFor(id)[0]!.outcome).toEqual({ kind: 'answered', status: 200, written: false, accepted: true, duplicate: false });
    // The killed attempt was not recorded: nothing came back to say how it went.
    expect(await deliveryAttempts(stack.db, id)).toEqual([]);
    expect((await notificationRow(stack.db, id)).state).toBe('pending');

    const fresh = await startWorkerProcess({ stack, env: workerEnv });
    workers.push(fresh);
    const outcome = await deliveryResult(handle, RECOVERY_TIMEOUT_MS, () => `fresh worker output:\n${fresh.output()}`);
    const deliveredAt = Date.now() - started;
    process.stderr.write(`[notification worker-kill] killed at ${killedAt} ms, delivered at ${deliveredAt} ms\n`);
    expect(outcome).toBe('delivered');

    // The same notification again (same key, same body, a fresh valid signature): deduped by the receiver.
    const requests = receiver.requestsFor(id);
    expect(requests).toHaveLength(2);
    expect(requests[1]!.outcome).toEqual({ kind: 'answered', status: 200, written: true, accepted: false, duplicate: true });
    for (const r of requests) {
      expect(r.signatureValid).toBe(true);
      expect(r.idempotencyKey).toBe(id);
      expect(r.notificationId).toBe(id);
    }
    expect(requests[1]!.rawBody).toBe(requests[0]!.rawBody);
    expect(requests[1]!.receivedAt).toBeGreaterThan(started + killedAt);
    // Retried when the request activity timed out, not minutes later: no sooner than its start-to-close after
    // the first request, and well before the old fixed 2 minutes.
    const retriedAfterMs = requests[1]!.receivedAt - requests[0]!.receivedAt;
    expect(retriedAfterMs).toBeGreaterThanOrEqual(REQUEST_ACTIVITY_TIMEOUT_MS - 1_000);
    expect(retriedAfterMs).toBeLessThan(REQUEST_ACTIVITY_TIMEOUT_MS + 30_000);

    // One id accepted, once.
    expect(receiver.acceptedIds().filter((key) => key === id)).toEqual([id]);
    expect(requests.filter((r) => r.outcome?.kind === 'answered' && r.outcome.accepted)).toHaveLength(1);
    expect(receiver.duplicatesOf(id)).toBe(1);

    // One webhook attempt, made by the retried request activity (Temporal attempt 2), recorded once, delivered.
    expect(await deliveryAttempts(stack.db, id)).toEqual([{ round: 1, attempt: 1, statusCode: 200, outcome: 'delivered' }]);
    const history = await deliveryHistory(handle);
    expect(history.attempts).toEqual([expect.objectContaining({ attempt: 1, activityAttempt: 2 })]);
    expect(history.recordedAttempts).toEqual([1]);
    expect(history.timers).toEqual([]);
    expect(history.deadLetterScheduledAtMs).toBeNull();

    const notification = await notificationRow(stack.db, id);
    expect(notification).toMatchObject({ state: 'delivered', deliveryRound: 1, lastDeliveryError: null, deadLetteredAt: null });
    expect(notification.deliveredAt).not.toBeNull();
    expect(await deadLetterNotices(stack.db, id)).toEqual([]);

    expect(fresh.isRunning()).toBe(true);
  }, STACK_START_TIMEOUT_MS + RECOVERY_TIMEOUT_MS);
});
