import type { DataSource, EntityManager } from 'typeorm';
import { WorkingCalendar, type UnknownYearListener } from '../../domain';

export interface CalendarDayRow {
  date: string;
  kind: 'holiday' | 'workday';
  name: string;
}

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

  async upsert(day: CalendarDayRow): Promise<void> {
    await this.db.query(
      `INSERT INTO working_calendar_day (date, kind, name) VALUES ($1, $2, $3)
       ON CONFLICT (date) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name`,
      [day.date, day.kind, day.name],
    );
  }

  async remove(date: string): Promise<boolean> {
    const result: [unknown[], number] = await this.db.query(`DELETE FROM working_calendar_day WHERE date = $1`, [date]);
    return result[1] > 0;
  }
}
