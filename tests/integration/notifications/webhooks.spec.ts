/**
 * Office webhooks through HTTP: who may register one (the office's own admin), which addresses are
 * accepted, the secret shown once and never again; and a dead-lettered notification redelivered through
 * the real worker to a receiver that verifies the signature as docs/webhooks.md tells receivers to.
 *
 * The office is 莲塘镇 (360121100), with staff created for this file: nothing else in the run sends to it,
 * so no other test's notification is pushed to the receiver here.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature } from '../../../activities/notifications/webhook-signature';
import { webhookUrlViolation } from '../../../apps/api/src/webhooks/webhook-url';
import { authed, type AuthedClient, expectProblem, violatedFields } from '../../support/http';
import { STACK_START_TIMEOUT_MS, startTestStack, type TestStack } from '../../support/test-app';
import {
  ensureTestStaff,
  expectStatus,
  insertNotification,
  NOTIFICATIONS,
  type NotificationDetailBody,
  sleep,
  TEST_STAFF,
  uniqueKey,
  webhookPath,
} from './notification-helpers';

const OFFICE = TEST_STAFF.liantangAdmin.officeCode; // 360121100 莲塘镇
const WEBHOOK = webhookPath(OFFICE);
const DELIVERY_TIMEOUT_MS = 30_000;

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  /** The signature checked exactly as docs/webhooks.md shows (independently of the code under test). */
  verified: boolean;
}

