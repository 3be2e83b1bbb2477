import type { DataSource, EntityManager } from 'typeorm';
import type { Jurisdiction } from '../../domain/jurisdiction';
import { jurisdictionCondition } from './jurisdiction-filter';
import { cappedCountSql, cappedTotal, type CappedTotal } from './list-page';

/** A residence-place service report as stored; the person's identity lives in `person`. */
export interface ServiceReportRow {
  id: string;
  caseNumber: string;
  filingOfficeCode: string;
  registrationOfficeCode: string;
  arbitratorOfficeCode: string | null;
  personId: string;
  serviceType: string;
  serviceDate: string;
  outcome: string;
  note: string | null;
  state: string;
  acknowledgementWorkingDays: number;
  graceWorkingDays: number;
  clockStartedAt: Date;
  deadlineAt: Date | null;
  finalDeadlineAt: Date | null;
  remindersSent: number;
  contestReason: string | null;
  filedAt: Date;
  closedAt: Date | null;
  createdByUserId: string;
  createdAt: Date;
  updatedAt: Date;
}

export type NewServiceReport = Omit<ServiceReportRow, 'deadlineAt' | 'finalDeadlineAt' | 'remindersSent' | 'contestReason' | 'closedAt' | 'createdAt' | 'updatedAt'> & {
  idempotencyKey: string | null;
  requestHash: string;
};

export type ServiceReportUpdate = Partial<
  Pick<
    ServiceReportRow,
    | 'state' | 'serviceType' | 'serviceDate' | 'outcome' | 'note' | 'clockStartedAt' | 'deadlineAt' | 'finalDeadlineAt'
    | 'remindersSent' | 'contestReason' | 'closedAt'
  >
>;

const UPDATE_COLUMNS: Record<keyof ServiceReportUpdate, string> = {
  state: 'state',
  serviceType: 'service_type',
  serviceDate: 'service_date',
  outcome: 'outcome',
  note: 'note',
  clockStartedAt: 'clock_started_at',
  deadlineAt: 'deadline_at',
  finalDeadlineAt: 'final_deadline_at',
  remindersSent: 'reminders_sent',
  contestReason: 'contest_reason',
  closedAt: 'closed_at',
};

const COLUMNS = `r.id, r.case_number AS "caseNumber", r.filing_office_code AS "filingOfficeCode",
  r.registration_office_code AS "registrationOfficeCode", r.arbitrator_office_code AS "arbitratorOfficeCode",
  r.person_id AS "personId", r.service_type AS "serviceType", to_char(r.service_date, 'YYYY-MM-DD') AS "serviceDate",
  r.outcome, r.note, r.state, r.acknowledgement_working_days AS "acknowledgementWorkingDays",
  r.grace_working_days AS "graceWorkingDays", r.clock_started_at AS "clockStartedAt", r.deadline_at AS "deadlineAt",
  r.final_deadline_at AS "finalDeadlineAt", r.reminders_sent AS "remindersSent", r.contest_reason AS "contestReason",
  r.filed_at AS "filedAt", r.closed_at AS "closedAt", r.created_by_user_id AS "createdByUserId",
  r.created_at AS "createdAt", r.updated_at AS "updatedAt"`;

export interface ServiceReportListFilter {
  /** filed: reports the jurisdiction's offices filed; received: reports addressed to them; absent: both. */
  direction?: 'filed' | 'received';
  state?: string;
  overdueAt?: Date;
  limit: number;
  offset: number;
}

/** Service reports. The only code that writes their SQL. */
export class ServiceReportsRepository {
  constructor(private readonly db: DataSource) {}

