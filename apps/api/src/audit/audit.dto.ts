import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsUUID, Matches, Max, Min } from 'class-validator';
import { MAX_PAGE_SIZE } from '../common/page-query';
import { IsOfficeCode, OFFICE_CODE_SCHEMA } from '../common/is-office-code';
import { Optional } from '../common/optional';

/** Exactly one of caseId, personId, userId, officeCode (checked by the service, naming the fields). */
export class AuditEventsQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Entries concerning this case' })
  @Optional()
  @IsUUID()
  caseId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Entries concerning this person (reads of their data included)' })
  @Optional()
  @IsUUID()
  personId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Entries of what this user did' })
  @Optional()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ ...OFFICE_CODE_SCHEMA, description: 'Entries of what this office’s staff did (and the system, on its cases)' })
  @Optional()
  @IsOfficeCode()
  officeCode?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit = 50;

  @ApiPropertyOptional({ example: '1042', description: 'Continue after this entry: the nextAfter of the previous page' })
  @Optional()
  @Matches(/^[1-9][0-9]{0,17}$/, { message: 'after must be an audit entry id (the nextAfter of the previous page)' })
  after?: string;
}
