import type { DataSource, EntityManager } from 'typeorm';
import type { Jurisdiction } from '../../domain/jurisdiction';
import { jurisdictionCondition } from './jurisdiction-filter';

/** A two-way cooperation agreement (双向管理协作) between two offices, stored once per pair. */
export interface CooperationAgreementRow {
  officeCodeA: string;
  officeCodeB: string;
  acknowledgementWorkingDays: number;
  feedbackIntervalMonths: number;
  arbitratorOfficeCode: string | null;
  updatedAt: Date;
}

const COLUMNS = `c.office_code_a AS "officeCodeA", c.office_code_b AS "officeCodeB",
  c.acknowledgement_working_days AS "acknowledgementWorkingDays", c.feedback_interval_months AS "feedbackIntervalMonths",
  c.arbitrator_office_code AS "arbitratorOfficeCode", c.updated_at AS "updatedAt"`;

/** The pair in stored order: the lower code first, so either order finds the one agreement. */
export function agreementPair(x: string, y: string): [string, string] {
  return x < y ? [x, y] : [y, x];
}

export class CooperationAgreementsRepository {
  constructor(private readonly db: DataSource) {}

  async find(x: string, y: string, tx?: EntityManager): Promise<CooperationAgreementRow | null> {
    const [a, b] = agreementPair(x, y);
    const rows: CooperationAgreementRow[] = await (tx ?? this.db).query(
      `SELECT ${COLUMNS} FROM cooperation_agreement c WHERE c.office_code_a = $1 AND c.office_code_b = $2`,
      [a, b],
    );
    return rows[0] ?? null;
  }

  async upsert(
    agreement: Omit<CooperationAgreementRow, 'updatedAt' | 'officeCodeA' | 'officeCodeB'> & { officeCodes: [string, string]; updatedByUserId: string },
  ): Promise<CooperationAgreementRow> {
    const [a, b] = agreementPair(...agreement.officeCodes);
    await this.db.query(
      `INSERT INTO cooperation_agreement (office_code_a, office_code_b, acknowledgement_working_days, feedback_interval_months,
         arbitrator_office_code, updated_by_user_id)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (office_code_a, office_code_b) DO UPDATE SET acknowledgement_working_days = EXCLUDED.acknowledgement_working_days,
         feedback_interval_months = EXCLUDED.feedback_interval_months, arbitrator_office_code = EXCLUDED.arbitrator_office_code,
         updated_by_user_id = EXCLUDED.updated_by_user_id, updated_at = now()`,
      [a, b, agreement.acknowledgementWorkingDays, agreement.feedbackIntervalMonths, agreement.arbitratorOfficeCode, agreement.updatedByUserId],
    );
    return (await this.find(a, b))!;
  }

  /** Agreements one of whose offices lies within the jurisdiction. */
  async listWithin(jurisdiction: Jurisdiction): Promise<CooperationAgreementRow[]> {
    const a = jurisdictionCondition('c.office_code_a', '$1', jurisdiction);
    const b = jurisdictionCondition('c.office_code_b', '$1', jurisdiction);
    return this.db.query(`SELECT ${COLUMNS} FROM cooperation_agreement c WHERE ${a.sql} OR ${b.sql} ORDER BY c.office_code_a, c.office_code_b`, [a.value]);
  }

  /** The lowest office above (or at) both codes, if the directory has one: division codes nest by prefix. */
  async lowestCommonOffice(x: string, y: string, tx?: EntityManager): Promise<string | null> {
    const rows: Array<{ code: string }> = await (tx ?? this.db).query(
      `SELECT code FROM office WHERE starts_with($1, code) AND starts_with($2, code) ORDER BY length(code) DESC LIMIT 1`,
      [x, y],
    );
    return rows[0]?.code ?? null;
  }
}
