/**
 * The managers' stuck list through HTTP against the real PostgreSQL and Temporal dev server. This file's
 * worker has a household registry that is out of reach, so every certificate application it opens is
 * jammed in its registry check, retried by Temporal again and again: the list names it with the step,
 * the attempts and since when, for the managers above its office and for no one else. Deadlines are
 * listed as near within the configured horizon (30 working days here, so a fresh case's 20 counts).
 */
import type { HouseholdRegistry } from '../../../libs/db';
import { LI_NA } from '../../support/demo-applicants';
import { as, expectProblem, violatedFields, type AuthedClient } from '../../support/http';
import { useTestStack } from '../../support/test-app';
import { CASES, DESTINATION_OFFICE, expectStatus } from '../certificate-applications/case-helpers';
import type { CaseView } from '../../support/case-view';

const STUCK = '/api/v1/monitoring/stuck';

/** A registry adapter whose server never answers: what a network outage looks like to the activity. */
const unreachableRegistry: HouseholdRegistry = {
  lookup: async () => {
    throw Object.assign(new Error('connect ECONNREFUSED registry.invalid:443'), { code: 'ECONNREFUSED' });
  },
};

interface StuckItem {
  reason: string;
  explanation: string;
  since: string;
  caseType: string | null;
  caseId: string | null;
  caseNumber: string | null;
  officeCode: string;
  state: string | null;
  attempts?: number;
  workingDaysLeft?: number;
}

describe('monitoring: the stuck list', () => {
  const stack = useTestStack({
    householdRegistry: unreachableRegistry,
    env: { MONITORING_OPENING_GRACE_SECONDS: '0', MONITORING_DEADLINE_HORIZON_WORKING_DAYS: '30' },
  });
  let caseworker: AuthedClient;
  let donghu: AuthedClient; // manager of 东湖区 (360102), above 滕王阁街道
  let baoan: AuthedClient; // manager of 宝安区 (440306), another city

  beforeAll(async () => {
    caseworker = await as(stack(), 'tengwangge.caseworker');
    donghu = await as(stack(), 'donghu.manager');
    baoan = await as(stack(), 'baoan.manager');
  });

  async function stuckFor(manager: AuthedClient, caseId: string, query: Record<string, string> = {}): Promise<StuckItem[]> {
    const page = expectStatus(await manager.get(STUCK).query({ limit: 100, ...query }), 200).body as { items: StuckItem[]; total: number };
    expect(page.total).toBeGreaterThanOrEqual(page.items.length);
    return page.items.filter((item) => item.caseId === caseId);
  }

  it('lists a case jammed in a failing step with the step, the attempts and since when, within seconds', async () => {
    const opened = expectStatus(await caseworker.post(CASES).send({ applicant: LI_NA, destinationOfficeCode: DESTINATION_OFFICE }), 201).body as CaseView;
    const until = Date.now() + 30_000;
    let items: StuckItem[] = [];
    for (;;) {
      items = await stuckFor(donghu, opened.id, { reason: 'activity-failing' });
      if (items.length > 0 && (items[0]!.attempts ?? 0) >= 3) break;
      if (Date.now() > until) throw new Error(`the jammed case was not listed as failing: ${JSON.stringify(await stuckFor(donghu, opened.id))}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const [jammed] = items;
    expect(jammed).toMatchObject({
      reason: 'activity-failing',
      caseType: 'certificate-application',
      caseNumber: opened.caseNumber,
      officeCode: '360102002',
      state: 'registry-check',
    });
    expect(jammed!.explanation).toMatch(/^The case does not move: the household registry check keeps failing: it failed \(tried \d+ times\)$/);
    expect(Date.parse(jammed!.since)).toBeLessThanOrEqual(Date.now());
    // Words for a manager: no raw error, no address, no personal data.
    for (const raw of ['ECONNREFUSED', 'registry.invalid', LI_NA.fullName, LI_NA.identityNumber]) expect(JSON.stringify(jammed)).not.toContain(raw);
    // Its deadline is listed too: 20 working days away, within this stack's 30-day horizon.
    const [near] = await stuckFor(donghu, opened.id, { reason: 'deadline-near' });
    expect(near).toMatchObject({ reason: 'deadline-near', workingDaysLeft: expect.any(Number) });
    expect(near!.workingDaysLeft).toBeLessThanOrEqual(20);
    expect(near!.workingDaysLeft).toBeGreaterThanOrEqual(19);

    // A manager of another city sees none of it.
    expect(await stuckFor(baoan, opened.id)).toEqual([]);
  });

  it('is for managers only, and names the field of a bad filter', async () => {
    expectProblem(await caseworker.get(STUCK), 403, 'ROLE_NOT_PERMITTED');
    expect(violatedFields(expectProblem(await donghu.get(STUCK).query({ reason: 'bored' }), 400, 'VALIDATION_FAILED'))).toEqual(['reason']);
    const page = expectStatus(await donghu.get(STUCK).query({ caseType: 'service-report' }), 200).body as { items: StuckItem[] };
    expect(page.items.every((item) => item.caseType === 'service-report')).toBe(true);
  });
});
