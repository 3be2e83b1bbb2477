import type { DataSource, EntityManager } from 'typeorm';
import type { Jurisdiction } from '../../domain/jurisdiction';
import { jurisdictionCondition } from './jurisdiction-filter';
import { afterCondition, cappedCountSql, cappedTotal, pageSql, type CappedTotal } from './list-page';

/** A certificate application as stored; the applicant's identity lives in `person`. */
/** The applicant as declared on one application; the person row keeps the identity number they share. */
export interface DeclaredApplicant {
  fullName: string;
  sex: 'male' | 'female';
  dateOfBirth: string;
  householdOfficeCode: string;
}

export interface CertificateApplicationRow {
  id: string;
  caseNumber: string;
  officeCode: string;
  personId: string;
  applicant: DeclaredApplicant;
  maritalStatus: string;
  marriageDate: string | null;
  spouseName: string | null;
  spouseIdentityNumber: string | null;
  numberOfChildren: number | null;
  destinationOfficeCode: string | null;
  selfDeclared: boolean;
  state: string;
  assigneeUserId: string | null;
  reviewerUserId: string | null;
  registryCheck: { match: boolean; differences: string[] } | null;
  submittedAt: Date;
  deadlineWorkingDays: number;
  deadlineAt: Date | null;
  pausedAt: Date | null;
  lapseAt: Date | null;
  remindersSent: number;
  escalated: boolean;
  closedAt: Date | null;
  createdByUserId: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface PersonRow {
  id: string;
  identityNumber: string;
  fullName: string;
  sex: 'male' | 'female';
  dateOfBirth: string;
  householdOfficeCode: string;
}


const APPLICATION_COLUMNS = `
  a.id, a.case_number AS "caseNumber", a.office_code AS "officeCode", a.person_id AS "personId",
  json_build_object('fullName', a.applicant_full_name, 'sex', a.applicant_sex,
    'dateOfBirth', to_char(a.applicant_date_of_birth, 'YYYY-MM-DD'), 'householdOfficeCode', a.applicant_household_office_code) AS applicant,
  a.marital_status AS "maritalStatus", to_char(a.marriage_date, 'YYYY-MM-DD') AS "marriageDate",
  a.spouse_name AS "spouseName", a.spouse_identity_number AS "spouseIdentityNumber",
  a.number_of_children AS "numberOfChildren", a.destination_office_code AS "destinationOfficeCode",
  a.self_declared AS "selfDeclared", a.state, a.assignee_user_id AS "assigneeUserId",
  a.reviewer_user_id AS "reviewerUserId", a.registry_check AS "registryCheck", a.submitted_at AS "submittedAt",
  a.deadline_working_days AS "deadlineWorkingDays", a.deadline_at AS "deadlineAt", a.paused_at AS "pausedAt",
  a.lapse_at AS "lapseAt", a.reminders_sent AS "remindersSent", a.escalated, a.closed_at AS "closedAt",
  a.created_by_user_id AS "createdByUserId", a.created_at AS "createdAt", a.updated_at AS "updatedAt"`;

const PERSON_COLUMNS = `p.id, p.identity_number AS "identityNumber", p.full_name AS "fullName", p.sex,
  to_char(p.date_of_birth, 'YYYY-MM-DD') AS "dateOfBirth", p.household_office_code AS "householdOfficeCode"`;


export interface NewApplication {
  id: string;
  caseNumber: string;
  officeCode: string;
  personId: string;
  applicant: DeclaredApplicant;
  requestHash: string;
  maritalStatus: string;
  marriageDate: string | null;
  spouseName: string | null;
  spouseIdentityNumber: string | null;
  numberOfChildren: number | null;
  destinationOfficeCode: string | null;
  selfDeclared: boolean;
  state: string;
  assigneeUserId: string;
  submittedAt: Date;
  deadlineWorkingDays: number;
  deadlineAt: Date;
  createdByUserId: string;
  idempotencyKey: string | null;
}

export interface ApplicationListFilter {
  state?: string;
  officeCode?: string;
  overdueAt?: Date;
  assigneeUserId?: string;
  /** The case number or its beginning, in any letter case. */
  caseNumber?: string;
  /** Continue after this case (the last of the previous page) in the list order. */
  afterId?: string;
  limit: number;
  offset: number;
}

export type ApplicationUpdate = Partial<
  Pick<
    CertificateApplicationRow,
    | 'state' | 'reviewerUserId' | 'assigneeUserId' | 'registryCheck' | 'deadlineAt' | 'pausedAt' | 'lapseAt' | 'remindersSent'
    | 'escalated' | 'closedAt'
  >
>;

const UPDATE_COLUMNS: Record<keyof ApplicationUpdate, string> = {
  state: 'state',
  reviewerUserId: 'reviewer_user_id',
  assigneeUserId: 'assignee_user_id',
  registryCheck: 'registry_check',
  deadlineAt: 'deadline_at',
  pausedAt: 'paused_at',
  lapseAt: 'lapse_at',
  remindersSent: 'reminders_sent',
  escalated: 'escalated',
  closedAt: 'closed_at',
};

/** Certificate applications, their applicants and their action log. The only code that writes their SQL. */
export class CertificateApplicationsRepository {
  constructor(private readonly db: DataSource) {}

