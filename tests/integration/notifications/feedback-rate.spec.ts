/**
 * The feedback rate (反馈率) through HTTP against a scenario computed by hand.
 *
 * Notifications are inserted for March 2026 (China time) at two townships of 东湖区, with answers chosen so
 * that every figure below can be checked on paper, and with rows just outside the period (and outside the
 * district) that would change the figures if the period were taken in UTC, or its end as inclusive.
 *
 * 百花洲街道 360102004, expecting an answer, created in [2026-03-01, 2026-04-01) +08:00:
 *   A 03-01 00:00:00 (the first instant)  due +48 h  answered after  1 h  on time
 *   B 03-05 10:00                         due +48 h  answered after  2 h  on time
 *   C 03-10 08:00                         due +48 h  answered after  5 h  on time
 *   D 03-15 08:00                         due +24 h  answered after 30 h  late
 *   E 03-20 09:00                         due +48 h  not answered
 *   → 5 expecting, 3 on time, rate 3/5 = 0.6; median of 1 h, 2 h, 5 h, 30 h = (2 h + 5 h) / 2 = 12 600 s
 * 滕王阁街道 360102002:
 *   F 03-03 09:00                         due +48 h  answered after  4 h       on time  (14 400 s)
 *   G 03-06 09:00                         due +6 h   answered at 15:00:00, due  on time  (21 600 s)
 *   H 03-07 09:00                         due +1 h   answered at 10:00:01       late     (3 601 s)
 *   I 03-31 23:59:59 (the last second)    due +48 h  not answered
 *   → 4 expecting, 2 on time, rate 0.5; median of 3 601, 14 400, 21 600 = 14 400 s
 * 东湖区 (the manager's subtree): 9 expecting, 5 on time, rate 5/9.
 * Not counted: 2026-02-28 23:59:59, 2026-04-01 00:00:00 and 2026-04-01 06:00 (still 31 March in UTC)
 * +08:00, all answered on time; one in the period that expects no answer; one at 向塘镇 (not in 东湖区).
 */
import { authed, type AuthedClient, expectProblem, violatedFields } from '../../support/http';
import { useTestStack } from '../../support/test-app';
import { expectStatus, FEEDBACK_RATES, type FeedbackRatesBody, insertNotification } from './notification-helpers';

const BAIHUAZHOU = '360102004';
const TENGWANGGE = '360102002';
const XIANGTANG = '360121101'; // 向塘镇, 南昌县: outside 东湖区
const MARCH = { from: '2026-03-01', to: '2026-04-01' };

/** An instant given in China time. */
const cst = (local: string): Date => new Date(`${local}+08:00`);
const H = 3600;

