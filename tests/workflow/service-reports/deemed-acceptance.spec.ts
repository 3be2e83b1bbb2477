/**
 * A service report's clock under time skipping: delivered to 滕王阁街道 (360102002) with the demo
 * agreement's 10 working days, it is reminded half way (5 working days) and at the deadline; unanswered
 * at the final deadline (the deadline plus SERVICE_REPORT_GRACE_WORKING_DAYS, 5 by default) it is deemed
 * accepted and both offices are told. Then the feedback rate after three reports: answered on time, late
 * and never. Expectations come from the independent calculator in ../certificate-application/expected-calendar.ts.
 */
import { CaseStateKey, serviceReportWorkflowId } from '../../../libs/contracts';
import { chinaDate, chinaEndOfDay, loadExpectedCalendar, type ExpectedCalendar } from '../certificate-application/expected-calendar';
import { expectStatus, HOUR_MS, skipTo, useStackWithCaseworker } from '../certificate-application/support';
import type { LoggedInUser } from '../../support/workflow-stack';

const REPORTS = '/api/v1/service-reports';
const ACKNOWLEDGEMENT_WORKING_DAYS = 10; // the demo agreement 新安街道 ↔ 滕王阁街道
const GRACE_WORKING_DAYS = 5; // the configured default

interface ReportView {
  id: string;
  state: string;
  deadlineAt: string | null;
  finalDeadlineAt: string | null;
  remindersSent: number;
  timeline: Array<{ action: string; actorRole: string; occurredAt: string }>;
}

interface NotificationRow {
  kind: string;
  recipientOfficeCode: string;
  createdAt: Date;
  answeredAt: Date | null;
  answerDueAt: Date | null;
  expectsAnswer: boolean;
}

