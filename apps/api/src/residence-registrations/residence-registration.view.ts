import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CaseActionRow, ResidenceRegistrationRow } from '../../../../libs/db';
import {
  chinaEndOfDay,
  isResidenceRegistrationStaffAction,
  RESIDENCE_REGISTRATION_PROCESS,
  RESIDENCE_REGISTRATION_STAFF_ACTIONS,
  RESIDENCE_REGISTRATION_STATES,
  toChinaCalendarDate,
  type ActingUser,
  type Actor,
  type ResidenceRegistrationStaffAction,
  type ResidenceRegistrationState,
} from '../../../../libs/domain';
import { TimelineEntryView } from '../cases/timeline-entry.view';
import { TOTAL_IS_CAPPED_SCHEMA, TOTAL_SCHEMA } from '../common/page-query';

export class ResidentWaitingOnView {
  @ApiProperty({ description: 'The office whose turn it is' }) officeCode!: string;
  @ApiProperty({ enum: ['announcement', 'feedback'] }) for!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'By when (feedback only)' }) dueAt!: string | null;
}

export class ResidentPersonView {
  @ApiProperty() fullName!: string;
  @ApiProperty() identityNumber!: string;
}

/** Where a file's feedback stands: on-track (not due yet), due (reminded), overdue, escalated, or closed with the file. */
export const FEEDBACK_STATUSES = ['on-track', 'due', 'overdue', 'escalated', 'closed'] as const;

export class ResidenceRegistrationView {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'RR-440306017-2026-000001' }) caseNumber!: string;
  @ApiProperty({ description: 'The office that holds the file: where the person lives now' }) residenceOfficeCode!: string;
  @ApiProperty({ description: 'Where the person’s household is registered' }) registrationOfficeCode!: string;
  @ApiProperty({ enum: RESIDENCE_REGISTRATION_STATES }) state!: string;
  @ApiProperty({ enum: ['certificate', 'self-declaration'] }) verification!: string;
  @ApiProperty({ description: 'True for a self-declared arrival: the declaration is still to be checked' }) verificationPending!: boolean;
  @ApiProperty({ nullable: true, type: String }) certificateNumber!: string | null;
  @ApiProperty({ format: 'date' }) arrivedOn!: string;
  @ApiProperty() feedbackIntervalMonths!: number;
  @ApiProperty({ format: 'date', description: 'The China date the next feedback is due' }) nextFeedbackDueOn!: string;
  @ApiProperty({ enum: FEEDBACK_STATUSES }) feedbackStatus!: string;
  @ApiProperty() feedbacksGiven!: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastFeedbackAt!: string | null;
  @ApiProperty({ nullable: true, type: ResidentWaitingOnView, description: 'Who the file is waiting for; null once closed' })
  waitingOn!: ResidentWaitingOnView | null;
  @ApiProperty({ format: 'date-time' }) registeredAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) closedAt!: string | null;
  @ApiPropertyOptional({ type: ResidentPersonView }) person?: ResidentPersonView;
  @ApiPropertyOptional({ type: [TimelineEntryView] }) timeline?: TimelineEntryView[];
  @ApiPropertyOptional({
    enum: RESIDENCE_REGISTRATION_STAFF_ACTIONS,
    isArray: true,
    description: 'What the caller may do now: the same rules (role, state, the office holding the file) the file’s workflow applies',
  })
  allowedActions?: ResidenceRegistrationStaffAction[];

  static summary(r: ResidenceRegistrationRow, now: Date): ResidenceRegistrationView {
    return {
      id: r.id, caseNumber: r.caseNumber, residenceOfficeCode: r.residenceOfficeCode, registrationOfficeCode: r.registrationOfficeCode,
      state: r.state, verification: r.verification, verificationPending: r.verification === 'self-declaration',
      certificateNumber: r.certificateNumber, arrivedOn: r.arrivedOn, feedbackIntervalMonths: r.feedbackIntervalMonths,
      nextFeedbackDueOn: r.nextFeedbackDueOn, feedbackStatus: feedbackStatus(r, now), feedbacksGiven: r.feedbacksGiven,
      lastFeedbackAt: r.lastFeedbackAt?.toISOString() ?? null, waitingOn: waitingOn(r),
      registeredAt: r.registeredAt.toISOString(), closedAt: r.closedAt?.toISOString() ?? null,
    };
  }

  static detail(r: ResidenceRegistrationRow, person: ResidentPersonView, actions: CaseActionRow[], now: Date, viewer: ActingUser): ResidenceRegistrationView {
    const allowed = RESIDENCE_REGISTRATION_PROCESS.allowedActionsFor({
      state: r.state as ResidenceRegistrationState,
      actorRole: viewer.role as Actor,
      actorUserId: viewer.userId,
      actorOfficeCode: viewer.officeCode,
      facts: { residenceOfficeCode: r.residenceOfficeCode, registrationOfficeCode: r.registrationOfficeCode },
    });
    return {
      ...ResidenceRegistrationView.summary(r, now),
      person,
      timeline: actions.map(TimelineEntryView.of),
      allowedActions: allowed.filter(isResidenceRegistrationStaffAction),
    };
  }
}

function feedbackStatus(r: ResidenceRegistrationRow, now: Date): (typeof FEEDBACK_STATUSES)[number] {
  if (r.state === 'departed' || r.state === 'returned') return 'closed';
  if (r.feedbackEscalated) return 'escalated';
  if (chinaEndOfDay(r.nextFeedbackDueOn) < now) return 'overdue';
  return r.feedbackRemindersSent > 0 || toChinaCalendarDate(now) === r.nextFeedbackDueOn ? 'due' : 'on-track';
}

function waitingOn(r: ResidenceRegistrationRow): ResidentWaitingOnView | null {
  switch (r.state) {
    case 'arrived':
      return { officeCode: r.residenceOfficeCode, for: 'announcement', dueAt: null };
    case 'registered':
      return { officeCode: r.residenceOfficeCode, for: 'feedback', dueAt: chinaEndOfDay(r.nextFeedbackDueOn).toISOString() };
    default:
      return null;
  }
}

export class ResidenceRegistrationPage {
  @ApiProperty({ type: [ResidenceRegistrationView] }) items!: ResidenceRegistrationView[];
  @ApiProperty(TOTAL_SCHEMA) total!: number;
  @ApiProperty(TOTAL_IS_CAPPED_SCHEMA) totalIsCapped!: boolean;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}
