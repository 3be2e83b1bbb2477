/**
 * Webhooks cannot reach internal services (the security issue: metadata, loopback ports, Temporal, the
 * private network), with WEBHOOK_ALLOWED_NETWORKS empty as in production by default:
 *
 *  - registering an internal address, literal or numeric (2130706433 is 127.0.0.1) or a name resolving to
 *    one, is refused with 422 naming `url` and the kind of range, never the address a name resolved to;
 *  - the request activity, run directly, refuses a name that resolves to a refused address before any
 *    connection (a loopback server counts connections: none; the request function is never called), and
 *    records only the code `address-refused`;
 *  - through the worker, such a notification is dead-lettered after one attempt: no retry can fix it.
 *
 * Names are answered by an injected resolver (no DNS query leaves the test); refused addresses other than
 * loopback are only ever answers of that resolver, never connected to. Offices: 莲塘镇 (360121100, the
 * registration checks; nothing is stored) and 西乡街道 (440306018, whose webhook this file sets and removes).
 */
// Default imports: the modules' own export objects, so that spying on `request` replaces what the activity calls.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { createDeliveryActivities } from '../../../activities/notifications/delivery-activities';
import { createWebhookRequestActivity } from '../../../activities/notifications/webhook-request-activity';
import { taskQueueName } from '../../../libs/contracts';
import { WebhooksRepository } from '../../../libs/db';
import { parseNetworkList, type IpNetwork } from '../../../libs/domain';
import type { HostResolver } from '../../../libs/network';
import { authed, type AuthedClient, expectProblem } from '../../support/http';
import { fixedResolver } from '../../support/offline-resolver';
import { STACK_START_TIMEOUT_MS, startTestStack, type TestStack } from '../../support/test-app';
import {
  BAOAN_MANAGER,
  deadLetterNotices,
  deliveryAttempts,
  deliveryResult,
  insertNotification,
  notificationRow,
  startDelivery,
  XIXIANG_OFFICE,
} from '../notification-delivery/delivery-helpers';
import { ensureTestStaff, expectStatus, NOTIFICATIONS, TEST_STAFF, webhookPath, type NotificationDetailBody } from './notification-helpers';

const REGISTERING_OFFICE = TEST_STAFF.liantangAdmin.officeCode;
const SECRET = 'whsec-webhook-address';
const DELIVERY_TIMEOUT_MS = 30_000;

/** Every name this file uses, and what it resolves to. */
const resolver = fixedResolver({
  'metadata.example.test': ['169.254.169.254'],
  'intranet.example.test': ['10.0.0.1'],
  'rebind.example.test': ['93.184.215.14', '192.168.1.10'],
  'loopback.example.test': ['127.0.0.1'],
  'mapped.example.test': ['::ffff:127.0.0.1'],
  'public.example.test': ['93.184.215.14'],
});

