import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  ValidateNested,
} from 'class-validator';
import { CERTIFICATE_APPLICATION_STATES, identityNumberCheckCharacter, MARITAL_STATUSES } from '../../../../libs/domain';
import { CALENDAR_DATE_SCHEMA, IsCalendarDate } from '../common/is-calendar-date';
import { IsOfficeCode, OFFICE_CODE_SCHEMA } from '../common/is-office-code';
import { Optional } from '../common/optional';
import { PageQuery } from '../common/page-query';

const IDENTITY_NUMBER = /^\d{17}[\dXx]$/;
const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

/**
 * The GB 11643 check character, checked by the validation pipe together with every other field rule, so
 * one 400 names all bad fields (a mistyped identity number and, say, a bad sex). Only for values of the
 * right shape: the shape has its own message (@Matches).
 */
function HasIdentityCheckCharacter(): PropertyDecorator {
  return (target, propertyKey) =>
    registerDecorator({
      name: 'identity-number-check-character',
      target: target.constructor,
      propertyName: String(propertyKey),
      options: { message: `${String(propertyKey)} is not a valid resident identity number` },
      validator: {
        validate: (value: unknown) =>
          typeof value !== 'string' ||
          !IDENTITY_NUMBER.test(value) ||
          identityNumberCheckCharacter(value.slice(0, 17)) === value.slice(17).toUpperCase(),
      },
    });
}

export class ApplicantInput {
  @ApiProperty({ example: '李娜', minLength: 1, maxLength: 64 })
  @IsString()
  @Length(1, 64)
  fullName!: string;

  @ApiProperty({ example: '360102199003072423', pattern: '^[0-9]{17}[0-9Xx]$', description: '18-character resident identity number (GB 11643)' })
  @Matches(IDENTITY_NUMBER, { message: 'identityNumber must be 17 digits and a check character' })
  @HasIdentityCheckCharacter()
  identityNumber!: string;

  @ApiProperty({ enum: ['male', 'female'] })
  @IsIn(['male', 'female'])
  sex!: 'male' | 'female';

  @ApiProperty({ ...CALENDAR_DATE_SCHEMA, example: '1990-03-07' })
  @IsCalendarDate()
  dateOfBirth!: string;

  @ApiProperty({ ...OFFICE_CODE_SCHEMA, description: 'The office where the household is registered' })
  @IsOfficeCode()
  householdOfficeCode!: string;

  @ApiProperty({ enum: MARITAL_STATUSES })
  @IsIn(MARITAL_STATUSES)
  maritalStatus!: string;

  @ApiPropertyOptional({ ...CALENDAR_DATE_SCHEMA, example: '2016-05-20' })
  @Optional()
  @IsCalendarDate()
  marriageDate?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 64 })
  @Optional()
  @IsString()
  @Length(1, 64)
  spouseName?: string;

  @ApiPropertyOptional({ pattern: '^[0-9]{17}[0-9Xx]$' })
  @Optional()
  @Matches(IDENTITY_NUMBER, { message: 'spouseIdentityNumber must be 17 digits and a check character' })
  @HasIdentityCheckCharacter()
  spouseIdentityNumber?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 20, description: 'Only when the applicant declares it' })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(20)
  numberOfChildren?: number;
}

export class CreateCertificateApplicationRequest {
  @ApiProperty({ type: ApplicantInput })
  @IsObject({ message: 'applicant must be an object' })
  @ValidateNested()
  @Type(() => ApplicantInput)
  applicant!: ApplicantInput;

  @ApiPropertyOptional({ ...OFFICE_CODE_SCHEMA, example: '440306017', description: 'The residence office the person is heading to' })
  @Optional()
  @IsOfficeCode()
  destinationOfficeCode?: string;

  @ApiPropertyOptional({ description: 'Self-declaration (承诺制), where the office allows it: skips the registry check' })
  @Optional()
  @IsBoolean()
  selfDeclared?: boolean;
}

export class ListCertificateApplicationsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CERTIFICATE_APPLICATION_STATES })
  @Optional()
  @IsIn(CERTIFICATE_APPLICATION_STATES)
  state?: string;

  @ApiPropertyOptional(OFFICE_CODE_SCHEMA)
  @Optional()
  @IsOfficeCode()
  officeCode?: string;

  @ApiPropertyOptional({ description: 'Only open cases past their statutory deadline' })
  @Optional()
  @Transform(toBoolean)
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional()
  @Optional()
  @Transform(toBoolean)
  @IsBoolean()
  assignedToMe?: boolean;

  @ApiPropertyOptional({
    description: 'A case number or its beginning, in any letter case (CA-360102002-2026-000123, or CA-360102002-2026-0001 for ten)',
    pattern: '^[A-Za-z0-9-]{1,32}$',
  })
  @Optional()
  @Matches(/^[A-Za-z0-9-]{1,32}$/, { message: 'caseNumber may contain letters, digits and hyphens only' })
  caseNumber?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Continue after this case: the nextAfter of the previous page (as deep as needed at the cost of a first page)',
  })
  @Optional()
  @IsUUID()
  after?: string;

}

export class NoteRequest {
  @ApiPropertyOptional({ minLength: 1, maxLength: 2000 })
  @Optional()
  @IsString()
  @Length(1, 2000)
  note?: string;
}

export class RequestInformationRequest {
  @ApiProperty({
    type: [String],
    minItems: 1,
    maxItems: 20,
    items: { type: 'string', minLength: 1, maxLength: 200 },
    example: ['marriage-certificate-copy'],
    description: 'What the applicant must supply',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  missing!: string[];

  @ApiPropertyOptional({ minLength: 1, maxLength: 2000 })
  @Optional()
  @IsString()
  @Length(1, 2000)
  note?: string;
}

export class ReasonRequest {
  @ApiProperty({ minLength: 1, maxLength: 2000 })
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

export class OptionalReasonRequest {
  @ApiPropertyOptional({ maxLength: 2000 })
  @Optional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}
