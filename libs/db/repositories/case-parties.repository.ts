import type { DataSource } from 'typeorm';
import { caseAccessOf, type CaseAccess } from '../../domain/case-parties';
import type { Jurisdiction } from '../../domain/jurisdiction';
import { jurisdictionCondition } from './jurisdiction-filter';

/**
 * The one SQL form of "the reader's jurisdiction is a party to this case", for a case row aliased
 * `caseAlias` (a certificate_application): the owning side is the case's office within the jurisdiction;
 * a counterpart is its destination office, or an office that received a notification about the case,
 * within the jurisdiction (so a manager above either sees what that office sees). Both conditions use
 * the one placeholder, bound to the jurisdiction's value.
 */
export function casePartyConditions(caseAlias: string, placeholder: string, jurisdiction: Jurisdiction): { owner: string; counterpart: string; value: string } {
  const owner = jurisdictionCondition(`${caseAlias}.office_code`, placeholder, jurisdiction);
  const destination = jurisdictionCondition(`${caseAlias}.destination_office_code`, placeholder, jurisdiction);
  const recipient = jurisdictionCondition('told.recipient_office_code', placeholder, jurisdiction);
  return {
    owner: owner.sql,
    counterpart: `(${destination.sql} OR EXISTS (SELECT 1 FROM notification told WHERE told.case_id = ${caseAlias}.id AND ${recipient.sql}))`,
    value: owner.value,
  };
}

export interface CertificateAccess {
  access: CaseAccess;
  certificateId: string;
  caseId: string;
}

/** How a reader stands to a case or a certificate (through the case it was issued on); null when not a party. */
export class CasePartiesRepository {
  constructor(private readonly db: DataSource) {}

  async accessToCase(jurisdiction: Jurisdiction, caseId: string): Promise<CaseAccess | null> {
    const party = casePartyConditions('a', '$2', jurisdiction);
    const rows: Array<{ owner: boolean; counterpart: boolean }> = await this.db.query(
      `SELECT ${party.owner} AS owner, ${party.counterpart} AS counterpart FROM certificate_application a WHERE a.id = $1`,
      [caseId, party.value],
    );
    return rows[0] ? caseAccessOf(rows[0]) : null;
  }

  async accessToCertificate(jurisdiction: Jurisdiction, number: string): Promise<CertificateAccess | null> {
    const party = casePartyConditions('a', '$2', jurisdiction);
    const rows: Array<{ owner: boolean; counterpart: boolean; certificateId: string; caseId: string }> = await this.db.query(
      `SELECT ${party.owner} AS owner, ${party.counterpart} AS counterpart, c.id AS "certificateId", a.id AS "caseId"
       FROM certificate c JOIN certificate_application a ON a.id = c.case_id WHERE c.number = $1`,
      [number, party.value],
    );
    const row = rows[0];
    const access = row ? caseAccessOf(row) : null;
    return row && access ? { access, certificateId: row.certificateId, caseId: row.caseId } : null;
  }
}