  async insert(tx: EntityManager, r: NewServiceReport): Promise<void> {
    await tx.query(
      `INSERT INTO service_report (id, case_number, filing_office_code, registration_office_code, arbitrator_office_code,
         person_id, service_type, service_date, outcome, note, state, acknowledgement_working_days, grace_working_days,
         clock_started_at, filed_at, created_by_user_id, idempotency_key, request_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
      [
        r.id, r.caseNumber, r.filingOfficeCode, r.registrationOfficeCode, r.arbitratorOfficeCode, r.personId, r.serviceType,
        r.serviceDate, r.outcome, r.note, r.state, r.acknowledgementWorkingDays, r.graceWorkingDays, r.clockStartedAt,
        r.filedAt, r.createdByUserId, r.idempotencyKey, r.requestHash,
      ],
    );
  }

  async findByIdempotencyKey(userId: string, key: string): Promise<(ServiceReportRow & { requestHash: string | null }) | null> {
    const rows: Array<ServiceReportRow & { requestHash: string | null }> = await this.db.query(
      `SELECT ${COLUMNS}, r.request_hash AS "requestHash" FROM service_report r WHERE r.created_by_user_id = $1 AND r.idempotency_key = $2`,
      [userId, key],
    );
    return rows[0] ?? null;
  }

  /** Locks the report for the rest of the transaction, so the actions on one report are serialised. */
  async lock(tx: EntityManager, id: string): Promise<ServiceReportRow | null> {
    const rows: ServiceReportRow[] = await tx.query(`SELECT ${COLUMNS} FROM service_report r WHERE r.id = $1 FOR UPDATE`, [id]);
    return rows[0] ?? null;
  }

  async update(tx: EntityManager, id: string, changes: ServiceReportUpdate): Promise<void> {
    const entries = Object.entries(changes) as Array<[keyof ServiceReportUpdate, unknown]>;
    if (entries.length === 0) return;
    const sets = entries.map(([key], i) => `${UPDATE_COLUMNS[key]} = $${i + 2}`);
    await tx.query(`UPDATE service_report SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, [id, ...entries.map(([, v]) => v)]);
  }

  /** Reports still in their opening state since before `before`: their workflow never took them in. */
  async awaitingWorkflow(before: Date, limit: number): Promise<ServiceReportRow[]> {
    return this.db.query(
      `SELECT ${COLUMNS} FROM service_report r WHERE r.state = 'filed' AND r.created_at < $1 ORDER BY r.created_at LIMIT $2`,
      [before, limit],
    );
  }

  /** One report the jurisdiction is party to (as filing, registration or arbitrator office); otherwise null, as if it did not exist. */
  async findVisible(jurisdiction: Jurisdiction, id: string): Promise<ServiceReportRow | null> {
    const party = partyCondition(jurisdiction, '$2');
    const rows: ServiceReportRow[] = await this.db.query(`SELECT ${COLUMNS} FROM service_report r WHERE r.id = $1 AND ${party.sql}`, [
      id,
      party.value,
    ]);
    return rows[0] ?? null;
  }

  async listVisible(jurisdiction: Jurisdiction, f: ServiceReportListFilter): Promise<{ items: ServiceReportRow[] } & CappedTotal> {
    const params: unknown[] = [];
    const where: string[] = [];
    const add = (sql: (p: string) => string, value: unknown): void => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (f.direction === 'filed') add((p) => jurisdictionCondition('r.filing_office_code', p, jurisdiction).sql, jurisdictionValue(jurisdiction));
    else if (f.direction === 'received') add((p) => jurisdictionCondition('r.registration_office_code', p, jurisdiction).sql, jurisdictionValue(jurisdiction));
    else add((p) => partyCondition(jurisdiction, p).sql, jurisdictionValue(jurisdiction));
    if (f.state) add((p) => `r.state = ${p}`, f.state);
    if (f.overdueAt) add((p) => `r.state = 'awaiting-acknowledgement' AND r.deadline_at < ${p}`, f.overdueAt);
    const whereSql = where.join(' AND ');
    const [items, count] = await Promise.all([
      this.db.query(
        `SELECT ${COLUMNS} FROM service_report r WHERE ${whereSql} ORDER BY r.filed_at DESC, r.id LIMIT ${f.limit} OFFSET ${f.offset}`,
        params,
      ) as Promise<ServiceReportRow[]>,
      this.db.query(cappedCountSql('service_report r', whereSql), params) as Promise<Array<{ n: number }>>,
    ]);
    return { items, ...cappedTotal(count) };
  }
}

function jurisdictionValue(jurisdiction: Jurisdiction): string {
  return jurisdictionCondition('x', '$1', jurisdiction).value;
}

/** The jurisdiction is party to the report: any of its three offices lies within it. */
function partyCondition(jurisdiction: Jurisdiction, placeholder: string): { sql: string; value: string } {
  const parts = ['r.filing_office_code', 'r.registration_office_code', 'r.arbitrator_office_code'].map(
    (column) => jurisdictionCondition(column, placeholder, jurisdiction).sql,
  );
  return { sql: `(${parts.join(' OR ')})`, value: jurisdictionValue(jurisdiction) };
}
