/**
 * The delivery and digest activities against real PostgreSQL, called directly (no workflow):
 *
 *  - on a pool of ONE connection, each activity that opens a transaction finishes: every read it makes
 *    while the transaction is open goes through that transaction, never waits for a second connection
 *    (with many deliveries at once, such waits take the whole pool and nothing moves);
 *  - beginNotificationDelivery is idempotent per round: retried, it gives the same round and does not undo
 *    what the round has done since;
 *  - recordWebhookAttempt is idempotent per (round, attempt);
 *  - input no retry can fix is a non-retryable failure.
 *
 * The notifications go to 西乡街道 (440306018), which has no webhook while this file runs except where it
 * sets one itself (worker-kill.spec.ts sets one too, but integration files run one at a time).
 */
import { ApplicationFailure } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import { createDeliveryActivities } from '../../../activities/notifications/delivery-activities';
import { createDigestActivities } from '../../../activities/notifications/digest-activities';
import { createDataSource, WebhooksRepository } from '../../../libs/db';
import { STACK_START_TIMEOUT_MS, startTestStack, type TestStack } from '../../support/test-app';
import { BAOAN_MANAGER, deadLetterNotices, deliveryAttempts, insertNotification, notificationRow, userIdOf, withTimeout, XIXIANG_OFFICE } from './delivery-helpers';

/** Far more than any of these activities needs; a pool wait that never ends would exceed it. */
const ACTIVITY_TIMEOUT_MS = 10_000;

