import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { STAFF_ACTIONS, type StaffAction } from '../../../../libs/contracts';
import type { CaseActionRow, CertificateApplicationRow, CertificateRow, PersonRow } from '../../../../libs/db';
import {
  CERTIFICATE_APPLICATION_PROCESS,
  CERTIFICATE_APPLICATION_STATES,
  CERTIFICATE_STATUSES,
  MARITAL_STATUSES,
  type ActingUser,
  type Actor,
  type CertificateApplicationState,
} from '../../../../libs/domain';
import { CALENDAR_DATE_SCHEMA } from '../common/is-calendar-date';
import { TOTAL_IS_CAPPED_SCHEMA, TOTAL_SCHEMA } from '../common/page-query';
import { TimelineEntryView } from '../cases/timeline-entry.view';

const DATE_TIME = { format: 'date-time' } as const;
const NULLABLE_DATE_TIME = { nullable: true, type: String, format: 'date-time' } as const;

export class CertificateSummaryView {
  @ApiProperty() number!: string;
  @ApiProperty({ enum: CERTIFICATE_STATUSES }) status!: string;
  @ApiProperty(CALENDAR_DATE_SCHEMA) issuedOn!: string;
  @ApiProperty(CALENDAR_DATE_SCHEMA) validUntil!: string;
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
  @ApiProperty({ enum: ['male', 'female'] }) sex!: string;
  @ApiProperty(CALENDAR_DATE_SCHEMA) dateOfBirth!: string;
  @ApiProperty() householdOfficeCode!: string;
  @ApiProperty({ enum: MARITAL_STATUSES }) maritalStatus!: string;
  @ApiProperty({ ...CALENDAR_DATE_SCHEMA, nullable: true }) marriageDate!: string | null;
  @ApiProperty({ nullable: true, type: String }) spouseName!: string | null;
  @ApiProperty({ nullable: true, type: String }) spouseIdentityNumber!: string | null;
  @ApiProperty({ nullable: true, type: 'integer' }) numberOfChildren!: number | null;
  @ApiProperty({
    type: [String],
    description: 'Fields in which this application differs from the person record an earlier case stored (for the reviewer to resolve)',
  })
  differsFromPersonRecord!: string[];
}

export class CertificateApplicationView {
  @ApiProperty({ enum: ['owner'], description: 'Which view this is: `owner` for the owning office and the offices above it (a counterpart gets CounterpartCaseView)' })
  access!: 'owner';
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'CA-360102002-2026-000001' }) caseNumber!: string;
  @ApiProperty() officeCode!: string;
  @ApiProperty({ enum: CERTIFICATE_APPLICATION_STATES }) state!: string;
  @ApiProperty() selfDeclared!: boolean;
  @ApiProperty({ nullable: true, type: String }) destinationOfficeCode!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) assigneeUserId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) reviewerUserId!: string | null;
  @ApiProperty({ nullable: true, type: Object, description: '{ match, differences: field names }' })
  registryCheck!: { match: boolean; differences: string[] } | null;
  @ApiProperty(DATE_TIME) submittedAt!: string;
  @ApiProperty({ type: 'integer' }) deadlineWorkingDays!: number;
  @ApiProperty(NULLABLE_DATE_TIME) deadlineAt!: string | null;
  @ApiProperty({ description: 'True while waiting for the applicant: the statutory clock is paused' }) paused!: boolean;
  @ApiProperty({ ...NULLABLE_DATE_TIME, description: 'When the case lapses if the applicant does not answer' })
  lapseAt!: string | null;
  @ApiProperty() overdue!: boolean;
  @ApiProperty() escalated!: boolean;
  @ApiProperty(NULLABLE_DATE_TIME) closedAt!: string | null;
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
  @ApiProperty(TOTAL_SCHEMA) total!: number;
  @ApiProperty(TOTAL_IS_CAPPED_SCHEMA) totalIsCapped!: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'Pass as `after` for the next page; null when this page is not full' })
  nextAfter!: string | null;
  @ApiProperty({ type: 'integer' }) limit!: number;
  @ApiProperty({ type: 'integer' }) offset!: number;
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
        facts: { reviewerUserId: a.reviewerUserId, officeCode: a.officeCode },
      });
      return true;
    } catch {
      return false;
    }
  });
}
