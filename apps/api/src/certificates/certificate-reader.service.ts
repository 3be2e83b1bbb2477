import { Inject, Injectable } from '@nestjs/common';
import { CasePartiesRepository, CertificateApplicationsRepository, CertificatesRepository, type CertificateRow } from '../../../../libs/db';
import { DomainError, jurisdictionOf, type ActingUser } from '../../../../libs/domain';
import { CounterpartCertificateView } from './counterpart-certificate.view';

export type CertificateRead = { access: 'owner'; certificate: CertificateRow } | { access: 'counterpart'; view: CounterpartCertificateView };

/**
 * GET of one certificate, for every party to the case it was issued on: the owning side gets the record,
 * a counterpart the reduced view; anyone else the 404 of an unknown number. The PDF and the actions stay
 * with the owning side (CertificatesService): the PDF is the document the holder carries, with its
 * verification code, and the residence office has the details it needs here.
 */
@Injectable()
export class CertificateReaderService {
  constructor(
    @Inject(CasePartiesRepository) private readonly parties: CasePartiesRepository,
    @Inject(CertificatesRepository) private readonly certificates: CertificatesRepository,
    @Inject(CertificateApplicationsRepository) private readonly applications: CertificateApplicationsRepository,
  ) {}

  async read(actor: ActingUser, number: string): Promise<CertificateRead> {
    const found = await this.parties.accessToCertificate(jurisdictionOf(actor), number);
    if (!found) throw new DomainError('NOT_FOUND', 'No such certificate.');
    const certificate = (await this.certificates.findByNumber(number))!;
    if (found.access === 'owner') return { access: 'owner', certificate };
    const application = (await this.applications.findById(found.caseId))!;
    const person = await this.applications.person(certificate.personId);
    return { access: 'counterpart', view: CounterpartCertificateView.of(certificate, application, person) };
  }
}
