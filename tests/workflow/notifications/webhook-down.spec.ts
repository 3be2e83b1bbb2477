/**
 * An office's webhook endpoint is down for the whole retry budget (the production defaults: 24 h, first
 * retry after 5 s, doubling up to 30 min, with equal jitter). On the time-skipping test server the day
 * passes in seconds: awaiting the workflow's result lets the server fire each retry timer at once.
 *
 * The notification must be retried, with growing intervals capped at the max, for the whole budget (its
 * last attempt no earlier than the budget after its first), then dead-lettered, with the office's nearest
 * manager told in the inbox. The receiver is a real HTTP server that closes every connection unanswered.
 */
import { WebhooksRepository } from '../../../libs/db';
import { startWebhookReceiver, down, type WebhookReceiver } from '../../support/webhook-receiver';
import { useStarted } from '../../support/use-started';
import { startWorkflowStack, STACK_TIMEOUT_MS } from '../../support/workflow-stack';
import {
  BAOAN_MANAGER,
  BAOAN_OFFICE,
  deadLetterNotices,
  deliveryAttempts,
  deliveryHistory,
  deliveryResult,
  insertNotification,
  notificationRow,
  startDelivery,
  userIdOf,
  XINAN_OFFICE,
} from '../../integration/notification-delivery/delivery-helpers';

const SECRET = 'whsec-workflow-webhook-down';
const HOUR_MS = 3_600_000;
/** Real time allowed for a day of retries (about a hundred short activities) on the time-skipping server. */
const RESULT_TIMEOUT_MS = 150_000;