describe('delivery activities (real PostgreSQL)', () => {
  let stack: TestStack;
  let onePool: DataSource;
  let activities: ReturnType<typeof createDeliveryActivities>;
  let digests: ReturnType<typeof createDigestActivities>;

  beforeAll(async () => {
    stack = await startTestStack({ worker: false });
    onePool = createDataSource({ url: stack.config.DATABASE_URL, poolSize: 1, applicationName: 'passage-it-one-connection' });
    await onePool.initialize();
    const deps = {
      db: onePool,
      logger: stack.logger,
      webhooks: { policy: { budgetMs: 60_000, initialIntervalMs: 1_000, maxIntervalMs: 2_000 }, timeoutMs: 1_000 },
    };
    activities = createDeliveryActivities(deps);
    digests = createDigestActivities(deps);
  }, STACK_START_TIMEOUT_MS);

  afterAll(async () => {
    if (onePool?.isInitialized) await onePool.destroy();
    await stack?.stop();
  });

  const within = <T>(what: string, promise: Promise<T>): Promise<T> =>
    withTimeout(promise, ACTIVITY_TIMEOUT_MS, () => `${what} did not finish in ${ACTIVITY_TIMEOUT_MS} ms on a one-connection pool`);

  it('dead-letters on a one-connection pool, telling the nearest manager, read through its own transaction', async () => {
    const id = await insertNotification(stack.db, { recipientOfficeCode: XIXIANG_OFFICE });
    await within('beginNotificationDelivery', activities.beginNotificationDelivery({ notificationId: id, round: 1 }));
    await within('deadLetterNotification', activities.deadLetterNotification({ notificationId: id, round: 1 }));
    expect(await deadLetterNotices(stack.db, id)).toEqual([
      { recipientOfficeCode: '440306', recipientUserId: await userIdOf(stack.db, BAOAN_MANAGER), payload: { notificationId: id, officeCode: XIXIANG_OFFICE } },
    ]);
  });

  it('creates the daily digests on a one-connection pool', async () => {
    const ids = await within('createDailyDigests', digests.createDailyDigests({ date: '2099-12-31', now: '2099-12-31T00:00:00.000Z' }));
    expect(Array.isArray(ids)).toBe(true);
    // The same day again is the same digests.
    expect(await within('createDailyDigests again', digests.createDailyDigests({ date: '2099-12-31', now: '2099-12-31T00:00:00.000Z' }))).toEqual(ids);
  });

  it('begins a round once: a retried begin gives the same round and leaves what the round did since', async () => {
    const id = await insertNotification(stack.db, { recipientOfficeCode: XIXIANG_OFFICE });
    const first = await within('begin', activities.beginNotificationDelivery({ notificationId: id, round: 1 }));
    const retried = await within('begin again', activities.beginNotificationDelivery({ notificationId: id, round: 1 }));
    expect(first.round).toBe(1);
    expect(retried).toEqual(first);
    expect((await notificationRow(stack.db, id)).deliveryRound).toBe(1);

    // No round given (a workflow started before rounds were passed in): the first.
    expect((await within('begin without round', activities.beginNotificationDelivery({ notificationId: id }))).round).toBe(1);
    expect((await notificationRow(stack.db, id)).deliveryRound).toBe(1);
  });

  it('a redelivery round reopens a dead-lettered notification once; retried after it dead-lettered again, it changes nothing', async () => {
    await new WebhooksRepository(stack.db).put(XIXIANG_OFFICE, 'http://127.0.0.1:9/never', 'whsec-delivery-activities');
    try {
      const id = await insertNotification(stack.db, { recipientOfficeCode: XIXIANG_OFFICE });
      expect(await activities.beginNotificationDelivery({ notificationId: id, round: 1 })).toMatchObject({ round: 1, webhook: true, requestTimeoutMs: 1_000 });
      await activities.deadLetterNotification({ notificationId: id, round: 1 });
      expect(await notificationRow(stack.db, id)).toMatchObject({ state: 'dead-lettered', deliveryRound: 1 });

      await within('begin round 2', activities.beginNotificationDelivery({ notificationId: id, round: 2 }));
      expect(await notificationRow(stack.db, id)).toMatchObject({ state: 'pending', deliveryRound: 2, deadLetteredAt: null });
      await activities.deadLetterNotification({ notificationId: id, round: 2 });

      await within('begin round 2 again', activities.beginNotificationDelivery({ notificationId: id, round: 2 }));
      const after = await notificationRow(stack.db, id);
      expect(after).toMatchObject({ state: 'dead-lettered', deliveryRound: 2 });
      expect(after.deadLetteredAt).not.toBeNull();
      // A stale round 1 does not move it back either.
      await activities.beginNotificationDelivery({ notificationId: id, round: 1 });
      expect(await notificationRow(stack.db, id)).toMatchObject({ state: 'dead-lettered', deliveryRound: 2 });
    } finally {
      await new WebhooksRepository(stack.db).remove(XIXIANG_OFFICE);
    }
  });

  it('records an attempt once however often the record is retried; a delivered one marks the notification delivered', async () => {
    const id = await insertNotification(stack.db, { recipientOfficeCode: XIXIANG_OFFICE });
    const failed = { outcome: 'retry' as const, statusCode: 503, at: new Date().toISOString(), error: 'HTTP 503' };
    const delivered = { outcome: 'delivered' as const, statusCode: 200, at: new Date().toISOString(), error: null };
    for (let i = 0; i < 3; i++) await within('record', activities.recordWebhookAttempt({ notificationId: id, round: 1, attempt: 1, result: failed }));
    expect((await notificationRow(stack.db, id)).lastDeliveryError).toBe('HTTP 503');
    for (let i = 0; i < 2; i++) await within('record', activities.recordWebhookAttempt({ notificationId: id, round: 1, attempt: 2, result: delivered }));
    // A late retry of the failed record does not put its error back on a delivered notification.
    await activities.recordWebhookAttempt({ notificationId: id, round: 1, attempt: 1, result: failed });
    expect(await deliveryAttempts(stack.db, id)).toEqual([
      { round: 1, attempt: 1, statusCode: 503, outcome: 'retry' },
      { round: 1, attempt: 2, statusCode: 200, outcome: 'delivered' },
    ]);
    expect(await notificationRow(stack.db, id)).toMatchObject({ state: 'delivered', lastDeliveryError: null });
  });

  it('refuses, without retry, a round that is not a whole number from 1, and a notification that does not exist', async () => {
    const id = await insertNotification(stack.db, { recipientOfficeCode: XIXIANG_OFFICE });
    for (const round of [0, -1, 1.5]) {
      const failure = await activities.beginNotificationDelivery({ notificationId: id, round }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(ApplicationFailure);
      expect(failure).toMatchObject({ type: 'VALIDATION_FAILED', nonRetryable: true });
    }
    expect((await notificationRow(stack.db, id)).deliveryRound).toBe(0);
    const missing = await activities.deadLetterNotification({ notificationId: '00000000-0000-4000-8000-000000000000', round: 1 }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ type: 'NOT_FOUND', nonRetryable: true });
  });
});
