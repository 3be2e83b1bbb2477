import { ApiProperty } from '@nestjs/swagger';
import type { DeliveryAttemptRow, FeedbackRateRow, NotificationRow } from '../../../../libs/db';
import { TOTAL_IS_CAPPED_SCHEMA, TOTAL_SCHEMA } from '../common/page-query';

const NOTIFICATION_STATES = ['pending', 'delivered', 'read', 'answered', 'expired', 'dead-lettered'];
const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

/** One notification in an office's inbox: ids, codes and times (never personal data). */
export class NotificationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '360102002' }) recipientOfficeCode!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Set when addressed to one member of staff' }) recipientUserId!: string | null;
  @ApiProperty({ example: 'certificate-issued' }) kind!: string;
  @ApiProperty({ nullable: true, type: String }) caseType!: string | null;
  @ApiProperty({ nullable: true, type: String }) caseId!: string | null;
  @ApiProperty({ nullable: true, type: String }) certificateId!: string | null;
  @ApiProperty() expectsAnswer!: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) answerDueAt!: string | null;
  @ApiProperty({ type: Object, description: 'Codes and counts only' }) payload!: Record<string, unknown>;
  @ApiProperty({ enum: NOTIFICATION_STATES }) state!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) deliveredAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) readAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) answeredAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) deadLetteredAt!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why the last webhook attempt failed' }) lastDeliveryError!: string | null;

  static of(n: NotificationRow): NotificationView {
    return {
      id: n.id, recipientOfficeCode: n.recipientOfficeCode, recipientUserId: n.recipientUserId, kind: n.kind, caseType: n.caseType,
      caseId: n.caseId, certificateId: n.certificateId, expectsAnswer: n.expectsAnswer, answerDueAt: iso(n.answerDueAt),
      payload: n.payload, state: n.state, createdAt: n.createdAt.toISOString(), deliveredAt: iso(n.deliveredAt), readAt: iso(n.readAt),
      answeredAt: iso(n.answeredAt), deadLetteredAt: iso(n.deadLetteredAt), lastDeliveryError: n.lastDeliveryError,
    };
  }
}

export class DeliveryAttemptView {
  @ApiProperty({ description: '1 for the first delivery, higher for redeliveries' }) round!: number;
  @ApiProperty({ description: '1-based within the round' }) attempt!: number;
  @ApiProperty({ format: 'date-time' }) attemptedAt!: string;
  @ApiProperty({ nullable: true, type: Number, description: 'Null when no HTTP answer came (network failure, timeout)' }) statusCode!: number | null;
  @ApiProperty({ enum: ['delivered', 'retry', 'permanent'] }) outcome!: string;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;

  static of(a: DeliveryAttemptRow): DeliveryAttemptView {
    return { round: a.round, attempt: a.attempt, attemptedAt: a.attemptedAt.toISOString(), statusCode: a.statusCode, outcome: a.outcome, error: a.error };
  }
}

export class NotificationDetailView extends NotificationView {
  @ApiProperty({ description: 'How many delivery rounds have begun (0 before the first)' }) deliveryRound!: number;
  @ApiProperty({ type: [DeliveryAttemptView], description: 'Webhook attempts, oldest first (none for an inbox-only office)' })
  attempts!: DeliveryAttemptView[];
}

export class NotificationPage {
  @ApiProperty({ type: [NotificationView] }) items!: NotificationView[];
  @ApiProperty(TOTAL_SCHEMA) total!: number;
  @ApiProperty(TOTAL_IS_CAPPED_SCHEMA) totalIsCapped!: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'Pass as `after` for the next page; null when this page is not full' })
  nextAfter!: string | null;
  @ApiProperty({ type: 'integer' }) limit!: number;
  @ApiProperty({ type: 'integer' }) offset!: number;
}

export class RedeliveryView {
  @ApiProperty() notificationId!: string;
  @ApiProperty({ example: 'notification-redelivery/8c1f…/round-2', description: 'The Temporal workflow delivering it again: one per notification and round' })
  workflowId!: string;
}

export class OfficeFeedbackRateView {
  @ApiProperty({ example: '360102004' }) officeCode!: string;
  @ApiProperty({ description: 'Notifications created in the period that expected an answer' }) expectingAnswer!: number;
  @ApiProperty({ description: 'Of those, answered by their due time (or answered, when they had none)' }) answeredOnTime!: number;
  @ApiProperty({ nullable: true, type: Number, example: 0.6, description: 'answeredOnTime ÷ expectingAnswer' }) rate!: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 12600, description: 'Median seconds from notification to answer, of those answered (late ones too)' })
  medianAnswerSeconds!: number | null;

  static of(r: FeedbackRateRow): OfficeFeedbackRateView {
    return { officeCode: r.officeCode, expectingAnswer: r.expectingAnswer, answeredOnTime: r.answeredOnTime, rate: r.rate, medianAnswerSeconds: r.medianAnswerSeconds };
  }
}

export class FeedbackRateTotalView {
  @ApiProperty() expectingAnswer!: number;
  @ApiProperty() answeredOnTime!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Null when nothing expected an answer' }) rate!: number | null;
}

export class FeedbackRatesView {
  @ApiProperty({ format: 'date', example: '2026-03-01' }) from!: string;
  @ApiProperty({ format: 'date', example: '2026-04-01' }) to!: string;
  @ApiProperty({ type: [OfficeFeedbackRateView], description: 'Offices with at least one notification expecting an answer, by code' })
  offices!: OfficeFeedbackRateView[];
  @ApiProperty({ type: FeedbackRateTotalView }) total!: FeedbackRateTotalView;
}