describe('notification delivery: the webhook is down for the whole budget', () => {
  const stack = useStarted('the workflow stack', () => startWorkflowStack({ databasePrefix: 'passage_wf_notify' }), (s) => s.stop(), STACK_TIMEOUT_MS);
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await startWebhookReceiver({ secret: SECRET, script: down() });
  });
  afterAll(async () => {
    await receiver?.close();
  });

  it('retries with growing, capped intervals for 24 h of workflow time, then dead-letters and tells the manager', async () => {
    const { config, db, env, worker } = stack();
    // The defaults are what this test is about: nothing in the stack may have changed them.
    expect([config.WEBHOOK_RETRY_BUDGET_SECONDS, config.WEBHOOK_INITIAL_RETRY_INTERVAL_SECONDS, config.WEBHOOK_MAX_RETRY_INTERVAL_SECONDS]).toEqual([
      24 * 3600, 5, 30 * 60,
    ]);
    const budgetMs = config.WEBHOOK_RETRY_BUDGET_SECONDS * 1000;
    const initialMs = config.WEBHOOK_INITIAL_RETRY_INTERVAL_SECONDS * 1000;
    const maxMs = config.WEBHOOK_MAX_RETRY_INTERVAL_SECONDS * 1000;

    await new WebhooksRepository(db).put(XINAN_OFFICE, receiver.url, SECRET);
    const id = await insertNotification(db, { recipientOfficeCode: XINAN_OFFICE, kind: 'certificate-issued' });

    const realStart = Date.now();
    const handle = await startDelivery(env.client, worker.options.taskQueue, id);
    const outcome = await deliveryResult(handle, RESULT_TIMEOUT_MS, () => `${receiver.requestsFor(id).length} requests so far`);
    const realElapsedMs = Date.now() - realStart;
    expect(outcome).toBe('dead-lettered');

    const history = await deliveryHistory(handle);
    const attempts = history.attempts;
    const timers = history.timers;
    process.stderr.write(
      `[webhook-down] ${attempts.length} attempts over ${((history.closedAtMs! - history.startedAtMs) / HOUR_MS).toFixed(2)} h of workflow time ` +
        `in ${realElapsedMs} ms of real time\n`,
    );

    // Many attempts, numbered 1…n, one sleep between each two, none after the last.
    expect(attempts.length).toBeGreaterThanOrEqual(50);
    expect(attempts.map((a) => a.attempt)).toEqual(attempts.map((_, i) => i + 1));
    expect(timers).toHaveLength(attempts.length - 1);
    // Each request recorded by its own activity, under the same number.
    expect(history.recordedAttempts).toEqual(attempts.map((a) => a.attempt));

    // The whole budget is used: the last attempt is made no earlier than the budget after the moment the
    // workflow decided the first one (its clock when it started counting), and not meaningfully later.
    const countingFrom = attempts[0]!.decidedAtMs;
    const last = attempts[attempts.length - 1]!;
    expect(last.scheduledAtMs).toBeGreaterThanOrEqual(countingFrom + budgetMs);
    expect(last.scheduledAtMs).toBeLessThanOrEqual(countingFrom + budgetMs + 60_000);
    expect(last.scheduledAtMs - attempts[0]!.scheduledAtMs).toBeGreaterThanOrEqual(budgetMs - 1_000);
    // Dead-lettered after the last attempt, at least the budget after the workflow started.
    expect(history.deadLetterScheduledAtMs).not.toBeNull();
    expect(history.deadLetterScheduledAtMs!).toBeGreaterThanOrEqual(last.scheduledAtMs);
    expect(history.deadLetterScheduledAtMs! - history.startedAtMs).toBeGreaterThanOrEqual(budgetMs);

    // Each sleep k lies within equal jitter of the capped exponential: [E/2, E], E = min(max, initial·2^(k-1)).
    // The last one may be shorter: it only runs to the end of the budget.
    const ceilingOf = (k: number): number => Math.min(maxMs, initialMs * 2 ** (k - 1));
    timers.forEach((timer, i) => {
      const k = i + 1;
      const isLast = i === timers.length - 1;
      expect(timer.durationMs).toBeLessThanOrEqual(ceilingOf(k));
      expect(timer.durationMs).toBeLessThanOrEqual(maxMs);
      if (isLast) expect(timer.durationMs).toBeGreaterThan(0);
      else expect(timer.durationMs).toBeGreaterThanOrEqual(ceilingOf(k) / 2);
      // The next attempt follows the timer, not before it and not long after it.
      const gap = attempts[i + 1]!.scheduledAtMs - attempts[i]!.scheduledAtMs;
      expect(gap).toBeGreaterThanOrEqual(timer.durationMs);
      expect(gap).toBeLessThan(timer.durationMs + 60_000);
    });
    // Growing while below the cap: 5 s · 2^9 > 30 min, so sleeps 1…9 strictly grow; the rest stay at the cap.
    const uncapped = timers.filter((_, i) => ceilingOf(i + 1) < maxMs).map((t) => t.durationMs);
    expect(uncapped).toHaveLength(9);
    for (let i = 1; i < uncapped.length; i++) expect(uncapped[i]).toBeGreaterThan(uncapped[i - 1]!);
    const capped = timers.slice(9, -1).map((t) => t.durationMs);
    expect(capped.length).toBeGreaterThanOrEqual(40);
    for (const d of capped) {
      expect(d).toBeGreaterThanOrEqual(maxMs / 2);
      expect(d).toBeLessThanOrEqual(maxMs);
    }
    // Jittered: the capped sleeps are not all the same length.
    expect(new Set(capped).size).toBeGreaterThan(capped.length / 2);

    // The receiver saw every attempt: signed, with the notification's id as Idempotency-Key, and never accepted one.
    const requests = receiver.requestsFor(id);
    expect(requests).toHaveLength(attempts.length);
    expect(receiver.requests().filter((r) => r.idempotencyKey !== id)).toEqual([]);
    for (const r of requests) {
      expect(r.signatureValid).toBe(true);
      expect(r.notificationId).toBe(id);
      expect(r.outcome).toEqual({ kind: 'destroyed' });
      expect(JSON.parse(r.rawBody)).toMatchObject({ id, kind: 'certificate-issued', recipientOfficeCode: XINAN_OFFICE });
    }
    expect(new Set(requests.map((r) => r.rawBody)).size).toBe(1);
    expect(receiver.acceptedIds()).toEqual([]);

    // Every attempt is on record, all worth retrying, none with an HTTP status.
    const rows = await deliveryAttempts(db, id);
    expect(rows).toEqual(attempts.map((_, i) => ({ round: 1, attempt: i + 1, statusCode: null, outcome: 'retry' })));

    const notification = await notificationRow(db, id);
    expect(notification.state).toBe('dead-lettered');
    expect(notification.deadLetteredAt).not.toBeNull();
    expect(notification.deliveredAt).toBeNull();
    expect(notification.deliveryRound).toBe(1);
    expect(notification.lastDeliveryError).toEqual(expect.any(String));

    // 宝安区's manager (the nearest manager above 新安街道) is told, in the inbox, once.
    const notices = await deadLetterNotices(db, id);
    expect(notices).toEqual([
      {
        recipientOfficeCode: BAOAN_OFFICE,
        recipientUserId: await userIdOf(db, BAOAN_MANAGER),
        payload: { notificationId: id, officeCode: XINAN_OFFICE },
      },
    ]);
  }, RESULT_TIMEOUT_MS + 30_000);
});
