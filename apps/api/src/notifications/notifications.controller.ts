import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ActingUser } from '../../../../libs/domain';
import { CurrentActor } from '../common/actor';
import { IdParam } from '../common/id-param';
import { IDEMPOTENCY_KEY_HEADER, IdempotencyKey } from '../common/idempotency-key';
import { ApiProblemResponses } from '../common/openapi';
import { FeedbackRatesService } from './feedback-rates.service';
import { FeedbackRatesQuery, ListNotificationsQuery } from './notification.dto';
import { FeedbackRatesView, NotificationDetailView, NotificationPage, NotificationView, RedeliveryView } from './notification.view';
import { NotificationsService } from './notifications.service';

/** Inter-office notifications: the inbox of each office, and redelivery of what its webhook refused. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({ summary: 'Inboxes within the caller’s jurisdiction (own office; managers and auditors also the offices below), newest first' })
  @ApiOkResponse({ type: NotificationPage })
  @ApiProblemResponses([404], { 404: 'officeCode is unknown or outside the caller’s jurisdiction' })
  list(@CurrentActor() actor: ActingUser, @Query() query: ListNotificationsQuery): Promise<NotificationPage> {
    return this.notifications.inbox(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One notification with its webhook delivery attempts' })
  @ApiOkResponse({ type: NotificationDetailView })
  @ApiProblemResponses([404], { 404: 'No such notification within the caller’s jurisdiction' })
  get(@CurrentActor() actor: ActingUser, @Param() { id }: IdParam): Promise<NotificationDetailView> {
    return this.notifications.detail(actor, id);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark read for the recipient office (its staff only; idempotent, the first reading time stays)' })
  @ApiOkResponse({ type: NotificationView })
  @ApiProblemResponses([403, 404], {
    403: 'Not staff of the recipient office, or an auditor',
    404: 'No such notification within the caller’s jurisdiction',
  })
  read(@CurrentActor() actor: ActingUser, @Param() { id }: IdParam): Promise<NotificationView> {
    return this.notifications.markRead(actor, id);
  }

  @Post(':id/redeliver')
  @HttpCode(202)
  @ApiHeader({ ...IDEMPOTENCY_KEY_HEADER, description: 'The same key twice is one redelivery' })
  @ApiOperation({ summary: 'Deliver a dead-lettered notification again (office admin of the recipient office, or a manager above it)' })
  @ApiAcceptedResponse({ type: RedeliveryView, description: 'The redelivery workflow has been started (or was already, for this key)' })
  @ApiProblemResponses([403, 404, 409], {
    403: 'Neither the recipient office’s admin nor a manager above it',
    404: 'No such notification within the caller’s jurisdiction',
    409: 'ACTION_NOT_ALLOWED_IN_STATE: the notification is not dead-lettered; CONFLICT: another request (another key) is redelivering it',
  })
  redeliver(@CurrentActor() actor: ActingUser, @Param() { id }: IdParam, @IdempotencyKey() key?: string): Promise<RedeliveryView> {
    return this.notifications.redeliver(actor, id, key);
  }
}

/** The feedback rate (反馈率) offices are judged by. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('feedback-rates')
export class FeedbackRatesController {
  constructor(private readonly feedbackRates: FeedbackRatesService) {}

  @Get()
  @ApiOperation({
    summary: 'Share of notifications answered on time, per office within the caller’s jurisdiction, for notifications created in [from, to) (China dates)',
  })
  @ApiOkResponse({ type: FeedbackRatesView })
  @ApiProblemResponses([400, 404], {
    400: 'A date that is not a real YYYY-MM-DD, or from not before to',
    404: 'officeCode is unknown or outside the caller’s jurisdiction',
  })
  get(@CurrentActor() actor: ActingUser, @Query() query: FeedbackRatesQuery): Promise<FeedbackRatesView> {
    return this.feedbackRates.rates(actor, query);
  }
}
