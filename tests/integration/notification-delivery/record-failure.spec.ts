/**
 * The database refuses to record a webhook attempt after the request has been answered: the request must
 * not be sent again. A trigger (this file's own, dropped afterwards) makes PostgreSQL fail the first three
 * inserts of this notification's attempt row with a serialization failure (SQLSTATE 40001, a transient
 * error worth retrying). Recording is its own activity, retried by Temporal with backoff; the request was
 * a different activity that had already completed, so the receiver gets the notification once.
 *
 * The office is 上川社区居委会 (440306017002): no other spec sends to it.
 */
import { randomBytes } from 'node:crypto';
import { taskQueueName } from '../../../libs/contracts';
import { WebhooksRepository } from '../../../libs/db';
import { STACK_START_TIMEOUT_MS, startTestStack, type TestStack } from '../../support/test-app';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver';
import { deliveryAttempts, deliveryHistory, deliveryResult, insertNotification, notificationRow, startDelivery } from './delivery-helpers';

const OFFICE = '440306017002';
const SECRET = 'whsec-integration-record-failure';
const REFUSALS = 3;
/** Three refusals retried after 1 s, 2 s and 4 s (SYSTEM_RECORDING), plus room. */
const DELIVERY_TIMEOUT_MS = 40_000;

describe('notification delivery: recording the attempt fails after the request', () => {
  let stack: TestStack;
  let receiver: WebhookReceiver;
  const suffix = randomBytes(4).toString('hex');
  const fn = `it_refuse_attempt_${suffix}`;
  const seq = `it_refuse_attempt_seq_${suffix}`;

  beforeAll(async () => {
    // Short intervals need a short budget: config refuses more than 500 attempts per round.
    stack = await startTestStack({
      env: { WEBHOOK_INITIAL_RETRY_INTERVAL_SECONDS: '1', WEBHOOK_MAX_RETRY_INTERVAL_SECONDS: '2', WEBHOOK_RETRY_BUDGET_SECONDS: '300' },
    });
    receiver = await startWebhookReceiver({ secret: SECRET });
    await new WebhooksRepository(stack.db).put(OFFICE, receiver.url, SECRET);
  }, STACK_START_TIMEOUT_MS);

  afterAll(async () => {
    if (stack) {
      await stack.db.query(`DROP TRIGGER IF EXISTS ${fn} ON notification_delivery_attempt`);
      await stack.db.query(`DROP FUNCTION IF EXISTS ${fn}()`);
      await stack.db.query(`DROP SEQUENCE IF EXISTS ${seq}`);
      await new WebhooksRepository(stack.db).remove(OFFICE);
    }
    await receiver?.close();
    await stack?.stop();
  });

  it('retries the record, not the request: one request, one attempt row, delivered', async () => {
    const id = await insertNotification(stack.db, { recipientOfficeCode: OFFICE, kind: 'certificate-issued' });
    await stack.db.query(`CREATE SEQUENCE ${seq}`);
    await stack.db.query(`
      CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.notification_id = '${id}' AND nextval('${seq}') <= ${REFUSALS} THEN
          RAISE EXCEPTION 'test: attempt record refused' USING ERRCODE = '40001';
        END IF;
        RETURN NEW;
      END $$`);
    await stack.db.query(`CREATE TRIGGER ${fn} BEFORE INSERT ON notification_delivery_attempt FOR EACH ROW EXECUTE FUNCTION ${fn}()`);

    const handle = await startDelivery(stack.client, taskQueueName(stack.taskQueuePrefix, 'cases'), id);
    expect(await deliveryResult(handle, DELIVERY_TIMEOUT_MS)).toBe('delivered');

    // The record was tried REFUSALS + 1 times …
    const [{ tries }] = (await stack.db.query(`SELECT last_value::int AS tries FROM ${seq}`)) as Array<{ tries: number }>;
    expect(tries).toBe(REFUSALS + 1);
    // … and the request made once.
    const requests = receiver.requestsFor(id);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.outcome).toMatchObject({ kind: 'answered', status: 200, accepted: true });

    const history = await deliveryHistory(handle);
    expect(history.attempts).toEqual([expect.objectContaining({ attempt: 1, activityAttempt: 1 })]);
    expect(history.recordedAttempts).toEqual([1]);
    expect(await deliveryAttempts(stack.db, id)).toEqual([{ round: 1, attempt: 1, statusCode: 200, outcome: 'delivered' }]);
    expect(await notificationRow(stack.db, id)).toMatchObject({ state: 'delivered', deliveryRound: 1, lastDeliveryError: null });
  }, DELIVERY_TIMEOUT_MS + 10_000);
});
