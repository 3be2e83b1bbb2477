import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { UsersRepository, type UserEntity } from '../../../../libs/db';
import { DomainError } from '../../../../libs/domain';
import { type AuthenticatedRequest, IS_PUBLIC } from '../common/actor';
import { RequestRateLimit } from '../rate-limit/request-rate-limit';
import { BearerTokens, type VerifiedToken } from './bearer-tokens.service';
import { ExternalUsers } from './external-users.service';

/**
 * Every route needs a bearer token unless marked @Public(). The token names a user (Passage's own) or
 * describes one (the identity provider's); the user's current role and office are read from the database
 * on each request, so a deactivation or a move takes effect at once.
 * Every request to /api/v1 is counted first (RequestRateLimit): by address, and by user once the token is verified.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(BearerTokens) private readonly tokens: BearerTokens,
    @Inject(UsersRepository) private readonly users: UsersRepository,
    @Inject(ExternalUsers) private readonly externalUsers: ExternalUsers,
    @Inject(RequestRateLimit) private readonly rateLimit: RequestRateLimit,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) {
      await this.rateLimit.admit(request, null);
      return true;
    }
    let verified: VerifiedToken;
    try {
      verified = await this.tokens.verify(request.headers.authorization);
    } catch (error) {
      // A refused token counts against its address, and the limit's answer comes first.
      await this.rateLimit.admit(request, null);
      throw error;
    }
    await this.rateLimit.admit(request, verified.rateKey);
    const user = await this.userOf(verified);
    request.actor = { userId: user.id, role: user.role, officeCode: user.officeCode };
    return true;
  }

  private async userOf(verified: VerifiedToken): Promise<UserEntity> {
    if (verified.kind === 'idp') return this.externalUsers.resolve(verified.identity);
    const user = await this.users.findActiveById(verified.userId);
    if (!user) throw new DomainError('UNAUTHENTICATED', 'The bearer token names no active user.');
    return user;
  }
}
