import { ApiProperty } from '@nestjs/swagger';
import { CERTIFICATE_APPLICATION_CASE_TYPE } from '../../../../libs/contracts';
import type { CertificateApplicationRow, CertificateRow, PersonRow } from '../../../../libs/db';
import { CERTIFICATE_STATUSES, counterpartCertificate, counterpartHolder, counterpartMaySeeHolder, type CounterpartHolder } from '../../../../libs/domain';
import { CALENDAR_DATE_SCHEMA } from '../common/is-calendar-date';

/** The holder's details a residence office opens a file with (`libs/domain/case-parties.ts`). */
export class CounterpartHolderView {
  @ApiProperty() fullName!: string;
  @ApiProperty() identityNumber!: string;
  @ApiProperty({ enum: ['male', 'female'] }) sex!: string;
  @ApiProperty({ example: '1990-03-07' }) dateOfBirth!: string;
  @ApiProperty({ example: '360102002' }) householdOfficeCode!: string;
  @ApiProperty({ example: 'married' }) maritalStatus!: string;

  /** The holder as the application declared them (and its reviewer accepted); the identity number is the person's. */
  static of(person: PersonRow, application: Pick<CertificateApplicationRow, 'maritalStatus' | 'applicant'>): CounterpartHolderView {
    return counterpartHolder({ ...application.applicant, identityNumber: person.identityNumber, maritalStatus: application.maritalStatus });
  }
}

/** A certificate as a counterpart sees it on a case: whether it can be relied on, not the code or token the holder carries. */
export class CounterpartCertificateSummaryView {
  @ApiProperty({ example: '360102002-2026-000001' }) number!: string;
  @ApiProperty({ enum: CERTIFICATE_STATUSES }) status!: string;
  @ApiProperty({ ...CALENDAR_DATE_SCHEMA, example: '2026-03-02' }) issuedOn!: string;
  @ApiProperty({ ...CALENDAR_DATE_SCHEMA, example: '2027-03-01' }) validUntil!: string;
}

/**
 * A case as an office on the other side sees it: the destination office, an office told about it by a
 * notification, or a manager above one of them. No timeline, notes, staff ids or registry check.
 */
export class CounterpartCaseView {
  @ApiProperty({ enum: ['counterpart'], description: 'Which view this is: `counterpart` for an office on the other side of the case' })
  access!: 'counterpart';
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'CA-360102002-2026-000001' }) caseNumber!: string;
  @ApiProperty({ example: CERTIFICATE_APPLICATION_CASE_TYPE }) caseType!: string;
  @ApiProperty({ description: 'The office that owns the case', example: '360102002' }) officeCode!: string;
  @ApiProperty() state!: string;
  @ApiProperty({ type: [CounterpartCertificateSummaryView] }) certificates!: CounterpartCertificateSummaryView[];
  @ApiProperty({
    type: CounterpartHolderView,
    nullable: true,
    description: 'The holder, once a certificate has been issued on the case; null before (data minimisation)',
  })
  holder!: CounterpartHolderView | null;

  static of(a: CertificateApplicationRow, person: PersonRow, certificates: CertificateRow[]): CounterpartCaseView {
    const holder: CounterpartHolder | null = counterpartMaySeeHolder(certificates.length) ? CounterpartHolderView.of(person, a) : null;
    return {
      access: 'counterpart',
      id: a.id,
      caseNumber: a.caseNumber,
      caseType: CERTIFICATE_APPLICATION_CASE_TYPE,
      officeCode: a.officeCode,
      state: a.state,
      certificates: certificates.map(counterpartCertificate),
      holder,
    };
  }
}