/** The check docs/webhooks.md asks receivers to make, written out here rather than imported. */
function verifyAsDocumented(secret: string, rawBody: string, header: string | undefined, nowSeconds: number): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!match) return false;
  if (Math.abs(nowSeconds - Number(match[1])) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${match[1]}.${rawBody}`).digest();
  return timingSafeEqual(expected, Buffer.from(match[2]!, 'hex'));
}

describe('webhooks', () => {
  let started: TestStack | undefined;
  const stack = (): TestStack => started!;
  let admin: AuthedClient;
  let receiver: Server;
  let receiverUrl = '';
  let secret = '';
  const received: Received[] = [];

  beforeAll(async () => {
    started = await startTestStack();
    await ensureTestStaff(stack().db);
    admin = authed(stack(), await stack().loginAs(TEST_STAFF.liantangAdmin.username));
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const header = request.headers['passage-signature'];
        const verified = verifyAsDocumented(secret, body, typeof header === 'string' ? header : undefined, Math.floor(Date.now() / 1000));
        received.push({ headers: request.headers, body, verified });
        response.statusCode = verified ? 200 : 401;
        response.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/passage/notifications`;
  }, STACK_START_TIMEOUT_MS);

  afterAll(async () => {
    // No webhook left behind for a later delivery to try.
    await started?.db.query(`DELETE FROM office_webhook WHERE office_code = $1`, [OFFICE]);
    await started?.stop();
    await new Promise((resolve) => (receiver ? receiver.close(resolve) : resolve(undefined)));
  });

  it('the office admin registers a webhook and gets a 32-byte secret once; GET never shows it', async () => {
    const first = expectStatus(await admin.put(WEBHOOK).send({ url: 'https://oa.example.gov.cn/passage' }), 200);
    expect(first.headers['cache-control']).toBe('no-store');
    expect(first.body).toEqual({ officeCode: OFFICE, url: 'https://oa.example.gov.cn/passage', secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    expect(Buffer.from((first.body as { secret: string }).secret, 'base64url')).toHaveLength(32);

    const shown = expectStatus(await admin.get(WEBHOOK), 200).body as Record<string, unknown>;
    expect(shown).toEqual({ officeCode: OFFICE, url: 'https://oa.example.gov.cn/passage', createdAt: expect.any(String), updatedAt: expect.any(String) });
    expect(JSON.stringify(shown)).not.toContain((first.body as { secret: string }).secret);

    // Replacing it makes a new secret (the old one stops working) and keeps the creation time.
    const second = expectStatus(await admin.put(WEBHOOK).send({ url: 'https://oa.example.gov.cn/passage/v2' }), 200).body as { secret: string };
    expect(second.secret).not.toBe((first.body as { secret: string }).secret);
    const stored = (await stack().db.query(`SELECT secret FROM office_webhook WHERE office_code = $1`, [OFFICE])) as Array<{ secret: string }>;
    expect(stored).toEqual([{ secret: second.secret }]);
    const after = expectStatus(await admin.get(WEBHOOK), 200).body as { url: string; createdAt: string; updatedAt: string };
    expect(after).toMatchObject({ url: 'https://oa.example.gov.cn/passage/v2', createdAt: shown.createdAt });
    expect(after.updatedAt >= after.createdAt).toBe(true);
  });

  it('only the office’s own admin may change it (403); others within jurisdiction may look; outside it is 404', async () => {
    const caseworker = authed(stack(), await stack().loginAs(TEST_STAFF.liantangCaseworker.username));
    expectProblem(await caseworker.put(WEBHOOK).send({ url: 'https://evil.example.org/' }), 403, 'ROLE_NOT_PERMITTED');
    expectProblem(await caseworker.delete(WEBHOOK), 403, 'ROLE_NOT_PERMITTED');
    expect(expectStatus(await caseworker.get(WEBHOOK), 200).body).not.toHaveProperty('secret');

    const provinceManager = authed(stack(), await stack().loginAs('jiangxi.manager'));
    expectProblem(await provinceManager.put(WEBHOOK).send({ url: 'https://evil.example.org/' }), 403, 'ROLE_NOT_PERMITTED');
    expect(expectStatus(await provinceManager.get(WEBHOOK), 200).body).toMatchObject({ officeCode: OFFICE });

    // Another office's admin, and a manager of another district: the office is not theirs to see.
    const otherAdmin = authed(stack(), await stack().loginAs('tengwangge.admin'));
    expectProblem(await otherAdmin.put(WEBHOOK).send({ url: 'https://evil.example.org/' }), 404, 'NOT_FOUND');
    expectProblem(await otherAdmin.get(WEBHOOK), 404, 'NOT_FOUND');
    expectProblem(await authed(stack(), await stack().loginAs('donghu.manager')).get(WEBHOOK), 404, 'NOT_FOUND');

    expect((expectStatus(await admin.get(WEBHOOK), 200).body as { url: string }).url).not.toContain('evil');
  });

  it('the address must be an absolute https URL (http outside production only), without credentials', async () => {
    const rule = async (body: Record<string, unknown>): Promise<Array<{ field: string; rule: string }>> =>
      expectProblem(await admin.put(WEBHOOK).send(body), 400, 'VALIDATION_FAILED').errors ?? [];
    expect(await rule({ url: 'ftp://files.example.org/in' })).toEqual([expect.objectContaining({ field: 'url', rule: 'https-required' })]);
    expect(await rule({ url: 'javascript:alert(1)' })).toEqual([expect.objectContaining({ field: 'url', rule: 'https-required' })]);
    expect(await rule({ url: 'oa.example.gov.cn/passage' })).toEqual([expect.objectContaining({ field: 'url', rule: 'absolute-url' })]);
    expect(await rule({ url: 'https://user:pw@oa.example.gov.cn/' })).toEqual([expect.objectContaining({ field: 'url', rule: 'no-credentials' })]);
    expect(violatedFields(expectProblem(await admin.put(WEBHOOK).send({}), 400, 'VALIDATION_FAILED'))).toEqual(['url']);
    expect(violatedFields(expectProblem(await admin.put(WEBHOOK).send({ url: 'https://a.example/', secret: 'mine' }), 400))).toEqual(['secret']);
    // The test stack runs with NODE_ENV=test: plain http is accepted (a receiver on this machine).
    expectStatus(await admin.put(WEBHOOK).send({ url: 'http://127.0.0.1:9/passage' }), 200);
    // In production it is not.
    expect(webhookUrlViolation('http://oa.example.gov.cn/passage', true)).toMatchObject({ field: 'url', rule: 'https-required' });
    expect(webhookUrlViolation('https://oa.example.gov.cn/passage', true)).toBeNull();
    expect(webhookUrlViolation('http://oa.example.gov.cn/passage', false)).toBeNull();
  });

  it('removal: 204, then GET and DELETE are 404', async () => {
    expectStatus(await admin.delete(WEBHOOK), 204);
    expectProblem(await admin.get(WEBHOOK), 404, 'NOT_FOUND');
    expectProblem(await admin.delete(WEBHOOK), 404, 'NOT_FOUND');
  });

  it('a dead-lettered notification is redelivered once per key, signed, to the receiver, and becomes delivered', async () => {
    secret = (expectStatus(await admin.put(WEBHOOK).send({ url: receiverUrl }), 200).body as { secret: string }).secret;
    const createdAt = new Date(Date.now() - 3_600_000);
    const id = await insertNotification(stack().db, {
      label: 'dead-lettered',
      recipientOfficeCode: OFFICE,
      createdAt,
      expectsAnswer: true,
      answerDueAt: new Date(Date.now() + 86_400_000),
      state: 'dead-lettered',
      deliveryRound: 1,
      deadLetteredAt: new Date(Date.now() - 1_800_000),
      lastDeliveryError: 'HTTP 410',
      payload: { reportNumber: 'R-77' },
    });
    await stack().db.query(
      `INSERT INTO notification_delivery_attempt (notification_id, delivery_round, attempt, attempted_at, status_code, outcome, error)
       VALUES ($1, 1, 1, $2, 410, 'permanent', 'HTTP 410')`,
      [id, new Date(Date.now() - 1_800_000)],
    );

    // A caseworker may not; the office admin may.
    const caseworker = authed(stack(), await stack().loginAs(TEST_STAFF.liantangCaseworker.username));
    expectProblem(await caseworker.post(`${NOTIFICATIONS}/${id}/redeliver`), 403, 'ROLE_NOT_PERMITTED');
    const key = uniqueKey('redeliver');
    const accepted = expectStatus(await admin.post(`${NOTIFICATIONS}/${id}/redeliver`).set('Idempotency-Key', key), 202).body as unknown;
    expect(accepted).toEqual({ notificationId: id, workflowId: `notification-redelivery/${id}/round-2` });

    const detail = await waitForNotification(admin, id, (n) => n.state === 'delivered');
    expect(detail).toMatchObject({ deliveryRound: 2, deadLetteredAt: null, lastDeliveryError: null, deliveredAt: expect.any(String) });
    expect(detail.attempts).toEqual([
      expect.objectContaining({ round: 1, attempt: 1, statusCode: 410, outcome: 'permanent', error: 'HTTP 410' }),
      expect.objectContaining({ round: 2, attempt: 1, statusCode: 200, outcome: 'delivered', error: null }),
    ]);

    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request!.verified).toBe(true);
    expect(verifyWebhookSignature(secret, request!.body, request!.headers['passage-signature'] as string, Math.floor(Date.now() / 1000))).toBe(true);
    expect(verifyAsDocumented('not-the-secret', request!.body, request!.headers['passage-signature'] as string, Math.floor(Date.now() / 1000))).toBe(false);
    expect(request!.headers).toMatchObject({ 'content-type': 'application/json', 'idempotency-key': id, 'passage-notification-id': id });
    expect(JSON.parse(request!.body)).toEqual({
      id,
      kind: 'report-awaiting-acknowledgement',
      recipientOfficeCode: OFFICE,
      caseType: 'test',
      caseId: null,
      certificateId: null,
      expectsAnswer: true,
      answerDueAt: expect.any(String),
      payload: { reportNumber: 'R-77' },
      createdAt: createdAt.toISOString(),
    });

    // The same request again is the same redelivery: 202, same workflow, nothing sent twice.
    expect(expectStatus(await admin.post(`${NOTIFICATIONS}/${id}/redeliver`).set('Idempotency-Key', key), 202).body).toEqual(accepted);
    // A new request is refused: it is delivered now.
    expectProblem(await admin.post(`${NOTIFICATIONS}/${id}/redeliver`), 409, 'ACTION_NOT_ALLOWED_IN_STATE');
    await sleep(500);
    expect(received).toHaveLength(1);
  });

  it('a manager above the office may redeliver too', async () => {
    const id = await insertNotification(stack().db, {
      label: 'dead-lettered-manager',
      recipientOfficeCode: OFFICE,
      createdAt: new Date(Date.now() - 60_000),
      state: 'dead-lettered',
      deadLetteredAt: new Date(),
      lastDeliveryError: 'HTTP 503',
    });
    const manager = authed(stack(), await stack().loginAs('jiangxi.manager'));
    const accepted = expectStatus(await manager.post(`${NOTIFICATIONS}/${id}/redeliver`), 202).body as { workflowId: string };
    expect(accepted.workflowId).toMatch(new RegExp(`^notification-redelivery/${id}/round-2$`));
    await waitForNotification(manager, id, (n) => n.state === 'delivered');
    expect(received.filter((r) => r.headers['passage-notification-id'] === id).map((r) => r.verified)).toEqual([true]);
  });
});

async function waitForNotification(
  client: AuthedClient,
  id: string,
  predicate: (n: NotificationDetailBody) => boolean,
): Promise<NotificationDetailBody> {
  const deadline = Date.now() + DELIVERY_TIMEOUT_MS;
  for (;;) {
    const n = expectStatus(await client.get(`${NOTIFICATIONS}/${id}`), 200).body as NotificationDetailBody;
    if (predicate(n)) return n;
    if (Date.now() > deadline) throw new Error(`notification ${id} did not get there within ${DELIVERY_TIMEOUT_MS} ms: ${JSON.stringify(n)}`);
    await sleep(200);
  }
}
