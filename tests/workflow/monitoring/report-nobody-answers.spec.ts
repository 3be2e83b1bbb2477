/**
 * A report nobody answers, on the managers' stuck list, under time skipping (the stack's stuck list reads
 * the server's clock): delivered with the demo agreement's 10 working days, it is not listed at first,
 * listed as near within the 2-working-day horizon, and as breached once its deadline has passed, with the
 * working days over, waiting for the registration office.
 */
import { skipTo, useStackWithCaseworker, expectStatus, HOUR_MS } from '../certificate-application/support';
import type { LoggedInUser } from '../../support/workflow-stack';

interface ReportView {
  id: string;
  state: string;
  deadlineAt: string | null;
}

interface StuckItem {
  reason: string;
  caseId: string | null;
  officeCode: string;
  workingDaysOver?: number;
  workingDaysLeft?: number;
}

describe('monitoring: a report nobody answers (time skipping)', () => {
  const started = useStackWithCaseworker('passage_wf_monitoring');
  let residence: LoggedInUser;
  let donghu: LoggedInUser;

  beforeAll(async () => {
    residence = await started().stack.loginAs('xinan.caseworker');
    donghu = await started().stack.loginAs('donghu.manager');
  });

  async function report(id: string): Promise<ReportView> {
    const response = await residence.get(`/api/v1/service-reports/${id}`);
    expectStatus(response, 200);
    return response.body as ReportView;
  }

  async function until(id: string, predicate: (r: ReportView) => boolean, what: string): Promise<ReportView> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const view = await report(id);
      if (predicate(view)) return view;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${view.state}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async function listed(id: string): Promise<StuckItem[]> {
    const response = await donghu.get('/api/v1/monitoring/stuck?limit=100');
    expectStatus(response, 200);
    return (response.body as { items: StuckItem[] }).items.filter((item) => item.caseId === id);
  }

  it('is listed as near, then as breached with its working days over', async () => {
    const { env } = started().stack;
    const filed = await residence.post('/api/v1/service-reports', {
      personIdentityNumber: '360102199003072423',
      serviceType: 'free-health-check',
      serviceDate: new Date(Date.now() + 8 * HOUR_MS).toISOString().slice(0, 10),
      outcome: 'completed',
    });
    expectStatus(filed, 201);
    const delivered = await until((filed.body as ReportView).id, (r) => r.state === 'awaiting-acknowledgement', 'delivery');
    expect(await listed(delivered.id)).toEqual([]); // ten working days ahead: nothing to see

    const deadlineAt = Date.parse(delivered.deadlineAt!);
    // A day before the deadline, within the 2-working-day horizon.
    await skipTo(env, deadlineAt - 24 * HOUR_MS);
    const near = await listed(delivered.id);
    expect(near).toEqual([expect.objectContaining({ reason: 'deadline-near', officeCode: '360102002' })]);
    expect(near[0]!.workingDaysLeft).toBeLessThanOrEqual(2);

    // An hour past the deadline: breached, waiting for the registration office.
    await skipTo(env, deadlineAt + HOUR_MS);
    const breached = await listed(delivered.id);
    expect(breached).toEqual([expect.objectContaining({ reason: 'deadline-breached', officeCode: '360102002' })]);
    // An hour into the next day: 1 working day over if that day works, else 0.
    expect([0, 1]).toContain(breached[0]!.workingDaysOver);
    // (Deemed acceptance at the final deadline is tests/workflow/service-reports/deemed-acceptance.spec.ts.)
  });
});
