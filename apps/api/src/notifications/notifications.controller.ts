import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { ActingUser } from '../../../../libs/domain';
import { CurrentActor } from '../common/actor';
import { IdParam } from '../common/id-param';
import { IdempotencyKey } from '../common/idempotency-key';
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
  list(@CurrentActor() actor: ActingUser, @Query() query: ListNotificationsQuery): Promise<NotificationPage> {
    return this.notifications.inbox(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One notification with its webhook delivery attempts' })
  @ApiOkResponse({ type: NotificationDetailView })
  @ApiNotFoundResponse({ description: 'No such notification within the caller’s jurisdiction' })
  get(@CurrentActor() actor: ActingUser, @Param() { id }: IdParam): Promise<NotificationDetailView> {
    return this.notifications.detail(actor, id);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark read for the recipient office (its staff only; idempotent, the first reading time stays)' })
  @ApiOkResponse({ type: NotificationView })
  @ApiForbiddenResponse({ description: 'Not staff of the recipient office, or an auditor' })
  @ApiNotFoundResponse({ description: 'No such notification within the caller’s jurisdiction' })
  read(@CurrentActor() actor: ActingUser, @Param() { id }: IdParam): Promise<NotificationView> {
    return this.notifications.markRead(actor, id);
  }

  @Post(':id/redeliver')
  @HttpCode(202)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'The same key twice is one redelivery' })
  @ApiOperation({ summary: 'Deliver a dead-lettered notification again (office admin of the recipient office, or a manager above it)' })
  @ApiAcceptedResponse({ type: RedeliveryView, description: 'The redelivery workflow has been started (or was already, for this key)' })
  @ApiForbiddenResponse({ description: 'Neither the recipient office’s admin nor a manager above it' })
  @ApiNotFoundResponse({ description: 'No such notification within the caller’s jurisdiction' })
  @ApiConflictResponse({
    description: 'ACTION_NOT_ALLOWED_IN_STATE: the notification is not dead-lettered; CONFLICT: another request (another key) is redelivering it',
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
  @ApiBadRequestResponse({ description: 'A date that is not a real YYYY-MM-DD, or from not before to' })
  @ApiNotFoundResponse({ description: 'officeCode is unknown or outside the caller’s jurisdiction' })
  get(@CurrentActor() actor: ActingUser, @Query() query: FeedbackRatesQuery): Promise<FeedbackRatesView> {
    return this.feedbackRates.rates(actor, query);
  }
}
