/**
 * Webhook delivery of inter-office notifications against a real Temporal dev server, real PostgreSQL and a
 * real HTTP receiver (tests/support/webhook-receiver.ts) registered as 新安街道's (440306017) webhook:
 *
 *  - a certificate issued for a person heading to 新安街道 is pushed to its webhook; the receiver fails the
 *    first two requests with 503 and accepts the third: delivered once, signed, the same id every time;
 *  - a receiver that answers 410 Gone: dead-lettered after exactly one attempt, and 宝安区's manager (the
 *    nearest manager above 新安街道) is told in the inbox.
 *
 * The retry intervals are shortened (WEBHOOK_INITIAL_RETRY_INTERVAL_SECONDS=1, WEBHOOK_MAX_RETRY_INTERVAL_SECONDS=2,
 * with a 10 min budget, as config refuses more than 500 attempts per round)
 * so that retries take seconds; the schedule itself is tested on the time-skipping server
 * (tests/workflow/notifications) and in tests/unit/notifications.
 *
 * All integration files share one database, and the certificate-application specs also send certificates
 * to 新安街道: while this file runs, their notifications reach this receiver too. Every assertion is about
 * this file's own notifications, scripts only script them (others are answered 200), and the webhook is
 * removed in afterAll.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { notificationDeliveryWorkflowId, taskQueueName } from '../../../libs/contracts';
import { WebhooksRepository } from '../../../libs/db';
import type { CaseView } from '../../support/case-view';
import { LI_NA } from '../../support/demo-applicants';
import { authed, type AuthedClient } from '../../support/http';
import { STACK_START_TIMEOUT_MS, startTestStack, type TestStack } from '../../support/test-app';
import { always, failFirst, onlyFor, startWebhookReceiver, type ReceivedRequest, type WebhookReceiver } from '../../support/webhook-receiver';
// Type-only: workflow code runs in the worker's sandbox, never in the test process.
import type { notificationDeliveryWorkflow } from '../../../workflows/notification-delivery/notification-delivery.workflow';
import { CASES, expectStatus, openCase, waitForState } from '../certificate-applications/case-helpers';
import {
  BAOAN_MANAGER,
  BAOAN_OFFICE,
  deadLetterNotices,
  deliveryAttempts,
  deliveryHistory,
  deliveryResult,
  insertNotification,
  notificationRow,
  sleep,
  startDelivery,
  userIdOf,
  XINAN_OFFICE,
} from './delivery-helpers';

const SECRET = 'whsec-integration-webhook-delivery';
/** Three attempts 0.5–1 s and 1–2 s apart, plus the case workflow's own steps. */
const DELIVERY_TIMEOUT_MS = 30_000;

