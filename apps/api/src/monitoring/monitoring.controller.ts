import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ActingUser } from '../../../../libs/domain';
import { CurrentActor } from '../common/actor';
import { ApiProblemResponses } from '../common/openapi';
import { IDEMPOTENCY_KEY_HEADER, IdempotencyKey } from '../common/idempotency-key';
import { ManagerReasonRequest, MonitoredCaseParams, StuckListQuery } from './monitoring.dto';
import { MonitoringActionsService } from './monitoring-actions.service';
import { MonitoringSummaryService } from './monitoring-summary.service';
import { MonitoringSummaryView } from './summary.view';
import { MonitoringService } from './monitoring.service';
import { ManagerActionView, StuckListPage } from './stuck-item.view';

/** Managers' monitoring of their office and every office below it. */
@ApiTags('monitoring')
@ApiBearerAuth()
@Controller('monitoring')
export class MonitoringController {
  constructor(
    private readonly monitoring: MonitoringService,
    private readonly actions: MonitoringActionsService,
    private readonly summaries: MonitoringSummaryService,
  ) {}

  @Get('summary')
  @ApiOperation({ summary: 'Counts by case type, state and office; issuance on time and its median and 90th percentile; feedback rate; 90 days by day' })
  @ApiOkResponse({ type: MonitoringSummaryView })
  @ApiProblemResponses([403])
  summary(@CurrentActor() actor: ActingUser): Promise<MonitoringSummaryView> {
    return this.summaries.summary(actor);
  }

  @Get('stuck')
  @ApiOperation({ summary: 'What is late or stuck in the manager’s subtree, and why, oldest first' })
  @ApiOkResponse({ type: StuckListPage })
  @ApiProblemResponses([403])
  stuck(@CurrentActor() actor: ActingUser, @Query() query: StuckListQuery): Promise<StuckListPage> {
    return this.monitoring.stuck(actor, query);
  }

  @Post('cases/:caseType/:caseId/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Start a failing step of the case again now (its attempts start over), with a reason for the audit' })
  @ApiOkResponse({ type: ManagerActionView })
  @ApiProblemResponses([403, 404, 409])
  retry(@CurrentActor() actor: ActingUser, @Param() p: MonitoredCaseParams, @Body() body: ManagerReasonRequest): Promise<ManagerActionView> {
    return this.actions.retry(actor, p.caseType, p.caseId, body.reason);
  }

  @Post('cases/:caseType/:caseId/cancel')
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @HttpCode(200)
  @ApiOperation({ summary: 'End the case with a reason (a manager at or above its office), also one jammed in its opening step' })
  @ApiOkResponse({ type: ManagerActionView })
  @ApiProblemResponses([403, 404, 409, 422])
  cancel(@CurrentActor() actor: ActingUser, @Param() p: MonitoredCaseParams, @Body() body: ManagerReasonRequest, @IdempotencyKey() key?: string): Promise<ManagerActionView> {
    return this.actions.cancel(actor, p.caseType, p.caseId, body.reason, key);
  }
}
