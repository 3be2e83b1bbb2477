/**
 * The national working calendar: who may change it, the audit of every change, and open cases counting
 * their deadlines again when it changes.
 *
 * - An office admin of a street office (滕王阁街道) is refused (403, naming the rule), and so is anyone who
 *   is not an office admin; nothing changes. Staff read it.
 * - A change without a reason is 400 naming `reason`; nothing changes.
 * - The province's office admin (jiangxi.admin, 江西省) adds a holiday inside an open certificate
 *   application's and an open service report's deadline windows: the change is audited (who, from where,
 *   the day before and after, the reason), the recompute workflow named by the change signals the cases'
 *   workflows, and their deadlines move one working day later, in the record (polled through the api, with a
 *   bounded wait) and in the workflows' own snapshots (the timers they arm). Removing the holiday moves
 *   them back.
 *
 * The calendar is global and other files count deadlines in it, so this file runs on a database of its own.
 */
import { caseSnapshotQuery, certificateApplicationWorkflowId, serviceReportWorkflowId, workingCalendarRecomputeWorkflowId, type CaseSnapshot } from '../../../libs/contracts';
import { chinaEndOfDay, toChinaCalendarDate, WorkingCalendar, type CalendarDate } from '../../../libs/domain';
import type { CaseView } from '../../support/case-view';
import { LI_NA } from '../../support/demo-applicants';
import { as, expectProblem, violatedFields, type AuthedClient } from '../../support/http';
import { STACK_START_TIMEOUT_MS, startTestStack, type TestStack } from '../../support/test-app';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { CASES, expectStatus, getCase, sleep, userIds, waitForState } from '../certificate-applications/case-helpers';

const CALENDAR = '/api/v1/working-calendar';
const REPORTS = '/api/v1/service-reports';
/** How long a change may take to reach an open case's deadline, through Temporal and the worker. */
const RECOMPUTE_TIMEOUT_MS = 30_000;

interface ReportView {
  id: string;
  state: string;
  deadlineAt: string | null;
  finalDeadlineAt: string | null;
}

