import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { DomainError, mayChangeRecords } from '../../../../libs/domain';
import type { AuthenticatedRequest } from '../common/actor';
import { isReadRequest } from './audit-requests';

/**
 * Auditors change nothing, anywhere: every request of theirs that is not a read is refused (403) before
 * it reaches a controller, whatever each feature's own role rules say. An interceptor, not a guard, so
 * that it runs inside the AuditInterceptor and the refused attempt is itself in the audit.
 */
@Injectable()
export class ReadOnlyRolesInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
      if (request.actor && !isReadRequest(request) && !mayChangeRecords(request.actor.role)) {
        throw new DomainError('ROLE_NOT_PERMITTED', `Role ${request.actor.role} reads and changes nothing.`, { role: request.actor.role, action: 'change' });
      }
    }
    return next.handle();
  }
}
