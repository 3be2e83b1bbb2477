import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import type { DataSource } from 'typeorm';
import { WorkingCalendarRepository } from '../../../../libs/db';
import { DomainError, isCalendarDate, isWeekend, type ActingUser } from '../../../../libs/domain';
import { CurrentActor } from '../common/actor';
import { DATA_SOURCE } from '../core/tokens';

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

/**
 * The working calendar deadlines are counted in. Public holidays and make-up working days are published
 * yearly, so office admins enter them; dates past the last entered year count Monday to Friday.
 */
@ApiTags('working-calendar')
@ApiBearerAuth()
@Controller('working-calendar')
export class WorkingCalendarController {
  private readonly calendar: WorkingCalendarRepository;

  constructor(@Inject(DATA_SOURCE) db: DataSource) {
    this.calendar = new WorkingCalendarRepository(db);
  }

  @Get()
  list(@Query() { year }: CalendarYearQuery) {
    return this.calendar.days(year);
  }

  @Put(':date')
  @ApiOperation({ summary: 'Add or correct a holiday or make-up working day (office admin)' })
  async put(@CurrentActor() actor: ActingUser, @Param() { date }: CalendarDateParam, @Body() body: CalendarDayRequest) {
    assertOfficeAdmin(actor);
    if (!isCalendarDate(date)) throw new DomainError('VALIDATION_FAILED', 'Not a calendar date.', { violations: [{ field: 'date', rule: 'calendar-date', message: 'date must be a real calendar date' }] });
    if (body.kind === 'workday' && !isWeekend(date)) {
      throw new DomainError('VALIDATION_FAILED', 'A make-up working day must be a Saturday or Sunday.', {
        violations: [{ field: 'kind', rule: 'workday-must-be-weekend', message: 'a make-up working day must be a Saturday or Sunday' }],
      });
    }
    await this.calendar.upsert({ date, kind: body.kind, name: body.name });
    return { date, kind: body.kind, name: body.name };
  }

  @Delete(':date')
  @HttpCode(204)
  async remove(@CurrentActor() actor: ActingUser, @Param() { date }: CalendarDateParam): Promise<void> {
    assertOfficeAdmin(actor);
    if (!(await this.calendar.remove(date))) throw new DomainError('NOT_FOUND', 'That date has no calendar entry.');
  }
}

function assertOfficeAdmin(actor: ActingUser): void {
  if (actor.role !== 'office-admin') throw new DomainError('ROLE_NOT_PERMITTED', 'Only office admins maintain the working calendar.', { role: actor.role });
}
