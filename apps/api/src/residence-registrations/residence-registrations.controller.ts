import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { ActingUser } from '../../../../libs/domain';
import { CurrentActor } from '../common/actor';
import { IdParam } from '../common/id-param';
import { IDEMPOTENCY_KEY_HEADER, IdempotencyKey } from '../common/idempotency-key';
import { ApiProblemResponses, CaseActionProblems } from '../common/openapi';
import { ListResidenceRegistrationsQuery, RegisterArrivalRequest, ResidenceNoteRequest, SubmitFeedbackRequest, TransferRequest } from './residence-registration.dto';
import { ResidenceRegistrationPage, ResidenceRegistrationView } from './residence-registration.view';
import { ResidenceRegistrationsService } from './residence-registrations.service';
import { AuditedRead } from '../audit/audited-read';

/**
 * Residence registrations (流入登记): a person's file at the office where they live now, and the feedback
 * it owes the registration office (反馈). Seen by the office holding the file, the person's registration
 * office, an office the person moved away from (and managers above them); anyone else gets 404.
 */
@ApiTags('residence-registrations')
@ApiBearerAuth()
@Controller('residence-registrations')
export class ResidenceRegistrationsController {
  constructor(private readonly registrations: ResidenceRegistrationsService) {}

  @Post()
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @ApiOperation({ summary: 'Register a person’s arrival at the caller’s office, by their certificate or their own declaration' })
  @ApiCreatedResponse({ type: ResidenceRegistrationView })
  @ApiOkResponse({ type: ResidenceRegistrationView, description: 'The file an earlier request with the same Idempotency-Key opened' })
  @ApiProblemResponses([403, 409, 422])
  async register(
    @CurrentActor() actor: ActingUser,
    @Body() body: RegisterArrivalRequest,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ResidenceRegistrationView> {
    const { created, view } = await this.registrations.register(actor, body, key);
    response.status(created ? 201 : 200).location(`/api/v1/residence-registrations/${view.id}`);
    return view;
  }

  @Get()
  @AuditedRead('residence-registration', 'items')
  @ApiOperation({ summary: 'Files of the caller’s offices: their residents (direction=residing) or people registered there, by state and overdue feedback' })
  @ApiOkResponse({ type: ResidenceRegistrationPage })
  list(@CurrentActor() actor: ActingUser, @Query() query: ListResidenceRegistrationsQuery): Promise<ResidenceRegistrationPage> {
    return this.registrations.list(actor, query);
  }

  @Get(':id')
  @AuditedRead('residence-registration', 'id')
  @ApiOperation({ summary: 'One file: where its feedback stands, who it waits for, its timeline and what the caller may do' })
  @ApiOkResponse({ type: ResidenceRegistrationView })
  get(@CurrentActor() actor: ActingUser, @Param() { id }: IdParam): Promise<ResidenceRegistrationView> {
    return this.registrations.detail(actor, id);
  }

  @Post(':id/feedback')
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @HttpCode(200)
  @ApiOperation({ summary: 'Give the period’s feedback to the registration office (residence office); the next one falls due one interval on' })
  @ApiOkResponse({ type: ResidenceRegistrationView })
  @CaseActionProblems()
  feedback(@CurrentActor() actor: ActingUser, @Param() { id }: IdParam, @Body() body: SubmitFeedbackRequest, @IdempotencyKey() key?: string) {
    return this.registrations.act(actor, id, 'submit-feedback', { ...body }, key);
  }

  @Post(':id/transfer')
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @HttpCode(200)
  @ApiOperation({ summary: 'The person moved to another residence office: the file and its feedback go with them, and all three offices are told' })
  @ApiOkResponse({ type: ResidenceRegistrationView })
  @CaseActionProblems()
  transfer(@CurrentActor() actor: ActingUser, @Param() { id }: IdParam, @Body() body: TransferRequest, @IdempotencyKey() key?: string) {
    return this.registrations.act(actor, id, 'transfer', { ...body }, key);
  }

  @Post(':id/depart')
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @HttpCode(200)
  @ApiOperation({ summary: 'The person left (to no office in the system): the file closes and the registration office is told' })
  @ApiOkResponse({ type: ResidenceRegistrationView })
  @CaseActionProblems()
  depart(@CurrentActor() actor: ActingUser, @Param() { id }: IdParam, @Body() body: ResidenceNoteRequest, @IdempotencyKey() key?: string) {
    return this.registrations.act(actor, id, 'depart', { ...body }, key);
  }

  @Post(':id/return')
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @HttpCode(200)
  @ApiOperation({ summary: 'The person returned to the registration place: the file closes and the registration office is told' })
  @ApiOkResponse({ type: ResidenceRegistrationView })
  @CaseActionProblems()
  returnHome(@CurrentActor() actor: ActingUser, @Param() { id }: IdParam, @Body() body: ResidenceNoteRequest, @IdempotencyKey() key?: string) {
    return this.registrations.act(actor, id, 'return', { ...body }, key);
  }
}
