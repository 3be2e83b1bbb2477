/**
 * The managers' stuck list through HTTP against the real PostgreSQL and Temporal dev server. This file's
 * worker has a household registry that is out of reach, so every certificate application it opens is
 * jammed in its registry check, retried by Temporal again and again: the list names it with the step,
 * the attempts and since when, for the managers above its office and for no one else. Deadlines are
 * listed as near within the configured horizon (30 working days here, so a fresh case's 20 counts).
 */
import type { HouseholdRegistry } from '../../../libs/db';
import { DEMO_REGISTRY_RECORDS } from '../../../libs/db/seed/demo-registry';
import { LI_NA, WANG_QIANG } from '../../support/demo-applicants';
import { as, expectProblem, violatedFields, type AuthedClient } from '../../support/http';
import { useTestStack } from '../../support/test-app';
import { CASES, DESTINATION_OFFICE, expectStatus } from '../certificate-applications/case-helpers';
import type { CaseView } from '../../support/case-view';

const STUCK = '/api/v1/monitoring/stuck';

/** The demo registry behind a switch: off, it fails as a network outage looks to the activity. */
let registryReachable = false;
const flakyRegistry = (): HouseholdRegistry => ({
  lookup: async (identityNumber) => {
    if (!registryReachable) throw Object.assign(new Error('connect ECONNREFUSED registry.invalid:443'), { code: 'ECONNREFUSED' });
    return DEMO_REGISTRY_RECORDS.find((r) => r.identityNumber === identityNumber) ?? null;
  },
});

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
    householdRegistry: flakyRegistry(),
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

  async function openJammed(applicant = LI_NA, attempts = 2): Promise<CaseView> {
    const opened = expectStatus(await caseworker.post(CASES).send({ applicant, destinationOfficeCode: DESTINATION_OFFICE }), 201).body as CaseView;
    const until = Date.now() + 30_000;
    for (;;) {
      const [item] = await stuckFor(donghu, opened.id, { reason: 'activity-failing' });
      if (item && (item.attempts ?? 0) >= attempts) return opened;
      if (Date.now() > until) throw new Error('the case was never listed as failing');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  async function stateOf(caseId: string): Promise<string> {
    return ((expectStatus(await caseworker.get(`${CASES}/${caseId}`), 200).body as CaseView).state);
  }

  async function auditOf(caseId: string): Promise<Array<{ action: string; reason: string; actor_role: string }>> {
    return stack().db.query(`SELECT action, reason, actor_role FROM audit_event WHERE subject_id = $1 AND action LIKE 'monitoring.%' ORDER BY id`, [caseId]);
  }

  it('cancel ends a jammed case at once, by a manager above its office, with a reason; it is no longer listed', async () => {
    const jammed = await openJammed(WANG_QIANG);
    const cancel = (client: AuthedClient, body: object) => client.post(`/api/v1/monitoring/cases/certificate-application/${jammed.id}/cancel`).send(body);
    expect(violatedFields(expectProblem(await cancel(donghu, {}), 400, 'VALIDATION_FAILED'))).toEqual(['reason']);
    expectProblem(await cancel(caseworker, { reason: 'x' }), 403, 'ROLE_NOT_PERMITTED');
    expectProblem(await cancel(baoan, { reason: 'x' }), 404, 'NOT_FOUND');
    expect(await stateOf(jammed.id)).toBe('registry-check');

    const done = expectStatus(await cancel(donghu, { reason: 'registry outage; the applicant will apply again' }), 200).body as { state: string };
    expect(done).toMatchObject({ caseType: 'certificate-application', caseId: jammed.id, state: 'cancelled' });
    expect(await stateOf(jammed.id)).toBe('cancelled');
    const timeline = (expectStatus(await caseworker.get(`${CASES}/${jammed.id}`), 200).body as CaseView).timeline.map((t) => [t.action, t.actorRole]);
    expect(timeline).toEqual([
      ['submit', 'caseworker'],
      ['start-registry-check', 'system'],
      ['cancel', 'manager'],
    ]);
    expect(await auditOf(jammed.id)).toEqual([{ action: 'monitoring.cancel', reason: 'registry outage; the applicant will apply again', actor_role: 'manager' }]);
    await expect(stack().client.workflow.getHandle(`certificate-application/${jammed.id}`).result()).resolves.toMatchObject({ state: 'cancelled' });
    expect(await stuckFor(donghu, jammed.id)).toEqual([]);
    // Twice is refused as the state says.
    expectProblem(await cancel(donghu, { reason: 'again' }), 409, 'ACTION_NOT_ALLOWED_IN_STATE');
  });

  it('retry now starts the failing step again at once, once its cause is fixed, and clears the item', async () => {
    const jammed = await openJammed(LI_NA, 4); // four attempts failed: the next would come 8 s later
    registryReachable = true;
    const retried = Date.now();
    const done = expectStatus(await donghu.post(`/api/v1/monitoring/cases/certificate-application/${jammed.id}/retry`).send({ reason: 'registry back up' }), 200)
      .body as { stepsRetried: number };
    expect(done.stepsRetried).toBe(1);
    while ((await stateOf(jammed.id)) !== 'under-review') {
      if (Date.now() - retried > 5_000) throw new Error('retry now did not run the step again before its backoff would have');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await stuckFor(donghu, jammed.id, { reason: 'activity-failing' })).toEqual([]);
    expect(await auditOf(jammed.id)).toEqual([{ action: 'monitoring.retry', reason: 'registry back up', actor_role: 'manager' }]);
    // Nothing fails any more: a second retry is refused with the rule.
    const again = expectProblem(await donghu.post(`/api/v1/monitoring/cases/certificate-application/${jammed.id}/retry`).send({ reason: 'again' }), 409);
    expect(again['rule']).toBe('nothing-failing');
  });

  it('is for managers only, and names the field of a bad filter', async () => {
    expectProblem(await caseworker.get(STUCK), 403, 'ROLE_NOT_PERMITTED');
    expect(violatedFields(expectProblem(await donghu.get(STUCK).query({ reason: 'bored' }), 400, 'VALIDATION_FAILED'))).toEqual(['reason']);
    const page = expectStatus(await donghu.get(STUCK).query({ caseType: 'service-report' }), 200).body as { items: StuckItem[] };
    expect(page.items.every((item) => item.caseType === 'service-report')).toBe(true);
  });
});
