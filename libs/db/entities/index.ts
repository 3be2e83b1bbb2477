import { OfficeEntity } from './office.entity';
import { UserEntity } from './user.entity';
import { WorkingCalendarDayEntity } from './working-calendar-day.entity';

export { OfficeEntity, UserEntity, WorkingCalendarDayEntity };

export const ENTITIES = [OfficeEntity, UserEntity, WorkingCalendarDayEntity];
