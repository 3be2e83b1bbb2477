import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ActingUser } from '../../../../libs/domain';
import { CurrentActor } from '../common/actor';
import { ApiProblemResponses } from '../common/openapi';
import { IDEMPOTENCY_KEY_HEADER, IdempotencyKey } from '../common/idempotency-key';
import { ManagerReasonRequest, MonitoredCaseParams, ReassignRequest, StuckListQuery } from './monitoring.dto';
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

  @Post('cases/:caseType/:caseId/reassign')
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @HttpCode(200)
  @ApiOperation({ summary: 'Hand a certificate application to another caseworker of its office, with a reason' })
  @ApiOkResponse({ type: ManagerActionView })
  @ApiProblemResponses([403, 404, 409, 422])
  reassign(@CurrentActor() actor: ActingUser, @Param() p: MonitoredCaseParams, @Body() body: ReassignRequest, @IdempotencyKey() key?: string): Promise<ManagerActionView> {
    return this.actions.reassign(actor, p.caseType, p.caseId, body.assigneeUserId, body.reason, key);
  }

  @Post('cases/:caseType/:caseId/nudge')
  @HttpCode(200)
  @ApiOperation({ summary: 'Ask again: each unanswered question of the case gets a nudge to the office asked, with a reason' })
  @ApiOkResponse({ type: ManagerActionView })
  @ApiProblemResponses([403, 404, 409])
  nudge(@CurrentActor() actor: ActingUser, @Param() p: MonitoredCaseParams, @Body() body: ManagerReasonRequest): Promise<ManagerActionView> {
    return this.actions.nudge(actor, p.caseType, p.caseId, body.reason);
  }

  @Post('cases/:caseType/:caseId/escalate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take the case to the manager of the office above the caller’s, with a reason' })
  @ApiOkResponse({ type: ManagerActionView })
  @ApiProblemResponses([403, 404, 422])
  escalate(@CurrentActor() actor: ActingUser, @Param() p: MonitoredCaseParams, @Body() body: ManagerReasonRequest): Promise<ManagerActionView> {
    return this.actions.escalate(actor, p.caseType, p.caseId, body.reason);
  }
}
