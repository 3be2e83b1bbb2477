import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { DomainError } from '../../../../libs/domain';
import { type AuthenticatedRequest, IS_PUBLIC } from '../common/actor';
import { UsersRepository } from '../../../../libs/db';
import { RequestRateLimit } from '../rate-limit/request-rate-limit';

/**
 * Every route needs a bearer token unless marked @Public(). The token names a user; the user's current
 * role and office are read from the database on each request, so a deactivation or a move takes effect at once.
 * Every request to /api/v1 is counted first (RequestRateLimit): by address, and by user once the token is verified.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    @Inject(UsersRepository) private readonly users: UsersRepository,
    @Inject(RequestRateLimit) private readonly rateLimit: RequestRateLimit,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) {
      await this.rateLimit.admit(request, null);
      return true;
    }
    const verified = await this.verify(request.headers.authorization);
    // Refused tokens count against the address only; a verified one against its user too.
    await this.rateLimit.admit(request, 'userId' in verified ? verified.userId : null);
    if ('refused' in verified) throw verified.refused;
    const user = await this.users.findActiveById(verified.userId);
    if (!user) throw new DomainError('UNAUTHENTICATED', 'The bearer token names no active user.');
    request.actor = { userId: user.id, role: user.role, officeCode: user.officeCode };
    return true;
  }

  private async verify(header: string | undefined): Promise<{ userId: string } | { refused: DomainError }> {
    const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    if (!match) return { refused: new DomainError('UNAUTHENTICATED', 'A bearer token is required.') };
    try {
      const claims = await this.jwt.verifyAsync<{ sub: string; exp?: number }>(match[1]!);
      if (typeof claims.exp !== 'number' || typeof claims.sub !== 'string') throw new Error('a token must expire and name its user');
      return { userId: claims.sub };
    } catch {
      return { refused: new DomainError('UNAUTHENTICATED', 'The bearer token is invalid or expired.') };
    }
  }
}
