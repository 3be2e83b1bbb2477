import { Inject, Injectable } from '@nestjs/common';
import { WorkingCalendarRepository, type CalendarDayRow } from '../../../../libs/db';
import { DomainError, isCalendarDate, isWeekend, validationFailed, type ActingUser } from '../../../../libs/domain';

/**
 * The working calendar deadlines are counted in. Public holidays and make-up working days are published
 * yearly, so office admins enter them; dates past the last entered year count Monday to Friday.
 */
@Injectable()
export class WorkingCalendarService {
  constructor(@Inject(WorkingCalendarRepository) private readonly calendar: WorkingCalendarRepository) {}

  list(year?: number): Promise<CalendarDayRow[]> {
    return this.calendar.days(year);
  }

  async put(actor: ActingUser, day: CalendarDayRow): Promise<CalendarDayRow> {
    assertOfficeAdmin(actor);
    if (!isCalendarDate(day.date)) {
      throw validationFailed([{ field: 'date', rule: 'calendar-date', message: 'date must be a real calendar date' }]);
    }
    if (day.kind === 'workday' && !isWeekend(day.date)) {
      throw validationFailed([{ field: 'kind', rule: 'workday-must-be-weekend', message: 'a make-up working day must be a Saturday or Sunday' }]);
    }
    await this.calendar.upsert(day);
    return day;
  }

  async remove(actor: ActingUser, date: string): Promise<void> {
    assertOfficeAdmin(actor);
    if (!(await this.calendar.remove(date))) throw new DomainError('NOT_FOUND', 'That date has no calendar entry.');
  }
}

function assertOfficeAdmin(actor: ActingUser): void {
  if (actor.role !== 'office-admin') {
    throw new DomainError('ROLE_NOT_PERMITTED', 'Only office admins maintain the working calendar.', { role: actor.role });
  }
}
