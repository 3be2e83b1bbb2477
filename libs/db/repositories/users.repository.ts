import type { DataSource, EntityManager, Repository } from 'typeorm';
import type { Jurisdiction } from '../../domain/jurisdiction';
import { UserEntity } from '../entities/user.entity';
import { whereWithinJurisdiction } from './jurisdiction-filter';

export class UsersRepository {
  private readonly users: Repository<UserEntity>;

  constructor(db: DataSource) {
    this.users = db.getRepository(UserEntity);
  }

  findActiveById(id: string): Promise<UserEntity | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.users.findOneBy({ id, active: true });
  }

  /** The user as the record knows them now, read through the transaction; null when unknown or inactive. */
  async actingUser(id: string, tx: EntityManager): Promise<{ role: string; officeCode: string } | null> {
    if (!isUuid(id)) return null;
    const rows: Array<{ role: string; officeCode: string }> = await tx.query(
      `SELECT role, office_code AS "officeCode" FROM app_user WHERE id = $1 AND active`,
      [id],
    );
    return rows[0] ?? null;
  }

  findActiveByUsername(username: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ username, active: true });
  }

  listWithin(jurisdiction: Jurisdiction, filter: { officeCode?: string; role?: string } = {}): Promise<UserEntity[]> {
    const query = this.users.createQueryBuilder('u');
    whereWithinJurisdiction(query, 'u.office_code', jurisdiction);
    if (filter.officeCode) query.andWhere('u.office_code = :officeCode', { officeCode: filter.officeCode });
    if (filter.role) query.andWhere('u.role = :role', { role: filter.role });
    return query.orderBy('u.office_code').addOrderBy('u.username').getMany();
  }

  findWithin(jurisdiction: Jurisdiction, id: string): Promise<UserEntity | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    const query = this.users.createQueryBuilder('u').where('u.id = :id', { id });
    return whereWithinJurisdiction(query, 'u.office_code', jurisdiction).getOne();
  }

  /** The nearest manager at or above an office, for escalations; inside a transaction, read through it (`tx`). */
  async nearestManager(officeCode: string, tx?: EntityManager): Promise<UserEntity | null> {
    return (tx ? tx.getRepository(UserEntity) : this.users)
      .createQueryBuilder('u')
      .where(`u.role = 'manager' AND u.active AND starts_with(:officeCode, u.office_code)`, { officeCode })
      .orderBy('length(u.office_code)', 'DESC')
      .addOrderBy('u.username')
      .getOne();
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
