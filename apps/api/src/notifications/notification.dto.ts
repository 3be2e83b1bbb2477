import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { IsOfficeCode } from '../common/is-office-code';

const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class ListNotificationsQuery {
  @ApiPropertyOptional({ example: '360102002', description: 'Only this office’s inbox (within the caller’s jurisdiction)' })
  @IsOptional()
  @IsOfficeCode()
  officeCode?: string;

  @ApiPropertyOptional({ description: 'Only notifications nobody has read yet' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  unread?: boolean;

  @ApiPropertyOptional({ description: 'Only notifications that expect an answer and have none yet' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  needsAnswer?: boolean;

  @ApiPropertyOptional({ description: 'Only notifications whose answer is past due' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit = 20;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset = 0;
}

export class FeedbackRatesQuery {
  @ApiProperty({ example: '2026-03-01', description: 'First day of the period (China date, inclusive)' })
  @Matches(DATE, { message: 'from must be a date as YYYY-MM-DD' })
  from!: string;

  @ApiProperty({ example: '2026-04-01', description: 'Day after the period (China date, exclusive)' })
  @Matches(DATE, { message: 'to must be a date as YYYY-MM-DD' })
  to!: string;

  @ApiPropertyOptional({
    example: '360102004',
    description: 'Only this office (and, for managers and auditors, the offices below it); 404 outside the caller’s jurisdiction',
  })
  @IsOptional()
  @IsOfficeCode()
  officeCode?: string;
}
