import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { DomainError } from '../../../../libs/domain';
import { type AuthenticatedRequest, IS_PUBLIC } from '../common/actor';
import { UsersRepository } from '../../../../libs/db';

/**
 * Every route needs a bearer token unless marked @Public(). The token names a user; the user's current
 * role and office are read from the database on each request, so a deactivation or a move takes effect at once.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    @Inject(UsersRepository) private readonly users: UsersRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new DomainError('UNAUTHENTICATED', 'A bearer token is required.');
    let userId: string;
    try {
      const claims = await this.jwt.verifyAsync<{ sub: string; exp?: number }>(match[1]!);
      if (typeof claims.exp !== 'number') throw new Error('a token must expire');
      userId = claims.sub;
    } catch {
      throw new DomainError('UNAUTHENTICATED', 'The bearer token is invalid or expired.');
    }
    const user = await this.users.findActiveById(userId);
    if (!user) throw new DomainError('UNAUTHENTICATED', 'The bearer token names no active user.');
    request.actor = { userId: user.id, role: user.role, officeCode: user.officeCode };
    return true;
  }
}
