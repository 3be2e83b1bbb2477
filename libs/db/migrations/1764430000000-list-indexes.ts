import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every list answers from an index on its filter and its order, checked query by query with EXPLAIN
 * (ANALYZE, BUFFERS) on a million cases (docs/benchmarks.md; tests/integration/performance/list-plans.spec.ts
 * keeps them so). Each list order has two indexes: one led by the office, for a caseworker's one office
 * (`office_code = …`) and for counts; one led by the order with the office as a filter, for a manager's
 * subtree (`office_code LIKE '36%'` is most of the table: walking the order and skipping the other offices
 * finds a page at once, where the office-led index would sort the whole subtree). The columns a count or
 * a deep page reads are in the index (INCLUDE), so both are index-only scans.
 *
 * The overdue list has its own partial indexes over open cases with a running clock: on the list order
 * an index over all cases walked every closed case to find an overdue one (the plan that went wrong).
 *
 * Plain CREATE INDEX, inside the migration's transaction: it blocks writes to the table while it builds
 * (about 20 s in all at a million cases on 2 busy CPUs), acceptable at a deploy; CONCURRENTLY would need the
 * migration outside a transaction while the other process waits on the migration lock.
 */
export class ListIndexes1764430000000 implements MigrationInterface {
  name = 'ListIndexes1764430000000';

  async up(q: QueryRunner): Promise<void> {
    const open = `WHERE closed_at IS NULL AND paused_at IS NULL`;
    for (const sql of [
      // The default list and its deep pages: one office, then a subtree.
      `CREATE INDEX certificate_application_office_submitted_idx ON certificate_application (office_code text_pattern_ops, submitted_at DESC, id)`,
      `CREATE INDEX certificate_application_submitted_idx ON certificate_application (submitted_at DESC, id) INCLUDE (office_code)`,
      // By state (replaces (office_code, state), which it starts with).
      `CREATE INDEX certificate_application_office_state_submitted_idx ON certificate_application (office_code text_pattern_ops, state, submitted_at DESC, id)`,
      `DROP INDEX certificate_application_office_state_idx`,
      `CREATE INDEX certificate_application_state_submitted_idx ON certificate_application (state, submitted_at DESC, id) INCLUDE (office_code)`,
      // Overdue, in list order; deadline_at as a key column is checked in the index, before any row is read,
      // and the state is included for overdue cases of one state.
      `CREATE INDEX certificate_application_open_office_submitted_idx ON certificate_application (office_code text_pattern_ops, submitted_at DESC, id, deadline_at) INCLUDE (state) ${open}`,
      `CREATE INDEX certificate_application_open_submitted_idx ON certificate_application (submitted_at DESC, id, deadline_at) INCLUDE (office_code, state) ${open}`,
      // Overdue in deadline order: the subtree's overdue count, the stuck list, the daily digest. Replaces
      // (deadline_at) WHERE closed_at IS NULL: every reader also wants the clock running.
      `CREATE INDEX certificate_application_open_deadline_idx ON certificate_application (deadline_at) INCLUDE (office_code, submitted_at, id, state) ${open}`,
      `DROP INDEX certificate_application_deadline_idx`,
      // Assigned to me, in list order (replaces (assignee_user_id)).
      `CREATE INDEX certificate_application_assignee_submitted_idx ON certificate_application (assignee_user_id, submitted_at DESC, id) INCLUDE (office_code)`,
      `DROP INDEX certificate_application_assignee_idx`,
      // Search by the number or its beginning (the unique constraint's index cannot serve LIKE outside the C collation).
      `CREATE INDEX certificate_application_case_number_prefix_idx ON certificate_application (case_number text_pattern_ops)`,
      // The stuck list's cases still in their opening step (the reconciler's index covers 'submitted' only).
      `CREATE INDEX certificate_application_opening_step_idx ON certificate_application (created_at) INCLUDE (office_code) WHERE state IN ('submitted', 'registry-check')`,
      // Inboxes: all, then unread; one office, then a subtree (the first replaces (recipient_office_code,
      // created_at DESC), whose default operator class cannot serve a subtree's LIKE).
      `CREATE INDEX notification_recipient_created_idx ON notification (recipient_office_code text_pattern_ops, created_at DESC, id)`,
      `DROP INDEX notification_recipient_idx`,
      `CREATE INDEX notification_created_idx ON notification (created_at DESC, id) INCLUDE (recipient_office_code)`,
      `CREATE INDEX notification_unread_recipient_created_idx ON notification (recipient_office_code text_pattern_ops, created_at DESC, id) WHERE read_at IS NULL`,
      `CREATE INDEX notification_unread_created_idx ON notification (created_at DESC, id) INCLUDE (recipient_office_code) WHERE read_at IS NULL`,
    ]) {
      await q.query(sql);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of [
      `DROP INDEX notification_unread_created_idx`,
      `DROP INDEX notification_unread_recipient_created_idx`,
      `DROP INDEX notification_created_idx`,
      `CREATE INDEX notification_recipient_idx ON notification (recipient_office_code, created_at DESC)`,
      `DROP INDEX notification_recipient_created_idx`,
      `DROP INDEX certificate_application_opening_step_idx`,
      `DROP INDEX certificate_application_case_number_prefix_idx`,
      `CREATE INDEX certificate_application_assignee_idx ON certificate_application (assignee_user_id)`,
      `DROP INDEX certificate_application_assignee_submitted_idx`,
      `CREATE INDEX certificate_application_deadline_idx ON certificate_application (deadline_at) WHERE closed_at IS NULL`,
      `DROP INDEX certificate_application_open_deadline_idx`,
      `DROP INDEX certificate_application_open_submitted_idx`,
      `DROP INDEX certificate_application_open_office_submitted_idx`,
      `DROP INDEX certificate_application_state_submitted_idx`,
      `CREATE INDEX certificate_application_office_state_idx ON certificate_application (office_code text_pattern_ops, state)`,
      `DROP INDEX certificate_application_office_state_submitted_idx`,
      `DROP INDEX certificate_application_submitted_idx`,
      `DROP INDEX certificate_application_office_submitted_idx`,
    ]) {
      await q.query(sql);
    }
  }
}
