import type { DataSource, EntityManager } from 'typeorm';
import type { Jurisdiction } from '../../domain/jurisdiction';
import { jurisdictionCondition } from './jurisdiction-filter';
import { cappedCountSql, cappedTotal, type CappedTotal } from './list-page';

/** A person's file at their residence office, as stored; the person's identity lives in `person`. */
export interface ResidenceRegistrationRow {
  id: string;
  caseNumber: string;
  personId: string;
  residenceOfficeCode: string;
  registrationOfficeCode: string;
  state: string;
  verification: 'certificate' | 'self-declaration';
  certificateId: string | null;
  /** The verified certificate's number, for people to read (read with the file, not stored on it). */
  certificateNumber: string | null;
  arrivedOn: string;
  feedbackIntervalMonths: number;
  feedbackReminderLeadDays: number;
  feedbackEscalationWorkingDays: number;
  nextFeedbackDueOn: string;
  feedbackRemindersSent: number;
  feedbackEscalated: boolean;
  feedbacksGiven: number;
  lastFeedbackAt: Date | null;
  registeredAt: Date;
  closedAt: Date | null;
  createdByUserId: string;
  createdAt: Date;
  updatedAt: Date;
}

export type NewResidenceRegistration = Omit<
  ResidenceRegistrationRow,
  'certificateNumber' | 'feedbackRemindersSent' | 'feedbackEscalated' | 'feedbacksGiven' | 'lastFeedbackAt' | 'closedAt' | 'createdAt' | 'updatedAt'
> & { idempotencyKey: string | null; requestHash: string };

export type ResidenceRegistrationUpdate = Partial<
  Pick<
    ResidenceRegistrationRow,
    | 'state' | 'residenceOfficeCode' | 'feedbackIntervalMonths' | 'nextFeedbackDueOn' | 'feedbackRemindersSent'
    | 'feedbackEscalated' | 'feedbacksGiven' | 'lastFeedbackAt' | 'closedAt'
  >
>;

const UPDATE_COLUMNS: Record<keyof ResidenceRegistrationUpdate, string> = {
  state: 'state',
  residenceOfficeCode: 'residence_office_code',
  feedbackIntervalMonths: 'feedback_interval_months',
  nextFeedbackDueOn: 'next_feedback_due_on',
  feedbackRemindersSent: 'feedback_reminders_sent',
  feedbackEscalated: 'feedback_escalated',
  feedbacksGiven: 'feedbacks_given',
  lastFeedbackAt: 'last_feedback_at',
  closedAt: 'closed_at',
};

const COLUMNS = `r.id, r.case_number AS "caseNumber", r.person_id AS "personId", r.residence_office_code AS "residenceOfficeCode",
  r.registration_office_code AS "registrationOfficeCode", r.state, r.verification, r.certificate_id AS "certificateId",
  (SELECT c.number FROM certificate c WHERE c.id = r.certificate_id) AS "certificateNumber", to_char(r.arrived_on, 'YYYY-MM-DD') AS "arrivedOn", r.feedback_interval_months AS "feedbackIntervalMonths",
  r.feedback_reminder_lead_days AS "feedbackReminderLeadDays", r.feedback_escalation_working_days AS "feedbackEscalationWorkingDays",
  to_char(r.next_feedback_due_on, 'YYYY-MM-DD') AS "nextFeedbackDueOn", r.feedback_reminders_sent AS "feedbackRemindersSent",
  r.feedback_escalated AS "feedbackEscalated", r.feedbacks_given AS "feedbacksGiven", r.last_feedback_at AS "lastFeedbackAt",
  r.registered_at AS "registeredAt", r.closed_at AS "closedAt", r.created_by_user_id AS "createdByUserId",
  r.created_at AS "createdAt", r.updated_at AS "updatedAt"`;

export interface ResidenceRegistrationListFilter {
  /** residing: files held by the jurisdiction's offices (their residents); registered: people registered there; absent: both. */
  direction?: 'residing' | 'registered';
  state?: string;
  /** Open files whose feedback was due before this China date (strictly: the due day itself is still on time). */
  feedbackOverdueOn?: string;
  limit: number;
  offset: number;
}

/** Residence registrations. The only code that writes their SQL. */
export class ResidenceRegistrationsRepository {
  constructor(private readonly db: DataSource) {}

