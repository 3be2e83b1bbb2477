import type { DataSource, EntityManager } from 'typeorm';
import type { ChainEntry } from '../../domain/audit-chain';
import type { Jurisdiction } from '../../domain/jurisdiction';
import { jurisdictionCondition } from './jurisdiction-filter';
import { inTransaction } from './unit-of-work';

/** Where a request came from: the client address (as the api's trust-proxy setting resolves it) and its user agent. */
export interface RequestOrigin {
  ip: string | null;
  userAgent: string | null;
}

export interface NewAuditEvent {
  /** null: the system (a timer, a workflow step). */
  actorUserId: string | null;
  actorRole: string;
  /** The acting office; for the system, the office of the case. */
  officeCode?: string | null;
  /** What was done, e.g. monitoring.retry, read, request. */
  action: string;
  subjectType: string;
  subjectId: string | null;
  reason: string | null;
  /** Codes, ids and counts only: never personal data. */
  details?: Record<string, unknown>;
  origin?: RequestOrigin | null;
  /** The cases and people the event concerns, and the offices party to those cases. */
  caseIds?: readonly string[];
  personIds?: readonly string[];
  caseOfficeCodes?: readonly string[];
}

export interface AuditEventRow {
  id: string;
  chainSeq: number;
  occurredAt: Date;
  actorUserId: string | null;
  actorRole: string;
  officeCode: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  reason: string | null;
  details: Record<string, unknown>;
  clientIp: string | null;
  userAgent: string | null;
  caseIds: string[];
  personIds: string[];
  caseActionId: string | null;
  previousHash: string;
  hash: string;
}

/** Exactly one of the auditors' ways in. */
export type AuditFilter = { caseId: string } | { personId: string } | { userId: string } | { officeCode: string };

/** The kinds of record whose reads are audited, and how a read names them. */
export type AuditedRecordKind = 'certificate-application' | 'service-report' | 'residence-registration' | 'certificate';

export interface AuditSubjects {
  caseIds: string[];
  personIds: string[];
  caseOfficeCodes: string[];
}

const USER_AGENT_MAX = 256;

const COLUMNS = `e.id::text AS id, e.chain_seq::float8 AS "chainSeq", e.occurred_at AS "occurredAt", e.actor_user_id AS "actorUserId",
  e.actor_role AS "actorRole", e.office_code AS "officeCode", e.action, e.subject_type AS "subjectType", e.subject_id AS "subjectId",
  e.reason, e.details, host(e.client_ip) AS "clientIp", e.user_agent AS "userAgent", e.case_ids::text[] AS "caseIds",
  e.person_ids::text[] AS "personIds", e.case_action_id::text AS "caseActionId", e.previous_hash AS "previousHash", e.hash`;

/** Per kind: the table, how the record is keyed, its person, and the offices party to it. */
const SUBJECT_SQL: Record<AuditedRecordKind, string> = {
  'certificate-application': `SELECT id, person_id, array_remove(ARRAY[office_code, destination_office_code], NULL) AS offices FROM certificate_application WHERE id = ANY($1::uuid[])`,
  'service-report': `SELECT id, person_id, ARRAY[filing_office_code, registration_office_code] AS offices FROM service_report WHERE id = ANY($1::uuid[])`,
  'residence-registration': `SELECT id, person_id, ARRAY[residence_office_code, registration_office_code] AS offices FROM residence_registration WHERE id = ANY($1::uuid[])`,
  certificate: `SELECT c.case_id AS id, c.person_id, array_remove(ARRAY[c.office_code, a.destination_office_code], NULL) AS offices
                  FROM certificate c JOIN certificate_application a ON a.id = c.case_id WHERE c.number = ANY($1::text[])`,
};

/**
 * The audit trail: append-only and one hash chain, both enforced by the database (UPDATE and DELETE are
 * refused; a trigger numbers and hashes every insert, whoever sends it). This class writes entries, reads
 * them for auditors, and reads the chain back for verification.
 */
