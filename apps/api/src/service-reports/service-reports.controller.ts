import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { SERVICE_TYPES, type ActingUser } from '../../../../libs/domain';
import { CurrentActor } from '../common/actor';
import { IdParam } from '../common/id-param';
import { IDEMPOTENCY_KEY_HEADER, IdempotencyKey } from '../common/idempotency-key';
import { ApiProblemResponses, CaseActionProblems } from '../common/openapi';
import { CooperationAgreementsService } from './cooperation-agreements.service';
import {
  AcknowledgeRequest,
  AgreementPairParams,
  ContestRequest,
  CorrectServiceReportRequest,
  FileServiceReportRequest,
  ListServiceReportsQuery,
  PutCooperationAgreementRequest,
  ServiceReportReasonRequest,
} from './service-report.dto';
import { CooperationAgreementView, ServiceReportPage, ServiceReportView, ServiceTypeView } from './service-report.view';
import { ServiceReportsService } from './service-reports.service';
import { AuditedRead } from '../audit/audited-read';

/**
 * Residence-place service reports (情况报告单): filed by the residence office, acknowledged or contested
 * by the registration office, a contest decided by the arbitrator. Seen only by the offices party to a
 * report (and managers above them); anyone else gets 404.
 */
@ApiTags('service-reports')
@ApiBearerAuth()
@Controller('service-reports')
export class ServiceReportsController {
  constructor(private readonly reports: ServiceReportsService) {}

