import type { DataSource } from 'typeorm';

export interface NewAuditEvent {
  actorUserId: string;
  actorRole: string;
  /** What was done, e.g. monitoring.retry. */
  action: string;
  subjectType: string;
  subjectId: string;
  reason: string | null;
  /** Codes and counts only: never personal data. */
  details?: Record<string, unknown>;
}

export interface AuditEventRow extends Required<NewAuditEvent> {
  id: string;
  occurredAt: Date;
}

/** The append-only record of people's actions outside a case's own log. */
export class AuditEventsRepository {
  constructor(private readonly db: DataSource) {}

  async record(e: NewAuditEvent): Promise<void> {
    await this.db.query(
      `INSERT INTO audit_event (actor_user_id, actor_role, action, subject_type, subject_id, reason, details) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [e.actorUserId, e.actorRole, e.action, e.subjectType, e.subjectId, e.reason, JSON.stringify(e.details ?? {})],
    );
  }

  async forSubject(subjectId: string): Promise<AuditEventRow[]> {
    return this.db.query(
      `SELECT id, occurred_at AS "occurredAt", actor_user_id AS "actorUserId", actor_role AS "actorRole", action,
              subject_type AS "subjectType", subject_id AS "subjectId", reason, details
         FROM audit_event WHERE subject_id = $1 ORDER BY occurred_at, id`,
      [subjectId],
    );
  }
}
