/**
 * The main list queries, as the repositories issue them, for a database seeded by bench/seed.ts: the case
 * list of a caseworker (one office) and of the province manager (a subtree) with each filter and deep page,
 * the inbox, the stuck list's sources and the daily digest's counts. Each is a call on a DataSource, so a
 * caller can hand the repository one that records the SQL it sends (recordingDataSource) and explain it:
 * tests/integration/performance/list-plans.spec.ts asserts the plans, bench/explain.ts prints them.
 */
import type { DataSource } from 'typeorm';
import {
  CertificateApplicationsRepository,
  MonitoringRepository,
  NotificationsRepository,
  WorkingCalendarRepository,
  type ApplicationListFilter,
  type InboxFilter,
  type StateWait,
} from '../libs/db';
import {
  addCalendarDays,
  chinaStartOfDay,
  DEFAULT_STATE_THRESHOLDS,
  toChinaCalendarDate,
  type Jurisdiction,
} from '../libs/domain';

export const CASEWORKER_JURISDICTION: Jurisdiction = { officeCode: '360102002', includeSubtree: false };
export const PROVINCE_MANAGER_JURISDICTION: Jurisdiction = { officeCode: '36', includeSubtree: true };

export interface ListQuery {
  name: string;
  call: (source: DataSource) => Promise<unknown>;
}

export interface RecordedQuery {
  sql: string;
  params: unknown[];
}

/** A DataSource whose query() records what it is sent and answers from `db`. */
export function recordingDataSource(db: DataSource, into: RecordedQuery[]): DataSource {
  return {
    query: (sql: string, params: unknown[] = []) => {
      into.push({ sql, params });
      return db.query(sql, params);
    },
  } as unknown as DataSource;
}

export async function listQueries(db: DataSource, now: Date): Promise<ListQuery[]> {
  const [{ id: assignee }] = (await db.query(`SELECT id FROM app_user WHERE username = 'tengwangge.caseworker'`)) as [{ id: string }];
  const calendar = await new WorkingCalendarRepository(db).load();
  const queries: ListQuery[] = [];
  // The summary's period, as MonitoringSummaryService takes it: the last 90 China days, today included.
  const summaryTo = addCalendarDays(toChinaCalendarDate(now), 1);
  const summaryFrom = addCalendarDays(summaryTo, -90);
  for (const [who, jurisdiction] of [['caseworker', CASEWORKER_JURISDICTION], ['manager (36)', PROVINCE_MANAGER_JURISDICTION]] as const) {
    const cases = (f: Partial<ApplicationListFilter>) => (source: DataSource) =>
      new CertificateApplicationsRepository(source).listWithin(jurisdiction, { limit: 20, offset: 0, ...f });
    const inbox = (f: Partial<InboxFilter>) => (source: DataSource) =>
      new NotificationsRepository(source).inbox(jurisdiction, { limit: 20, offset: 0, ...f });
    // Cursors and numbers from the lists themselves; a deep page the list does not reach (10,000 cases) is left out.
    const caseAt = async (offset: number, f: Partial<ApplicationListFilter> = {}) =>
      (await new CertificateApplicationsRepository(db).listWithin(jurisdiction, { limit: 1, offset, ...f })).items[0];
    const notificationAt = async (offset: number) =>
      (await new NotificationsRepository(db).inbox(jurisdiction, { limit: 1, offset, unread: true })).items[0];
    const { total } = await new CertificateApplicationsRepository(db).listWithin(jurisdiction, { limit: 1, offset: 0 });
    const { caseNumber } = (await caseAt(Math.floor(Math.min(total, 5000) / 2)))!;
    const [after5000, overdueAfter100, notificationAfter1000] = [await caseAt(4999), await caseAt(99, { overdueAt: now }), await notificationAt(999)];
    const monitoring = (source: DataSource) => new MonitoringRepository(source);
    queries.push(
      { name: `${who}: cases, default`, call: cases({}) },
      { name: `${who}: cases, state=under-review`, call: cases({ state: 'under-review' }) },
      { name: `${who}: cases, state=issued`, call: cases({ state: 'issued' }) },
      { name: `${who}: cases, overdue`, call: cases({ overdueAt: now }) },
      { name: `${who}: cases, overdue and under-review`, call: cases({ overdueAt: now, state: 'under-review' }) },
      { name: `${who}: cases, assigned to tengwangge.caseworker`, call: cases({ assigneeUserId: assignee }) },
      { name: `${who}: cases, offset=5000`, call: cases({ offset: 5000 }) },
      ...(after5000 ? [{ name: `${who}: cases, after the 5000th`, call: cases({ afterId: after5000.id }) }] : []),
      ...(overdueAfter100 ? [{ name: `${who}: cases, overdue, after the 100th`, call: cases({ overdueAt: now, afterId: overdueAfter100.id }) }] : []),
      { name: `${who}: cases, case number exact`, call: cases({ caseNumber }) },
      { name: `${who}: cases, case number prefix (lower case)`, call: cases({ caseNumber: caseNumber.slice(0, -2).toLowerCase() }) },
      { name: `${who}: inbox, all`, call: inbox({}) },
      { name: `${who}: inbox, unread`, call: inbox({ unread: true }) },
      { name: `${who}: inbox, unread, offset=1000`, call: inbox({ unread: true, offset: 1000 }) },
      ...(notificationAfter1000 ? [{ name: `${who}: inbox, unread, after the 1000th`, call: inbox({ unread: true, afterId: notificationAfter1000.id }) }] : []),
      { name: `${who}: stuck list, deadlines`, call: (s) => monitoring(s).deadlinesBefore(jurisdiction, calendar.deadlineInstant(now, 2), 500) },
      { name: `${who}: stuck list, opening`, call: (s) => monitoring(s).openingSince(jurisdiction, new Date(now.getTime() - 300_000), 50) },
      { name: `${who}: stuck list, dead-lettered`, call: (s) => monitoring(s).deadLettered(jurisdiction, 500) },
      { name: `${who}: stuck list, waiting too long`, call: (s) => monitoring(s).waitingSince(jurisdiction, stateWaits(now), 500) },
      { name: `${who}: summary, counts by type, state and office`, call: (s) => monitoring(s).countsByTypeStateOffice(jurisdiction) },
      { name: `${who}: summary, issuance in 90 days`, call: (s) => monitoring(s).issuance(jurisdiction, summaryFrom) },
      { name: `${who}: summary, daily series of 90 days`, call: (s) => monitoring(s).dailySeries(jurisdiction, summaryFrom, summaryTo) },
      {
        name: `${who}: summary, feedback rates in 90 days`,
        call: (s) => new NotificationsRepository(s).feedbackRates(jurisdiction, chinaStartOfDay(summaryFrom), chinaStartOfDay(summaryTo)),
      },
    );
  }
  queries.push({ name: 'daily digest: overdue counts', call: (source) => new NotificationsRepository(source).overdueCountsForDigest(now) });
  return queries;
}

/** The stuck list's watched states with their default thresholds, as MonitoringService turns them into instants. */
export function stateWaits(now: Date): StateWait[] {
  return [...DEFAULT_STATE_THRESHOLDS].map(([key, seconds]) => {
    const [caseType, state] = key.split('.') as [string, string];
    return { caseType, state, before: new Date(now.getTime() - seconds * 1000) };
  });
}
