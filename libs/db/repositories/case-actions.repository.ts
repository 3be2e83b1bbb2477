import type { DataSource, EntityManager } from 'typeorm';

/** One entry of a case's append-only log, whatever the case type. */
export interface CaseActionRow {
  id: string;
  caseId: string;
  caseType: string;
  action: string;
  fromState: string | null;
  toState: string;
  actorUserId: string | null;
  actorRole: string;
  reason: string | null;
  payload: Record<string, unknown>;
  transactionId: string;
  occurredAt: Date;
}

export type NewCaseAction = Omit<CaseActionRow, 'id'>;

const COLUMNS = `id::text, case_id AS "caseId", case_type AS "caseType", action, from_state AS "fromState", to_state AS "toState",
  actor_user_id AS "actorUserId", actor_role AS "actorRole", reason, payload, transaction_id AS "transactionId",
  occurred_at AS "occurredAt"`;

/**
 * The action log every case type (and a certificate's own lifecycle) writes to. Each entry is keyed by its
 * transaction id, so recording the same action twice is a no-op.
 */
export class CaseActionsRepository {
  constructor(private readonly db: DataSource) {}

  /** The case's log, oldest first. */
  forCase(caseId: string, tx?: EntityManager): Promise<CaseActionRow[]> {
    return (tx ?? this.db).query(`SELECT ${COLUMNS} FROM case_action WHERE case_id = $1 ORDER BY case_action.id`, [caseId]);
  }

  async findByTransaction(transactionId: string, tx?: EntityManager): Promise<CaseActionRow | null> {
    const rows: CaseActionRow[] = await (tx ?? this.db).query(`SELECT ${COLUMNS} FROM case_action WHERE transaction_id = $1`, [
      transactionId,
    ]);
    return rows[0] ?? null;
  }

  /** Appends to the log. Returns false when this transaction id was recorded before (a retry). */
  async append(tx: EntityManager, a: NewCaseAction): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `INSERT INTO case_action (case_id, case_type, action, from_state, to_state, actor_user_id, actor_role, reason, payload,
         transaction_id, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (transaction_id) DO NOTHING RETURNING id`,
      [
        a.caseId, a.caseType, a.action, a.fromState, a.toState, a.actorUserId, a.actorRole, a.reason,
        JSON.stringify(a.payload), a.transactionId, a.occurredAt,
      ],
    );
    return rows.length === 1;
  }
}
