/**
 * The inbox through HTTP: listing newest first with its filters and paging, reading (idempotent, by the
 * recipient office only), jurisdiction (another office gets 404, a manager sees the subtree), and
 * redelivery refused for what is not dead-lettered.
 *
 * The notifications are inserted as the processes would have left them, for two communities of 滕王阁街道
 * that nothing else in the test run writes to, so every count below is exact. The community's daily
 * digest is off meanwhile: a digest run by another test file would otherwise add a notification about
 * the overdue one here.
 */
import { authed, type AuthedClient, expectProblem, violatedFields } from '../../support/http';
import { STACK_START_TIMEOUT_MS, startTestStack, type TestStack } from '../../support/test-app';
import {
  ensureTestStaff,
  expectStatus,
  hoursFrom,
  insertNotification,
  NOTIFICATIONS,
  type NotificationBody,
  type NotificationDetailBody,
  type NotificationPageBody,
  TEST_STAFF,
  uniqueKey,
} from './notification-helpers';

const COMMUNITY = TEST_STAFF.minxiangCaseworker.officeCode; // 360102002001 民巷社区, under 滕王阁街道
const TOWNSHIP = '360102004'; // 百花洲街道, another township

describe('notifications: inbox, reading and jurisdiction', () => {
  let started: TestStack | undefined;
  const stack = (): TestStack => started!;
  let community: AuthedClient;
  const now = new Date();
  /** Newest first, as the inbox lists them. */
  const ids = { needsAnswer: '', overdue: '', answered: '', read: '', unread: '' };
  let townshipNotification = '';

  beforeAll(async () => {
    started = await startTestStack({ worker: false });
    const { db } = stack();
    await db.query(`UPDATE office SET daily_digest_enabled = false WHERE code = $1`, [COMMUNITY]);
    await ensureTestStaff(db);
    community = authed(stack(), await stack().loginAs(TEST_STAFF.minxiangCaseworker.username));
    ids.needsAnswer = await insertNotification(db, {
      label: 'needs-answer', recipientOfficeCode: COMMUNITY, createdAt: hoursFrom(now, -1), expectsAnswer: true,
      answerDueAt: hoursFrom(now, 48), deliveredAt: hoursFrom(now, -1), payload: { reportNumber: 'R-1' },
    });
    ids.overdue = await insertNotification(db, {
      label: 'overdue', recipientOfficeCode: COMMUNITY, createdAt: hoursFrom(now, -2), expectsAnswer: true,
      answerDueAt: hoursFrom(now, -1), deliveredAt: hoursFrom(now, -2),
    });
    ids.answered = await insertNotification(db, {
      label: 'answered', recipientOfficeCode: COMMUNITY, createdAt: hoursFrom(now, -3), expectsAnswer: true,
      answerDueAt: hoursFrom(now, -24), readAt: hoursFrom(now, -2.9), answeredAt: hoursFrom(now, -2.5), deliveredAt: hoursFrom(now, -3),
    });
    ids.read = await insertNotification(db, {
      label: 'read', kind: 'certificate-issued', recipientOfficeCode: COMMUNITY, createdAt: hoursFrom(now, -4),
      readAt: hoursFrom(now, -3.5), deliveredAt: hoursFrom(now, -4),
    });
    ids.unread = await insertNotification(db, {
      label: 'unread', kind: 'certificate-issued', recipientOfficeCode: COMMUNITY, createdAt: hoursFrom(now, -5), deliveredAt: hoursFrom(now, -5),
    });
    townshipNotification = await insertNotification(db, {
      label: 'township', recipientOfficeCode: TOWNSHIP, createdAt: hoursFrom(now, -6), deliveredAt: hoursFrom(now, -6),
    });
  }, STACK_START_TIMEOUT_MS);

  afterAll(async () => {
    await started?.db.query(`UPDATE office SET daily_digest_enabled = true WHERE code = $1`, [COMMUNITY]);
    await started?.stop();
  });

  const list = async (client: AuthedClient, query: Record<string, string | number | boolean>): Promise<NotificationPageBody> =>
    expectStatus(await client.get(NOTIFICATIONS).query(query), 200).body as NotificationPageBody;
  const idsOf = (page: NotificationPageBody): string[] => page.items.map((n) => n.id);

  it('lists the office’s inbox newest first, every field of a notification included', async () => {
    const page = await list(community, {});
    expect(page).toMatchObject({ total: 5, totalIsCapped: false, nextAfter: null, limit: 20, offset: 0 });
    expect(idsOf(page)).toEqual([ids.needsAnswer, ids.overdue, ids.answered, ids.read, ids.unread]);
    expect(page.items[0]).toEqual({
      id: ids.needsAnswer,
      recipientOfficeCode: COMMUNITY,
      recipientUserId: null,
      kind: 'report-awaiting-acknowledgement',
      caseType: 'test',
      caseId: null,
      certificateId: null,
      expectsAnswer: true,
      answerDueAt: hoursFrom(now, 48).toISOString(),
      payload: { reportNumber: 'R-1' },
      state: 'delivered',
      createdAt: hoursFrom(now, -1).toISOString(),
      deliveredAt: hoursFrom(now, -1).toISOString(),
      readAt: null,
      answeredAt: null,
      deadLetteredAt: null,
      lastDeliveryError: null,
    } satisfies NotificationBody);
  });

  it('filters: unread, needs an answer, overdue, combined, and paging', async () => {
    expect(idsOf(await list(community, { unread: true }))).toEqual([ids.needsAnswer, ids.overdue, ids.unread]);
    expect(idsOf(await list(community, { needsAnswer: true }))).toEqual([ids.needsAnswer, ids.overdue]);
    expect(idsOf(await list(community, { overdue: true }))).toEqual([ids.overdue]);
    expect(idsOf(await list(community, { unread: true, needsAnswer: false, overdue: true }))).toEqual([ids.overdue]);
    const page = await list(community, { limit: 2, offset: 1 });
    expect(page).toMatchObject({ total: 5, limit: 2, offset: 1 });
    expect(idsOf(page)).toEqual([ids.overdue, ids.answered]);
    expect(await list(community, { officeCode: COMMUNITY, unread: true })).toMatchObject({ total: 3 });
  });

  it('pages after a notification: nextAfter leads to the next page, the total stays the inbox’s', async () => {
    const first = await list(community, { limit: 2 });
    expect(first.nextAfter).toBe(ids.overdue);
    const second = await list(community, { limit: 2, after: first.nextAfter! });
    expect(second).toMatchObject({ total: 5, nextAfter: ids.read });
    expect(idsOf(second)).toEqual([ids.answered, ids.read]);
    const last = await list(community, { limit: 2, after: second.nextAfter! });
    expect(last).toMatchObject({ total: 5, nextAfter: null });
    expect(idsOf(last)).toEqual([ids.unread]);
    expect(idsOf(await list(community, { unread: true, after: ids.needsAnswer }))).toEqual([ids.overdue, ids.unread]);
    // Another office's notification as a cursor: nothing, as if it did not exist.
    expect(await list(community, { after: townshipNotification })).toMatchObject({ items: [], total: 5 });
    expect(violatedFields(expectProblem(await community.get(NOTIFICATIONS).query({ after: 'last' }), 400, 'VALIDATION_FAILED'))).toEqual(['after']);
  });

  it('bad query values are 400 naming each field', async () => {
    const problem = expectProblem(await community.get(NOTIFICATIONS).query({ limit: 0, unread: 'maybe', officeCode: '36010', colour: 'red' }), 400, 'VALIDATION_FAILED');
    expect(violatedFields(problem)).toEqual(['colour', 'limit', 'officeCode', 'unread']);
  });

  it('one notification with its (no) delivery attempts; read marks it read once, and is idempotent', async () => {
    const detail = expectStatus(await community.get(`${NOTIFICATIONS}/${ids.unread}`), 200).body as NotificationDetailBody;
    expect(detail).toMatchObject({ id: ids.unread, state: 'delivered', readAt: null, deliveryRound: 1, attempts: [] });

    const first = expectStatus(await community.post(`${NOTIFICATIONS}/${ids.unread}/read`), 200).body as NotificationBody;
    expect(first).toMatchObject({ id: ids.unread, state: 'read', readAt: expect.any(String) });
    const again = expectStatus(await community.post(`${NOTIFICATIONS}/${ids.unread}/read`), 200).body as NotificationBody;
    expect(again).toEqual(first);
    expect(idsOf(await list(community, { unread: true }))).toEqual([ids.needsAnswer, ids.overdue]);

    // Reading an answered one keeps it answered and its first reading time.
    const answered = expectStatus(await community.post(`${NOTIFICATIONS}/${ids.answered}/read`), 200).body as NotificationBody;
    expect(answered).toMatchObject({ state: 'answered', readAt: hoursFrom(now, -2.9).toISOString() });
  });

  it('a malformed id is 400 naming id; an unknown one is 404', async () => {
    expect(violatedFields(expectProblem(await community.get(`${NOTIFICATIONS}/not-a-uuid`), 400, 'VALIDATION_FAILED'))).toEqual(['id']);
    expectProblem(await community.get(`${NOTIFICATIONS}/00000000-0000-4000-8000-000000000000`), 404, 'NOT_FOUND');
  });

  it('another office’s caseworker gets 404 for the notification and sees none of them', async () => {
    const neighbour = authed(stack(), await stack().loginAs(TEST_STAFF.zhangjiangluCaseworker.username));
    expectProblem(await neighbour.get(`${NOTIFICATIONS}/${ids.needsAnswer}`), 404, 'NOT_FOUND');
    expectProblem(await neighbour.post(`${NOTIFICATIONS}/${ids.needsAnswer}/read`), 404, 'NOT_FOUND');
    expectProblem(await neighbour.post(`${NOTIFICATIONS}/${ids.needsAnswer}/redeliver`), 404, 'NOT_FOUND');
    expect(await list(neighbour, { officeCode: COMMUNITY })).toMatchObject({ total: 0, items: [] });
    expect((await list(neighbour, { limit: 100 })).items.every((n) => n.recipientOfficeCode === TEST_STAFF.zhangjiangluCaseworker.officeCode)).toBe(true);
  });

  it('another township’s caseworker gets 404 for a township notification; its own caseworker reads it', async () => {
    const tengwangge = authed(stack(), await stack().loginAs('tengwangge.caseworker'));
    expectProblem(await tengwangge.get(`${NOTIFICATIONS}/${townshipNotification}`), 404, 'NOT_FOUND');
    expectProblem(await tengwangge.post(`${NOTIFICATIONS}/${townshipNotification}/read`), 404, 'NOT_FOUND');
    const baihuazhou = authed(stack(), await stack().loginAs('baihuazhou.caseworker'));
    expect(expectStatus(await baihuazhou.get(`${NOTIFICATIONS}/${townshipNotification}`), 200).body).toMatchObject({ id: townshipNotification });
    // A township's staff see their own office's inbox, not those of the communities below it.
    expectProblem(await tengwangge.get(`${NOTIFICATIONS}/${ids.needsAnswer}`), 404, 'NOT_FOUND');
    // Nor does a district far away.
    const baoan = authed(stack(), await stack().loginAs('baoan.manager'));
    expectProblem(await baoan.get(`${NOTIFICATIONS}/${townshipNotification}`), 404, 'NOT_FOUND');
  });

  it('the district manager sees the subtree, but does not mark an office’s notifications read (403); an auditor reads only', async () => {
    const manager = authed(stack(), await stack().loginAs('donghu.manager'));
    const subtree = await list(manager, { officeCode: COMMUNITY });
    expect(subtree.total).toBe(5);
    expect(idsOf(subtree)).toContain(ids.overdue);
    expect(expectStatus(await manager.get(`${NOTIFICATIONS}/${townshipNotification}`), 200).body).toMatchObject({ recipientOfficeCode: TOWNSHIP });
    const all = await list(manager, { limit: 100 });
    expect(all.items.every((n) => n.recipientOfficeCode.startsWith('360102'))).toBe(true);
    expectProblem(await manager.post(`${NOTIFICATIONS}/${ids.overdue}/read`), 403, 'ROLE_NOT_PERMITTED');

    const auditor = authed(stack(), await stack().loginAs('donghu.auditor'));
    expect(expectStatus(await auditor.get(`${NOTIFICATIONS}/${ids.overdue}`), 200).body).toMatchObject({ id: ids.overdue, readAt: null });
    expectProblem(await auditor.post(`${NOTIFICATIONS}/${ids.overdue}/read`), 403, 'ROLE_NOT_PERMITTED');
    expect(idsOf(await list(community, { unread: true }))).toContain(ids.overdue);
  });

  it('redelivery: refused (409) unless dead-lettered, refused (403) to a caseworker', async () => {
    const manager = authed(stack(), await stack().loginAs('donghu.manager'));
    const problem = expectProblem(await manager.post(`${NOTIFICATIONS}/${ids.overdue}/redeliver`), 409, 'ACTION_NOT_ALLOWED_IN_STATE');
    expect(problem).toMatchObject({ state: 'delivered', action: 'redeliver' });
    // With a key never used before, the answer is the same (no redelivery exists under it).
    expectProblem(
      await manager.post(`${NOTIFICATIONS}/${ids.overdue}/redeliver`).set('Idempotency-Key', uniqueKey('redeliver')),
      409,
      'ACTION_NOT_ALLOWED_IN_STATE',
    );
    expectProblem(await community.post(`${NOTIFICATIONS}/${ids.overdue}/redeliver`), 403, 'ROLE_NOT_PERMITTED');
  });
});
