import { Inject, Injectable } from '@nestjs/common';
import type { PassageConfig } from '../../../../libs/config';
import { agreementPair, CooperationAgreementsRepository, OfficesRepository } from '../../../../libs/db';
import { DomainError, isWithinJurisdiction, jurisdictionOf, type ActingUser } from '../../../../libs/domain';
import { CONFIG } from '../core/tokens';
import type { PutCooperationAgreementRequest } from './service-report.dto';
import { CooperationAgreementView } from './service-report.view';

/**
 * Two-way cooperation agreements (双向管理协作). Staff read the agreements of their offices (managers:
 * of their subtree). Setting one is for an office admin of either office, or a manager above either:
 * an agreement binds both offices, and either side may have signed it.
 */
@Injectable()
export class CooperationAgreementsService {
  constructor(
    @Inject(CONFIG) private readonly config: PassageConfig,
    @Inject(CooperationAgreementsRepository) private readonly agreements: CooperationAgreementsRepository,
    @Inject(OfficesRepository) private readonly offices: OfficesRepository,
  ) {}

  async list(actor: ActingUser): Promise<CooperationAgreementView[]> {
    return (await this.agreements.listWithin(jurisdictionOf(actor))).map(CooperationAgreementView.of);
  }

  /** The agreement of two offices, or the configured defaults when they have none (then `agreed` is false). */
  async get(actor: ActingUser, x: string, y: string): Promise<CooperationAgreementView> {
    this.assertParty(actor, x, y);
    const stored = await this.agreements.find(x, y);
    if (stored) return CooperationAgreementView.of(stored);
    return {
      officeCodes: agreementPair(x, y),
      acknowledgementWorkingDays: this.config.SERVICE_REPORT_ACKNOWLEDGEMENT_WORKING_DAYS,
      feedbackIntervalMonths: this.config.FEEDBACK_INTERVAL_MONTHS,
      arbitratorOfficeCode: await this.agreements.lowestCommonOffice(x, y),
      agreed: false,
    };
  }

  async put(actor: ActingUser, x: string, y: string, body: PutCooperationAgreementRequest): Promise<CooperationAgreementView> {
    this.assertParty(actor, x, y);
    const mayAgree = (actor.role === 'office-admin' && [x, y].includes(actor.officeCode)) || actor.role === 'manager';
    if (!mayAgree) {
      throw new DomainError('ROLE_NOT_PERMITTED', `Role ${actor.role} may not set cooperation agreements.`, { role: actor.role, action: 'put-agreement' });
    }
    if (x === y) throw new DomainError('BUSINESS_RULE_VIOLATED', 'An agreement is between two different offices.', { field: 'officeCodeB', rule: 'two-offices' });
    for (const [field, code] of [['officeCodeA', x], ['officeCodeB', y], ['arbitratorOfficeCode', body.arbitratorOfficeCode]] as const) {
      if (code && !(await this.offices.findByCode(code))) {
        throw new DomainError('BUSINESS_RULE_VIOLATED', 'No office has that code.', { field, rule: 'known-office' });
      }
    }
    const saved = await this.agreements.upsert({
      officeCodes: [x, y],
      acknowledgementWorkingDays: body.acknowledgementWorkingDays,
      feedbackIntervalMonths: body.feedbackIntervalMonths,
      arbitratorOfficeCode: body.arbitratorOfficeCode ?? null,
      updatedByUserId: actor.userId,
    });
    return CooperationAgreementView.of(saved);
  }

  /** One of the two offices lies within the caller's jurisdiction; otherwise 404, as if there were none. */
  private assertParty(actor: ActingUser, x: string, y: string): void {
    const jurisdiction = jurisdictionOf(actor);
    if (!isWithinJurisdiction(jurisdiction, x) && !isWithinJurisdiction(jurisdiction, y)) {
      throw new DomainError('NOT_FOUND', 'No such cooperation agreement.');
    }
  }
}
