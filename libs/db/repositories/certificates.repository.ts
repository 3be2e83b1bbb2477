import type { DataSource, EntityManager } from 'typeorm';
import type { Jurisdiction } from '../../domain/jurisdiction';
import { jurisdictionCondition } from './jurisdiction-filter';

export interface CertificateRow {
  id: string;
  number: string;
  caseId: string;
  personId: string;
  officeCode: string;
  status: 'valid' | 'revoked' | 'superseded';
  issuedOn: string;
  validUntil: string;
  verificationCode: string;
  signedToken: string;
  signingKeyId: string;
  selfDeclared: boolean;
  supersedesId: string | null;
  supersededById: string | null;
  revokedReason: string | null;
  revokedAt: Date | null;
  createdAt: Date;
}

const COLUMNS = `c.id, c.number, c.case_id AS "caseId", c.person_id AS "personId", c.office_code AS "officeCode",
  c.status, to_char(c.issued_on, 'YYYY-MM-DD') AS "issuedOn", to_char(c.valid_until, 'YYYY-MM-DD') AS "validUntil",
  c.verification_code AS "verificationCode", c.signed_token AS "signedToken", c.signing_key_id AS "signingKeyId",
  c.self_declared AS "selfDeclared", c.supersedes_id AS "supersedesId", c.superseded_by_id AS "supersededById",
  c.revoked_reason AS "revokedReason", c.revoked_at AS "revokedAt", c.created_at AS "createdAt"`;

export type NewCertificate = Omit<CertificateRow, 'status' | 'supersededById' | 'revokedReason' | 'revokedAt' | 'createdAt'> & {
  issuingTransactionId: string;
};

/** Issued certificates and the public keys that sign their QR payloads. */
export class CertificatesRepository {
  constructor(private readonly db: DataSource) {}

  async insert(tx: EntityManager, c: NewCertificate): Promise<void> {
    await tx.query(
      `INSERT INTO certificate (id, number, case_id, person_id, office_code, status, issued_on, valid_until,
         verification_code, signed_token, signing_key_id, self_declared, supersedes_id, issuing_transaction_id)
       VALUES ($1, $2, $3, $4, $5, 'valid', $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        c.id, c.number, c.caseId, c.personId, c.officeCode, c.issuedOn, c.validUntil, c.verificationCode,
        c.signedToken, c.signingKeyId, c.selfDeclared, c.supersedesId, c.issuingTransactionId,
      ],
    );
  }

  async findByIssuingTransaction(tx: EntityManager, transactionId: string): Promise<CertificateRow | null> {
    const rows: CertificateRow[] = await tx.query(`SELECT ${COLUMNS} FROM certificate c WHERE c.issuing_transaction_id = $1`, [
      transactionId,
    ]);
    return rows[0] ?? null;
  }

  async lock(tx: EntityManager, id: string): Promise<CertificateRow | null> {
    const rows: CertificateRow[] = await tx.query(`SELECT ${COLUMNS} FROM certificate c WHERE c.id = $1 FOR UPDATE`, [id]);
    return rows[0] ?? null;
  }

  async markSuperseded(tx: EntityManager, id: string, successorId: string): Promise<void> {
    await tx.query(`UPDATE certificate SET status = 'superseded', superseded_by_id = $2 WHERE id = $1`, [id, successorId]);
  }

  async markRevoked(tx: EntityManager, id: string, reason: string, at: Date): Promise<void> {
    await tx.query(`UPDATE certificate SET status = 'revoked', revoked_reason = $2, revoked_at = $3 WHERE id = $1`, [id, reason, at]);
  }

  /** For public verification: looked up by number alone; the caller checks the verification code. */
  async findByNumber(number: string): Promise<CertificateRow | null> {
    const rows: CertificateRow[] = await this.db.query(`SELECT ${COLUMNS} FROM certificate c WHERE c.number = $1`, [number]);
    return rows[0] ?? null;
  }

  async findByNumberWithin(jurisdiction: Jurisdiction, number: string): Promise<CertificateRow | null> {
    const within = jurisdictionCondition('c.office_code', '$2', jurisdiction);
    const rows: CertificateRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM certificate c WHERE c.number = $1 AND ${within.sql}`,
      [number, within.value],
    );
    return rows[0] ?? null;
  }

  /** Every certificate issued on a case (the first, then its renewals and replacements), oldest first. */
  async listForCase(caseId: string): Promise<CertificateRow[]> {
    return this.db.query(`SELECT ${COLUMNS} FROM certificate c WHERE c.case_id = $1 ORDER BY c.created_at`, [caseId]);
  }

  async registerSigningKey(keyId: string, publicKeyPem: string): Promise<void> {
    await this.db.query(
      `INSERT INTO certificate_signing_key (key_id, public_key_pem) VALUES ($1, $2) ON CONFLICT (key_id) DO NOTHING`,
      [keyId, publicKeyPem],
    );
  }

  async signingKeys(): Promise<Array<{ keyId: string; publicKeyPem: string; createdAt: Date }>> {
    return this.db.query(
      `SELECT key_id AS "keyId", public_key_pem AS "publicKeyPem", created_at AS "createdAt" FROM certificate_signing_key ORDER BY created_at`,
    );
  }
}
