import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff who sign in through an external identity provider (OIDC) are app_user rows like everyone else, so
 * every foreign key (audit, case log, assignments) names them. The provider's issuer and subject identify
 * the row: unique together, so a user's first requests, however concurrent, make one row.
 */
export class ExternalIdentities1764455000000 implements MigrationInterface {
  name = 'ExternalIdentities1764455000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE app_user
        ADD COLUMN external_issuer text,
        ADD COLUMN external_subject text,
        ADD CONSTRAINT app_user_external_identity_key UNIQUE (external_issuer, external_subject),
        ADD CONSTRAINT app_user_external_identity_check CHECK ((external_issuer IS NULL) = (external_subject IS NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE app_user
        DROP CONSTRAINT app_user_external_identity_check,
        DROP CONSTRAINT app_user_external_identity_key,
        DROP COLUMN external_subject,
        DROP COLUMN external_issuer`);
  }
}