  @Post()
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @ApiOperation({ summary: 'File a report of a service the caller’s office provided to a person registered elsewhere' })
  @ApiCreatedResponse({ type: ServiceReportView })
  @ApiOkResponse({ type: ServiceReportView, description: 'The report an earlier request with the same Idempotency-Key filed' })
  @ApiProblemResponses([403, 409, 422])
  async file(
    @CurrentActor() actor: ActingUser,
    @Body() body: FileServiceReportRequest,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ServiceReportView> {
    const { created, view } = await this.reports.file(actor, body, key);
    response.status(created ? 201 : 200).location(`/api/v1/service-reports/${view.id}`);
    return view;
  }

  @Get()
  @AuditedRead('service-report', 'items')
  @ApiOperation({ summary: 'Reports the caller’s offices filed or received, by state and overdue' })
  @ApiOkResponse({ type: ServiceReportPage })
  list(@CurrentActor() actor: ActingUser, @Query() query: ListServiceReportsQuery): Promise<ServiceReportPage> {
    return this.reports.list(actor, query);
  }

  @Get(':id')
  @AuditedRead('service-report', 'id')
  @ApiOperation({ summary: 'One report: where it stands, who it waits for, its timeline and what the caller may do' })
  @ApiOkResponse({ type: ServiceReportView })
  get(@CurrentActor() actor: ActingUser, @Param() { id }: IdParam): Promise<ServiceReportView> {
    return this.reports.detail(actor, id);
  }

  @Post(':id/acknowledge')
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @HttpCode(200)
  @ApiOperation({ summary: 'Acknowledge the report (registration office)' })
  @ApiOkResponse({ type: ServiceReportView })
  @CaseActionProblems()
  acknowledge(@CurrentActor() actor: ActingUser, @Param() { id }: IdParam, @Body() body: AcknowledgeRequest, @IdempotencyKey() key?: string) {
    return this.reports.act(actor, id, 'acknowledge', { ...body }, key);
  }

  @Post(':id/contest')
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @HttpCode(200)
  @ApiOperation({ summary: 'Contest the report with a reason from the fixed list and an evidence note (registration office)' })
  @ApiOkResponse({ type: ServiceReportView })
  @CaseActionProblems()
  contest(@CurrentActor() actor: ActingUser, @Param() { id }: IdParam, @Body() body: ContestRequest, @IdempotencyKey() key?: string) {
    return this.reports.act(actor, id, 'contest', { ...body }, key);
  }

  @Post(':id/uphold-contest')
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @HttpCode(200)
  @ApiOperation({ summary: 'Uphold the contest, with a reason (manager of the arbitrator office)' })
  @ApiOkResponse({ type: ServiceReportView })
  @CaseActionProblems()
  uphold(@CurrentActor() actor: ActingUser, @Param() { id }: IdParam, @Body() body: ServiceReportReasonRequest, @IdempotencyKey() key?: string) {
    return this.reports.act(actor, id, 'uphold-contest', { ...body }, key);
  }

  @Post(':id/dismiss-contest')
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @HttpCode(200)
  @ApiOperation({ summary: 'Dismiss the contest, with a reason (manager of the arbitrator office)' })
  @ApiOkResponse({ type: ServiceReportView })
  @CaseActionProblems()
  dismiss(@CurrentActor() actor: ActingUser, @Param() { id }: IdParam, @Body() body: ServiceReportReasonRequest, @IdempotencyKey() key?: string) {
    return this.reports.act(actor, id, 'dismiss-contest', { ...body }, key);
  }

  @Post(':id/correct')
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @HttpCode(200)
  @ApiOperation({ summary: 'Correct the report: asked again with a fresh deadline (filing office)' })
  @ApiOkResponse({ type: ServiceReportView })
  @CaseActionProblems()
  correct(@CurrentActor() actor: ActingUser, @Param() { id }: IdParam, @Body() body: CorrectServiceReportRequest, @IdempotencyKey() key?: string) {
    return this.reports.act(actor, id, 'correct', { ...body }, key);
  }

  @Post(':id/withdraw')
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw the report, with a reason (filing office)' })
  @ApiOkResponse({ type: ServiceReportView })
  @CaseActionProblems()
  withdraw(@CurrentActor() actor: ActingUser, @Param() { id }: IdParam, @Body() body: ServiceReportReasonRequest, @IdempotencyKey() key?: string) {
    return this.reports.act(actor, id, 'withdraw', { ...body }, key);
  }
}

@ApiTags('service-reports')
@ApiBearerAuth()
@Controller('service-report-types')
export class ServiceReportTypesController {
  @Get()
  @ApiOperation({ summary: 'The catalogue of services a report may be about' })
  @ApiOkResponse({ type: [ServiceTypeView] })
  list(): ServiceTypeView[] {
    return SERVICE_TYPES.map((t) => ({ ...t }));
  }
}

/** Two-way cooperation agreements between offices: the deadlines and the arbitrator their reports run on. */
@ApiTags('cooperation-agreements')
@ApiBearerAuth()
@Controller('cooperation-agreements')
export class CooperationAgreementsController {
  constructor(private readonly agreements: CooperationAgreementsService) {}

  @Get()
  @ApiOperation({ summary: 'Agreements of the caller’s offices' })
  @ApiOkResponse({ type: [CooperationAgreementView] })
  list(@CurrentActor() actor: ActingUser): Promise<CooperationAgreementView[]> {
    return this.agreements.list(actor);
  }

  @Get(':officeCodeA/:officeCodeB')
  @ApiOperation({ summary: 'The agreement of two offices, or the configured defaults when they have none' })
  @ApiOkResponse({ type: CooperationAgreementView })
  get(@CurrentActor() actor: ActingUser, @Param() p: AgreementPairParams): Promise<CooperationAgreementView> {
    return this.agreements.get(actor, p.officeCodeA, p.officeCodeB);
  }

  @Put(':officeCodeA/:officeCodeB')
  @ApiOperation({ summary: 'Set the agreement (office admin of either office, or a manager above either); applies to reports filed from now on' })
  @ApiOkResponse({ type: CooperationAgreementView })
  @ApiProblemResponses([403, 422])
  put(@CurrentActor() actor: ActingUser, @Param() p: AgreementPairParams, @Body() body: PutCooperationAgreementRequest): Promise<CooperationAgreementView> {
    return this.agreements.put(actor, p.officeCodeA, p.officeCodeB, body);
  }
}
