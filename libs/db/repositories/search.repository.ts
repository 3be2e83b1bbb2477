import type { DataSource } from 'typeorm';
import type { Jurisdiction } from '../../domain/jurisdiction';
import { jurisdictionCondition } from './jurisdiction-filter';

/** One thing a search found: a case of any type, or a certificate; the holder's name only for masking. */
export interface SearchHit {
  kind: 'certificate-application' | 'service-report' | 'residence-registration' | 'certificate';
  id: string;
  number: string;
  state: string;
  officeCode: string;
  personId: string;
  fullName: string;
}

const LIMIT = 50;

/**
 * Exact look-ups by number, within a jurisdiction (an office party to the case, or a manager above it).
 * Every look-up is an equality on a unique or indexed column: no pattern scans.
 */
export class SearchRepository {
  constructor(private readonly db: DataSource) {}

  async byNumber(jurisdiction: Jurisdiction, number: string): Promise<SearchHit[]> {
    return this.search(jurisdiction, `= $2`, `= $2`, number);
  }

  async byIdentityNumber(jurisdiction: Jurisdiction, identityNumber: string): Promise<SearchHit[]> {
    return this.search(jurisdiction, null, null, identityNumber);
  }

  /** With a number condition it matches case and certificate numbers; without, the person’s identity number. */
  private async search(jurisdiction: Jurisdiction, caseNumber: string | null, certificateNumber: string | null, value: string): Promise<SearchHit[]> {
    const within = (column: string) => jurisdictionCondition(column, '$1', jurisdiction).sql;
    const byPerson = `p.identity_number = $2`;
    const rows: SearchHit[] = await this.db.query(
      `SELECT * FROM (
         SELECT 'certificate-application' AS kind, a.id, a.case_number AS number, a.state, a.office_code AS "officeCode", p.id AS "personId", p.full_name AS "fullName"
           FROM certificate_application a JOIN person p ON p.id = a.person_id
          WHERE ${caseNumber ? `a.case_number ${caseNumber}` : byPerson} AND (${within('a.office_code')} OR ${within('a.destination_office_code')})
         UNION ALL
         SELECT 'certificate', c.id, c.number, c.status, c.office_code, p.id, p.full_name
           FROM certificate c JOIN certificate_application a ON a.id = c.case_id JOIN person p ON p.id = c.person_id
          WHERE ${certificateNumber ? `c.number ${certificateNumber}` : byPerson} AND (${within('a.office_code')} OR ${within('a.destination_office_code')})
         UNION ALL
         SELECT 'service-report', r.id, r.case_number, r.state, r.filing_office_code, p.id, p.full_name
           FROM service_report r JOIN person p ON p.id = r.person_id
          WHERE ${caseNumber ? `r.case_number ${caseNumber}` : byPerson}
            AND (${within('r.filing_office_code')} OR ${within('r.registration_office_code')} OR ${within('r.arbitrator_office_code')})
         UNION ALL
         SELECT 'residence-registration', f.id, f.case_number, f.state, f.residence_office_code, p.id, p.full_name
           FROM residence_registration f JOIN person p ON p.id = f.person_id
          WHERE ${caseNumber ? `f.case_number ${caseNumber}` : byPerson} AND (${within('f.residence_office_code')} OR ${within('f.registration_office_code')})
       ) hits ORDER BY kind, number LIMIT ${LIMIT}`,
      [jurisdictionCondition('x', '$1', jurisdiction).value, value],
    );
    return rows;
  }
}
