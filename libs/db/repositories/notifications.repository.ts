import type { DataSource, EntityManager } from 'typeorm';
import type { Jurisdiction } from '../../domain/jurisdiction';
import { jurisdictionCondition } from './jurisdiction-filter';
import { afterCondition, cappedCountSql, cappedTotal, pageSql, type CappedTotal } from './list-page';

export interface NewNotification {
  recipientOfficeCode: string;
  recipientUserId?: string | null;
  kind: string;
  caseType?: string | null;
  caseId?: string | null;
  certificateId?: string | null;
  expectsAnswer?: boolean;
  answerDueAt?: Date | null;
  /** Codes and counts only (a digest's totals): never personal data, this leaves the system by webhook. */
  payload?: Record<string, unknown>;
  /** The action that caused it, so a retried action finds the notifications it made. */
  causeTransactionId?: string | null;
  /** One cause, one notification: a retried write finds the key taken and adds nothing. */
  idempotencyKey: string;
}

export type NotificationState = 'pending' | 'delivered' | 'read' | 'answered' | 'expired' | 'dead-lettered';

export interface NotificationRow {
  id: string;
  recipientOfficeCode: string;
  recipientUserId: string | null;
  kind: string;
  caseType: string | null;
  caseId: string | null;
  certificateId: string | null;
  expectsAnswer: boolean;
  answerDueAt: Date | null;
  payload: Record<string, unknown>;
  state: NotificationState;
  deliveryRound: number;
  createdAt: Date;
  deliveredAt: Date | null;
  readAt: Date | null;
  answeredAt: Date | null;
  deadLetteredAt: Date | null;
  lastDeliveryError: string | null;
}

export interface InboxFilter {
  officeCode?: string;
  unread?: boolean;
  needsAnswer?: boolean;
  overdueAt?: Date;
  /** Continue after this notification (the last of the previous page) in the inbox order. */
  afterId?: string;
  limit: number;
  offset: number;
}

export interface FeedbackRateRow {
  officeCode: string;
  expectingAnswer: number;
  answeredOnTime: number;
  /** answeredOnTime ÷ expectingAnswer, null when nothing expected an answer. */
  rate: number | null;
  medianAnswerSeconds: number | null;
}

export interface DeliveryAttemptRow {
  round: number;
  attempt: number;
  attemptedAt: Date;
  statusCode: number | null;
  outcome: 'delivered' | 'retry' | 'permanent';
  error: string | null;
}

const COLUMNS = `n.id, n.recipient_office_code AS "recipientOfficeCode", n.recipient_user_id AS "recipientUserId", n.kind,
  n.case_type AS "caseType", n.case_id AS "caseId", n.certificate_id AS "certificateId", n.expects_answer AS "expectsAnswer",
  n.answer_due_at AS "answerDueAt", n.payload, n.state, n.delivery_round AS "deliveryRound", n.created_at AS "createdAt",
  n.delivered_at AS "deliveredAt", n.read_at AS "readAt", n.answered_at AS "answeredAt", n.dead_lettered_at AS "deadLetteredAt",
  n.last_delivery_error AS "lastDeliveryError"`;

/** The durable notification record, written in the same transaction as the change that causes it. */
export class NotificationsRepository {
  constructor(private readonly db: DataSource) {}

  async insert(tx: EntityManager, n: NewNotification): Promise<void> {
    await tx.query(
      `INSERT INTO notification (recipient_office_code, recipient_user_id, kind, case_type, case_id, certificate_id,
         expects_answer, answer_due_at, payload, cause_transaction_id, idempotency_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (idempotency_key) DO NOTHING`,
      [
        n.recipientOfficeCode, n.recipientUserId ?? null, n.kind, n.caseType ?? null, n.caseId ?? null,
        n.certificateId ?? null, n.expectsAnswer ?? false, n.answerDueAt ?? null, JSON.stringify(n.payload ?? {}),
        n.causeTransactionId ?? null, n.idempotencyKey,
      ],
    );
  }

