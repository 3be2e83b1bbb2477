import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A public holiday or a make-up working day (调休上班); every other date follows Monday–Friday. */
@Entity({ name: 'working_calendar_day' })
export class WorkingCalendarDayEntity {
  @PrimaryColumn({ type: 'date' })
  date!: string;

  @Column({ type: 'varchar', length: 8 })
  kind!: 'holiday' | 'workday';

  @Column({ type: 'text' })
  name!: string;
}