export class AuditEventsRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * One entry. Alone (no `tx`), it is its own transaction, and run again should the server pick it as a
   * deadlock victim (every writer queues on the chain's head): nothing of the attempt stays.
   */
  async record(e: NewAuditEvent, tx?: EntityManager): Promise<void> {
    if (tx) return this.insert(e, tx);
    await inTransaction(this.db, (own) => this.insert(e, own));
  }

  private async insert(e: NewAuditEvent, tx: EntityManager): Promise<void> {
    await tx.query(
      `INSERT INTO audit_event (actor_user_id, actor_role, office_code, action, subject_type, subject_id, reason, details,
                                client_ip, user_agent, case_ids, person_ids, case_office_codes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::uuid[], $12::uuid[], $13::varchar[])`,
      [
        e.actorUserId, e.actorRole, e.officeCode ?? null, e.action, e.subjectType, e.subjectId, e.reason, JSON.stringify(e.details ?? {}),
        e.origin?.ip ?? null, e.origin?.userAgent?.slice(0, USER_AGENT_MAX) ?? null,
        unique(e.caseIds), unique(e.personIds), unique(e.caseOfficeCodes),
      ],
    );
  }

  async forSubject(subjectId: string): Promise<AuditEventRow[]> {
    return this.db.query(`SELECT ${COLUMNS} FROM audit_event e WHERE e.subject_id = $1 ORDER BY e.chain_seq`, [subjectId]);
  }

  /** The cases, people and party offices behind records a request names (case ids, or certificate numbers or ids). */
  async subjectsOf(kind: AuditedRecordKind, keys: readonly string[]): Promise<AuditSubjects> {
    if (keys.length === 0) return { caseIds: [], personIds: [], caseOfficeCodes: [] };
    const rows: Array<{ id: string; person_id: string; offices: string[] }> = await this.db.query(SUBJECT_SQL[kind], [[...keys]]);
    return {
      caseIds: unique(rows.map((r) => r.id)),
      personIds: unique(rows.map((r) => r.person_id)),
      caseOfficeCodes: unique(rows.flatMap((r) => r.offices)),
    };
  }

  /**
   * A page of entries, newest first, matching the filter and visible under the jurisdiction: the acting
   * office, or an office party to a case the entry concerns, lies within it. `after`: the last entry id of
   * the previous page.
   */
  async page(filter: AuditFilter, jurisdiction: Jurisdiction, limit: number, after?: string): Promise<AuditEventRow[]> {
    const [column, value] =
      'caseId' in filter
        ? [`e.case_ids @> ARRAY[$1]::uuid[]`, filter.caseId]
        : 'personId' in filter
          ? [`e.person_ids @> ARRAY[$1]::uuid[]`, filter.personId]
          : 'userId' in filter
            ? [`e.actor_user_id = $1`, filter.userId]
            : [`e.office_code = $1`, filter.officeCode];
    const acting = jurisdictionCondition('e.office_code', '$2', jurisdiction);
    const party = jurisdictionCondition('o', '$2', jurisdiction);
    const params: unknown[] = [value, acting.value, limit];
    let continuation = '';
    if (after !== undefined) {
      params.push(after);
      continuation = `AND e.chain_seq < (SELECT k.chain_seq FROM audit_event k WHERE k.id = $4::bigint)`;
    }
    return this.db.query(
      `SELECT ${COLUMNS} FROM audit_event e
        WHERE ${column} ${continuation}
          AND (${acting.sql} OR EXISTS (SELECT 1 FROM unnest(e.case_office_codes) o WHERE ${party.sql}))
        ORDER BY e.chain_seq DESC LIMIT $3`,
      params,
    );
  }

  /** Where the chain ends, as the last writer left it. */
  async head(): Promise<{ lastSeq: number; lastHash: string }> {
    const rows: Array<{ lastSeq: number; lastHash: string }> = await this.db.query(
      `SELECT last_seq::float8 AS "lastSeq", last_hash AS "lastHash" FROM audit_chain_head WHERE id = 1`,
    );
    return rows[0]!;
  }

  /** The entries after `afterSeq` up to `upToSeq`, in chain order, each with its hashes recomputed from what is stored now. */
  async chainBatch(afterSeq: number, upToSeq: number, limit: number): Promise<ChainEntry[]> {
    return this.db.query(
      `SELECT e.id::text AS id, e.chain_seq::float8 AS "chainSeq", e.previous_hash AS "previousHash", e.hash,
              audit_event_digest(e) AS "recomputedHash", e.case_action_digest AS "caseActionDigest",
              CASE WHEN a.id IS NULL THEN NULL ELSE case_action_digest(a) END AS "recomputedCaseActionDigest"
         FROM audit_event e LEFT JOIN case_action a ON a.id = e.case_action_id
        WHERE e.chain_seq > $1 AND e.chain_seq <= $2
        ORDER BY e.chain_seq LIMIT $3`,
      [afterSeq, upToSeq, limit],
    );
  }

  /** The first case action without its audit entry (written with the triggers switched off), if any. */
  async firstUnauditedCaseAction(): Promise<string | null> {
    const rows: Array<{ id: string }> = await this.db.query(
      `SELECT a.id::text AS id FROM case_action a WHERE NOT EXISTS (SELECT 1 FROM audit_event e WHERE e.case_action_id = a.id) ORDER BY a.id LIMIT 1`,
    );
    return rows[0]?.id ?? null;
  }
}

function unique(values: readonly string[] | undefined): string[] {
  return [...new Set(values ?? [])];
}
