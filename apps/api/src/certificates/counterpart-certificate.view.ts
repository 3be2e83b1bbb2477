import { ApiProperty } from '@nestjs/swagger';
import type { CertificateApplicationRow, CertificateRow, PersonRow } from '../../../../libs/db';
import { counterpartCertificate } from '../../../../libs/domain';
import { CounterpartCertificateSummaryView, CounterpartHolderView } from '../certificate-applications/counterpart-case.view';

/**
 * A certificate as an office on the other side of its case sees it (the destination office, an office
 * notified about it, a manager above them): its status and validity and the holder's details a residence
 * file is opened with. Not the verification code or signed token the holder carries, nor a revocation's reason.
 */
export class CounterpartCertificateView extends CounterpartCertificateSummaryView {
  @ApiProperty({ enum: ['counterpart'], description: 'Which view this is: `counterpart` for an office on the other side of the case' })
  access!: 'counterpart';
  @ApiProperty({ description: 'The case it was issued on (readable with the counterpart view)' }) caseId!: string;
  @ApiProperty({ description: 'The issuing office', example: '360102002' }) officeCode!: string;
  @ApiProperty({ type: CounterpartHolderView }) holder!: CounterpartHolderView;

  static of(c: CertificateRow, application: CertificateApplicationRow, person: PersonRow): CounterpartCertificateView {
    return {
      access: 'counterpart',
      ...counterpartCertificate(c),
      caseId: c.caseId,
      officeCode: c.officeCode,
      holder: CounterpartHolderView.of(person, application),
    };
  }
}