describe('service report: reminders and deemed acceptance (time skipping)', () => {
  const started = useStackWithCaseworker('passage_wf_service_reports');
  let residence: LoggedInUser;
  let calendar: ExpectedCalendar;

  beforeAll(async () => {
    residence = await started().stack.loginAs('xinan.caseworker');
    calendar = await loadExpectedCalendar(residence);
  });

  async function get(id: string): Promise<ReportView> {
    const response = await residence.get(`${REPORTS}/${id}`);
    expectStatus(response, 200);
    return response.body as ReportView;
  }

  async function waitFor(id: string, predicate: (r: ReportView) => boolean, what: string): Promise<ReportView> {
    const until = Date.now() + 20_000;
    for (;;) {
      const view = await get(id);
      if (predicate(view)) return view;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}: ${JSON.stringify({ state: view.state, timeline: view.timeline.map((t) => t.action) })}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async function fileDelivered(identityNumber: string): Promise<ReportView> {
    const response = await residence.post(REPORTS, {
      personIdentityNumber: identityNumber,
      serviceType: 'arrival-registration',
      serviceDate: chinaDate(Date.now()),
      outcome: 'completed',
    });
    expectStatus(response, 201);
    return waitFor((response.body as ReportView).id, (r) => r.state === 'awaiting-acknowledgement', 'delivery');
  }

  async function notifications(caseId: string, kind?: string): Promise<NotificationRow[]> {
    return started().stack.db.query(
      `SELECT kind, recipient_office_code AS "recipientOfficeCode", created_at AS "createdAt", answered_at AS "answeredAt",
              answer_due_at AS "answerDueAt", expects_answer AS "expectsAnswer"
         FROM notification WHERE case_id = $1 AND ($2::text IS NULL OR kind = $2) ORDER BY created_at, id`,
      [caseId, kind ?? null],
    );
  }

  const remindersOf = (view: ReportView) => view.timeline.filter((t) => t.action === 'send-reminder');

  /** The clock a report runs on, from when it was delivered, by the independent calculator. */
  function expectedClock(view: ReportView): { halfWayAt: string; deadlineAt: string; finalDeadlineAt: string } {
    const deliveredOn = chinaDate(view.timeline.find((t) => t.action === 'deliver')!.occurredAt);
    return {
      halfWayAt: chinaEndOfDay(calendar.addWorkingDays(deliveredOn, ACKNOWLEDGEMENT_WORKING_DAYS / 2)),
      deadlineAt: chinaEndOfDay(calendar.addWorkingDays(deliveredOn, ACKNOWLEDGEMENT_WORKING_DAYS)),
      finalDeadlineAt: chinaEndOfDay(calendar.addWorkingDays(deliveredOn, ACKNOWLEDGEMENT_WORKING_DAYS + GRACE_WORKING_DAYS)),
    };
  }

  function expectAt(occurredAt: string, dueAt: string): void {
    // Recorded in workflow time when its timer fired: at the due instant (timer resolution aside).
    expect(Date.parse(occurredAt) - Date.parse(dueAt)).toBeGreaterThanOrEqual(0);
    expect(Date.parse(occurredAt) - Date.parse(dueAt)).toBeLessThan(60_000);
  }

  // Observed with Temporal's time-skipping test server: once a report's workflow has closed right after
  // starting a notification's delivery (an answer, deemed acceptance), the server no longer skips time and
  // the clock runs in real time. So the answers that close reports come after every skip, and the skip over
  // the final deadline ends one second after it.
  it('reminds before and at the deadline, deems the unanswered report accepted at the final deadline, and tells both offices; the feedback rate counts on time, late and never', async () => {
    const { stack, caseworker: registration } = started();
    // Three reports about three demo people registered at 滕王阁街道, filed days apart.
    const never = await fileDelivered('360102199210014576');
    const neverClock = expectedClock(never);
    expect(never).toMatchObject({ deadlineAt: neverClock.deadlineAt, finalDeadlineAt: neverClock.finalDeadlineAt, remindersSent: 0 });

    // A working day later the next report is filed: its deadline passes before the first one's final deadline.
    const deliveredOn = chinaDate(never.timeline.find((t) => t.action === 'deliver')!.occurredAt);
    await skipTo(stack.env, Date.parse(chinaEndOfDay(calendar.addWorkingDays(deliveredOn, 1))), -HOUR_MS);
    const late = await fileDelivered('360102198811203116');
    const lateClock = expectedClock(late);

    // Just after the half-way point: one reminder, to the registration office.
    await skipTo(stack.env, Date.parse(neverClock.halfWayAt), HOUR_MS);
    let view = await waitFor(never.id, (r) => remindersOf(r).length === 1, 'the half-way reminder');
    expectAt(remindersOf(view)[0]!.occurredAt, neverClock.halfWayAt);

    // Just after the deadline: the second reminder; the report is overdue but still open.
    await skipTo(stack.env, Date.parse(neverClock.deadlineAt), HOUR_MS);
    view = await waitFor(never.id, (r) => remindersOf(r).length === 2, 'the reminder at the deadline');
    expectAt(remindersOf(view)[1]!.occurredAt, neverClock.deadlineAt);
    expect(view.state).toBe('awaiting-acknowledgement');
    expect((await notifications(never.id, 'service-report-reminder')).map((n) => n.recipientOfficeCode)).toEqual(['360102002', '360102002']);
    const onTime = await fileDelivered('360102199003072423');
    const onTimeClock = expectedClock(onTime);

    // Just before the final deadline nothing is deemed; just after it, the silent report is.
    await skipTo(stack.env, Date.parse(neverClock.finalDeadlineAt), -HOUR_MS);
    expect((await get(never.id)).state).toBe('awaiting-acknowledgement');
    await skipTo(stack.env, Date.parse(neverClock.finalDeadlineAt), 1000);
    view = await waitFor(never.id, (r) => r.state === 'deemed-accepted', 'deemed acceptance');
    const deemed = view.timeline.find((t) => t.action === 'deem-accept')!;
    expect(deemed.actorRole).toBe('system');
    expectAt(deemed.occurredAt, neverClock.finalDeadlineAt);
    expect((await notifications(never.id, 'service-report-deemed-accepted')).map((n) => n.recipientOfficeCode).sort()).toEqual([
      '360102002',
      '440306017',
    ]);
    const handle = stack.env.client.workflow.getHandle(serviceReportWorkflowId(never.id));
    expect((await handle.describe()).typedSearchAttributes.get(CaseStateKey)).toBe('deemed-accepted');

    // Where the other two stand now: 'late' is past its deadline (reminded twice), 'onTime' is not.
    const now = await stack.env.currentTimeMs();
    expect(Date.parse(lateClock.deadlineAt)).toBeLessThan(now);
    expect(Date.parse(lateClock.finalDeadlineAt)).toBeGreaterThan(now);
    expect(Date.parse(onTimeClock.deadlineAt)).toBeGreaterThan(now);
    await waitFor(late.id, (r) => remindersOf(r).length === 2, 'the late report’s reminders');

    // One answered late, one on time.
    expectStatus(await registration.post(`${REPORTS}/${late.id}/acknowledge`, {}), 200);
    expectStatus(await registration.post(`${REPORTS}/${onTime.id}/acknowledge`, {}), 200);

    // The feedback rate, from the notifications the three reports really made.
    const asked = [
      ...(await notifications(onTime.id, 'service-report-received')),
      ...(await notifications(late.id, 'service-report-received')),
      ...(await notifications(never.id, 'service-report-received')),
    ];
    expect(asked).toHaveLength(3);
    const [a, b, c] = asked;
    expect(a!.answeredAt!.getTime()).toBeLessThanOrEqual(a!.answerDueAt!.getTime());
    expect(b!.answeredAt!.getTime()).toBeGreaterThan(b!.answerDueAt!.getTime());
    expect(c!.answeredAt).toBeNull();
    const secondsToAnswer = [a!, b!].map((n) => (n.answeredAt!.getTime() - n.createdAt.getTime()) / 1000);
    const median = (secondsToAnswer[0]! + secondsToAnswer[1]!) / 2;

    // Notification rows are stamped by the database (real time), so the period is the real days around now.
    const response = await registration.get(`/api/v1/feedback-rates?from=${chinaDate(Date.now() - 24 * HOUR_MS)}&to=${chinaDate(Date.now() + 2 * 24 * HOUR_MS)}`);
    expectStatus(response, 200);
    const rates = response.body as {
      offices: Array<{ officeCode: string; expectingAnswer: number; answeredOnTime: number; rate: number; medianAnswerSeconds: number }>;
    };
    expect(rates.offices).toHaveLength(1);
    expect(rates.offices[0]).toMatchObject({ officeCode: '360102002', expectingAnswer: 3, answeredOnTime: 1 });
    expect(rates.offices[0]!.rate).toBeCloseTo(1 / 3, 10);
    expect(rates.offices[0]!.medianAnswerSeconds).toBeCloseTo(median, 0);
  });
});
