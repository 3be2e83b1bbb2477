import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CaseActionRow, CooperationAgreementRow, ServiceReportRow } from '../../../../libs/db';
import {
  SERVICE_REPORT_PROCESS,
  SERVICE_REPORT_STAFF_ACTIONS,
  type ActingUser,
  type Actor,
  type ServiceReportStaffAction,
  type ServiceReportState,
} from '../../../../libs/domain';
import { TimelineEntryView } from '../cases/timeline-entry.view';
import { TOTAL_IS_CAPPED_SCHEMA, TOTAL_SCHEMA } from '../common/page-query';

export class WaitingOnView {
  @ApiProperty({ description: 'The office whose turn it is' }) officeCode!: string;
  @ApiProperty({ enum: ['delivery', 'acknowledgement', 'decision'] }) for!: string;
  @ApiProperty({ nullable: true, type: String, description: 'By when (acknowledgement only)' }) dueAt!: string | null;
}

export class ReportedPersonView {
  @ApiProperty() fullName!: string;
  @ApiProperty() identityNumber!: string;
}

export class ServiceReportView {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'SR-440306017-2026-000001' }) caseNumber!: string;
  @ApiProperty({ description: 'The residence office that filed the report' }) filingOfficeCode!: string;
  @ApiProperty() registrationOfficeCode!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Whose manager decides a contest' }) arbitratorOfficeCode!: string | null;
  @ApiProperty() serviceType!: string;
  @ApiProperty() serviceDate!: string;
  @ApiProperty() outcome!: string;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty() state!: string;
  @ApiProperty() acknowledgementWorkingDays!: number;
  @ApiProperty({ nullable: true, type: String, description: 'Last instant to answer on time' }) deadlineAt!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'When silence becomes deemed acceptance' }) finalDeadlineAt!: string | null;
  @ApiProperty() remindersSent!: number;
  @ApiProperty({ nullable: true, type: String }) contestReason!: string | null;
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ nullable: true, type: WaitingOnView, description: 'Who the report is waiting for; null once closed' }) waitingOn!: WaitingOnView | null;
  @ApiProperty() filedAt!: string;
  @ApiProperty({ nullable: true, type: String }) closedAt!: string | null;
  @ApiPropertyOptional({ type: ReportedPersonView }) person?: ReportedPersonView;
  @ApiPropertyOptional({ type: [TimelineEntryView] }) timeline?: TimelineEntryView[];
  @ApiPropertyOptional({
    enum: SERVICE_REPORT_STAFF_ACTIONS,
    isArray: true,
    description: 'What the caller may do now: the same rules (role, state, acting office) the report’s workflow applies',
  })
  allowedActions?: ServiceReportStaffAction[];

  static summary(r: ServiceReportRow, now: Date): ServiceReportView {
    return {
      id: r.id, caseNumber: r.caseNumber, filingOfficeCode: r.filingOfficeCode, registrationOfficeCode: r.registrationOfficeCode,
      arbitratorOfficeCode: r.arbitratorOfficeCode, serviceType: r.serviceType, serviceDate: r.serviceDate, outcome: r.outcome,
      note: r.note, state: r.state, acknowledgementWorkingDays: r.acknowledgementWorkingDays,
      deadlineAt: r.deadlineAt?.toISOString() ?? null, finalDeadlineAt: r.finalDeadlineAt?.toISOString() ?? null,
      remindersSent: r.remindersSent, contestReason: r.contestReason,
      overdue: r.state === 'awaiting-acknowledgement' && r.deadlineAt !== null && r.deadlineAt < now,
      waitingOn: waitingOn(r), filedAt: r.filedAt.toISOString(), closedAt: r.closedAt?.toISOString() ?? null,
    };
  }

  static detail(r: ServiceReportRow, person: ReportedPersonView, actions: CaseActionRow[], now: Date, viewer: ActingUser): ServiceReportView {
    const allowed = SERVICE_REPORT_PROCESS.allowedActionsFor({
      state: r.state as ServiceReportState,
      actorRole: viewer.role as Actor,
      actorUserId: viewer.userId,
      actorOfficeCode: viewer.officeCode,
      facts: { filingOfficeCode: r.filingOfficeCode, registrationOfficeCode: r.registrationOfficeCode, arbitratorOfficeCode: r.arbitratorOfficeCode },
    });
    return {
      ...ServiceReportView.summary(r, now),
      person,
      timeline: actions.map(TimelineEntryView.of),
      allowedActions: allowed.filter((a): a is ServiceReportStaffAction => (SERVICE_REPORT_STAFF_ACTIONS as readonly string[]).includes(a)),
    };
  }
}

function waitingOn(r: ServiceReportRow): WaitingOnView | null {
  switch (r.state) {
    case 'filed':
      return { officeCode: r.registrationOfficeCode, for: 'delivery', dueAt: null };
    case 'awaiting-acknowledgement':
      return { officeCode: r.registrationOfficeCode, for: 'acknowledgement', dueAt: r.deadlineAt?.toISOString() ?? null };
    case 'contested':
      return r.arbitratorOfficeCode ? { officeCode: r.arbitratorOfficeCode, for: 'decision', dueAt: null } : null;
    default:
      return null;
  }
}

export class ServiceReportPage {
  @ApiProperty({ type: [ServiceReportView] }) items!: ServiceReportView[];
  @ApiProperty(TOTAL_SCHEMA) total!: number;
  @ApiProperty(TOTAL_IS_CAPPED_SCHEMA) totalIsCapped!: boolean;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}

export class ServiceTypeView {
  @ApiProperty() code!: string;
  @ApiProperty() label!: string;
  @ApiProperty() labelZh!: string;
}

export class CooperationAgreementView {
  @ApiProperty({ type: [String], description: 'The two offices, lower code first' }) officeCodes!: string[];
  @ApiProperty() acknowledgementWorkingDays!: number;
  @ApiProperty() feedbackIntervalMonths!: number;
  @ApiProperty({ nullable: true, type: String }) arbitratorOfficeCode!: string | null;
  @ApiProperty({ description: 'False when no agreement is stored and these are the configured defaults' }) agreed!: boolean;

  static of(a: CooperationAgreementRow): CooperationAgreementView {
    return {
      officeCodes: [a.officeCodeA, a.officeCodeB],
      acknowledgementWorkingDays: a.acknowledgementWorkingDays,
      feedbackIntervalMonths: a.feedbackIntervalMonths,
      arbitratorOfficeCode: a.arbitratorOfficeCode,
      agreed: true,
    };
  }
}
