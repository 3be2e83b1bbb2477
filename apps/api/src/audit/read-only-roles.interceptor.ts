import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Observable } from 'rxjs';
import { DomainError, mayChangeRecords } from '../../../../libs/domain';
import type { AuthenticatedRequest } from '../common/actor';
import { isReadRequest } from './audit-requests';
import { READ_ONLY_ROUTE } from './read-only-route';

/**
 * Auditors change nothing, anywhere: every request of theirs that is not a read is refused (403) before
 * it reaches a controller, whatever each feature's own role rules say. An interceptor, not a guard, so
 * that it runs inside the AuditInterceptor and the refused attempt is itself in the audit.
 */
@Injectable()
export class ReadOnlyRolesInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
      const readOnlyRoute = this.reflector.get<boolean | undefined>(READ_ONLY_ROUTE, context.getHandler()) === true;
      if (request.actor && !isReadRequest(request) && !readOnlyRoute && !mayChangeRecords(request.actor.role)) {
        throw new DomainError('ROLE_NOT_PERMITTED', `Role ${request.actor.role} reads and changes nothing.`, { role: request.actor.role, action: 'change' });
      }
    }
    return next.handle();
  }
}
