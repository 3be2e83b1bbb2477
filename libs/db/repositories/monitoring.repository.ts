import type { DataSource } from 'typeorm';
import type { Jurisdiction } from '../../domain/jurisdiction';
import { jurisdictionCondition } from './jurisdiction-filter';

/** A case as the stuck list names it, whatever its type: the office that holds it and the one it deals with. */
export interface MonitoredCase {
  caseType: string;
  caseId: string;
  caseNumber: string;
  officeCode: string;
  counterpartOfficeCode: string | null;
  state: string;
}

export interface CaseWithDeadline extends MonitoredCase {
  deadlineAt: Date;
}

export interface CaseInOpening extends MonitoredCase {
  createdAt: Date;
}

/** A watched state and the instant before which a case that entered it has waited too long. */
export interface StateWait {
  caseType: string;
  state: string;
  before: Date;
}

export interface CaseWaiting extends MonitoredCase {
  stateEnteredAt: Date;
}

export interface DeadLetteredNotification {
  notificationId: string;
  kind: string;
  recipientOfficeCode: string;
  caseType: string | null;
  caseId: string | null;
  caseNumber: string | null;
  deadLetteredAt: Date;
}

/**
 * The business side of the managers' stuck list: open cases whose deadline has passed or is near, cases
 * their workflow never took in, dead-lettered notifications, each within a jurisdiction. Every query is
 * served by a partial index on its condition (open cases only), so its cost grows with the trouble, not
 * with the cases on file.
 */
export class MonitoringRepository {
  constructor(private readonly db: DataSource) {}

  /** Open cases whose deadline is before `before`: a certificate application, a report awaiting its answer, a feedback due. */
  async deadlinesBefore(jurisdiction: Jurisdiction, before: Date, limit: number): Promise<CaseWithDeadline[]> {
    const within = (column: string) => jurisdictionCondition(column, '$1', jurisdiction);
    const value = within('x').value;
    return this.db.query(
      `(SELECT 'certificate-application' AS "caseType", a.id AS "caseId", a.case_number AS "caseNumber", a.office_code AS "officeCode",
               a.destination_office_code AS "counterpartOfficeCode", a.state, a.deadline_at AS "deadlineAt"
          FROM certificate_application a
         WHERE a.closed_at IS NULL AND a.paused_at IS NULL AND a.deadline_at < $2 AND ${within('a.office_code').sql}
         ORDER BY a.deadline_at LIMIT $3)
       UNION ALL
       (SELECT 'service-report', r.id, r.case_number, r.registration_office_code, r.filing_office_code, r.state, r.deadline_at
          FROM service_report r
         WHERE r.state = 'awaiting-acknowledgement' AND r.deadline_at < $2
           AND (${within('r.registration_office_code').sql} OR ${within('r.filing_office_code').sql})
         ORDER BY r.deadline_at LIMIT $3)
       UNION ALL
       (SELECT 'residence-registration', f.id, f.case_number, f.residence_office_code, f.registration_office_code, f.state,
               (f.next_feedback_due_on + 1)::timestamp AT TIME ZONE 'Asia/Shanghai' - interval '1 millisecond'
          FROM residence_registration f
         WHERE f.state = 'registered' AND f.next_feedback_due_on < ($2::timestamptz AT TIME ZONE 'Asia/Shanghai')::date
           AND (${within('f.residence_office_code').sql} OR ${within('f.registration_office_code').sql})
         ORDER BY f.next_feedback_due_on LIMIT $3)`,
      [value, before, limit],
    );
  }