  async insert(tx: EntityManager, a: NewApplication): Promise<void> {
    await tx.query(
      `INSERT INTO certificate_application (id, case_number, office_code, person_id, marital_status, marriage_date,
         spouse_name, spouse_identity_number, number_of_children, destination_office_code, self_declared, state,
         assignee_user_id, submitted_at, deadline_working_days, deadline_at, created_by_user_id, idempotency_key,
         applicant_full_name, applicant_sex, applicant_date_of_birth, applicant_household_office_code, request_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)`,
      [
        a.id, a.caseNumber, a.officeCode, a.personId, a.maritalStatus, a.marriageDate, a.spouseName,
        a.spouseIdentityNumber, a.numberOfChildren, a.destinationOfficeCode, a.selfDeclared, a.state,
        a.assigneeUserId, a.submittedAt, a.deadlineWorkingDays, a.deadlineAt, a.createdByUserId, a.idempotencyKey,
        a.applicant.fullName, a.applicant.sex, a.applicant.dateOfBirth, a.applicant.householdOfficeCode, a.requestHash,
      ],
    );
  }

  /** For the system's own work (activities), without a jurisdiction. */
  async findById(id: string): Promise<CertificateApplicationRow | null> {
    const rows: CertificateApplicationRow[] = await this.db.query(`SELECT ${APPLICATION_COLUMNS} FROM certificate_application a WHERE a.id = $1`, [id]);
    return rows[0] ?? null;
  }

  async findByIdempotencyKey(userId: string, key: string): Promise<(CertificateApplicationRow & { requestHash: string | null }) | null> {
    const rows: Array<CertificateApplicationRow & { requestHash: string | null }> = await this.db.query(
      `SELECT ${APPLICATION_COLUMNS}, a.request_hash AS "requestHash" FROM certificate_application a
        WHERE a.created_by_user_id = $1 AND a.idempotency_key = $2`,
      [userId, key],
    );
    return rows[0] ?? null;
  }

  /**
   * Open cases still in their opening state since before `before`: their workflow never took them in
   * (its start failed, or the api stopped before it), oldest first, for the reconciler to start.
   */
  async awaitingWorkflow(before: Date, limit: number): Promise<CertificateApplicationRow[]> {
    return this.db.query(
      `SELECT ${APPLICATION_COLUMNS} FROM certificate_application a WHERE a.state = 'submitted' AND a.created_at < $1
        ORDER BY a.created_at LIMIT $2`,
      [before, limit],
    );
  }

  /** Reads one application if it lies within the jurisdiction; otherwise null, exactly as if it did not exist. */
  async findWithin(jurisdiction: Jurisdiction, id: string): Promise<CertificateApplicationRow | null> {
    const within = jurisdictionCondition('a.office_code', '$2', jurisdiction);
    const rows: CertificateApplicationRow[] = await this.db.query(
      `SELECT ${APPLICATION_COLUMNS} FROM certificate_application a WHERE a.id = $1 AND ${within.sql}`,
      [id, within.value],
    );
    return rows[0] ?? null;
  }

