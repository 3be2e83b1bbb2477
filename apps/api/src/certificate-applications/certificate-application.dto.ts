import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  ValidateNested,
} from 'class-validator';
import { CERTIFICATE_APPLICATION_STATES, identityNumberCheckCharacter, MARITAL_STATUSES } from '../../../../libs/domain';
import { IsOfficeCode } from '../common/is-office-code';

const IDENTITY_NUMBER = /^\d{17}[\dXx]$/;
const DATE_ONLY = { strict: true } as const;
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
  @ApiProperty({ example: '李娜' })
  @IsString()
  @Length(1, 64)
  fullName!: string;

  @ApiProperty({ example: '360102199003072423', description: '18-character resident identity number (GB 11643)' })
  @Matches(IDENTITY_NUMBER, { message: 'identityNumber must be 17 digits and a check character' })
  @HasIdentityCheckCharacter()
  identityNumber!: string;

  @ApiProperty({ enum: ['male', 'female'] })
  @IsIn(['male', 'female'])
  sex!: 'male' | 'female';

  @ApiProperty({ example: '1990-03-07' })
  @IsISO8601(DATE_ONLY)
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dateOfBirth must be YYYY-MM-DD' })
  dateOfBirth!: string;

  @ApiProperty({ example: '360102002', description: 'The office where the household is registered' })
  @IsOfficeCode()
  householdOfficeCode!: string;

  @ApiProperty({ enum: MARITAL_STATUSES })
  @IsIn(MARITAL_STATUSES)
  maritalStatus!: string;

  @ApiPropertyOptional({ example: '2016-05-20' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'marriageDate must be YYYY-MM-DD' })
  marriageDate?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 64)
  spouseName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(IDENTITY_NUMBER, { message: 'spouseIdentityNumber must be 17 digits and a check character' })
  @HasIdentityCheckCharacter()
  spouseIdentityNumber?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 20, description: 'Only when the applicant declares it' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(20)
  numberOfChildren?: number;
}

export class CreateCertificateApplicationRequest {
  @ApiProperty({ type: ApplicantInput })
  @ValidateNested()
  @Type(() => ApplicantInput)
  applicant!: ApplicantInput;

  @ApiPropertyOptional({ example: '440306017', description: 'The residence office the person is heading to' })
  @IsOptional()
  @IsOfficeCode()
  destinationOfficeCode?: string;

  @ApiPropertyOptional({ description: 'Self-declaration (承诺制), where the office allows it: skips the registry check' })
  @IsOptional()
  @IsBoolean()
  selfDeclared?: boolean;
}

export class ListCertificateApplicationsQuery {
  @ApiPropertyOptional({ enum: CERTIFICATE_APPLICATION_STATES })
  @IsOptional()
  @IsIn(CERTIFICATE_APPLICATION_STATES)
  state?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsOfficeCode()
  officeCode?: string;

  @ApiPropertyOptional({ description: 'Only open cases past their statutory deadline' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  assignedToMe?: boolean;

  @ApiPropertyOptional({ description: 'Part of a case number' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9-]{1,32}$/, { message: 'caseNumber may contain letters, digits and hyphens only' })
  caseNumber?: string;

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

export class NoteRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  note?: string;
}

export class RequestInformationRequest {
  @ApiProperty({ type: [String], example: ['marriage-certificate-copy'], description: 'What the applicant must supply' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  missing!: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  note?: string;
}

export class ReasonRequest {
  @ApiProperty()
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

export class OptionalReasonRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}
