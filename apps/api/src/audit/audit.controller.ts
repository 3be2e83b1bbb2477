import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { validationFailed, type ActingUser } from '../../../../libs/domain';
import type { AuditFilter } from '../../../../libs/db';
import { CurrentActor } from '../common/actor';
import { ApiProblemResponses } from '../common/openapi';
import { AuditEventsQuery } from './audit.dto';
import { AuditService } from './audit.service';
import { AuditChainView, AuditEventPage } from './audit.view';

const FILTERS = ['caseId', 'personId', 'userId', 'officeCode'] as const;

/** Auditors read the audit trail and prove it whole; nothing here changes anything. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('events')
  @ApiOperation({
    summary: 'Audit entries about a case or a person, or by a user or an office, newest first (auditor)',
    description:
      'Exactly one of caseId, personId, userId, officeCode. Entries whose acting office, or an office party to the case they concern, ' +
      'lies within the auditor’s subtree. A user or office outside it answers 404. Reading the audit is itself audited.',
  })
  @ApiOkResponse({ type: AuditEventPage })
  @ApiProblemResponses([403, 404])
  events(@CurrentActor() actor: ActingUser, @Query() query: AuditEventsQuery): Promise<AuditEventPage> {
    const given = FILTERS.filter((f) => query[f] !== undefined);
    if (given.length !== 1) {
      const fields = given.length === 0 ? FILTERS : given;
      throw validationFailed(
        fields.map((field) => ({ field, rule: 'exactly-one-filter', message: 'exactly one of caseId, personId, userId, officeCode' })),
        'Give exactly one of caseId, personId, userId, officeCode.',
      );
    }
    const field = given[0]!;
    return this.audit.page(actor, { [field]: query[field] } as AuditFilter, query.limit, query.after);
  }

  @Get('verify')
  @ApiOperation({
    summary: 'Walk the audit’s hash chain and say whether it is intact (auditor, manager)',
    description:
      'Every entry must follow the one before it (chainSeq), link to its hash (previousHash), still hash to its own hash, and, for a ' +
      'case action, match the case log entry it copies; every case log entry must have its entry. Otherwise the first break is named.',
  })
  @ApiOkResponse({ type: AuditChainView })
  @ApiProblemResponses([403])
  verify(@CurrentActor() actor: ActingUser): Promise<AuditChainView> {
    return this.audit.verify(actor);
  }
}
