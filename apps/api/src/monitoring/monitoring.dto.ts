import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { CERTIFICATE_APPLICATION_PROCESS, RESIDENCE_REGISTRATION_PROCESS, SERVICE_REPORT_PROCESS, STUCK_REASONS } from '../../../../libs/domain';
import { Optional } from '../common/optional';
import { PageQuery } from '../common/page-query';

export const MONITORED_CASE_TYPES = [CERTIFICATE_APPLICATION_PROCESS, SERVICE_REPORT_PROCESS, RESIDENCE_REGISTRATION_PROCESS].map((p) => p.caseType);

export class StuckListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: STUCK_REASONS })
  @Optional()
  @IsIn(STUCK_REASONS)
  reason?: string;

  @ApiPropertyOptional({ enum: MONITORED_CASE_TYPES })
  @Optional()
  @IsIn(MONITORED_CASE_TYPES)
  caseType?: string;
}