/** A loopback HTTP server that counts connections: the proof that a refused address was never connected to. */
async function countingServer(): Promise<{ port: number; connections: () => number; requests: () => number; close: () => Promise<void> }> {
  let connections = 0;
  let requests = 0;
  const sockets = new Set<Socket>();
  const server = http.createServer((request, response) => {
    requests += 1;
    request.resume();
    request.on('end', () => response.writeHead(200).end());
  });
  server.on('connection', (socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => connections,
    requests: () => requests,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const networks = (text: string): IpNetwork[] => (parseNetworkList(text) as { networks: IpNetwork[] }).networks;

describe('webhook addresses (WEBHOOK_ALLOWED_NETWORKS empty)', () => {
  let started: TestStack | undefined;
  const stack = (): TestStack => started!;
  let admin: AuthedClient;
  let server: Awaited<ReturnType<typeof countingServer>> | undefined;

  beforeAll(async () => {
    // Empty overrides the test stacks' loopback allow-list: production's default.
    started = await startTestStack({ env: { WEBHOOK_ALLOWED_NETWORKS: '' }, resolveHost: resolver });
    await ensureTestStaff(stack().db);
    admin = authed(stack(), await stack().loginAs(TEST_STAFF.liantangAdmin.username));
    server = await countingServer();
  }, STACK_START_TIMEOUT_MS);

  afterAll(async () => {
    // No webhook left behind for a later file's delivery to try.
    await started?.db.query(`DELETE FROM office_webhook WHERE office_code = ANY($1)`, [[REGISTERING_OFFICE, XIXIANG_OFFICE]]);
    await started?.stop();
    await server?.close();
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('runs with no allow-list', () => {
    expect(stack().config.WEBHOOK_ALLOWED_NETWORKS).toBe('');
  });

  it.each([
    ['http://169.254.169.254/', 'metadata'],
    ['http://169.254.169.254/latest/meta-data/iam/security-credentials/', 'metadata'],
    ['http://127.0.0.1:22/', 'loopback'],
    ['http://[::1]:7233/', 'loopback'],
    ['http://10.0.0.1/', 'private'],
    ['http://2130706433/', 'loopback'],
    ['http://0x7f000001:5432/', 'loopback'],
    ['http://017700000001/', 'loopback'],
    ['http://127.1/', 'loopback'],
    ['http://[::ffff:127.0.0.1]/', 'loopback'],
    ['http://0.0.0.0:3000/', 'unspecified'],
    ['http://172.16.5.4/', 'private'],
    ['http://192.168.1.1/', 'private'],
    ['http://[fd00::1]/', 'unique-local'],
    ['http://[fe80::1]/', 'link-local'],
    ['http://100.100.100.200/', 'metadata'],
    ['https://metadata.example.test/', 'metadata'],
    ['https://intranet.example.test/passage', 'private'],
    ['https://rebind.example.test/passage', 'private'],
    ['https://mapped.example.test/passage', 'loopback'],
  ])('refuses to register %s (422, url, %s)', async (url, kind) => {
    const response = await admin.put(webhookPath(REGISTERING_OFFICE)).send({ url });
    const problem = expectProblem(response, 422, 'BUSINESS_RULE_VIOLATED');
    expect(problem).toMatchObject({ field: 'url', rule: 'public-address', addressKind: kind });
    expect(problem.errors).toEqual([{ field: 'url', rule: 'public-address', message: expect.stringContaining(`${kind} address`) }]);
    // What a name resolved to is not told.
    for (const address of ['10.0.0.1', '192.168.1.10', '93.184.215.14']) {
      if (!url.includes(address)) expect(response.text).not.toContain(address);
    }
    expectProblem(await admin.get(webhookPath(REGISTERING_OFFICE)), 404, 'NOT_FOUND');
  });

  it('accepts a public address, and a name that does not resolve now (checked again at every delivery)', async () => {
    expectStatus(await admin.put(webhookPath(REGISTERING_OFFICE)).send({ url: 'https://public.example.test/passage' }), 200);
    expectStatus(await admin.put(webhookPath(REGISTERING_OFFICE)).send({ url: 'https://not-yet-published.example.test/passage' }), 200);
    expectStatus(await admin.put(webhookPath(REGISTERING_OFFICE)).send({ url: 'https://93.184.215.14/passage' }), 200);
    expectStatus(await admin.delete(webhookPath(REGISTERING_OFFICE)), 204);
  });

  describe('the request activity, run directly', () => {
    const policy = { budgetMs: 60_000, initialIntervalMs: 1_000, maxIntervalMs: 2_000 };
    const activity = (allowed: string, resolveHost: HostResolver = resolver) =>
      createWebhookRequestActivity({ db: stack().db, logger: stack().logger, webhooks: { policy, timeoutMs: 2_000, allowedNetworks: networks(allowed), resolveHost } });

    it('refuses a name resolving to a refused address without connecting, and records only the code', async () => {
      await new WebhooksRepository(stack().db).put(XIXIANG_OFFICE, `http://loopback.example.test:${server!.port}/hook`, SECRET);
      const id = await insertNotification(stack().db, { recipientOfficeCode: XIXIANG_OFFICE });
      const asked = resolver.asked.length;

      const result = await activity('').sendWebhookRequest({ notificationId: id });
      expect(result).toEqual({ outcome: 'permanent', statusCode: null, at: expect.any(String), error: 'address-refused' });
      expect(resolver.asked.slice(asked)).toEqual(['loopback.example.test']);
      expect(server!.connections()).toBe(0);

      // Recorded as the code, and shown to the office's manager as that code only.
      await createDeliveryActivities({ db: stack().db, logger: stack().logger, webhooks: { policy, timeoutMs: 2_000 } }).recordWebhookAttempt({
        notificationId: id,
        round: 1,
        attempt: 1,
        result,
      });
      const manager = authed(stack(), await stack().loginAs(BAOAN_MANAGER));
      const detail = expectStatus(await manager.get(`${NOTIFICATIONS}/${id}`), 200).body as NotificationDetailBody;
      expect(detail.lastDeliveryError).toBe('address-refused');
      expect(detail.attempts).toEqual([expect.objectContaining({ outcome: 'permanent', statusCode: null, error: 'address-refused' })]);
    });

    it('never calls the request function for a metadata or private answer', async () => {
      const httpRequest = jest.spyOn(http, 'request').mockImplementation(() => {
        throw new Error('no connection may be attempted');
      });
      const httpsRequest = jest.spyOn(https, 'request').mockImplementation(() => {
        throw new Error('no connection may be attempted');
      });
      for (const host of ['metadata.example.test', 'intranet.example.test', 'rebind.example.test']) {
        await new WebhooksRepository(stack().db).put(XIXIANG_OFFICE, `https://${host}/hook`, SECRET);
        const id = await insertNotification(stack().db, { recipientOfficeCode: XIXIANG_OFFICE });
        expect(await activity('').sendWebhookRequest({ notificationId: id })).toMatchObject({ outcome: 'permanent', error: 'address-refused' });
      }
      expect(httpRequest).not.toHaveBeenCalled();
      expect(httpsRequest).not.toHaveBeenCalled();
    });

    it('connects when the operator allows the network (the refusal above is the policy, not a dead server)', async () => {
      await new WebhooksRepository(stack().db).put(XIXIANG_OFFICE, `http://loopback.example.test:${server!.port}/hook`, SECRET);
      const id = await insertNotification(stack().db, { recipientOfficeCode: XIXIANG_OFFICE });
      expect(await activity('127.0.0.1/32').sendWebhookRequest({ notificationId: id })).toMatchObject({ outcome: 'delivered', statusCode: 200, error: null });
      expect(server!.requests()).toBe(1);
    });

    it('answers a network failure as a code, not its message', async () => {
      const closed = http.createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise((resolve) => closed.close(resolve));
      await new WebhooksRepository(stack().db).put(XIXIANG_OFFICE, `http://127.0.0.1:${port}/hook`, SECRET);
      const id = await insertNotification(stack().db, { recipientOfficeCode: XIXIANG_OFFICE });
      expect(await activity('127.0.0.1/32').sendWebhookRequest({ notificationId: id })).toMatchObject({ outcome: 'retry', error: 'connection-refused' });

      await new WebhooksRepository(stack().db).put(XIXIANG_OFFICE, 'https://not-yet-published.example.test/hook', SECRET);
      expect(await activity('127.0.0.1/32').sendWebhookRequest({ notificationId: id })).toMatchObject({ outcome: 'retry', error: 'dns-failure' });
    });
  });

  it('through the worker: a refused address is dead-lettered after one attempt, and nothing is connected to', async () => {
    await new WebhooksRepository(stack().db).put(XIXIANG_OFFICE, `http://127.0.0.1:${server!.port}/hook`, SECRET);
    const id = await insertNotification(stack().db, { recipientOfficeCode: XIXIANG_OFFICE });
    const before = server!.connections();
    const handle = await startDelivery(stack().client, taskQueueName(stack().taskQueuePrefix, 'cases'), id);
    expect(await deliveryResult(handle, DELIVERY_TIMEOUT_MS)).toBe('dead-lettered');
    expect(server!.connections()).toBe(before);
    expect(await notificationRow(stack().db, id)).toMatchObject({ state: 'dead-lettered', lastDeliveryError: 'address-refused' });
    expect(await deliveryAttempts(stack().db, id)).toEqual([expect.objectContaining({ attempt: 1, outcome: 'permanent', statusCode: null })]);
    expect(await deadLetterNotices(stack().db, id)).toHaveLength(1);
  });
});