  /** The questions of a case still waiting for their answer: who is asked, what, and by when. */
  async openQuestions(caseId: string): Promise<Array<{ id: string; kind: string; recipientOfficeCode: string; answerDueAt: Date | null }>> {
    return this.db.query(
      `SELECT id, kind, recipient_office_code AS "recipientOfficeCode", answer_due_at AS "answerDueAt" FROM notification
        WHERE case_id = $1 AND expects_answer AND answered_at IS NULL AND state <> 'expired' ORDER BY created_at, id`,
      [caseId],
    );
  }

  /** Ids of the notifications an action caused; the same answer on every retry of that action. */
  async idsCausedBy(tx: EntityManager, causeTransactionId: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await tx.query(
      `SELECT id FROM notification WHERE cause_transaction_id = $1 ORDER BY created_at, id`,
      [causeTransactionId],
    );
    return rows.map((r) => r.id);
  }

  async findById(id: string, tx?: EntityManager): Promise<NotificationRow | null> {
    const rows: NotificationRow[] = await (tx ?? this.db).query(`SELECT ${COLUMNS} FROM notification n WHERE n.id = $1`, [id]);
    return rows[0] ?? null;
  }

  async findWithin(jurisdiction: Jurisdiction, id: string): Promise<NotificationRow | null> {
    const within = jurisdictionCondition('n.recipient_office_code', '$2', jurisdiction);
    const rows: NotificationRow[] = await this.db.query(`SELECT ${COLUMNS} FROM notification n WHERE n.id = $1 AND ${within.sql}`, [
      id,
      within.value,
    ]);
    return rows[0] ?? null;
  }

  /** Inboxes within a jurisdiction, newest first, with a count capped at COUNT_CAP (indexes: 1764430000000-list-indexes). */
  async inbox(jurisdiction: Jurisdiction, f: InboxFilter): Promise<{ items: NotificationRow[] } & CappedTotal> {
    const within = jurisdictionCondition('n.recipient_office_code', '$1', jurisdiction);
    const params: unknown[] = [within.value];
    const where = [within.sql];
    const add = (sql: (i: number) => string, value: unknown): void => {
      params.push(value);
      where.push(sql(params.length));
    };
    if (f.officeCode) add((i) => `n.recipient_office_code = $${i}`, f.officeCode);
    if (f.unread) where.push(`n.read_at IS NULL`);
    // An expired question (its case was corrected, withdrawn or deemed accepted) awaits no answer any more.
    if (f.needsAnswer) where.push(`n.expects_answer AND n.answered_at IS NULL AND n.state <> 'expired'`);
    if (f.overdueAt) add((i) => `n.expects_answer AND n.answered_at IS NULL AND n.state <> 'expired' AND n.answer_due_at < $${i}`, f.overdueAt);
    // The total is the inbox's, wherever the page starts.
    const counted = { where: where.join(' AND '), params: [...params] };
    if (f.afterId) {
      add(
        (i) => afterCondition('notification', 'n', 'created_at', `$${i}::uuid`, (k) => jurisdictionCondition(`${k}.recipient_office_code`, '$1', jurisdiction).sql),
        f.afterId,
      );
    }
    const [items, count] = await Promise.all([
      this.db.query(
        pageSql({ table: 'notification', alias: 'n', columns: COLUMNS, where: where.join(' AND '), column: 'created_at', limit: f.limit, offset: f.offset }),
        params,
      ) as Promise<NotificationRow[]>,
      this.db.query(cappedCountSql('notification n', counted.where, 'n.created_at DESC, n.id'), counted.params) as Promise<Array<{ n: number }>>,
    ]);
    return { items, ...cappedTotal(count) };
  }

  /** Reading does not move an answered or dead-lettered notification back. */
  async markRead(id: string, at: Date): Promise<void> {
    await this.db.query(
      `UPDATE notification SET read_at = coalesce(read_at, $2),
         state = CASE WHEN state IN ('pending', 'delivered') THEN 'read' ELSE state END
       WHERE id = $1`,
      [id, at],
    );
  }

