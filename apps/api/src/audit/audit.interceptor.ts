import { type CallHandler, type ExecutionContext, HttpException, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { concatMap, from, Observable, throwError, catchError } from 'rxjs';
import { AuditEventsRepository } from '../../../../libs/db';
import { DomainError, httpStatusForDomainError, type ActingUser } from '../../../../libs/domain';
import type { AuthenticatedRequest } from '../common/actor';
import { AUDITED_READ, type AuditedReadMetadata } from './audited-read';
import { changedRecordOf, isReadRequest, routeOf } from './audit-requests';
import { AuditTrail } from './audit-trail.service';
import { READ_ONLY_ROUTE } from './read-only-route';
import { originOf, runWithOrigin } from './request-origin';

/**
 * The audit of what people do through the api, in one place rather than in every controller:
 *
 * - every request for a change by a member of staff (done or refused) is an entry `request`: who, the
 *   route, the record it is about, the outcome, from where. What it changed is in the case's log, which
 *   the database copies into the audit as `case.<action>` entries;
 * - every read marked @AuditedRead is an entry `read` naming the cases and people shown, written before
 *   the answer leaves: if the audit cannot be written, the data is not shown. A list page is one entry
 *   listing every row's case and person, not one entry per row: a page costs one insert, and a person's
 *   trail still finds it (`person_ids` is indexed);
 * - every entry written while the request is served (a search, a manager's action) gets its origin.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @Inject(AuditTrail) private readonly trail: AuditTrail,
    @Inject(AuditEventsRepository) private readonly events: AuditEventsRepository,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const actor = request.actor;
    const origin = originOf(request);
    const read = this.reflector.get<AuditedReadMetadata | undefined>(AUDITED_READ, context.getHandler());
    const readOnlyRoute = this.reflector.get<boolean | undefined>(READ_ONLY_ROUTE, context.getHandler()) === true;
    return new Observable((subscriber) =>
      runWithOrigin(origin, () => {
        let answer = next.handle();
        if (actor && read) {
          answer = answer.pipe(concatMap((body) => from(this.recordRead(actor, request, read, body).then(() => body))));
        } else if (actor && !isReadRequest(request) && !readOnlyRoute) {
          answer = answer.pipe(
            concatMap((body) => from(this.recordRequest(actor, request, body, { outcome: 'done' }).then(() => body))),
            catchError((error: unknown) =>
              from(this.recordRequest(actor, request, undefined, { outcome: 'refused', ...statusOf(error) })).pipe(concatMap(() => throwError(() => error))),
            ),
          );
        }
        return answer.subscribe(subscriber);
      }),
    );
  }

  private async recordRead(actor: ActingUser, request: Request, read: AuditedReadMetadata, body: unknown): Promise<void> {
    const params = request.params as Record<string, string | undefined>;
    const keys =
      read.source === 'items'
        ? (((body as { items?: Array<{ id?: unknown }> } | null)?.items ?? []).map((item) => item.id).filter((id): id is string => typeof id === 'string'))
        : [params[read.source]].filter((key): key is string => typeof key === 'string');
    if (keys.length === 0) return; // an empty page shows nobody
    const subjects = await this.events.subjectsOf(read.kind, keys);
    await this.trail.record(actor, {
      action: 'read',
      subjectType: read.kind,
      subjectId: read.source === 'items' ? null : (subjects.caseIds[0] ?? null),
      reason: null,
      details: { route: routeOf(request), shown: keys.length },
      ...subjects,
    });
  }

  private async recordRequest(actor: ActingUser, request: Request, answer: unknown, outcome: Record<string, unknown>): Promise<void> {
    const record = changedRecordOf(request, answer);
    const subjects = record.kind ? await this.events.subjectsOf(record.kind, record.keys) : { caseIds: [], personIds: [], caseOfficeCodes: [] };
    await this.trail.record(actor, {
      action: 'request',
      subjectType: record.subjectType,
      subjectId: subjects.caseIds.length === 1 ? subjects.caseIds[0]! : null,
      reason: null,
      details: { method: request.method, route: routeOf(request), params: { ...request.params }, ...outcome },
      ...subjects,
    });
  }
}

function statusOf(error: unknown): { status: number; code?: string } {
  if (error instanceof DomainError) return { status: httpStatusForDomainError(error.code), code: error.code };
  if (error instanceof HttpException) return { status: error.getStatus() };
  return { status: 500 };
}