describe('feedback rate (反馈率)', () => {
  const stack = useTestStack({ worker: false });

  beforeAll(async () => {
    const { db } = stack();
    const answer = async (label: string, office: string, created: string, dueAfterHours: number, answeredAfterSeconds: number | null): Promise<void> => {
      const createdAt = cst(created);
      await insertNotification(db, {
        label,
        recipientOfficeCode: office,
        createdAt,
        expectsAnswer: true,
        answerDueAt: new Date(createdAt.getTime() + dueAfterHours * H * 1000),
        answeredAt: answeredAfterSeconds === null ? null : new Date(createdAt.getTime() + answeredAfterSeconds * 1000),
      });
    };
    await answer('A', BAIHUAZHOU, '2026-03-01T00:00:00', 48, 1 * H);
    await answer('B', BAIHUAZHOU, '2026-03-05T10:00:00', 48, 2 * H);
    await answer('C', BAIHUAZHOU, '2026-03-10T08:00:00', 48, 5 * H);
    await answer('D', BAIHUAZHOU, '2026-03-15T08:00:00', 24, 30 * H);
    await answer('E', BAIHUAZHOU, '2026-03-20T09:00:00', 48, null);
    await answer('F', TENGWANGGE, '2026-03-03T09:00:00', 48, 4 * H);
    await answer('G', TENGWANGGE, '2026-03-06T09:00:00', 6, 6 * H);
    await answer('H', TENGWANGGE, '2026-03-07T09:00:00', 1, 1 * H + 1);
    await answer('I', TENGWANGGE, '2026-03-31T23:59:59', 48, null);
    // Outside the period, or not expecting an answer, or outside the district: never counted for 东湖区.
    await answer('before', BAIHUAZHOU, '2026-02-28T23:59:59', 48, 1 * H);
    await answer('end', BAIHUAZHOU, '2026-04-01T00:00:00', 48, 1 * H);
    await answer('utc-march', TENGWANGGE, '2026-04-01T06:00:00', 48, 1 * H);
    await answer('xiangtang', XIANGTANG, '2026-03-12T09:00:00', 48, 1 * H);
    await insertNotification(db, { label: 'no-answer-expected', recipientOfficeCode: BAIHUAZHOU, createdAt: cst('2026-03-12T09:00:00') });
  });

  const rates = async (client: AuthedClient, query: Record<string, string>): Promise<FeedbackRatesBody> =>
    expectStatus(await client.get(FEEDBACK_RATES).query(query), 200).body as FeedbackRatesBody;

  const BAIHUAZHOU_MARCH = { officeCode: BAIHUAZHOU, expectingAnswer: 5, answeredOnTime: 3, rate: 0.6, medianAnswerSeconds: 12600 };
  const TENGWANGGE_MARCH = { officeCode: TENGWANGGE, expectingAnswer: 4, answeredOnTime: 2, rate: 0.5, medianAnswerSeconds: 14400 };

  it('a township caseworker sees their own office’s rate, equal to the hand-computed one', async () => {
    const caseworker = authed(stack(), await stack().loginAs('baihuazhou.caseworker'));
    expect(await rates(caseworker, MARCH)).toEqual({
      from: '2026-03-01',
      to: '2026-04-01',
      offices: [BAIHUAZHOU_MARCH],
      total: { expectingAnswer: 5, answeredOnTime: 3, rate: 0.6 },
    });
    const other = authed(stack(), await stack().loginAs('tengwangge.caseworker'));
    expect(await rates(other, MARCH)).toEqual({ ...MARCH, offices: [TENGWANGGE_MARCH], total: { expectingAnswer: 4, answeredOnTime: 2, rate: 0.5 } });
  });

  it('the district manager sees every office of the subtree and the subtree total', async () => {
    const manager = authed(stack(), await stack().loginAs('donghu.manager'));
    const body = await rates(manager, MARCH);
    expect(body.offices).toEqual([TENGWANGGE_MARCH, BAIHUAZHOU_MARCH]);
    expect(body.total).toEqual({ expectingAnswer: 9, answeredOnTime: 5, rate: expect.any(Number) });
    expect(body.total.rate).toBeCloseTo(5 / 9, 12);

    // Narrowed to one office of the subtree.
    expect(await rates(manager, { ...MARCH, officeCode: BAIHUAZHOU })).toEqual({
      ...MARCH,
      offices: [BAIHUAZHOU_MARCH],
      total: { expectingAnswer: 5, answeredOnTime: 3, rate: 0.6 },
    });
    // The province's manager also sees 向塘镇.
    const province = await rates(authed(stack(), await stack().loginAs('jiangxi.manager')), MARCH);
    expect(province.offices.map((o) => o.officeCode)).toEqual([TENGWANGGE, BAIHUAZHOU, XIANGTANG]);
    expect(province.total).toMatchObject({ expectingAnswer: 10, answeredOnTime: 6 });
  });

  it('a shorter period counts what was created in it: 10 to 16 March at 百花洲街道 is C and D', async () => {
    const caseworker = authed(stack(), await stack().loginAs('baihuazhou.caseworker'));
    expect(await rates(caseworker, { from: '2026-03-10', to: '2026-03-16' })).toEqual({
      from: '2026-03-10',
      to: '2026-03-16',
      // median of 5 h and 30 h = 17.5 h
      offices: [{ officeCode: BAIHUAZHOU, expectingAnswer: 2, answeredOnTime: 1, rate: 0.5, medianAnswerSeconds: 63000 }],
      total: { expectingAnswer: 2, answeredOnTime: 1, rate: 0.5 },
    });
    // A period with nothing in it.
    expect(await rates(caseworker, { from: '2020-01-01', to: '2020-02-01' })).toEqual({
      from: '2020-01-01',
      to: '2020-02-01',
      offices: [],
      total: { expectingAnswer: 0, answeredOnTime: 0, rate: null },
    });
  });

  it('an office outside the caller’s jurisdiction, or unknown, is 404', async () => {
    const caseworker = authed(stack(), await stack().loginAs('baihuazhou.caseworker'));
    expectProblem(await caseworker.get(FEEDBACK_RATES).query({ ...MARCH, officeCode: TENGWANGGE }), 404, 'NOT_FOUND');
    const manager = authed(stack(), await stack().loginAs('donghu.manager'));
    expectProblem(await manager.get(FEEDBACK_RATES).query({ ...MARCH, officeCode: XIANGTANG }), 404, 'NOT_FOUND');
    expectProblem(await manager.get(FEEDBACK_RATES).query({ ...MARCH, officeCode: '360102999' }), 404, 'NOT_FOUND');
  });

  it('bad periods are 400 naming the field: not a date, not a real date, from not before to, missing', async () => {
    const manager = authed(stack(), await stack().loginAs('donghu.manager'));
    const bad = async (query: Record<string, string>): Promise<Array<{ field: string; rule: string }>> =>
      expectProblem(await manager.get(FEEDBACK_RATES).query(query), 400, 'VALIDATION_FAILED').errors ?? [];
    expect(await bad({ from: '2026/03/01', to: '2026-04-01' })).toEqual([expect.objectContaining({ field: 'from', rule: 'matches' })]);
    expect(await bad({ from: '2026-02-30', to: '2026-04-01' })).toEqual([expect.objectContaining({ field: 'from', rule: 'calendar-date' })]);
    expect(await bad({ from: '2026-04-01', to: '2026-04-01' })).toEqual([expect.objectContaining({ field: 'to', rule: 'after-from' })]);
    expect(await bad({ from: '2026-04-02', to: '2026-04-01' })).toEqual([expect.objectContaining({ field: 'to', rule: 'after-from' })]);
    const missing = expectProblem(await manager.get(FEEDBACK_RATES).query({ to: '2026-04-01' }), 400, 'VALIDATION_FAILED');
    expect(violatedFields(missing)).toEqual(['from']);
  });
});