  /**
   * Cases opened before `before` still in their opening step: not taken in by their workflow, or (a
   * certificate application) still in its registry check.
   */
  async openingSince(jurisdiction: Jurisdiction, before: Date, limit: number): Promise<CaseInOpening[]> {
    const within = (column: string) => jurisdictionCondition(column, '$1', jurisdiction);
    return this.db.query(
      `(SELECT 'certificate-application' AS "caseType", a.id AS "caseId", a.case_number AS "caseNumber", a.office_code AS "officeCode",
               a.destination_office_code AS "counterpartOfficeCode", a.state, a.created_at AS "createdAt"
          FROM certificate_application a WHERE a.state IN ('submitted', 'registry-check') AND a.created_at < $2 AND ${within('a.office_code').sql}
         ORDER BY a.created_at LIMIT $3)
       UNION ALL
       (SELECT 'service-report', r.id, r.case_number, r.filing_office_code, r.registration_office_code, r.state, r.created_at
          FROM service_report r WHERE r.state = 'filed' AND r.created_at < $2 AND ${within('r.filing_office_code').sql}
         ORDER BY r.created_at LIMIT $3)
       UNION ALL
       (SELECT 'residence-registration', f.id, f.case_number, f.residence_office_code, f.registration_office_code, f.state, f.created_at
          FROM residence_registration f WHERE f.state = 'arrived' AND f.created_at < $2 AND ${within('f.residence_office_code').sql}
         ORDER BY f.created_at LIMIT $3)`,
      [within('x').value, before, limit],
    );
  }

  /**
   * Open cases that entered one of the watched states before that state's limit: `waits` names each
   * case type's states and the instant before which a case in it has waited too long. Oldest first.
   */
  async waitingSince(jurisdiction: Jurisdiction, waits: readonly StateWait[], limit: number): Promise<CaseWaiting[]> {
    const within = (column: string) => jurisdictionCondition(column, '$1', jurisdiction).sql;
    const params: unknown[] = [jurisdictionCondition('x', '$1', jurisdiction).value, limit];
    const stateCondition = (caseType: string, alias: string): string | null => {
      const mine = waits.filter((w) => w.caseType === caseType);
      if (mine.length === 0) return null;
      return mine
        .map((w) => {
          params.push(w.state, w.before);
          return `(${alias}.state = $${params.length - 1} AND ${alias}.state_entered_at < $${params.length})`;
        })
        .join(' OR ');
    };
    const parts = [
      ['certificate-application', 'a', `a.id, a.case_number, a.office_code, a.destination_office_code AS counterpart_office_code`, 'certificate_application', within('a.office_code')],
      ['service-report', 'r', `r.id, r.case_number, r.filing_office_code AS office_code, r.registration_office_code AS counterpart_office_code`, 'service_report',
        `(${within('r.filing_office_code')} OR ${within('r.registration_office_code')})`],
      ['residence-registration', 'f', `f.id, f.case_number, f.residence_office_code AS office_code, f.registration_office_code AS counterpart_office_code`, 'residence_registration',
        `(${within('f.residence_office_code')} OR ${within('f.registration_office_code')})`],
    ] as const;
    const selects = parts.flatMap(([caseType, alias, columns, table, jurisdictionSql]) => {
      const states = stateCondition(caseType, alias);
      if (!states) return [];
      return [
        `(SELECT '${caseType}' AS "caseType", ${columns}, ${alias}.state, ${alias}.state_entered_at
            FROM ${table} ${alias} WHERE ${alias}.closed_at IS NULL AND (${states}) AND ${jurisdictionSql}
           ORDER BY ${alias}.state_entered_at LIMIT $2)`,
      ];
    });
    if (selects.length === 0) return [];
    return this.db.query(
      `SELECT "caseType", id AS "caseId", case_number AS "caseNumber", office_code AS "officeCode",
              counterpart_office_code AS "counterpartOfficeCode", state, state_entered_at AS "stateEnteredAt"
         FROM (${selects.join(' UNION ALL ')}) w ORDER BY state_entered_at LIMIT $2`,
      params,
    );
  }

  async deadLettered(jurisdiction: Jurisdiction, limit: number): Promise<DeadLetteredNotification[]> {
    const within = jurisdictionCondition('n.recipient_office_code', '$1', jurisdiction);
    return this.db.query(
      `SELECT n.id AS "notificationId", n.kind, n.recipient_office_code AS "recipientOfficeCode", n.case_type AS "caseType",
              n.case_id AS "caseId", coalesce(a.case_number, r.case_number, f.case_number) AS "caseNumber", n.dead_lettered_at AS "deadLetteredAt"
         FROM notification n
         LEFT JOIN certificate_application a ON n.case_type = 'certificate-application' AND a.id = n.case_id
         LEFT JOIN service_report r ON n.case_type = 'service-report' AND r.id = n.case_id
         LEFT JOIN residence_registration f ON n.case_type = 'residence-registration' AND f.id = n.case_id
        WHERE n.dead_lettered_at IS NOT NULL AND ${within.sql}
        ORDER BY n.dead_lettered_at LIMIT $2`,
      [within.value, limit],
    );
  }

