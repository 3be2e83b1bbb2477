import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import type { ActingUser } from '../../../../libs/domain';
import { CurrentActor } from '../common/actor';
import { WorkingCalendarService } from './working-calendar.service';

export class CalendarYearQuery {
  @ApiPropertyOptional({ example: 2026 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

export class CalendarDateParam {
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be YYYY-MM-DD' })
  date!: string;
}

export class CalendarDayRequest {
  @ApiProperty({ enum: ['holiday', 'workday'], description: 'workday = a Saturday or Sunday that is a working day (调休上班)' })
  @IsIn(['holiday', 'workday'])
  kind!: 'holiday' | 'workday';

  @ApiProperty({ example: '春节' })
  @IsString()
  @Length(1, 64)
  name!: string;
}

@ApiTags('working-calendar')
@ApiBearerAuth()
@Controller('working-calendar')
export class WorkingCalendarController {
  constructor(private readonly calendar: WorkingCalendarService) {}

  @Get()
  @ApiOperation({ summary: 'Public holidays and make-up working days, optionally of one year' })
  list(@Query() { year }: CalendarYearQuery) {
    return this.calendar.list(year);
  }

  @Put(':date')
  @ApiOperation({ summary: 'Add or correct a holiday or make-up working day (office admin)' })
  put(@CurrentActor() actor: ActingUser, @Param() { date }: CalendarDateParam, @Body() body: CalendarDayRequest) {
    return this.calendar.put(actor, { date, kind: body.kind, name: body.name });
  }

  @Delete(':date')
  @HttpCode(204)
  remove(@CurrentActor() actor: ActingUser, @Param() { date }: CalendarDateParam): Promise<void> {
    return this.calendar.remove(actor, date);
  }
}
