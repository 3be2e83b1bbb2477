import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, Max, Min } from 'class-validator';
import type { OfficeEntity } from '../../../../libs/db';
import { IsOfficeCode, OFFICE_CODE_SCHEMA } from '../common/is-office-code';
import { Optional } from '../common/optional';

export const OFFICE_LEVELS = ['province', 'city', 'county', 'township', 'community'] as const;

export class OfficeCodeParam {
  @ApiProperty({ ...OFFICE_CODE_SCHEMA, description: 'Administrative division code of the office' })
  @IsOfficeCode()
  code!: string;
}

export class ListOfficesQuery {
  @ApiPropertyOptional({ enum: OFFICE_LEVELS })
  @Optional()
  @IsIn(OFFICE_LEVELS)
  level?: (typeof OFFICE_LEVELS)[number];

  @ApiPropertyOptional({ ...OFFICE_CODE_SCHEMA, description: 'Only the direct children of this office' })
  @Optional()
  @IsOfficeCode()
  parentCode?: string;
}

export class OfficeView {
  @ApiProperty({ example: '360102002' }) code!: string;
  @ApiProperty({ example: '滕王阁街道' }) name!: string;
  @ApiProperty({ enum: OFFICE_LEVELS }) level!: string;
  @ApiProperty({ nullable: true, type: String, example: '360102' }) parentCode!: string | null;

  static of(office: OfficeEntity): OfficeView {
    return { code: office.code, name: office.name, level: office.level, parentCode: office.parentCode };
  }
}

export class OfficeSettingsView {
  @ApiProperty({ type: 'integer' }) certificateDeadlineWorkingDays!: number;
  @ApiProperty({ type: 'integer' }) applicantResponseWorkingDays!: number;
  @ApiProperty({ type: 'integer' }) certificateValidityYears!: number;
  @ApiProperty() selfDeclarationAllowed!: boolean;
  @ApiProperty({ description: 'One daily digest of what is overdue at the office, instead of one notification per item' })
  dailyDigestEnabled!: boolean;

  static of(office: OfficeEntity): OfficeSettingsView {
    return {
      certificateDeadlineWorkingDays: office.certificateDeadlineWorkingDays,
      applicantResponseWorkingDays: office.applicantResponseWorkingDays,
      certificateValidityYears: office.certificateValidityYears,
      selfDeclarationAllowed: office.selfDeclarationAllowed,
      dailyDigestEnabled: office.dailyDigestEnabled,
    };
  }
}

export class UpdateOfficeSettingsRequest {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 120 })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(120)
  certificateDeadlineWorkingDays?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 120 })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(120)
  applicantResponseWorkingDays?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 10 })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(10)
  certificateValidityYears?: number;

  @ApiPropertyOptional()
  @Optional()
  @IsBoolean()
  selfDeclarationAllowed?: boolean;

  @ApiPropertyOptional({ description: 'One daily digest of what is overdue at the office, instead of one notification per item' })
  @Optional()
  @IsBoolean()
  dailyDigestEnabled?: boolean;
}
