/**
 * The stuck list's "waiting too long": a case that has stayed in one state longer than that state's
 * threshold is listed with since when and for how long, and leaves the list when it moves on. This stack
 * watches `under-review` after 2 seconds (MONITORING_STATE_THRESHOLDS), so a case of the demo registry,
 * which passes its check at once, is listed a few seconds after it reaches review. A case whose process was
 * terminated meanwhile is listed for that, once, rather than as merely waiting.
 */
import { LI_NA, WANG_QIANG } from '../../support/demo-applicants';
import { as, type AuthedClient } from '../../support/http';
import { useTestStack } from '../../support/test-app';
import type { CaseView } from '../../support/case-view';
import { CASES, DESTINATION_OFFICE, expectStatus, sleep, waitForState } from '../certificate-applications/case-helpers';

const STUCK = '/api/v1/monitoring/stuck';
const UNDER_REVIEW_LIMIT_SECONDS = 2;

interface StuckItem {
  reason: string;
  explanation: string;
  since: string;
  caseId: string | null;
  state: string | null;
  waitedSeconds?: number;
}

describe('monitoring: a case waiting too long in one state', () => {
  const stack = useTestStack({
    env: {
      MONITORING_STATE_THRESHOLDS: `certificate-application.under-review=${UNDER_REVIEW_LIMIT_SECONDS}s`,
      // Only this file's trouble matters here: deadlines of fresh cases are weeks away.
      MONITORING_DEADLINE_HORIZON_WORKING_DAYS: '0',
    },
  });
  let caseworker: AuthedClient;
  let donghu: AuthedClient; // manager of 东湖区, above 滕王阁街道
  let baoan: AuthedClient; // manager of 宝安区, another city

  beforeAll(async () => {
    caseworker = await as(stack(), 'tengwangge.caseworker');
    donghu = await as(stack(), 'donghu.manager');
    baoan = await as(stack(), 'baoan.manager');
  });

  async function itemsOf(manager: AuthedClient, caseId: string, query: Record<string, string> = {}): Promise<StuckItem[]> {
    const page = expectStatus(await manager.get(STUCK).query({ limit: 100, ...query }), 200).body as { items: StuckItem[] };
    return page.items.filter((item) => item.caseId === caseId);
  }

  async function listedAs(caseId: string, reason: string): Promise<StuckItem> {
    const until = Date.now() + 20_000;
    for (;;) {
      const [item] = await itemsOf(donghu, caseId, { reason });
      if (item) return item;
      if (Date.now() > until) throw new Error(`case ${caseId} was not listed as ${reason}: ${JSON.stringify(await itemsOf(donghu, caseId))}`);
      await sleep(250);
    }
  }

  async function openUnderReview(applicant: typeof LI_NA): Promise<{ opened: CaseView; reviewFrom: number }> {
    const opened = expectStatus(await caseworker.post(CASES).send({ applicant, destinationOfficeCode: DESTINATION_OFFICE }), 201).body as CaseView;
    await waitForState(caseworker, opened.id, 'under-review');
    return { opened, reviewFrom: Date.now() };
  }

  it('lists a case past its state’s threshold with since when and for how long, then not once it moves on', async () => {
    const { opened, reviewFrom } = await openUnderReview(LI_NA);
    // Not before its threshold: the case has just arrived in review.
    const early = await itemsOf(donghu, opened.id, { reason: 'waiting-too-long' });
    if (Date.now() - reviewFrom < UNDER_REVIEW_LIMIT_SECONDS * 1000 - 500) expect(early).toEqual([]);

    const item = await listedAs(opened.id, 'waiting-too-long');
    expect(item).toMatchObject({ reason: 'waiting-too-long', state: 'under-review' });
    expect(item.waitedSeconds).toBeGreaterThanOrEqual(UNDER_REVIEW_LIMIT_SECONDS);
    expect(item.explanation).toMatch(/^The case has been under-review for \d+ seconds? \(expected within 2 seconds\)$/);
    // Since: when it entered review, from the record (its log says the same).
    const [entered] = (await stack().db.query(`SELECT occurred_at FROM case_action WHERE case_id = $1 AND to_state = 'under-review'`, [opened.id])) as [
      { occurred_at: Date },
    ];
    expect(Math.abs(Date.parse(item.since) - entered.occurred_at.getTime())).toBeLessThan(2000);
    expect(JSON.stringify(item)).not.toContain(LI_NA.fullName);
    // Another city's manager does not see it.
    expect(await itemsOf(baoan, opened.id)).toEqual([]);

    // Reviewed: awaiting approval is watched only after two days (the default), so the case leaves the list.
    expectStatus(await caseworker.post(`${CASES}/${opened.id}/review`).send({}), 200);
    expect(await itemsOf(donghu, opened.id, { reason: 'waiting-too-long' })).toEqual([]);
    // The record keeps when it entered its new state, whoever wrote the change (a trigger keeps it).
    const [{ state_entered_at: enteredApproval }] = (await stack().db.query(
      `SELECT a.state_entered_at, ca.occurred_at FROM certificate_application a
         JOIN case_action ca ON ca.case_id = a.id AND ca.action = 'review' WHERE a.id = $1`,
      [opened.id],
    )) as [{ state_entered_at: Date; occurred_at: Date }];
    expect(enteredApproval.getTime()).toBeGreaterThan(Date.parse(item.since) + UNDER_REVIEW_LIMIT_SECONDS * 1000);
  });

  it('names a process that was terminated under a waiting case, once, and orders oldest or newest first', async () => {
    const { opened } = await openUnderReview(WANG_QIANG);
    await listedAs(opened.id, 'waiting-too-long');
    await stack().client.workflow.getHandle(`certificate-application/${opened.id}`).terminate('test: a process ended under an open case');
    const terminated = await listedAs(opened.id, 'workflow-terminated');
    expect(terminated.explanation).toMatch(/terminated/);
    const items = await itemsOf(donghu, opened.id);
    expect(items.filter((i) => i.reason === 'workflow-terminated')).toHaveLength(1);
    expect(items.filter((i) => i.reason === 'waiting-too-long')).toEqual([]);

    const sinceOf = async (order: string) =>
      ((expectStatus(await donghu.get(STUCK).query({ limit: 100, order }), 200).body as { items: StuckItem[] }).items).map((i) => i.since);
    const oldest = await sinceOf('oldest');
    expect(oldest.length).toBeGreaterThan(1);
    expect([...oldest].sort()).toEqual(oldest);
    const newest = await sinceOf('newest');
    expect([...newest].sort().reverse()).toEqual(newest);
  });
});
