import type { DataSource, EntityManager, Repository } from 'typeorm';
import type { Jurisdiction } from '../../domain/jurisdiction';
import type { Role } from '../../domain/roles';
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

  /** The user an identity provider's subject was mapped to, active or not; null on first sight. */
  findByExternalIdentity(issuer: string, subject: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ externalIssuer: issuer, externalSubject: subject });
  }

  /**
   * Creates the user an identity provider vouches for, or brings their username, name, role and office up
   * to what the provider says now; idempotent and safe under concurrent first requests (the unique issuer
   * and subject). Never activates a user deactivated here. Answers why not when the username belongs to
   * another user or the office does not exist.
   */
  async upsertExternal(identity: ExternalUser): Promise<{ user: UserEntity } | { refused: 'username-taken' | 'unknown-office' }> {
    try {
      const rows: Array<{ id: string }> = await this.users.query(
        `INSERT INTO app_user (username, display_name, role, office_code, external_issuer, external_subject)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (external_issuer, external_subject) DO UPDATE
           SET username = EXCLUDED.username, display_name = EXCLUDED.display_name, role = EXCLUDED.role, office_code = EXCLUDED.office_code
         RETURNING id`,
        [identity.username, identity.displayName, identity.role, identity.officeCode, identity.issuer, identity.subject],
      );
      return { user: (await this.users.findOneBy({ id: rows[0]!.id }))! };
    } catch (error) {
      const { code, constraint } = (error as { driverError?: { code?: string; constraint?: string } }).driverError ?? {};
      if (code === '23505' && constraint === 'app_user_username_key') return { refused: 'username-taken' };
      if (code === '23503' && constraint === 'app_user_office_code_fkey') return { refused: 'unknown-office' };
      throw error;
    }
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

/** Who an identity provider says a user is, as Passage records them. */
export interface ExternalUser {
  issuer: string;
  subject: string;
  username: string;
  displayName: string;
  role: Role;
  officeCode: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
