import { Inject, Injectable } from '@nestjs/common';
import { CasePartiesRepository, CertificateApplicationsRepository, CertificatesRepository } from '../../../../libs/db';
import { DomainError, jurisdictionOf, type ActingUser } from '../../../../libs/domain';
import type { CertificateApplicationView } from './certificate-application.view';
import { CertificateApplicationsService } from './certificate-applications.service';
import { CounterpartCaseView } from './counterpart-case.view';

/**
 * GET of one case, for every party to it: the owning side gets the full view (as every action answers
 * it), a counterpart the reduced one. Anyone else gets the same 404 as for a case that does not exist.
 */
@Injectable()
export class CaseReaderService {
  constructor(
    @Inject(CasePartiesRepository) private readonly parties: CasePartiesRepository,
    @Inject(CertificateApplicationsRepository) private readonly applications: CertificateApplicationsRepository,
    @Inject(CertificatesRepository) private readonly certificates: CertificatesRepository,
    @Inject(CertificateApplicationsService) private readonly owned: CertificateApplicationsService,
  ) {}

  async read(actor: ActingUser, id: string): Promise<CertificateApplicationView | CounterpartCaseView> {
    const access = await this.parties.accessToCase(jurisdictionOf(actor), id);
    if (access === 'owner') return this.owned.detail(actor, id);
    if (access !== 'counterpart') throw new DomainError('NOT_FOUND', 'No such certificate application.');
    // Being a party cannot end (the destination is fixed, notifications are kept), so the row read next is still theirs.
    const row = (await this.applications.findById(id))!;
    const [person, certificates] = await Promise.all([this.applications.person(row.personId), this.certificates.listForCase(id)]);
    return CounterpartCaseView.of(row, person, certificates);
  }
}