describe('working calendar: edit rights, audit, recompute of open cases', () => {
  let database: TestDatabase;
  let stack: TestStack;
  let streetAdmin: AuthedClient;
  let provinceAdmin: AuthedClient;
  let caseworker: AuthedClient;
  let residence: AuthedClient;
  let users: Map<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase('passage_it_calendar');
    stack = await startTestStack({ env: { DATABASE_URL: database.url } });
    streetAdmin = await as(stack, 'tengwangge.admin');
    provinceAdmin = await as(stack, 'jiangxi.admin');
    caseworker = await as(stack, 'tengwangge.caseworker');
    residence = await as(stack, 'xinan.caseworker');
    users = await userIds(stack.db);
  }, STACK_START_TIMEOUT_MS);

  afterAll(async () => {
    await stack?.stop();
    await database?.drop();
  });

  async function calendarNow(): Promise<WorkingCalendar> {
    const days = expectStatus(await caseworker.get(CALENDAR), 200).body as Array<{ date: string; kind: 'holiday' | 'workday'; name: string }>;
    return new WorkingCalendar(days);
  }

  /** Everything a refused change must leave as it was. */
  async function state(): Promise<Record<string, unknown>> {
    const [row] = (await stack.db.query(
      `SELECT (SELECT count(*) FROM working_calendar_day)::int AS days,
              (SELECT coalesce(string_agg(to_char(date, 'YYYY-MM-DD') || kind || name, ',' ORDER BY date), '') FROM working_calendar_day) AS entries,
              (SELECT count(*) FROM working_calendar_change)::int AS changes,
              (SELECT count(*) FROM audit_event WHERE action LIKE 'working-calendar.%')::int AS audited,
              (SELECT coalesce(string_agg(id::text || deadline_at::text, ',' ORDER BY id), '') FROM certificate_application) AS deadlines`,
    )) as Array<Record<string, unknown>>;
    return row!;
  }

  async function openApplication(): Promise<CaseView> {
    const opened = expectStatus(await caseworker.post(CASES).send({ applicant: LI_NA }), 201).body as CaseView;
    return waitForState(caseworker, opened.id, 'under-review');
  }

  async function fileReport(): Promise<ReportView> {
    const filed = expectStatus(
      await residence.post(REPORTS).send({ personIdentityNumber: LI_NA.identityNumber, serviceType: 'free-health-check', serviceDate: '2026-03-02', outcome: 'completed' }),
      201,
    ).body as ReportView;
    const until = Date.now() + RECOMPUTE_TIMEOUT_MS;
    for (;;) {
      const view = expectStatus(await residence.get(`${REPORTS}/${filed.id}`), 200).body as ReportView;
      if (view.state === 'awaiting-acknowledgement') return view;
      if (Date.now() > until) throw new Error(`report ${filed.id} was never delivered (state ${view.state})`);
      await sleep(200);
    }
  }

  async function untilApplication(id: string, what: string, predicate: (view: CaseView) => boolean): Promise<CaseView> {
    const until = Date.now() + RECOMPUTE_TIMEOUT_MS;
    for (;;) {
      const view = await getCase(caseworker, id);
      if (predicate(view)) return view;
      if (Date.now() > until) throw new Error(`case ${id}: ${what} not seen within ${RECOMPUTE_TIMEOUT_MS} ms (deadline ${view.deadlineAt})`);
      await sleep(200);
    }
  }

  async function untilReport(id: string, what: string, predicate: (view: ReportView) => boolean): Promise<ReportView> {
    const until = Date.now() + RECOMPUTE_TIMEOUT_MS;
    for (;;) {
      const view = expectStatus(await residence.get(`${REPORTS}/${id}`), 200).body as ReportView;
      if (predicate(view)) return view;
      if (Date.now() > until) throw new Error(`report ${id}: ${what} not seen within ${RECOMPUTE_TIMEOUT_MS} ms (deadline ${view.deadlineAt})`);
      await sleep(200);
    }
  }

  function snapshotOf(workflowId: string): Promise<CaseSnapshot | null> {
    return stack.client.workflow.getHandle(workflowId).query(caseSnapshotQuery);
  }

  async function calendarAudit(): Promise<Array<Record<string, unknown>>> {
    return (await stack.db.query(
      `SELECT action, actor_user_id::text AS "actorUserId", actor_role AS "actorRole", office_code AS "officeCode", subject_type AS "subjectType",
              subject_id::text AS "subjectId", reason, details, host(client_ip) AS "clientIp", user_agent AS "userAgent", occurred_at AS "occurredAt"
       FROM audit_event WHERE action LIKE 'working-calendar.%' ORDER BY chain_seq`,
    )) as Array<Record<string, unknown>>;
  }

  it('is read by any staff member', async () => {
    for (const client of [caseworker, streetAdmin, residence]) expectStatus(await client.get(`${CALENDAR}?year=2026`), 200);
  });

  it('refuses a street office admin (403, naming the rule) and every other role, and changes nothing', async () => {
    const open = await openApplication();
    const before = await state();
    const refused = expectProblem(
      await streetAdmin.put(`${CALENDAR}/2026-12-21`).send({ kind: 'holiday', name: '测试假期', reason: 'street office tries' }),
      403,
      'ROLE_NOT_PERMITTED',
    );
    expect(refused).toMatchObject({ role: 'office-admin', officeLevel: 'township', rule: 'province-office-admin' });
    expect(refused.title).toContain('province-level office');
    const [{ existing }] = (await stack.db.query(`SELECT to_char(min(date), 'YYYY-MM-DD') AS existing FROM working_calendar_day`)) as [{ existing: string }];
    expect(existing).toMatch(/^\d{4}-\d{2}-\d{2}$/); // the published calendar is seeded: there is an entry to remove
    expectProblem(await streetAdmin.delete(`${CALENDAR}/${existing}`).send({ reason: 'street office tries' }), 403, 'ROLE_NOT_PERMITTED');
    expectProblem(await caseworker.put(`${CALENDAR}/2026-12-21`).send({ kind: 'holiday', name: '测试假期', reason: 'caseworker tries' }), 403, 'ROLE_NOT_PERMITTED');
    const manager = await as(stack, 'jiangxi.manager'); // a province office, but not its admin
    expectProblem(await manager.put(`${CALENDAR}/2026-12-21`).send({ kind: 'holiday', name: '测试假期', reason: 'manager tries' }), 403, 'ROLE_NOT_PERMITTED');
    expect(await state()).toEqual(before);
    expect((await getCase(caseworker, open.id)).deadlineAt).toBe(open.deadlineAt);
  });

  it('requires a reason (400 naming it) and changes nothing without one', async () => {
    const before = await state();
    for (const response of [
      await provinceAdmin.put(`${CALENDAR}/2026-12-21`).send({ kind: 'holiday', name: '测试假期' }),
      await provinceAdmin.put(`${CALENDAR}/2026-12-21`).send({ kind: 'holiday', name: '测试假期', reason: '' }),
      await provinceAdmin.delete(`${CALENDAR}/2026-01-01`).send({}),
    ]) {
      const problem = expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(violatedFields(problem)).toEqual(['reason']);
    }
    expect(await state()).toEqual(before);
  });

  it("audits the province admin's change, and open cases' deadlines move with it (and back when it is removed)", async () => {
    const application = await openApplication();
    const report = await fileReport();
    const calendarBefore = await calendarNow();
    const submittedOn: CalendarDate = toChinaCalendarDate(new Date(application.submittedAt));
    // A working day inside both cases' deadline windows (20 and 10 working days after today).
    const day = calendarBefore.addWorkingDays(submittedOn, 2);
    expect(calendarBefore.isWorkingDay(day)).toBe(true);
    const dueBefore = calendarBefore.addWorkingDays(submittedOn, 20);
    expect(application.deadlineAt).toBe(chinaEndOfDay(dueBefore).toISOString());
    expect(day < dueBefore).toBe(true);

    const reason = '国务院办公厅通知 (test)';
    const put = await provinceAdmin.put(`${CALENDAR}/${day}`).set('User-Agent', 'calendar-test').send({ kind: 'holiday', name: '测试假期', reason });
    expect(expectStatus(put, 200).body).toEqual({ date: day, kind: 'holiday', name: '测试假期' });
    const calendarAfter = await calendarNow();
    expect(calendarAfter.isWorkingDay(day)).toBe(false);

    // The change, its row and its audit entry.
    const [change] = (await stack.db.query(
      `SELECT id::text AS id, before_kind AS "beforeKind", after_kind AS "afterKind", after_name AS "afterName", reason, actor_user_id::text AS "actorUserId"
       FROM working_calendar_change WHERE date = $1`,
      [day],
    )) as Array<Record<string, string | null>>;
    expect(change).toEqual({ id: expect.any(String), beforeKind: null, afterKind: 'holiday', afterName: '测试假期', reason, actorUserId: users.get('jiangxi.admin') });
    const [audited] = await calendarAudit();
    expect(audited).toEqual({
      action: 'working-calendar.put',
      actorUserId: users.get('jiangxi.admin'),
      actorRole: 'office-admin',
      officeCode: '36',
      subjectType: 'working-calendar-day',
      subjectId: change!.id,
      reason,
      details: { changeId: change!.id, date: day, before: null, after: { kind: 'holiday', name: '测试假期' } },
      clientIp: expect.stringMatching(/127\.0\.0\.1/),
      userAgent: 'calendar-test',
      occurredAt: expect.any(Date),
    });

    // The open cases count again: one working day later (the holiday is inside their windows).
    const expectedDeadline = chinaEndOfDay(calendarAfter.addWorkingDays(submittedOn, 20)).toISOString();
    expect(calendarAfter.addWorkingDays(submittedOn, 20)).toBe(calendarBefore.addWorkingDays(dueBefore, 1));
    const moved = await untilApplication(application.id, 'the deadline moved', (c) => c.deadlineAt !== application.deadlineAt);
    expect(moved.deadlineAt).toBe(expectedDeadline);
    const reportDueBefore = toChinaCalendarDate(new Date(report.deadlineAt!));
    expect(day < reportDueBefore).toBe(true);
    const movedReport = await untilReport(report.id, 'the report deadline moved', (r) => r.deadlineAt !== report.deadlineAt);
    expect(Date.parse(movedReport.deadlineAt!)).toBeGreaterThan(Date.parse(report.deadlineAt!));
    expect(toChinaCalendarDate(new Date(movedReport.deadlineAt!))).toBe(calendarBefore.addWorkingDays(reportDueBefore, 1));
    expect(Date.parse(movedReport.finalDeadlineAt!)).toBeGreaterThan(Date.parse(report.finalDeadlineAt!));
    // The registration office's question is due at the new deadline too.
    const [question] = (await stack.db.query(`SELECT answer_due_at AS "dueAt" FROM notification WHERE case_id = $1 AND kind = 'service-report-received'`, [report.id])) as Array<{ dueAt: Date }>;
    expect(question!.dueAt.toISOString()).toBe(movedReport.deadlineAt);

    // The workflows' own snapshots (their timers) follow: the escalation is armed at the new deadline.
    const snapshot = await snapshotOf(certificateApplicationWorkflowId(application.id));
    expect(snapshot?.deadlineAt).toBe(expectedDeadline);
    expect(snapshot?.timers).toEqual(expect.arrayContaining([{ at: expectedDeadline, action: 'escalate' }]));
    const reportSnapshot = await snapshotOf(serviceReportWorkflowId(report.id));
    expect(reportSnapshot?.timers).toEqual(expect.arrayContaining([{ at: movedReport.finalDeadlineAt, action: 'deem-accept' }]));
    // The change's recompute: named by the change, done, both cases told.
    const recompute = (await stack.client.workflow.getHandle(workingCalendarRecomputeWorkflowId(change!.id!)).result()) as { changeFound: boolean; signalled: number };
    expect(recompute.changeFound).toBe(true);
    expect(recompute.signalled).toBeGreaterThanOrEqual(2);

    // Removed again: audited with the day as it was, and the deadlines go back.
    expectStatus(await provinceAdmin.delete(`${CALENDAR}/${day}`).send({ reason: 'entered for the test' }), 204);
    const [, removed] = await calendarAudit();
    expect(removed).toMatchObject({
      action: 'working-calendar.remove',
      actorUserId: users.get('jiangxi.admin'),
      reason: 'entered for the test',
      details: { date: day, before: { kind: 'holiday', name: '测试假期' }, after: null },
    });
    const back = await untilApplication(application.id, 'the deadline moved back', (c) => c.deadlineAt === application.deadlineAt);
    expect(back.deadlineAt).toBe(application.deadlineAt);
    await untilReport(report.id, 'the report deadline moved back', (r) => r.deadlineAt === report.deadlineAt && r.finalDeadlineAt === report.finalDeadlineAt);
    expect((await snapshotOf(certificateApplicationWorkflowId(application.id)))?.deadlineAt).toBe(application.deadlineAt);
  });

  it('answers 404 for removing a day that has no entry, and records no change', async () => {
    const before = await state();
    expectProblem(await provinceAdmin.delete(`${CALENDAR}/2026-12-22`).send({ reason: 'nothing there' }), 404, 'NOT_FOUND');
    expect(await state()).toEqual(before);
  });
});