describe('notification delivery by webhook (real Temporal dev server)', () => {
  let stack: TestStack;
  let receiver: WebhookReceiver;
  let caseworker: AuthedClient;
  let approver: AuthedClient;

  beforeAll(async () => {
    stack = await startTestStack({
      env: { WEBHOOK_INITIAL_RETRY_INTERVAL_SECONDS: '1', WEBHOOK_MAX_RETRY_INTERVAL_SECONDS: '2', WEBHOOK_RETRY_BUDGET_SECONDS: '300' },
    });
    receiver = await startWebhookReceiver({ secret: SECRET });
    await new WebhooksRepository(stack.db).put(XINAN_OFFICE, receiver.url, SECRET);
    caseworker = authed(stack, await stack.loginAs('tengwangge.caseworker'));
    approver = authed(stack, await stack.loginAs('tengwangge.approver'));
  }, STACK_START_TIMEOUT_MS);

  afterAll(async () => {
    // Shared database: leave 新安街道 without a webhook, as the other files expect it.
    if (stack) await new WebhooksRepository(stack.db).remove(XINAN_OFFICE);
    await receiver?.close();
    await stack?.stop();
  });

  /** The delivery workflow of notification `id`, once the case workflow has started it (it starts it as a child). */
  async function deliveryStarted(id: string): Promise<WorkflowHandle<typeof notificationDeliveryWorkflow>> {
    const handle = stack.client.workflow.getHandle<typeof notificationDeliveryWorkflow>(notificationDeliveryWorkflowId(id));
    const deadline = Date.now() + DELIVERY_TIMEOUT_MS;
    for (;;) {
      try {
        await handle.describe();
        return handle;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`no delivery workflow for notification ${id}: ${String(error)}`);
        await sleep(200);
      }
    }
  }

  it('a certificate issued to 新安街道: two 503s, then accepted: delivered exactly once, signed, one id', async () => {
    const opened = await openCase(caseworker, { applicant: LI_NA, destinationOfficeCode: XINAN_OFFICE });
    // This case's notifications fail twice; anything else reaching the receiver is answered 200 at once.
    const ofThisCase = (r: Readonly<ReceivedRequest>): boolean => {
      try {
        return (JSON.parse(r.rawBody) as { caseId?: unknown }).caseId === opened.id;
      } catch {
        return false;
      }
    };
    const twoFailures = failFirst(2, 503);
    receiver.setScript((r) => (ofThisCase(r) ? twoFailures(r) : { status: 200 }));

    await waitForState(caseworker, opened.id, 'under-review');
    expectStatus(await caseworker.post(`${CASES}/${opened.id}/review`).send({}), 200);
    const approved = expectStatus(await approver.post(`${CASES}/${opened.id}/approve`).send({}), 200).body as CaseView;
    expect(approved.state).toBe('issued');

    // The approval wrote one notification for 新安街道, and the case workflow started its delivery.
    const rows = (await stack.db.query(
      `SELECT n.id, n.certificate_id AS "certificateId", c.number FROM notification n JOIN certificate c ON c.id = n.certificate_id
        WHERE n.case_id = $1 AND n.kind = 'certificate-issued' AND n.recipient_office_code = $2`,
      [opened.id, XINAN_OFFICE],
    )) as Array<{ id: string; certificateId: string; number: string }>;
    expect(rows).toHaveLength(1);
    const { id, certificateId } = rows[0]!;
    expect(rows[0]!.number).toBe(approved.certificates[0]!.number);

    const handle = await deliveryStarted(id);
    expect(await deliveryResult(handle, DELIVERY_TIMEOUT_MS, () => `${receiver.requestsFor(id).length} requests so far`)).toBe('delivered');

    // Three requests, all for this notification: 503, 503, 200; one acceptance, no duplicate.
    const requests = receiver.requestsFor(id);
    expect(requests.map((r) => r.outcome)).toEqual([
      { kind: 'answered', status: 503, written: true, accepted: false, duplicate: false },
      { kind: 'answered', status: 503, written: true, accepted: false, duplicate: false },
      { kind: 'answered', status: 200, written: true, accepted: true, duplicate: false },
    ]);
    expect(receiver.acceptedIds().filter((key) => key === id)).toEqual([id]);
    expect(receiver.duplicatesOf(id)).toBe(0);
    expect(receiver.requests().filter(ofThisCase).map((r) => r.idempotencyKey)).toEqual([id, id, id]);

    // Every request: POSTed, validly signed, the same id in both headers, the same body.
    for (const r of requests) {
      expect(r.method).toBe('POST');
      expect(r.signatureValid).toBe(true);
      expect(r.idempotencyKey).toBe(id);
      expect(r.notificationId).toBe(id);
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers['passage-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    }
    expect(new Set(requests.map((r) => r.rawBody)).size).toBe(1);

    // What leaves Passage: ids, codes and times, no personal data of the applicant.
    const body = JSON.parse(requests[0]!.rawBody) as Record<string, unknown>;
    expect(body).toMatchObject({
      id,
      kind: 'certificate-issued',
      recipientOfficeCode: XINAN_OFFICE,
      caseType: 'certificate-application',
      caseId: opened.id,
      certificateId,
      expectsAnswer: false,
    });
    for (const personal of [LI_NA.fullName, LI_NA.identityNumber, LI_NA.spouseName!, LI_NA.spouseIdentityNumber!, LI_NA.dateOfBirth]) {
      expect(requests[0]!.rawBody).not.toContain(personal);
    }

    // Retried after the configured (shortened) intervals: 0.5–1 s, then 1–2 s, with some slack for the work between.
    const gaps = [requests[1]!.receivedAt - requests[0]!.receivedAt, requests[2]!.receivedAt - requests[1]!.receivedAt];
    expect(gaps[0]).toBeGreaterThanOrEqual(500);
    expect(gaps[0]).toBeLessThan(1_000 + 3_000);
    expect(gaps[1]).toBeGreaterThanOrEqual(1_000);
    expect(gaps[1]).toBeLessThan(2_000 + 3_000);

    // On record: two retries and the delivery, in one round.
    expect(await deliveryAttempts(stack.db, id)).toEqual([
      { round: 1, attempt: 1, statusCode: 503, outcome: 'retry' },
      { round: 1, attempt: 2, statusCode: 503, outcome: 'retry' },
      { round: 1, attempt: 3, statusCode: 200, outcome: 'delivered' },
    ]);
    const notification = await notificationRow(stack.db, id);
    expect(notification).toMatchObject({ state: 'delivered', deliveryRound: 1, lastDeliveryError: null, deadLetteredAt: null });
    expect(notification.deliveredAt).not.toBeNull();
    expect(await deadLetterNotices(stack.db, id)).toEqual([]);

    const history = await deliveryHistory(handle);
    expect(history.attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
    expect(history.timers).toHaveLength(2);
    expect(history.deadLetterScheduledAtMs).toBeNull();
  });

  it('410 Gone: dead-lettered after exactly one attempt, and 宝安区’s manager is told', async () => {
    const id = await insertNotification(stack.db, { recipientOfficeCode: XINAN_OFFICE, kind: 'certificate-issued' });
    receiver.setScript(onlyFor(id, always(410)));

    const handle = await startDelivery(stack.client, taskQueueName(stack.taskQueuePrefix, 'cases'), id);
    expect(await deliveryResult(handle, DELIVERY_TIMEOUT_MS)).toBe('dead-lettered');

    const requests = receiver.requestsFor(id);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ signatureValid: true, idempotencyKey: id, notificationId: id });
    expect(requests[0]!.outcome).toEqual({ kind: 'answered', status: 410, written: true, accepted: false, duplicate: false });
    expect(receiver.acceptedIds()).not.toContain(id);

    expect(await deliveryAttempts(stack.db, id)).toEqual([{ round: 1, attempt: 1, statusCode: 410, outcome: 'permanent' }]);
    const history = await deliveryHistory(handle);
    expect(history.attempts).toHaveLength(1);
    expect(history.timers).toEqual([]);
    expect(history.deadLetterScheduledAtMs).not.toBeNull();

    const notification = await notificationRow(stack.db, id);
    expect(notification).toMatchObject({ state: 'dead-lettered', deliveryRound: 1, deliveredAt: null, lastDeliveryError: 'HTTP 410' });
    expect(notification.deadLetteredAt).not.toBeNull();

    // Exactly one notice, in the inbox of the nearest manager above 新安街道: baoan.manager of 宝安区.
    expect(await deadLetterNotices(stack.db, id)).toEqual([
      {
        recipientOfficeCode: BAOAN_OFFICE,
        recipientUserId: await userIdOf(stack.db, BAOAN_MANAGER),
        payload: { notificationId: id, officeCode: XINAN_OFFICE },
      },
    ]);

    // Nothing more comes: the workflow has ended, and the receiver hears nothing further for this id.
    await sleep(2_500);
    expect(receiver.requestsFor(id)).toHaveLength(1);
  });
});