  /** The stored cases behind workflow ids Temporal named, within the jurisdiction (others are not the reader's). */
  async casesByIds(jurisdiction: Jurisdiction, ids: readonly string[]): Promise<MonitoredCase[]> {
    if (ids.length === 0) return [];
    const within = (column: string) => jurisdictionCondition(column, '$1', jurisdiction);
    return this.db.query(
      `SELECT 'certificate-application' AS "caseType", a.id AS "caseId", a.case_number AS "caseNumber", a.office_code AS "officeCode",
              a.destination_office_code AS "counterpartOfficeCode", a.state
         FROM certificate_application a WHERE a.id = ANY($2::uuid[]) AND ${within('a.office_code').sql}
       UNION ALL
       SELECT 'service-report', r.id, r.case_number, r.filing_office_code, r.registration_office_code, r.state
         FROM service_report r WHERE r.id = ANY($2::uuid[]) AND (${within('r.filing_office_code').sql} OR ${within('r.registration_office_code').sql})
       UNION ALL
       SELECT 'residence-registration', f.id, f.case_number, f.residence_office_code, f.registration_office_code, f.state
         FROM residence_registration f WHERE f.id = ANY($2::uuid[]) AND (${within('f.residence_office_code').sql} OR ${within('f.registration_office_code').sql})`,
      [within('x').value, ids],
    );
  }

  // --- summary ---

  /**
   * Cases by type, state and the office that holds them, within the jurisdiction: from case_state_count,
   * which the case tables' triggers keep, so a province's millions are a few hundred rows to read.
   */
  async countsByTypeStateOffice(jurisdiction: Jurisdiction): Promise<Array<{ caseType: string; state: string; officeCode: string; count: number }>> {
    const within = jurisdictionCondition('c.office_code', '$1', jurisdiction);
    return this.db.query(
      `SELECT c.case_type AS "caseType", c.state, c.office_code AS "officeCode", c.cases::int AS count
         FROM case_state_count c WHERE c.cases > 0 AND ${within.sql}
        ORDER BY 1, 2, 3`,
      [within.value],
    );
  }


  /**
   * Certificates issued on China days from `from` (YYYY-MM-DD) on: how many, how many by their deadline, and
   * the median and 90th percentile time from submission to issue. From the tallies the case tables'
   * triggers keep (case_daily_tally, case_issue_time_tally; 1764470000000-daily-tally.ts): one row per
   * office and day, and per office, day and bucket of time to issue, so the cost is the period's days times
   * the jurisdiction's offices, not its cases. The percentiles are percentile_cont's over the exact times,
   * estimated from the buckets (issueTimePercentile): within one bucket's width, 6 minutes below a day and
   * an hour above.
   */
  async issuance(jurisdiction: Jurisdiction, from: string): Promise<{ issued: number; onTime: number; medianSeconds: number | null; p90Seconds: number | null }> {
    const within = jurisdictionCondition('o.code', '$1', jurisdiction);
    const [row] = (await this.db.query(
      `SELECT (SELECT coalesce(sum(t.issued), 0)::int FROM office o JOIN case_daily_tally t ON t.office_code = o.code
                WHERE ${within.sql} AND t.case_type = 'certificate-application' AND t.day >= $2::date) AS issued,
              (SELECT coalesce(sum(t.issued_on_time), 0)::int FROM office o JOIN case_daily_tally t ON t.office_code = o.code
                WHERE ${within.sql} AND t.case_type = 'certificate-application' AND t.day >= $2::date) AS "onTime",
              (SELECT coalesce(json_agg(json_build_object('bucketSeconds', b.bucket_seconds, 'cases', b.cases, 'secondsSum', b.seconds_sum) ORDER BY b.bucket_seconds), '[]')
                 FROM (SELECT h.bucket_seconds, sum(h.cases)::int AS cases, sum(h.seconds_sum)::float8 AS seconds_sum
                         FROM office o JOIN case_issue_time_tally h ON h.office_code = o.code
                        WHERE ${within.sql} AND h.case_type = 'certificate-application' AND h.day >= $2::date
                        GROUP BY h.bucket_seconds HAVING sum(h.cases) > 0) b) AS buckets`,
      [within.value, from],
    )) as Array<{ issued: number; onTime: number; buckets: IssueTimeBucket[] }>;
    return {
      issued: row!.issued,
      onTime: row!.onTime,
      medianSeconds: issueTimePercentile(row!.buckets, 0.5),
      p90Seconds: issueTimePercentile(row!.buckets, 0.9),
    };
  }

