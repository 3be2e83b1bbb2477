import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiExtraModels, ApiHeader, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import type { ActingUser } from '../../../../libs/domain';
import { CurrentActor } from '../common/actor';
import { IdParam } from '../common/id-param';
import { IDEMPOTENCY_KEY_HEADER, IdempotencyKey } from '../common/idempotency-key';
import { ApiProblemResponses, CaseActionProblems } from '../common/openapi';
import {
  CreateCertificateApplicationRequest,
  ListCertificateApplicationsQuery,
  NoteRequest,
  OptionalReasonRequest,
  ReasonRequest,
  RequestInformationRequest,
} from './certificate-application.dto';
import { CertificateApplicationPage, CertificateApplicationView } from './certificate-application.view';
import { CertificateApplicationsService } from './certificate-applications.service';
import { CaseReaderService } from './case-reader.service';
import { CounterpartCaseView } from './counterpart-case.view';
import { AuditedRead } from '../audit/audited-read';


/** Civil-status certificate applications (婚育证明). Each action answers the new case, or 409/422 with the rule it broke. */
@ApiTags('certificate-applications')
@ApiBearerAuth()
@ApiExtraModels(CertificateApplicationView, CounterpartCaseView)
@Controller('certificate-applications')
export class CertificateApplicationsController {
  constructor(
    private readonly applications: CertificateApplicationsService,
    private readonly reader: CaseReaderService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Open a certificate application at the caller’s office' })
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @ApiCreatedResponse({ type: CertificateApplicationView })
  @ApiOkResponse({ type: CertificateApplicationView, description: 'The case an earlier request with the same Idempotency-Key opened' })
  @ApiProblemResponses([403, 409, 422])
  async open(
    @CurrentActor() actor: ActingUser,
    @Body() body: CreateCertificateApplicationRequest,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CertificateApplicationView> {
    const { created, view } = await this.applications.open(actor, body, key);
    response.status(created ? 201 : 200).location(`/api/v1/certificate-applications/${view.id}`);
    return view;
  }

  @Get()
  @AuditedRead('certificate-application', 'items')
  @ApiOperation({ summary: 'Cases within the caller’s jurisdiction, newest first' })
  @ApiOkResponse({ type: CertificateApplicationPage })
  list(@CurrentActor() actor: ActingUser, @Query() query: ListCertificateApplicationsQuery): Promise<CertificateApplicationPage> {
    return this.applications.list(actor, query);
  }

  @Get(':id')
  @AuditedRead('certificate-application', 'id')
  @ApiOperation({
    summary: 'One case: to the owning side with its applicant, timeline and certificates; to a counterpart (destination or notified office) reduced',
    description:
      'The owning office and the offices above it get `access: owner` (CertificateApplicationView). The destination office, an office ' +
      'notified about the case, and the managers above them get `access: counterpart` (CounterpartCaseView): number, state, type, ' +
      'certificates and, once one is issued, the holder. Anyone else gets 404.',
  })
  @ApiOkResponse({
    schema: {
      oneOf: [{ $ref: getSchemaPath(CertificateApplicationView) }, { $ref: getSchemaPath(CounterpartCaseView) }],
      discriminator: { propertyName: 'access', mapping: { owner: getSchemaPath(CertificateApplicationView), counterpart: getSchemaPath(CounterpartCaseView) } },
    },
  })
  get(@CurrentActor() actor: ActingUser, @Param() { id }: IdParam): Promise<CertificateApplicationView | CounterpartCaseView> {
    return this.reader.read(actor, id);
  }

  @Post(':id/review')
  @HttpCode(200)
  @ApiOperation({ summary: 'Review the case and send it for approval (caseworker)' })
  @ApiOkResponse({ type: CertificateApplicationView })
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @CaseActionProblems()
  review(@CurrentActor() actor: ActingUser, @Param() { id }: IdParam, @Body() body: NoteRequest, @IdempotencyKey() key?: string) {
    return this.applications.act(actor, id, 'review', { ...body }, key);
  }

  @Post(':id/request-information')
  @HttpCode(200)
  @ApiOperation({ summary: 'Ask the applicant for more information: the statutory clock pauses' })
  @ApiOkResponse({ type: CertificateApplicationView })
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @CaseActionProblems()
  requestInformation(@CurrentActor() actor: ActingUser, @Param() { id }: IdParam, @Body() body: RequestInformationRequest, @IdempotencyKey() key?: string) {
    return this.applications.act(actor, id, 'request-information', { ...body }, key);
  }

  @Post(':id/supply-information')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record that the applicant supplied the information: the clock resumes, extended by the paused working days' })
  @ApiOkResponse({ type: CertificateApplicationView })
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @CaseActionProblems()
  supplyInformation(@CurrentActor() actor: ActingUser, @Param() { id }: IdParam, @Body() body: NoteRequest, @IdempotencyKey() key?: string) {
    return this.applications.act(actor, id, 'supply-information', { ...body }, key);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve and issue the certificate (approver; not the reviewer)' })
  @ApiOkResponse({ type: CertificateApplicationView })
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @CaseActionProblems()
  approve(@CurrentActor() actor: ActingUser, @Param() { id }: IdParam, @Body() body: NoteRequest, @IdempotencyKey() key?: string) {
    return this.applications.act(actor, id, 'approve', { ...body }, key);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject with a reason (approver)' })
  @ApiOkResponse({ type: CertificateApplicationView })
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @CaseActionProblems()
  reject(@CurrentActor() actor: ActingUser, @Param() { id }: IdParam, @Body() body: ReasonRequest, @IdempotencyKey() key?: string) {
    return this.applications.act(actor, id, 'reject', { ...body }, key);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw on the applicant’s behalf' })
  @ApiOkResponse({ type: CertificateApplicationView })
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @CaseActionProblems()
  withdraw(@CurrentActor() actor: ActingUser, @Param() { id }: IdParam, @Body() body: OptionalReasonRequest, @IdempotencyKey() key?: string) {
    return this.applications.act(actor, id, 'withdraw', { ...body }, key);
  }
}
