/**
 * Redelivery requests that race, through HTTP: one redelivery per notification and round, whatever the
 * requests' Idempotency-Keys. The stack runs without a worker at first, so a started redelivery has not
 * begun its round yet and the notification still looks dead-lettered to every later request: exactly the
 * window in which two requests with different keys could both start one before. Then a worker process
 * runs it, and the receiver gets the notification once.
 *
 * The office is 宝民社区居委会 (440306017001), which no other spec sends to; 宝安区's manager redelivers.
 * The worker runs as a separate process from dist/ (tests/support/worker-process.ts): build first.
 */
import { randomUUID } from 'node:crypto';
import { notificationRedeliveryWorkflowId } from '../../../libs/contracts';
import { WebhooksRepository } from '../../../libs/db';
import { authed, expectProblem, type AuthedClient } from '../../support/http';
import { STACK_START_TIMEOUT_MS, startTestStack, type TestStack } from '../../support/test-app';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver';
import { startWorkerProcess, type WorkerProcess } from '../../support/worker-process';
import { insertNotification as insertNotificationRow } from '../notifications/notification-helpers';
import { BAOAN_MANAGER, deliveryResult, notificationRow, sleep } from './delivery-helpers';

const OFFICE = '440306017001';
const SECRET = 'whsec-integration-redelivery-race';
const NOTIFICATIONS = '/api/v1/notifications';
const DELIVERY_TIMEOUT_MS = 60_000;

describe('notification redelivery: requests that race', () => {
  let stack: TestStack;
  let receiver: WebhookReceiver;
  let manager: AuthedClient;
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    stack = await startTestStack({ worker: false });
    receiver = await startWebhookReceiver({ secret: SECRET });
    await new WebhooksRepository(stack.db).put(OFFICE, receiver.url, SECRET);
    manager = authed(stack, await stack.loginAs(BAOAN_MANAGER));
  }, STACK_START_TIMEOUT_MS);

  afterAll(async () => {
    await worker?.stop();
    if (stack) await new WebhooksRepository(stack.db).remove(OFFICE);
    await receiver?.close();
    await stack?.stop();
  });

  const deadLettered = (label: string): Promise<string> =>
    insertNotificationRow(stack.db, {
      label,
      recipientOfficeCode: OFFICE,
      createdAt: new Date(Date.now() - 3_600_000),
      state: 'dead-lettered',
      deliveryRound: 1,
      deadLetteredAt: new Date(Date.now() - 60_000),
      lastDeliveryError: 'HTTP 503',
    });
  const redeliver = (id: string, key?: string) => {
    const request = manager.post(`${NOTIFICATIONS}/${id}/redeliver`);
    return key ? request.set('Idempotency-Key', key) : request;
  };

  it('two requests with different keys: one redelivery (202), the other 409; the same key again is the same one', async () => {
    const id = await deadLettered('race-sequential');
    const [first, second] = [`race-a-${randomUUID()}`, `race-b-${randomUUID()}`];
    const round2 = notificationRedeliveryWorkflowId(id, 2);

    const accepted = await redeliver(id, first);
    expect(accepted.status).toBe(202);
    expect(accepted.body).toEqual({ notificationId: id, workflowId: round2 });
    // Not begun yet (no worker): still dead-lettered, so only the running redelivery can stop a second one.
    expect((await notificationRow(stack.db, id)).state).toBe('dead-lettered');

    const refused = expectProblem(await redeliver(id, second), 409, 'CONFLICT');
    expect(refused).toMatchObject({ action: 'redeliver', workflowId: round2 });
    expectProblem(await redeliver(id), 409, 'CONFLICT');
    // The same key is the same request: answered as the first was.
    const repeat = await redeliver(id, first);
    expect([repeat.status, repeat.body]).toEqual([202, { notificationId: id, workflowId: round2 }]);

    // Only one redelivery workflow exists for the notification (visibility lags a little behind the start).
    const listed = async (): Promise<string[]> => {
      const ids: string[] = [];
      for await (const execution of stack.client.workflow.list({ query: `WorkflowId STARTS_WITH 'notification-redelivery/${id}/'` })) {
        ids.push(execution.workflowId);
      }
      return ids;
    };
    let ids = await listed();
    for (let i = 0; i < 25 && ids.length === 0; i++) {
      await sleep(200);
      ids = await listed();
    }
    expect(ids).toEqual([round2]);
  });

  it('two requests at the same moment with different keys: one 202, one 409', async () => {
    const id = await deadLettered('race-concurrent');
    const responses = await Promise.all([redeliver(id, `race-c-${randomUUID()}`), redeliver(id, `race-d-${randomUUID()}`)]);
    expect(responses.map((r) => r.status).sort()).toEqual([202, 409]);
    const loser = responses.find((r) => r.status === 409)!;
    expect((loser.body as { code: string }).code).toBe('CONFLICT');
  });

  it('run by a worker: the notification is delivered once; then the first key still answers 202 and a new one 409; a later dead letter may be redelivered in round 3', async () => {
    const id = await deadLettered('race-delivered');
    const key = `race-e-${randomUUID()}`;
    expect((await redeliver(id, key)).status).toBe(202);
    expectProblem(await redeliver(id, `race-f-${randomUUID()}`), 409, 'CONFLICT');

    worker = await startWorkerProcess({ stack });
    const outcome = await deliveryResult(stack.client.workflow.getHandle(notificationRedeliveryWorkflowId(id, 2)), DELIVERY_TIMEOUT_MS, () => worker!.output());
    expect(outcome).toBe('delivered');
    expect(await notificationRow(stack.db, id)).toMatchObject({ state: 'delivered', deliveryRound: 2 });
    await sleep(500);
    expect(receiver.requestsFor(id)).toHaveLength(1);

    const again = await redeliver(id, key);
    expect([again.status, again.body]).toEqual([202, { notificationId: id, workflowId: notificationRedeliveryWorkflowId(id, 2) }]);
    expectProblem(await redeliver(id, `race-g-${randomUUID()}`), 409, 'ACTION_NOT_ALLOWED_IN_STATE');

    // Round 2 gave up too (as its workflow would have): a new request starts round 3.
    await stack.db.query(`UPDATE notification SET state = 'dead-lettered', delivered_at = NULL, dead_lettered_at = now() WHERE id = $1`, [id]);
    const round3 = await redeliver(id, `race-h-${randomUUID()}`);
    expect([round3.status, round3.body]).toEqual([202, { notificationId: id, workflowId: notificationRedeliveryWorkflowId(id, 3) }]);
    expect(await deliveryResult(stack.client.workflow.getHandle(notificationRedeliveryWorkflowId(id, 3)), DELIVERY_TIMEOUT_MS)).toBe('delivered');
    expect(await notificationRow(stack.db, id)).toMatchObject({ state: 'delivered', deliveryRound: 3 });
  }, STACK_START_TIMEOUT_MS + 2 * DELIVERY_TIMEOUT_MS);
});
