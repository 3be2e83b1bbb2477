import { Inject, Injectable } from '@nestjs/common';
import { maskHolderName } from '../../../../libs/certificate-document';
import { SearchRepository, type SearchHit } from '../../../../libs/db';
import { isValidIdentityNumber, jurisdictionOf, type ActingUser } from '../../../../libs/domain';
import { AuditTrail } from '../audit/audit-trail.service';
import type { SearchResultView } from './search.view';

/**
 * Staff find a case or a person's file by an exact number within their jurisdiction: a case number, a
 * certificate number, or an identity number. Hits show the masked name only. A search that reveals that
 * a person has files here is recorded for the audit, once per person found, without the query itself.
 */
@Injectable()
export class SearchService {
  constructor(
    @Inject(SearchRepository) private readonly search: SearchRepository,
    @Inject(AuditTrail) private readonly audit: AuditTrail,
  ) {}

  async find(actor: ActingUser, q: string): Promise<SearchResultView> {
    const jurisdiction = jurisdictionOf(actor);
    const byIdentity = isValidIdentityNumber(q);
    const hits: SearchHit[] = byIdentity
      ? await this.search.byIdentityNumber(jurisdiction, q.toUpperCase())
      : await this.search.byNumber(jurisdiction, q.toUpperCase());
    for (const personId of new Set(hits.map((h) => h.personId))) {
      const found = hits.filter((h) => h.personId === personId);
      await this.audit.record(actor, {
        action: 'search.person-found',
        subjectType: 'person',
        subjectId: personId,
        reason: null,
        details: { matchedAs: byIdentity ? 'identity-number' : 'number', hits: found.length },
        personIds: [personId],
        caseIds: found.filter((h) => h.kind !== 'certificate').map((h) => h.id),
        caseOfficeCodes: found.map((h) => h.officeCode),
      });
    }
    return {
      matchedAs: byIdentity ? 'identity-number' : hits.some((h) => h.kind === 'certificate') ? 'certificate-number' : 'case-number',
      items: hits.map((h) => ({ kind: h.kind, id: h.id, number: h.number, state: h.state, officeCode: h.officeCode, holderMaskedName: maskHolderName(h.fullName) })),
    };
  }
}
