import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsString, Length, Matches, MaxLength } from 'class-validator';
import { ARRIVAL_VERIFICATIONS, FEEDBACK_SITUATIONS, MAX_PAYLOAD_TEXT_LENGTH, RESIDENCE_REGISTRATION_STATES } from '../../../../libs/domain';
import { CALENDAR_DATE_SCHEMA, IsCalendarDate } from '../common/is-calendar-date';
import { IsOfficeCode, OFFICE_CODE_SCHEMA } from '../common/is-office-code';
import { Optional } from '../common/optional';
import { PageQuery } from '../common/page-query';
import { toBoolean } from '../common/query-boolean';

const IDENTITY_NUMBER = /^\d{17}[\dXx]$/;

/**
 * A person's arrival at the caller's office, established one of two ways: their certificate (its number
 * and verification code, or the signed payload of its QR code), or their own declaration (承诺制), which
 * opens the file flagged for later verification.
 */
export class RegisterArrivalRequest {
  @ApiProperty({ enum: ARRIVAL_VERIFICATIONS })
  @IsIn(ARRIVAL_VERIFICATIONS)
  verification!: string;

  @ApiPropertyOptional({ example: 'CERT-360102002-2026-000001', description: 'certificate: with verificationCode, unless verificationToken is given' })
  @Optional()
  @IsString()
  @Length(1, 60)
  certificateNumber?: string;

  @ApiPropertyOptional({ example: 'K7PQ-MX3T', description: 'certificate: the code printed on it' })
  @Optional()
  @IsString()
  @Length(1, 20)
  verificationCode?: string;

  @ApiPropertyOptional({ description: 'certificate: the signed payload its QR code carries (PSG1.…), instead of number and code' })
  @Optional()
  @IsString()
  @Length(1, 1024)
  verificationToken?: string;

  @ApiPropertyOptional({ example: '360102199003072423', description: 'self-declaration: the person’s identity number' })
  @Optional()
  @Matches(IDENTITY_NUMBER, { message: 'identityNumber must be 17 digits and a check character' })
  identityNumber?: string;

  @ApiPropertyOptional({ maxLength: 100, description: 'self-declaration: the person’s name, for someone the system does not know yet' })
  @Optional()
  @IsString()
  @Length(1, 100)
  fullName?: string;

  @ApiPropertyOptional({ ...OFFICE_CODE_SCHEMA, description: 'self-declaration: the office where the person’s household is registered' })
  @Optional()
  @IsOfficeCode()
  householdOfficeCode?: string;

  @ApiProperty({ ...CALENDAR_DATE_SCHEMA, example: '2026-11-20', description: 'China date the person arrived; not in the future' })
  @IsCalendarDate()
  arrivedOn!: string;
}

export class ListResidenceRegistrationsQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: ['residing', 'registered'],
    description: 'residing: files the caller’s offices hold (their residents); registered: people whose household is registered there; absent: both',
  })
  @Optional()
  @IsIn(['residing', 'registered'])
  direction?: 'residing' | 'registered';

  @ApiPropertyOptional({ enum: RESIDENCE_REGISTRATION_STATES })
  @Optional()
  @IsIn(RESIDENCE_REGISTRATION_STATES)
  state?: string;

  @ApiPropertyOptional({ description: 'Only open files whose feedback is past its due date' })
  @Optional()
  @Transform(toBoolean)
  @IsBoolean()
  feedbackOverdue?: boolean;
}

export class SubmitFeedbackRequest {
  @ApiProperty({ enum: FEEDBACK_SITUATIONS, description: 'Whether the person’s situation changed since the last feedback' })
  @IsIn(FEEDBACK_SITUATIONS)
  situation!: string;

  @ApiPropertyOptional({ maxLength: MAX_PAYLOAD_TEXT_LENGTH, description: 'What changed (required when situation is changed)' })
  @Optional()
  @IsString()
  @MaxLength(MAX_PAYLOAD_TEXT_LENGTH)
  note?: string;
}

export class TransferRequest {
  @ApiProperty({ ...OFFICE_CODE_SCHEMA, example: '440306017', description: 'The residence office the person moved to' })
  @IsOfficeCode()
  toOfficeCode!: string;

  @ApiPropertyOptional({ maxLength: MAX_PAYLOAD_TEXT_LENGTH })
  @Optional()
  @IsString()
  @MaxLength(MAX_PAYLOAD_TEXT_LENGTH)
  note?: string;
}

export class ResidenceNoteRequest {
  @ApiPropertyOptional({ maxLength: MAX_PAYLOAD_TEXT_LENGTH })
  @Optional()
  @IsString()
  @MaxLength(MAX_PAYLOAD_TEXT_LENGTH)
  note?: string;
}
