import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Finding a person's cases by their identity number goes person → cases: each case table by person. */
export class Search1764426000000 implements MigrationInterface {
  name = 'Search1764426000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX certificate_application_person_idx ON certificate_application (person_id)`);
    await q.query(`CREATE INDEX certificate_person_idx ON certificate (person_id)`);
    await q.query(`CREATE INDEX service_report_person_idx ON service_report (person_id)`);
    await q.query(`CREATE INDEX residence_registration_person_idx ON residence_registration (person_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of ['residence_registration_person_idx', 'service_report_person_idx', 'certificate_person_idx', 'certificate_application_person_idx']) {
      await q.query(`DROP INDEX ${index}`);
    }
  }
}