  async insert(tx: EntityManager, r: NewResidenceRegistration): Promise<void> {
    await tx.query(
      `INSERT INTO residence_registration (id, case_number, person_id, residence_office_code, registration_office_code, state,
         verification, certificate_id, arrived_on, feedback_interval_months, feedback_reminder_lead_days,
         feedback_escalation_working_days, next_feedback_due_on, registered_at, created_by_user_id, idempotency_key, request_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
      [
        r.id, r.caseNumber, r.personId, r.residenceOfficeCode, r.registrationOfficeCode, r.state, r.verification, r.certificateId,
        r.arrivedOn, r.feedbackIntervalMonths, r.feedbackReminderLeadDays, r.feedbackEscalationWorkingDays, r.nextFeedbackDueOn,
        r.registeredAt, r.createdByUserId, r.idempotencyKey, r.requestHash,
      ],
    );
  }

  async findByIdempotencyKey(userId: string, key: string): Promise<(ResidenceRegistrationRow & { requestHash: string | null }) | null> {
    const rows: Array<ResidenceRegistrationRow & { requestHash: string | null }> = await this.db.query(
      `SELECT ${COLUMNS}, r.request_hash AS "requestHash" FROM residence_registration r WHERE r.created_by_user_id = $1 AND r.idempotency_key = $2`,
      [userId, key],
    );
    return rows[0] ?? null;
  }

  /** The person's open file, wherever it is held: a person lives at one residence office at a time. */
  async openFileOf(tx: EntityManager, personId: string): Promise<Pick<ResidenceRegistrationRow, 'id' | 'residenceOfficeCode'> | null> {
    const rows: Array<Pick<ResidenceRegistrationRow, 'id' | 'residenceOfficeCode'>> = await tx.query(
      `SELECT id, residence_office_code AS "residenceOfficeCode" FROM residence_registration
       WHERE person_id = $1 AND state IN ('arrived', 'registered')`,
      [personId],
    );
    return rows[0] ?? null;
  }

  /** Locks the file for the rest of the transaction, so the actions on one file are serialised. */
  async lock(tx: EntityManager, id: string): Promise<ResidenceRegistrationRow | null> {
    const rows: ResidenceRegistrationRow[] = await tx.query(`SELECT ${COLUMNS} FROM residence_registration r WHERE r.id = $1 FOR UPDATE`, [id]);
    return rows[0] ?? null;
  }

  async update(tx: EntityManager, id: string, changes: ResidenceRegistrationUpdate): Promise<void> {
    const entries = Object.entries(changes) as Array<[keyof ResidenceRegistrationUpdate, unknown]>;
    if (entries.length === 0) return;
    const sets = entries.map(([key], i) => `${UPDATE_COLUMNS[key]} = $${i + 2}`);
    await tx.query(`UPDATE residence_registration SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, [id, ...entries.map(([, v]) => v)]);
  }

  /** Files still in their opening state since before `before`: their workflow never took them in. */
  async awaitingWorkflow(before: Date, limit: number): Promise<ResidenceRegistrationRow[]> {
    return this.db.query(
      `SELECT ${COLUMNS} FROM residence_registration r WHERE r.state = 'arrived' AND r.created_at < $1 ORDER BY r.created_at LIMIT $2`,
      [before, limit],
    );
  }

  /**
   * One file the jurisdiction is party to: it holds the file, the person is registered there, or it was
   * told about the file (an office the person moved away from); otherwise null, as if it did not exist.
   */
  async findVisible(jurisdiction: Jurisdiction, id: string): Promise<ResidenceRegistrationRow | null> {
    const party = partyCondition(jurisdiction, '$2');
    const rows: ResidenceRegistrationRow[] = await this.db.query(`SELECT ${COLUMNS} FROM residence_registration r WHERE r.id = $1 AND ${party.sql}`, [
      id,
      party.value,
    ]);
    return rows[0] ?? null;
  }

  async listVisible(jurisdiction: Jurisdiction, f: ResidenceRegistrationListFilter): Promise<{ items: ResidenceRegistrationRow[] } & CappedTotal> {
    const params: unknown[] = [];
    const where: string[] = [];
    const add = (sql: (p: string) => string, value: unknown): void => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    const value = jurisdictionCondition('x', '$1', jurisdiction).value;
    if (f.direction === 'residing') add((p) => jurisdictionCondition('r.residence_office_code', p, jurisdiction).sql, value);
    else if (f.direction === 'registered') add((p) => jurisdictionCondition('r.registration_office_code', p, jurisdiction).sql, value);
    else add((p) => partyCondition(jurisdiction, p).sql, value);
    if (f.state) add((p) => `r.state = ${p}`, f.state);
    if (f.feedbackOverdueOn) add((p) => `r.state = 'registered' AND r.next_feedback_due_on < ${p}::date`, f.feedbackOverdueOn);
    const whereSql = where.join(' AND ');
    const [items, count] = await Promise.all([
      this.db.query(
        `SELECT ${COLUMNS} FROM residence_registration r WHERE ${whereSql}
         ORDER BY r.next_feedback_due_on, r.registered_at DESC, r.id LIMIT ${f.limit} OFFSET ${f.offset}`,
        params,
      ) as Promise<ResidenceRegistrationRow[]>,
      this.db.query(cappedCountSql('residence_registration r', whereSql), params) as Promise<Array<{ n: number }>>,
    ]);
    return { items, ...cappedTotal(count) };
  }
}

/** The jurisdiction is party to the file: it holds it, the person is registered there, or it was told about it. */
function partyCondition(jurisdiction: Jurisdiction, placeholder: string): { sql: string; value: string } {
  const holds = jurisdictionCondition('r.residence_office_code', placeholder, jurisdiction);
  const registered = jurisdictionCondition('r.registration_office_code', placeholder, jurisdiction);
  const told = jurisdictionCondition('told.recipient_office_code', placeholder, jurisdiction);
  return {
    sql: `(${holds.sql} OR ${registered.sql} OR EXISTS (SELECT 1 FROM notification told WHERE told.case_id = r.id AND ${told.sql}))`,
    value: holds.value,
  };
}
