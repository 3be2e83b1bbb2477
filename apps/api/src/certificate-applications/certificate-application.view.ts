import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { STAFF_ACTIONS, type StaffAction } from '../../../../libs/contracts';
import type { CaseActionRow, CertificateApplicationRow, CertificateRow, PersonRow } from '../../../../libs/db';
import { CERTIFICATE_APPLICATION_PROCESS, type ActingUser, type Actor, type CertificateApplicationState } from '../../../../libs/domain';

export class TimelineEntryView {
  @ApiProperty() action!: string;
  @ApiProperty({ nullable: true, type: String }) fromState!: string | null;
  @ApiProperty() toState!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Null for the system' }) actorUserId!: string | null;
  @ApiProperty() actorRole!: string;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ type: Object }) payload!: Record<string, unknown>;
  @ApiProperty() occurredAt!: string;

  static of(a: CaseActionRow): TimelineEntryView {
    return {
      action: a.action, fromState: a.fromState, toState: a.toState, actorUserId: a.actorUserId, actorRole: a.actorRole,
      reason: a.reason, payload: a.payload, occurredAt: a.occurredAt.toISOString(),
    };
  }
}

export class CertificateSummaryView {
  @ApiProperty() number!: string;
  @ApiProperty({ enum: ['valid', 'revoked', 'superseded'] }) status!: string;
  @ApiProperty() issuedOn!: string;
  @ApiProperty() validUntil!: string;
  @ApiProperty() selfDeclared!: boolean;
  @ApiProperty({ nullable: true, type: String }) supersedesNumber!: string | null;

  static of(c: CertificateRow, all: CertificateRow[]): CertificateSummaryView {
    return {
      number: c.number, status: c.status, issuedOn: c.issuedOn, validUntil: c.validUntil, selfDeclared: c.selfDeclared,
      supersedesNumber: all.find((o) => o.id === c.supersedesId)?.number ?? null,
    };
  }
}

export class ApplicantView {
  @ApiProperty() fullName!: string;
  @ApiProperty() identityNumber!: string;
  @ApiProperty() sex!: string;
  @ApiProperty() dateOfBirth!: string;
  @ApiProperty() householdOfficeCode!: string;
  @ApiProperty() maritalStatus!: string;
  @ApiProperty({ nullable: true, type: String }) marriageDate!: string | null;
  @ApiProperty({ nullable: true, type: String }) spouseName!: string | null;
  @ApiProperty({ nullable: true, type: String }) spouseIdentityNumber!: string | null;
  @ApiProperty({ nullable: true, type: Number }) numberOfChildren!: number | null;
  @ApiProperty({
    type: [String],
    description: 'Fields in which this application differs from the person record an earlier case stored (for the reviewer to resolve)',
  })
  differsFromPersonRecord!: string[];
}

export class CertificateApplicationView {
  @ApiProperty({ enum: ['owner'], description: 'Which view this is: `owner` for the owning office and the offices above it (a counterpart gets CounterpartCaseView)' })
  access!: 'owner';
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'CA-360102002-2026-000001' }) caseNumber!: string;
  @ApiProperty() officeCode!: string;
  @ApiProperty() state!: string;
  @ApiProperty() selfDeclared!: boolean;
  @ApiProperty({ nullable: true, type: String }) destinationOfficeCode!: string | null;
  @ApiProperty({ nullable: true, type: String }) assigneeUserId!: string | null;
  @ApiProperty({ nullable: true, type: String }) reviewerUserId!: string | null;
  @ApiProperty({ nullable: true, type: Object, description: '{ match, differences: field names }' })
  registryCheck!: { match: boolean; differences: string[] } | null;
  @ApiProperty() submittedAt!: string;
  @ApiProperty() deadlineWorkingDays!: number;
  @ApiProperty({ nullable: true, type: String }) deadlineAt!: string | null;
  @ApiProperty({ description: 'True while waiting for the applicant: the statutory clock is paused' }) paused!: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'When the case lapses if the applicant does not answer' })
  lapseAt!: string | null;
  @ApiProperty() overdue!: boolean;
  @ApiProperty() escalated!: boolean;
  @ApiProperty({ nullable: true, type: String }) closedAt!: string | null;
  @ApiPropertyOptional({ type: ApplicantView }) applicant?: ApplicantView;
  @ApiPropertyOptional({ type: [TimelineEntryView] }) timeline?: TimelineEntryView[];
  @ApiPropertyOptional({ type: [CertificateSummaryView] }) certificates?: CertificateSummaryView[];
  @ApiPropertyOptional({
    enum: STAFF_ACTIONS,
    isArray: true,
    description: 'What the caller may do now: the same rules the case’s workflow applies to an action',
  })
  allowedActions?: StaffAction[];

  static summary(a: CertificateApplicationRow, now: Date): CertificateApplicationView {
    return {
      access: 'owner', id: a.id, caseNumber: a.caseNumber, officeCode: a.officeCode, state: a.state, selfDeclared: a.selfDeclared,
      destinationOfficeCode: a.destinationOfficeCode, assigneeUserId: a.assigneeUserId, reviewerUserId: a.reviewerUserId,
      registryCheck: a.registryCheck, submittedAt: a.submittedAt.toISOString(), deadlineWorkingDays: a.deadlineWorkingDays,
      deadlineAt: a.deadlineAt?.toISOString() ?? null, paused: a.pausedAt !== null, lapseAt: a.lapseAt?.toISOString() ?? null,
      overdue: a.closedAt === null && a.pausedAt === null && a.deadlineAt !== null && a.deadlineAt < now,
      escalated: a.escalated, closedAt: a.closedAt?.toISOString() ?? null,
    };
  }

  static detail(
    a: CertificateApplicationRow,
    person: PersonRow,
    actions: CaseActionRow[],
    certificates: CertificateRow[],
    now: Date,
    viewer: ActingUser,
  ): CertificateApplicationView {
    const declared = a.applicant;
    return {
      ...CertificateApplicationView.summary(a, now),
      applicant: {
        ...declared, identityNumber: person.identityNumber, maritalStatus: a.maritalStatus, marriageDate: a.marriageDate,
        spouseName: a.spouseName, spouseIdentityNumber: a.spouseIdentityNumber, numberOfChildren: a.numberOfChildren,
        differsFromPersonRecord: (['fullName', 'sex', 'dateOfBirth', 'householdOfficeCode'] as const).filter((f) => declared[f] !== person[f]),
      },
      timeline: actions.map(TimelineEntryView.of),
      certificates: certificates.map((c) => CertificateSummaryView.of(c, certificates)),
      allowedActions: allowedStaffActions(a, viewer),
    };
  }
}

export class CertificateApplicationPage {
  @ApiProperty({ type: [CertificateApplicationView] }) items!: CertificateApplicationView[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}

/** The staff actions the viewer may take now, by the rules the workflow checks (four eyes included). */
function allowedStaffActions(a: CertificateApplicationRow, viewer: ActingUser): StaffAction[] {
  return STAFF_ACTIONS.filter((action) => {
    try {
      CERTIFICATE_APPLICATION_PROCESS.assertAllowed({
        state: a.state as CertificateApplicationState,
        action,
        actorRole: viewer.role as Actor,
        actorUserId: viewer.userId,
        facts: { reviewerUserId: a.reviewerUserId },
      });
      return true;
    } catch {
      return false;
    }
  });
}
