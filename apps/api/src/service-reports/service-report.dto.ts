import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { CONTEST_REASONS, MAX_PAYLOAD_TEXT_LENGTH, SERVICE_OUTCOMES, SERVICE_REPORT_STATES, SERVICE_TYPE_CODES } from '../../../../libs/domain';
import { IsOfficeCode } from '../common/is-office-code';

const IDENTITY_NUMBER = /^\d{17}[\dXx]$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

export class FileServiceReportRequest {
  @ApiProperty({ example: '360102199003072423', description: 'The person the service was for: someone the system knows (an earlier case, or the household registry)' })
  @Matches(IDENTITY_NUMBER, { message: 'personIdentityNumber must be 17 digits and a check character' })
  personIdentityNumber!: string;

  @ApiProperty({ enum: SERVICE_TYPE_CODES })
  @IsIn(SERVICE_TYPE_CODES)
  serviceType!: string;

  @ApiProperty({ example: '2026-03-02', description: 'China date the service was provided' })
  @Matches(DATE_ONLY, { message: 'serviceDate must be a date (YYYY-MM-DD)' })
  serviceDate!: string;

  @ApiProperty({ enum: SERVICE_OUTCOMES })
  @IsIn(SERVICE_OUTCOMES)
  outcome!: string;

  @ApiPropertyOptional({ maxLength: MAX_PAYLOAD_TEXT_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_PAYLOAD_TEXT_LENGTH)
  note?: string;
}

export class ListServiceReportsQuery {
  @ApiPropertyOptional({ enum: ['filed', 'received'], description: 'filed: by the caller’s offices; received: addressed to them; absent: both' })
  @IsOptional()
  @IsIn(['filed', 'received'])
  direction?: 'filed' | 'received';

  @ApiPropertyOptional({ enum: SERVICE_REPORT_STATES })
  @IsOptional()
  @IsIn(SERVICE_REPORT_STATES)
  state?: string;

  @ApiPropertyOptional({ description: 'Only reports awaiting acknowledgement past their deadline' })
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

export class AcknowledgeRequest {
  @ApiPropertyOptional({ maxLength: MAX_PAYLOAD_TEXT_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_PAYLOAD_TEXT_LENGTH)
  note?: string;
}

export class ContestRequest {
  @ApiProperty({ enum: CONTEST_REASONS, description: 'The legal ground; there is no "other" and no "no reason"' })
  @IsIn(CONTEST_REASONS, { message: `reason must be one of ${CONTEST_REASONS.join(', ')}` })
  reason!: string;

  @ApiProperty({ maxLength: MAX_PAYLOAD_TEXT_LENGTH, description: 'What shows it (a register entry, a document number)' })
  @IsString()
  @Length(1, MAX_PAYLOAD_TEXT_LENGTH)
  evidenceNote!: string;
}

export class ServiceReportReasonRequest {
  @ApiProperty({ maxLength: MAX_PAYLOAD_TEXT_LENGTH })
  @IsString()
  @Length(1, MAX_PAYLOAD_TEXT_LENGTH)
  reason!: string;
}

export class CorrectServiceReportRequest extends ServiceReportReasonRequest {
  @ApiPropertyOptional({ enum: SERVICE_TYPE_CODES })
  @IsOptional()
  @IsIn(SERVICE_TYPE_CODES)
  serviceType?: string;

  @ApiPropertyOptional({ example: '2026-03-02' })
  @IsOptional()
  @Matches(DATE_ONLY, { message: 'serviceDate must be a date (YYYY-MM-DD)' })
  serviceDate?: string;

  @ApiPropertyOptional({ enum: SERVICE_OUTCOMES })
  @IsOptional()
  @IsIn(SERVICE_OUTCOMES)
  outcome?: string;

  @ApiPropertyOptional({ maxLength: MAX_PAYLOAD_TEXT_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_PAYLOAD_TEXT_LENGTH)
  note?: string;
}

export class AgreementPairParams {
  @ApiProperty() @IsOfficeCode() officeCodeA!: string;
  @ApiProperty() @IsOfficeCode() officeCodeB!: string;
}

export class PutCooperationAgreementRequest {
  @ApiProperty({ minimum: 1, maximum: 250 })
  @IsInt()
  @Min(1)
  @Max(250)
  acknowledgementWorkingDays!: number;

  @ApiProperty({ minimum: 1, maximum: 24 })
  @IsInt()
  @Min(1)
  @Max(24)
  feedbackIntervalMonths!: number;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'Whose manager decides contested reports; absent: the lowest office above both' })
  @IsOptional()
  @IsOfficeCode()
  arbitratorOfficeCode?: string | null;
}
