import type { DataSource, EntityManager, Repository } from 'typeorm';
import { OfficeEntity } from '../entities/office.entity';

/** The office directory. It holds no personal data, so every member of staff may read all of it. */
export class OfficesRepository {
  private readonly offices: Repository<OfficeEntity>;

  constructor(db: DataSource) {
    this.offices = db.getRepository(OfficeEntity);
  }

  list(filter: { level?: string; parentCode?: string } = {}): Promise<OfficeEntity[]> {
    const query = this.offices.createQueryBuilder('o');
    if (filter.level) query.andWhere('o.level = :level', { level: filter.level });
    if (filter.parentCode) query.andWhere('o.parent_code = :parentCode', { parentCode: filter.parentCode });
    return query.orderBy('o.code').getMany();
  }

  /** Inside a transaction, pass it: a read on the pool while holding a connection can wait for itself. */
  findByCode(code: string, tx?: EntityManager): Promise<OfficeEntity | null> {
    return (tx ? tx.getRepository(OfficeEntity) : this.offices).findOneBy({ code });
  }

  children(code: string): Promise<OfficeEntity[]> {
    return this.offices.find({ where: { parentCode: code }, order: { code: 'ASC' } });
  }

  /** The office and everything below it, parents before children. */
  subtree(code: string): Promise<OfficeEntity[]> {
    return this.offices
      .createQueryBuilder('o')
      .where('o.code LIKE :prefix', { prefix: `${code}%` })
      .orderBy('length(o.code)')
      .addOrderBy('o.code')
      .getMany();
  }

  async updateSettings(
    code: string,
    settings: Partial<
      Pick<
        OfficeEntity,
        | 'certificateDeadlineWorkingDays'
        | 'applicantResponseWorkingDays'
        | 'certificateValidityYears'
        | 'selfDeclarationAllowed'
        | 'dailyDigestEnabled'
      >
    >,
  ): Promise<OfficeEntity | null> {
    if (Object.keys(settings).length > 0) await this.offices.update({ code }, settings);
    return this.findByCode(code);
  }
}
