import type { DataSource, EntityManager } from 'typeorm';

export interface NewNotification {
  recipientOfficeCode: string;
  recipientUserId?: string | null;
  kind: string;
  caseType?: string | null;
  caseId?: string | null;
  certificateId?: string | null;
  expectsAnswer?: boolean;
  answerDueAt?: Date | null;
  /** One cause, one notification: a retried write finds the key taken and adds nothing. */
  idempotencyKey: string;
}

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
  state: string;
  createdAt: Date;
  readAt: Date | null;
}

const COLUMNS = `n.id, n.recipient_office_code AS "recipientOfficeCode", n.recipient_user_id AS "recipientUserId", n.kind,
  n.case_type AS "caseType", n.case_id AS "caseId", n.certificate_id AS "certificateId", n.expects_answer AS "expectsAnswer",
  n.answer_due_at AS "answerDueAt", n.state, n.created_at AS "createdAt", n.read_at AS "readAt"`;

/** The durable notification record, written in the same transaction as the change that causes it. */
export class NotificationsRepository {
  constructor(private readonly db: DataSource) {}

  async insert(tx: EntityManager, n: NewNotification): Promise<void> {
    await tx.query(
      `INSERT INTO notification (recipient_office_code, recipient_user_id, kind, case_type, case_id, certificate_id,
         expects_answer, answer_due_at, idempotency_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (idempotency_key) DO NOTHING`,
      [
        n.recipientOfficeCode, n.recipientUserId ?? null, n.kind, n.caseType ?? null, n.caseId ?? null,
        n.certificateId ?? null, n.expectsAnswer ?? false, n.answerDueAt ?? null, n.idempotencyKey,
      ],
    );
  }

  /** An office's inbox, newest first. */
  async inbox(officeCode: string, filter: { unread?: boolean; limit: number; offset: number }): Promise<NotificationRow[]> {
    return this.db.query(
      `SELECT ${COLUMNS} FROM notification n WHERE n.recipient_office_code = $1 AND ($2::boolean IS NOT TRUE OR n.read_at IS NULL)
       ORDER BY n.created_at DESC, n.id LIMIT ${filter.limit} OFFSET ${filter.offset}`,
      [officeCode, filter.unread ?? false],
    );
  }

  async forCase(caseId: string): Promise<NotificationRow[]> {
    return this.db.query(`SELECT ${COLUMNS} FROM notification n WHERE n.case_id = $1 ORDER BY n.created_at, n.id`, [caseId]);
  }
}