  /**
   * Cases within the jurisdiction, newest first, with a count capped at COUNT_CAP. Each filter has an index
   * on it and on the order (migration 1764430000000-list-indexes), for one office and for a subtree.
   */
  async listWithin(jurisdiction: Jurisdiction, f: ApplicationListFilter): Promise<{ items: CertificateApplicationRow[] } & CappedTotal> {
    const within = jurisdictionCondition('a.office_code', '$1', jurisdiction);
    const params: unknown[] = [within.value];
    const where = [within.sql];
    const add = (sql: (i: number) => string, value: unknown): void => {
      params.push(value);
      where.push(sql(params.length));
    };
    if (f.state) add((i) => `a.state = $${i}`, f.state);
    if (f.officeCode) add((i) => `a.office_code = $${i}`, f.officeCode);
    if (f.assigneeUserId) add((i) => `a.assignee_user_id = $${i}`, f.assigneeUserId);
    // A prefix, so that the number's index answers (a substring search read every case of the office).
    if (f.caseNumber) add((i) => `a.case_number LIKE $${i}`, `${f.caseNumber.toUpperCase().replace(/[%_\\]/g, '\\$&')}%`);
    if (f.overdueAt) add((i) => `a.closed_at IS NULL AND a.paused_at IS NULL AND a.deadline_at < $${i}`, f.overdueAt);
    // The total is the list's, wherever the page starts. Overdue cases are counted in deadline order: that
    // index holds exactly the overdue ones, where the list order first passes every open case not yet due.
    const counted = { where: where.join(' AND '), params: [...params] };
    const countOrder = f.overdueAt ? 'a.deadline_at' : 'a.submitted_at DESC, a.id';
    if (f.afterId) {
      add(
        (i) => afterCondition('certificate_application', 'a', 'submitted_at', `$${i}::uuid`, (k) => jurisdictionCondition(`${k}.office_code`, '$1', jurisdiction).sql),
        f.afterId,
      );
    }
    const [items, count] = await Promise.all([
      this.db.query(
        pageSql({ table: 'certificate_application', alias: 'a', columns: APPLICATION_COLUMNS, where: where.join(' AND '), column: 'submitted_at', limit: f.limit, offset: f.offset }),
        params,
      ) as Promise<CertificateApplicationRow[]>,
      this.db.query(cappedCountSql('certificate_application a', counted.where, countOrder), counted.params) as Promise<Array<{ n: number }>>,
    ]);
    return { items, ...cappedTotal(count) };
  }

  async person(id: string, tx?: EntityManager): Promise<PersonRow> {
    const rows: PersonRow[] = await (tx ?? this.db).query(`SELECT ${PERSON_COLUMNS} FROM person p WHERE p.id = $1`, [id]);
    return rows[0]!;
  }


  /** Locks the case row for the rest of the transaction, so recorded actions of one case are serialised. */
  async lock(tx: EntityManager, id: string): Promise<CertificateApplicationRow | null> {
    const rows: CertificateApplicationRow[] = await tx.query(
      `SELECT ${APPLICATION_COLUMNS} FROM certificate_application a WHERE a.id = $1 FOR UPDATE`,
      [id],
    );
    return rows[0] ?? null;
  }



  async update(tx: EntityManager, id: string, changes: ApplicationUpdate): Promise<void> {
    const entries = Object.entries(changes) as Array<[keyof ApplicationUpdate, unknown]>;
    if (entries.length === 0) return;
    const sets = entries.map(([key], i) => `${UPDATE_COLUMNS[key]} = $${i + 2}`);
    const values = entries.map(([key, value]) => (key === 'registryCheck' && value !== null ? JSON.stringify(value) : value));
    await tx.query(`UPDATE certificate_application SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, [id, ...values]);
  }
}
