import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsUUID } from 'class-validator';
import { CALENDAR_DATE_SCHEMA, IsCalendarDate } from '../common/is-calendar-date';
import { IsOfficeCode, OFFICE_CODE_SCHEMA } from '../common/is-office-code';
import { Optional } from '../common/optional';
import { PageQuery } from '../common/page-query';
import { toBoolean } from '../common/query-boolean';

export class ListNotificationsQuery extends PageQuery {
  @ApiPropertyOptional({ ...OFFICE_CODE_SCHEMA, description: 'Only this office’s inbox (within the caller’s jurisdiction)' })
  @Optional()
  @IsOfficeCode()
  officeCode?: string;

  @ApiPropertyOptional({ description: 'Only notifications nobody has read yet' })
  @Optional()
  @Transform(toBoolean)
  @IsBoolean()
  unread?: boolean;

  @ApiPropertyOptional({ description: 'Only notifications that expect an answer and have none yet' })
  @Optional()
  @Transform(toBoolean)
  @IsBoolean()
  needsAnswer?: boolean;

  @ApiPropertyOptional({ description: 'Only notifications whose answer is past due' })
  @Optional()
  @Transform(toBoolean)
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Continue after this notification: the nextAfter of the previous page (as deep as needed at the cost of a first page)',
  })
  @Optional()
  @IsUUID()
  after?: string;

}

export class FeedbackRatesQuery {
  @ApiProperty({ ...CALENDAR_DATE_SCHEMA, description: 'First day of the period (China date, inclusive)' })
  @IsCalendarDate()
  from!: string;

  @ApiProperty({ ...CALENDAR_DATE_SCHEMA, example: '2026-04-01', description: 'Day after the period (China date, exclusive)' })
  @IsCalendarDate()
  to!: string;

  @ApiPropertyOptional({
    ...OFFICE_CODE_SCHEMA,
    example: '360102004',
    description: 'Only this office (and, for managers and auditors, the offices below it); 404 outside the caller’s jurisdiction',
  })
  @Optional()
  @IsOfficeCode()
  officeCode?: string;
}
