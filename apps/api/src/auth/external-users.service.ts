import { Inject, Injectable } from '@nestjs/common';
import type { PassageConfig } from '../../../../libs/config';
import { type ExternalUser, UsersRepository, type UserEntity } from '../../../../libs/db';
import { DomainError } from '../../../../libs/domain';
import { CONFIG } from '../core/tokens';

/**
 * The app_user row of a user the identity provider vouches for, so that every record naming a user (the
 * audit, the case log) names them too: created on first sight, updated when the provider's username,
 * name, role or office changed, read only otherwise. A user deactivated in Passage stays deactivated.
 */
@Injectable()
export class ExternalUsers {
  constructor(
    @Inject(CONFIG) private readonly config: PassageConfig,
    @Inject(UsersRepository) private readonly users: UsersRepository,
  ) {}

  async resolve(identity: ExternalUser): Promise<UserEntity> {
    const known = await this.users.findByExternalIdentity(identity.issuer, identity.subject);
    const user = known && unchanged(known, identity) ? known : await this.upsert(identity);
    if (!user.active) throw new DomainError('UNAUTHENTICATED', 'The bearer token names no active user.');
    return user;
  }

  private async upsert(identity: ExternalUser): Promise<UserEntity> {
    const result = await this.users.upsertExternal(identity);
    if ('user' in result) return result.user;
    if (result.refused === 'unknown-office') {
      throw new DomainError('ROLE_NOT_PERMITTED', "The identity provider's token names an office Passage does not know.", { claim: this.config.OIDC_OFFICE_CLAIM });
    }
    throw new DomainError('UNAUTHENTICATED', "The identity provider's username belongs to another Passage user.");
  }
}

function unchanged(user: UserEntity, identity: ExternalUser): boolean {
  return user.username === identity.username && user.displayName === identity.displayName && user.role === identity.role && user.officeCode === identity.officeCode;
}
