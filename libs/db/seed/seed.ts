import type { DataSource } from 'typeorm';
import { CN_WORKING_CALENDAR } from './cn-working-calendar';
import { DEMO_DIVISIONS } from './divisions-demo';
import { DEMO_USERS } from './demo-users';
import { DEMO_REGISTRY_RECORDS } from './demo-registry';
import { PostgresHouseholdRegistry } from '../repositories/household-registry.repository';

/**
 * Reference data every deployment needs: the published working calendar. Inserted, never overwritten,
 * so an office admin's corrections survive restarts.
 */
export async function seedReferenceData(db: DataSource): Promise<void> {
  for (const day of CN_WORKING_CALENDAR) {
    await db.query(
      `INSERT INTO working_calendar_day (date, kind, name) VALUES ($1, $2, $3) ON CONFLICT (date) DO NOTHING`,
      [day.date, day.kind, day.name],
    );
  }
}

/** The demo office subtree, demo staff and demo household-registry records (idempotent). */
export async function seedDemoData(db: DataSource): Promise<void> {
  await db.transaction(async (tx) => {
    for (const office of DEMO_DIVISIONS) {
      await tx.query(
        `INSERT INTO office (code, name, level, parent_code) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING`,
        [office.code, office.name, office.level, office.parentCode],
      );
    }
    for (const user of DEMO_USERS) {
      await tx.query(
        `INSERT INTO app_user (username, display_name, role, office_code) VALUES ($1, $2, $3, $4)
         ON CONFLICT (username) DO NOTHING`,
        [user.username, user.displayName, user.role, user.officeCode],
      );
    }
    // Shenzhen's 新安街道 and Nanchang's 滕王阁街道 exchange many people. No office lies above both in the
    // demo directory (they are in different provinces), so the agreement names the arbitrator: Jiangxi,
    // the registration side's province (jiangxi.manager decides contested reports).
    await tx.query(
      `INSERT INTO cooperation_agreement (office_code_a, office_code_b, acknowledgement_working_days, feedback_interval_months, arbitrator_office_code)
       VALUES ('360102002', '440306017', 10, 6, '36') ON CONFLICT DO NOTHING`,
    );
  });
  const registry = new PostgresHouseholdRegistry(db);
  for (const record of DEMO_REGISTRY_RECORDS) await registry.upsert(record);
}
