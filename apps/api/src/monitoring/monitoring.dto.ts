import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, IsUUID, Length } from 'class-validator';
import {
  CERTIFICATE_APPLICATION_PROCESS,
  MAX_PAYLOAD_TEXT_LENGTH,
  RESIDENCE_REGISTRATION_PROCESS,
  SERVICE_REPORT_PROCESS,
  STUCK_REASONS,
} from '../../../../libs/domain';
import { Optional } from '../common/optional';
import { PageQuery } from '../common/page-query';

export const MONITORED_CASE_TYPES = [CERTIFICATE_APPLICATION_PROCESS, SERVICE_REPORT_PROCESS, RESIDENCE_REGISTRATION_PROCESS].map((p) => p.caseType);

export const STUCK_LIST_ORDERS = ['oldest', 'newest'] as const;

export class StuckListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: STUCK_REASONS })
  @Optional()
  @IsIn(STUCK_REASONS)
  reason?: string;

  @ApiPropertyOptional({ enum: MONITORED_CASE_TYPES })
  @Optional()
  @IsIn(MONITORED_CASE_TYPES)
  caseType?: string;

  @ApiPropertyOptional({ enum: STUCK_LIST_ORDERS, default: 'oldest', description: 'oldest: the longest-standing trouble first' })
  @Optional()
  @IsIn(STUCK_LIST_ORDERS)
  order?: (typeof STUCK_LIST_ORDERS)[number];
}

/** `:caseType/:caseId` of a listed case. */
export class MonitoredCaseParams {
  @ApiProperty({ enum: MONITORED_CASE_TYPES })
  @IsIn(MONITORED_CASE_TYPES)
  caseType!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  caseId!: string;
}

/** Every manager's action on a listed case carries the manager's reason, for the audit. */
export class ManagerReasonRequest {
  @ApiProperty({ maxLength: MAX_PAYLOAD_TEXT_LENGTH })
  @IsString()
  @Length(1, MAX_PAYLOAD_TEXT_LENGTH)
  reason!: string;
}

export class ReassignRequest extends ManagerReasonRequest {
  @ApiProperty({ format: 'uuid', description: 'An active caseworker of the case’s office' })
  @IsUUID()
  assigneeUserId!: string;
}
