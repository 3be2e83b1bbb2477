import type { DataSource } from 'typeorm';
import type { CaseActionGroup } from '../../domain/case-metrics';

export interface NotificationTotals {
  /** Notifications delivered: to the office's webhook, or (no webhook) to its inbox. */
  delivered: number;
  /** Dead-letterings: one notice to the manager per notification and delivery round given up on. */
  deadLetterings: number;
  /** Notifications dead-lettered now, waiting for a redelivery. */
  deadLetteredNow: number;
}

export interface OverdueCases {
  caseType: string;
  count: number;
}

/** count(*) is bigint, which the driver answers as text so as not to lose precision. */
const toNumber = (value: string | number | null): number => Number(value ?? 0);

/**
 * Whole-record totals for the operational metrics, aggregated in PostgreSQL: a handful of rows per query
 * whatever the size of the record, each served by an index holding only the columns it reads (migration
 * 1764427000000-metrics) or by a partial index on open cases. No personal data is read.
 */
export class RecordMetricsRepository {
  constructor(private readonly db: DataSource) {}

  /** The action log grouped by what the metrics tell apart; the domain (countCaseEvents) says what each group means. */
  async caseActionGroups(): Promise<CaseActionGroup[]> {
    const rows: Array<Omit<CaseActionGroup, 'count'> & { count: string }> = await this.db.query(
      `SELECT case_type AS "caseType", action, from_state AS "fromState", to_state AS "toState", actor_role AS "actorRole", count(*) AS count
         FROM case_action GROUP BY case_type, action, from_state, to_state, actor_role`,
    );
    return rows.map((row) => ({ ...row, count: toNumber(row.count) }));
  }

  async notificationTotals(): Promise<NotificationTotals> {
    const [row]: Array<Record<keyof NotificationTotals, string>> = await this.db.query(
      `SELECT count(delivered_at) AS delivered,
              count(*) FILTER (WHERE kind = 'notification-dead-lettered') AS "deadLetterings",
              count(dead_lettered_at) AS "deadLetteredNow"
         FROM notification`,
    );
    return { delivered: toNumber(row!.delivered), deadLetterings: toNumber(row!.deadLetterings), deadLetteredNow: toNumber(row!.deadLetteredNow) };
  }

  /** Webhook attempts by outcome: delivered, retry (failed, tried again later), permanent (refused, not tried again). */
  async deliveryAttemptsByOutcome(): Promise<Array<{ outcome: string; count: number }>> {
    const rows: Array<{ outcome: string; count: string }> = await this.db.query(
      `SELECT outcome, count(*) AS count FROM notification_delivery_attempt GROUP BY outcome`,
    );
    return rows.map((row) => ({ outcome: row.outcome, count: toNumber(row.count) }));
  }

  /**
   * Open cases whose deadline has passed at `now`, by the stuck list's rules (MonitoringRepository.deadlinesBefore):
   * a certificate application not paused for information, a report awaiting its answer, feedback due before today.
   */
  async overdueCases(now: Date): Promise<OverdueCases[]> {
    const rows: Array<{ caseType: string; count: string }> = await this.db.query(
      `SELECT 'certificate-application' AS "caseType", count(*) AS count FROM certificate_application
         WHERE closed_at IS NULL AND paused_at IS NULL AND deadline_at < $1
       UNION ALL
       SELECT 'service-report', count(*) FROM service_report WHERE state = 'awaiting-acknowledgement' AND deadline_at < $1
       UNION ALL
       SELECT 'residence-registration', count(*) FROM residence_registration
         WHERE state = 'registered' AND next_feedback_due_on < ($1::timestamptz AT TIME ZONE 'Asia/Shanghai')::date`,
      [now],
    );
    return rows.map((row) => ({ caseType: row.caseType, count: toNumber(row.count) }));
  }
}
