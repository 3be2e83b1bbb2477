import type { DataSource, EntityManager } from 'typeorm';
import { WorkingCalendar, type UnknownYearListener } from '../../domain';

export interface CalendarDayRow {
  date: string;
  kind: 'holiday' | 'workday';
  name: string;
}

/** One change to the calendar: the day as it was and as it became (null: no entry, an ordinary day). */
export interface CalendarChangeRow {
  id: string;
  date: string;
  before: Omit<CalendarDayRow, 'date'> | null;
  after: Omit<CalendarDayRow, 'date'> | null;
  reason: string;
  actorUserId: string;
  changedAt: Date;
}

/** A case whose deadlines a calendar change may move, as the recompute's fan-out pages through them. */
export interface CaseToRecompute {
  caseType: 'certificate-application' | 'service-report' | 'residence-registration';
  caseId: string;
}

/** Where a page of cases to recompute ends: the next page starts after it. */
export type CaseToRecomputeCursor = CaseToRecompute;

const CASE_TYPE_ORDER: readonly CaseToRecompute['caseType'][] = ['certificate-application', 'service-report', 'residence-registration'];

/**
 * Per case type: its open cases whose deadlines a change of the day starting at $1 (China time) can move,
 * after id $2, in id order. A change after a deadline cannot move it (the count stopped before it), so the
 * filters keep the cases whose working-day instants lie on or after that day; a residence file's only
 * working-day instant is its escalation, some working days after its due date, so files due in the
 * 120 days before the day (60 working days at most, and their holidays) are taken.
 */
const OPEN_CASES_SQL: Record<CaseToRecompute['caseType'], string> = {
  'certificate-application': `SELECT id::text AS id FROM certificate_application
     WHERE closed_at IS NULL AND (deadline_at IS NULL OR deadline_at >= $1 OR lapse_at >= $1)
       AND ($2::uuid IS NULL OR id > $2::uuid) ORDER BY id LIMIT $3`,
  'service-report': `SELECT id::text AS id FROM service_report
     WHERE state = 'awaiting-acknowledgement' AND final_deadline_at >= $1
       AND ($2::uuid IS NULL OR id > $2::uuid) ORDER BY id LIMIT $3`,
  'residence-registration': `SELECT id::text AS id FROM residence_registration
     WHERE state = 'registered' AND next_feedback_due_on < ($1::timestamptz AT TIME ZONE 'Asia/Shanghai')::date + 1
       AND next_feedback_due_on >= ($1::timestamptz AT TIME ZONE 'Asia/Shanghai')::date - 120
       AND ($2::uuid IS NULL OR id > $2::uuid) ORDER BY id LIMIT $3`,
};

/** The working calendar is data: offices extend it with each year's published arrangements. */
export class WorkingCalendarRepository {
  constructor(private readonly db: DataSource) {}

  async load(onUnknownYear?: UnknownYearListener, tx?: EntityManager): Promise<WorkingCalendar> {
    const rows = await this.days(undefined, tx);
    return new WorkingCalendar(rows, onUnknownYear ? { onUnknownYear } : {});
  }

  async days(year?: number, tx?: EntityManager): Promise<CalendarDayRow[]> {
    const runner = tx ?? this.db;
    const rows: CalendarDayRow[] = await runner.query(
      `SELECT to_char(date, 'YYYY-MM-DD') AS date, kind, name FROM working_calendar_day
       WHERE $1::int IS NULL OR extract(year FROM date) = $1 ORDER BY date`,
      [year ?? null],
    );
    return rows;
  }

  /**
   * The day's entry, with the day held for the rest of the transaction (a transaction-scoped advisory lock,
   * as the day may have no row to lock): two changes of one day follow each other, each seeing the other's.
   */
  async lockDay(tx: EntityManager, date: string): Promise<CalendarDayRow | null> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('working_calendar_day:' || $1))`, [date]);
    const rows: CalendarDayRow[] = await tx.query(
      `SELECT to_char(date, 'YYYY-MM-DD') AS date, kind, name FROM working_calendar_day WHERE date = $1`,
      [date],
    );
    return rows[0] ?? null;
  }

  async upsert(day: CalendarDayRow, tx?: EntityManager): Promise<void> {
    await (tx ?? this.db).query(
      `INSERT INTO working_calendar_day (date, kind, name) VALUES ($1, $2, $3)
       ON CONFLICT (date) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name`,
      [day.date, day.kind, day.name],
    );
  }

  async remove(date: string, tx?: EntityManager): Promise<boolean> {
    const result: [unknown[], number] = await (tx ?? this.db).query(`DELETE FROM working_calendar_day WHERE date = $1`, [date]);
    return result[1] > 0;
  }

  async recordChange(tx: EntityManager, change: Omit<CalendarChangeRow, 'changedAt'>): Promise<CalendarChangeRow> {
    const rows: Array<{ changedAt: Date }> = await tx.query(
      `INSERT INTO working_calendar_change (id, date, before_kind, before_name, after_kind, after_name, reason, actor_user_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING changed_at AS "changedAt"`,
      [
        change.id, change.date, change.before?.kind ?? null, change.before?.name ?? null, change.after?.kind ?? null,
        change.after?.name ?? null, change.reason, change.actorUserId,
      ],
    );
    return { ...change, changedAt: rows[0]!.changedAt };
  }

  async findChange(id: string): Promise<CalendarChangeRow | null> {
    const rows: Array<{
      id: string; date: string; beforeKind: CalendarDayRow['kind'] | null; beforeName: string | null; afterKind: CalendarDayRow['kind'] | null;
      afterName: string | null; reason: string; actorUserId: string; changedAt: Date;
    }> = await this.db.query(
      `SELECT id::text AS id, to_char(date, 'YYYY-MM-DD') AS date, before_kind AS "beforeKind", before_name AS "beforeName",
              after_kind AS "afterKind", after_name AS "afterName", reason, actor_user_id::text AS "actorUserId", changed_at AS "changedAt"
       FROM working_calendar_change WHERE id = $1`,
      [id],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id,
      date: row.date,
      before: row.beforeKind ? { kind: row.beforeKind, name: row.beforeName ?? '' } : null,
      after: row.afterKind ? { kind: row.afterKind, name: row.afterName ?? '' } : null,
      reason: row.reason,
      actorUserId: row.actorUserId,
      changedAt: row.changedAt,
    };
  }

  /**
   * A page of open cases whose deadlines a change of the day starting at `dayStart` may move, every case
   * type in turn (certificate applications, service reports, residence files), each in id order.
   */
  async casesToRecompute(dayStart: Date, after: CaseToRecomputeCursor | null, limit: number): Promise<CaseToRecompute[]> {
    const page: CaseToRecompute[] = [];
    let from = after ? CASE_TYPE_ORDER.indexOf(after.caseType) : 0;
    if (from < 0) from = 0;
    for (let i = from; i < CASE_TYPE_ORDER.length && page.length < limit; i++) {
      const caseType = CASE_TYPE_ORDER[i]!;
      const afterId = after && after.caseType === caseType ? after.caseId : null;
      const rows: Array<{ id: string }> = await this.db.query(OPEN_CASES_SQL[caseType], [dayStart, afterId, limit - page.length]);
      for (const row of rows) page.push({ caseType, caseId: row.id });
    }
    return page;
  }
}
