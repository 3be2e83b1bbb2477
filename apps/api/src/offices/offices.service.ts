import { Inject, Injectable } from '@nestjs/common';
import { OfficesRepository, type OfficeEntity } from '../../../../libs/db';
import { type ActingUser, DomainError, isWithinJurisdiction, jurisdictionOf } from '../../../../libs/domain';

@Injectable()
export class OfficesService {
  constructor(@Inject(OfficesRepository) private readonly offices: OfficesRepository) {}

  list(filter: { level?: string; parentCode?: string }): Promise<OfficeEntity[]> {
    return this.offices.list(filter);
  }

  async get(code: string): Promise<OfficeEntity> {
    const office = await this.offices.findByCode(code);
    if (!office) throw new DomainError('NOT_FOUND', `No office has code ${code}.`);
    return office;
  }

  async children(code: string): Promise<OfficeEntity[]> {
    await this.get(code);
    return this.offices.children(code);
  }

  async subtree(code: string): Promise<OfficeEntity[]> {
    await this.get(code);
    return this.offices.subtree(code);
  }

  /** Settings are an office's own business: visible within jurisdiction, changed by its office admin. */
  async settings(actor: ActingUser, code: string): Promise<OfficeEntity> {
    if (!isWithinJurisdiction(jurisdictionOf(actor), code)) throw new DomainError('NOT_FOUND', `No office has code ${code}.`);
    return this.get(code);
  }

  async updateSettings(
    actor: ActingUser,
    code: string,
    settings: Parameters<OfficesRepository['updateSettings']>[1],
  ): Promise<OfficeEntity> {
    await this.settings(actor, code);
    if (actor.role !== 'office-admin' || actor.officeCode !== code) {
      throw new DomainError('ROLE_NOT_PERMITTED', 'Only the office admin of this office may change its settings.');
    }
    return (await this.offices.updateSettings(code, settings))!;
  }
}
