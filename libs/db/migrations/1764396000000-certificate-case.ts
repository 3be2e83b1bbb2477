import type { MigrationInterface, QueryRunner } from 'typeorm';

/** One word per concept: a certificate is issued on a case, and names it `case_id` as every other table does. */
export class CertificateCase1764396000000 implements MigrationInterface {
  name = 'CertificateCase1764396000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE certificate RENAME COLUMN application_id TO case_id`);
    await q.query(`ALTER INDEX certificate_application_idx RENAME TO certificate_case_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER INDEX certificate_case_idx RENAME TO certificate_application_idx`);
    await q.query(`ALTER TABLE certificate RENAME COLUMN case_id TO application_id`);
  }
}
