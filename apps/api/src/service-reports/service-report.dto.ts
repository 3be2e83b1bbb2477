import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { CONTEST_REASONS, MAX_PAYLOAD_TEXT_LENGTH, SERVICE_OUTCOMES, SERVICE_REPORT_STATES, SERVICE_TYPE_CODES } from '../../../../libs/domain';
import { CALENDAR_DATE_SCHEMA, IsCalendarDate } from '../common/is-calendar-date';
import { IsOfficeCode } from '../common/is-office-code';
import { Optional } from '../common/optional';
import { PageQuery } from '../common/page-query';
import { toBoolean } from '../common/query-boolean';

const IDENTITY_NUMBER = /^\d{17}[\dXx]$/;

export class FileServiceReportRequest {
  @ApiProperty({ example: '360102199003072423', description: 'The person the service was for: someone the system knows (an earlier case, or the household registry)' })
  @Matches(IDENTITY_NUMBER, { message: 'personIdentityNumber must be 17 digits and a check character' })
  personIdentityNumber!: string;

  @ApiProperty({ enum: SERVICE_TYPE_CODES })
  @IsIn(SERVICE_TYPE_CODES)
  serviceType!: string;

  @ApiProperty({ ...CALENDAR_DATE_SCHEMA, example: '2026-03-02', description: 'China date the service was provided' })
  @IsCalendarDate()
  serviceDate!: string;

  @ApiProperty({ enum: SERVICE_OUTCOMES })
  @IsIn(SERVICE_OUTCOMES)
  outcome!: string;

  @ApiPropertyOptional({ maxLength: MAX_PAYLOAD_TEXT_LENGTH })
  @Optional()
  @IsString()
  @MaxLength(MAX_PAYLOAD_TEXT_LENGTH)
  note?: string;
}

export class ListServiceReportsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['filed', 'received'], description: 'filed: by the caller’s offices; received: addressed to them; absent: both' })
  @Optional()
  @IsIn(['filed', 'received'])
  direction?: 'filed' | 'received';

  @ApiPropertyOptional({ enum: SERVICE_REPORT_STATES })
  @Optional()
  @IsIn(SERVICE_REPORT_STATES)
  state?: string;

  @ApiPropertyOptional({ description: 'Only reports awaiting acknowledgement past their deadline' })
  @Optional()
  @Transform(toBoolean)
  @IsBoolean()
  overdue?: boolean;
}

export class AcknowledgeRequest {
  @ApiPropertyOptional({ maxLength: MAX_PAYLOAD_TEXT_LENGTH })
  @Optional()
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
  @Optional()
  @IsIn(SERVICE_TYPE_CODES)
  serviceType?: string;

  @ApiPropertyOptional({ ...CALENDAR_DATE_SCHEMA, example: '2026-03-02' })
  @Optional()
  @IsCalendarDate()
  serviceDate?: string;

  @ApiPropertyOptional({ enum: SERVICE_OUTCOMES })
  @Optional()
  @IsIn(SERVICE_OUTCOMES)
  outcome?: string;

  @ApiPropertyOptional({ maxLength: MAX_PAYLOAD_TEXT_LENGTH })
  @Optional()
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
  @Optional()
  @IsOfficeCode()
  arbitratorOfficeCode?: string | null;
}