  /** A process action answers the notifications of a case that expected it (e.g. acknowledging a report). */
  async markAnswered(tx: EntityManager, caseId: string, kinds: readonly string[], at: Date): Promise<void> {
    await tx.query(
      `UPDATE notification SET answered_at = $3, state = 'answered'
       WHERE case_id = $1 AND kind = ANY($2) AND expects_answer AND answered_at IS NULL`,
      [caseId, kinds, at],
    );
  }

  /** Moves the due time of the case's questions still waiting for an answer (a deadline counted again). */
  async moveAnswerDue(tx: EntityManager, caseId: string, kinds: readonly string[], dueAt: Date): Promise<void> {
    await tx.query(
      `UPDATE notification SET answer_due_at = $3::timestamptz
       WHERE case_id = $1 AND kind = ANY($2) AND expects_answer AND answered_at IS NULL AND state <> 'expired'
         AND answer_due_at IS DISTINCT FROM $3::timestamptz`,
      [caseId, kinds, dueAt],
    );
  }

  /**
   * The question is gone without an answer (the case was corrected, withdrawn, or silence was taken as
   * consent): the notifications stop waiting, and stay unanswered in the feedback rate.
   */
  async markExpired(tx: EntityManager, caseId: string, kinds: readonly string[]): Promise<void> {
    await tx.query(
      `UPDATE notification SET state = 'expired'
       WHERE case_id = $1 AND kind = ANY($2) AND expects_answer AND answered_at IS NULL AND state <> 'expired'`,
      [caseId, kinds],
    );
  }

  // --- delivery ---

  /**
   * Starts delivery round `round` (1 is the first delivery, later ones are redeliveries) unless it has
   * started already: the round number comes from the workflow, so a retried start changes nothing.
   * A round older than the stored one (a stale workflow) leaves the notification alone too.
   */
  async beginDeliveryRound(tx: EntityManager, id: string, round: number): Promise<void> {
    await tx.query(
      `UPDATE notification SET delivery_round = $2, dead_lettered_at = NULL,
         state = CASE WHEN state = 'dead-lettered' THEN 'pending' ELSE state END
       WHERE id = $1 AND delivery_round < $2`,
      [id, round],
    );
  }

  /** Idempotent on (notification, round, attempt): a retried record adds nothing. */
  async recordAttempt(tx: EntityManager, a: {
    notificationId: string;
    round: number;
    attempt: number;
    at: Date;
    statusCode: number | null;
    outcome: 'delivered' | 'retry' | 'permanent';
    error: string | null;
  }): Promise<void> {
    await tx.query(
      `INSERT INTO notification_delivery_attempt (notification_id, delivery_round, attempt, attempted_at, status_code, outcome, error)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (notification_id, delivery_round, attempt) DO NOTHING`,
      [a.notificationId, a.round, a.attempt, a.at, a.statusCode, a.outcome, a.error],
    );
    if (a.outcome !== 'delivered') {
      await tx.query(`UPDATE notification SET last_delivery_error = $2 WHERE id = $1 AND delivered_at IS NULL`, [a.notificationId, a.error]);
    }
  }

  async attempts(notificationId: string): Promise<Array<{ round: number; attempt: number; statusCode: number | null; outcome: string }>> {
    return this.db.query(
      `SELECT delivery_round AS round, attempt, status_code AS "statusCode", outcome FROM notification_delivery_attempt
       WHERE notification_id = $1 ORDER BY delivery_round, attempt`,
      [notificationId],
    );
  }

  /** The same attempts with when each was made and what went wrong, for staff looking into a failed delivery. */
  async attemptHistory(notificationId: string): Promise<DeliveryAttemptRow[]> {
    return this.db.query(
      `SELECT delivery_round AS round, attempt, attempted_at AS "attemptedAt", status_code AS "statusCode", outcome, error
       FROM notification_delivery_attempt WHERE notification_id = $1 ORDER BY delivery_round, attempt`,
      [notificationId],
    );
  }

