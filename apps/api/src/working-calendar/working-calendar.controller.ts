import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Length, Max, Min } from 'class-validator';
import type { CalendarDayRow } from '../../../../libs/db';
import { MAX_PAYLOAD_TEXT_LENGTH, type ActingUser } from '../../../../libs/domain';
import { CurrentActor } from '../common/actor';
import { CALENDAR_DATE_SCHEMA, IsCalendarDate } from '../common/is-calendar-date';
import { ApiProblemResponses } from '../common/openapi';
import { Optional } from '../common/optional';
import { WorkingCalendarService } from './working-calendar.service';

const DAY_KINDS = ['holiday', 'workday'] as const;

export class CalendarYearQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 2000, maximum: 2100, example: 2026 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

export class CalendarDateParam {
  @ApiProperty({ ...CALENDAR_DATE_SCHEMA, description: 'The day (China date)' })
  @IsCalendarDate()
  date!: string;
}

export class CalendarDayRequest {
  @ApiProperty({ enum: DAY_KINDS, description: 'workday = a Saturday or Sunday that is a working day (调休上班)' })
  @IsIn(DAY_KINDS)
  kind!: 'holiday' | 'workday';

  @ApiProperty({ example: '春节', minLength: 1, maxLength: 64 })
  @IsString()
  @Length(1, 64)
  name!: string;

  @ApiProperty({ description: 'Why the calendar changes (e.g. the State Council notice), for the audit', minLength: 1, maxLength: MAX_PAYLOAD_TEXT_LENGTH })
  @IsString()
  @Length(1, MAX_PAYLOAD_TEXT_LENGTH)
  reason!: string;
}

export class CalendarDayRemovalRequest {
  @ApiProperty({ description: 'Why the entry goes (e.g. entered by mistake), for the audit', minLength: 1, maxLength: MAX_PAYLOAD_TEXT_LENGTH })
  @IsString()
  @Length(1, MAX_PAYLOAD_TEXT_LENGTH)
  reason!: string;
}

export class CalendarDayView {
  @ApiProperty(CALENDAR_DATE_SCHEMA) date!: string;
  @ApiProperty({ enum: DAY_KINDS }) kind!: 'holiday' | 'workday';
  @ApiProperty({ example: '春节' }) name!: string;

  static of(day: CalendarDayRow): CalendarDayView {
    return { date: day.date, kind: day.kind, name: day.name };
  }
}

@ApiTags('working-calendar')
@ApiBearerAuth()
@Controller('working-calendar')
export class WorkingCalendarController {
  constructor(private readonly calendar: WorkingCalendarService) {}

  @Get()
  @ApiOperation({ summary: 'Public holidays and make-up working days, optionally of one year' })
  @ApiOkResponse({ type: [CalendarDayView] })
  async list(@Query() { year }: CalendarYearQuery): Promise<CalendarDayView[]> {
    return (await this.calendar.list(year)).map(CalendarDayView.of);
  }

  @Put(':date')
  @ApiOperation({
    summary: 'Add or correct a holiday or make-up working day (office admin of a province-level office)',
    description: 'Audited with the reason; open cases whose deadlines the day can move count them again.',
  })
  @ApiOkResponse({ type: CalendarDayView })
  @ApiProblemResponses([403])
  async put(@CurrentActor() actor: ActingUser, @Param() { date }: CalendarDateParam, @Body() body: CalendarDayRequest): Promise<CalendarDayView> {
    const { day } = await this.calendar.put(actor, { date, kind: body.kind, name: body.name }, body.reason);
    return CalendarDayView.of(day!);
  }

  @Delete(':date')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Remove a holiday or make-up working day (office admin of a province-level office)',
    description: 'Audited with the reason; open cases whose deadlines the day can move count them again.',
  })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblemResponses([403])
  async remove(@CurrentActor() actor: ActingUser, @Param() { date }: CalendarDateParam, @Body() body: CalendarDayRemovalRequest): Promise<void> {
    await this.calendar.remove(actor, date, body.reason);
  }
}