  /**
   * Cases opened and closed per China day in [from, to) (days as YYYY-MM-DD), every day listed, within the
   * jurisdiction: from case_daily_tally, days times offices rows (an index range of the period per office),
   * whatever the number of cases on file.
   */
  async dailySeries(jurisdiction: Jurisdiction, from: string, to: string): Promise<Array<{ date: string; opened: number; closed: number }>> {
    const within = jurisdictionCondition('o.code', '$1', jurisdiction);
    return this.db.query(
      `SELECT to_char(d.day, 'YYYY-MM-DD') AS date, coalesce(x.opened, 0)::int AS opened, coalesce(x.closed, 0)::int AS closed
         FROM (SELECT g::date AS day FROM generate_series($2::date, $3::date - 1, interval '1 day') g) d
         LEFT JOIN (SELECT t.day, sum(t.opened) AS opened, sum(t.closed) AS closed
                      FROM office o JOIN case_daily_tally t ON t.office_code = o.code
                     WHERE ${within.sql} AND t.day >= $2::date AND t.day < $3::date
                     GROUP BY t.day) x ON x.day = d.day
        ORDER BY d.day`,
      [within.value, from, to],
    );
  }
}

/** Certificates issued in one bucket of time from submission to issue: its lower bound, how many, their seconds summed. */
export interface IssueTimeBucket {
  bucketSeconds: number;
  cases: number;
  secondsSum: number;
}

/** A bucket's width from its lower bound, as 1764470000000-daily-tally.ts cuts them: 6 minutes below a day, an hour from there. */
export function issueTimeBucketWidth(bucketSeconds: number): number {
  return bucketSeconds < 86_400 ? 360 : 3600;
}

/**
 * percentile_cont(p) of the times in the buckets (interpolated between the two nearest ranks, as
 * PostgreSQL's), each time estimated from its bucket: a bucket's c times are spread evenly around their
 * exact mean, as widely as the bucket allows. Each estimate lies in the bucket of the time it stands for, so
 * the result is within one bucket width of the exact percentile, and exact where a bucket holds one time.
 * Null when there are none.
 */
export function issueTimePercentile(buckets: readonly IssueTimeBucket[], p: number): number | null {
  const sorted = buckets.filter((b) => b.cases > 0).sort((a, b) => a.bucketSeconds - b.bucketSeconds);
  const n = sorted.reduce((sum, b) => sum + b.cases, 0);
  if (n === 0) return null;
  const valueAt = (rank: number): number => {
    let before = 0;
    for (const b of sorted) {
      if (rank < before + b.cases) {
        const mean = b.secondsSum / b.cases;
        const radius = Math.max(0, Math.min(mean - b.bucketSeconds, b.bucketSeconds + issueTimeBucketWidth(b.bucketSeconds) - mean));
        return mean + radius * ((2 * (rank - before) + 1) / b.cases - 1);
      }
      before += b.cases;
    }
    throw new Error(`rank ${rank} beyond ${n} times`);
  };
  const x = p * (n - 1);
  const low = Math.floor(x);
  const lowValue = valueAt(low);
  return low === x ? lowValue : lowValue + (x - low) * (valueAt(low + 1) - lowValue);
}