  async markDelivered(tx: EntityManager, id: string, at: Date): Promise<void> {
    await tx.query(
      `UPDATE notification SET delivered_at = coalesce(delivered_at, $2), last_delivery_error = NULL,
         state = CASE WHEN state IN ('pending', 'dead-lettered') THEN 'delivered' ELSE state END
       WHERE id = $1`,
      [id, at],
    );
  }

  async markDeadLettered(tx: EntityManager, id: string, at: Date): Promise<void> {
    // The state keeps what the inbox knows (read, answered); dead_lettered_at says the push failed.
    await tx.query(
      `UPDATE notification SET dead_lettered_at = $2, state = CASE WHEN state = 'pending' THEN 'dead-lettered' ELSE state END
       WHERE id = $1 AND delivered_at IS NULL`,
      [id, at],
    );
  }

  // --- feedback rate ---

  /**
   * The feedback rate (反馈率) of each office within the jurisdiction for notifications created in
   * [from, to): answered on time ÷ expecting an answer, and the median time to answer of those answered.
   */
  async feedbackRates(jurisdiction: Jurisdiction, from: Date, to: Date): Promise<FeedbackRateRow[]> {
    const within = jurisdictionCondition('n.recipient_office_code', '$1', jurisdiction);
    const rows: Array<{ officeCode: string; expectingAnswer: number; answeredOnTime: number; medianAnswerSeconds: number | null }> =
      await this.db.query(
        `SELECT n.recipient_office_code AS "officeCode",
                count(*)::int AS "expectingAnswer",
                count(*) FILTER (WHERE n.answered_at IS NOT NULL AND (n.answer_due_at IS NULL OR n.answered_at <= n.answer_due_at))::int AS "answeredOnTime",
                percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM n.answered_at - n.created_at))
                  FILTER (WHERE n.answered_at IS NOT NULL) AS "medianAnswerSeconds"
         FROM notification n
         WHERE ${within.sql} AND n.expects_answer AND n.created_at >= $2 AND n.created_at < $3
         GROUP BY n.recipient_office_code ORDER BY n.recipient_office_code`,
        [within.value, from, to],
      );
    return rows.map((r) => ({
      ...r,
      medianAnswerSeconds: r.medianAnswerSeconds === null ? null : Number(r.medianAnswerSeconds),
      rate: r.expectingAnswer === 0 ? null : r.answeredOnTime / r.expectingAnswer,
    }));
  }

  // --- digests ---

  /**
   * Offices with digests on and something overdue (open cases past deadline, answers past due) at `now`.
   * Of the answers: service reports awaiting the office's acknowledgement, and feedback it owes on a resident.
   */
  async overdueCountsForDigest(
    now: Date,
    tx?: EntityManager,
  ): Promise<Array<{ officeCode: string; overdueCases: number; overdueAnswers: number; overdueReports: number; overdueFeedback: number }>> {
    return (tx ?? this.db).query(
      `WITH cases AS (
         SELECT office_code, count(*)::int AS n FROM certificate_application
         WHERE closed_at IS NULL AND paused_at IS NULL AND deadline_at < $1 GROUP BY office_code),
       answers AS (
         SELECT recipient_office_code AS office_code, count(*)::int AS n,
                (count(*) FILTER (WHERE case_type = 'service-report'))::int AS reports,
                (count(*) FILTER (WHERE case_type = 'residence-registration'))::int AS feedback
         FROM notification
         WHERE expects_answer AND answered_at IS NULL AND state <> 'expired' AND answer_due_at < $1 GROUP BY recipient_office_code)
       SELECT o.code AS "officeCode", coalesce(c.n, 0) AS "overdueCases", coalesce(a.n, 0) AS "overdueAnswers",
              coalesce(a.reports, 0) AS "overdueReports", coalesce(a.feedback, 0) AS "overdueFeedback"
       FROM office o LEFT JOIN cases c ON c.office_code = o.code LEFT JOIN answers a ON a.office_code = o.code
       WHERE o.daily_digest_enabled AND (c.n IS NOT NULL OR a.n IS NOT NULL)
       ORDER BY o.code`,
      [now],
    );
  }
}
