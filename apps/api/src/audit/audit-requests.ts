import type { Request } from 'express';
import { isUuid, type AuditedRecordKind } from '../../../../libs/db';

/** GET and HEAD read; everything else asks for a change. */
export function isReadRequest(request: Pick<Request, 'method'>): boolean {
  return request.method === 'GET' || request.method === 'HEAD';
}

/** The route as declared (`/api/v1/certificate-applications/:id/approve`), not as sent: no values in it. */
export function routeOf(request: Request): string {
  const route = (request.route as { path?: unknown } | undefined)?.path;
  return typeof route === 'string' ? route : request.path;
}

const CASE_COLLECTIONS: Record<string, AuditedRecordKind> = {
  'certificate-applications': 'certificate-application',
  'service-reports': 'service-report',
  'residence-registrations': 'residence-registration',
  certificates: 'certificate',
};

/**
 * The record a request for a change is about, from its route: a case by `:id` (or, for an opening, the
 * id the answer carries), a certificate by `:number`, a monitored case by `:caseType/:caseId`. Other
 * routes (office settings, the calendar, webhooks) concern no person's record: their parameters are in
 * the entry's details.
 */
export function changedRecordOf(request: Request, answer: unknown): { subjectType: string; kind: AuditedRecordKind | null; keys: string[] } {
  const collection = routeOf(request).replace(/^\/?(api\/v1\/)?/, '').split('/')[0] ?? '';
  const params = request.params as Record<string, string | undefined>;
  if (collection === 'monitoring' && params['caseType'] && params['caseId'] && Object.values(CASE_COLLECTIONS).includes(params['caseType'] as AuditedRecordKind)) {
    // A malformed id is refused by validation after this runs: it names no record (and no uuid column takes it).
    return { subjectType: params['caseType'], kind: params['caseType'] as AuditedRecordKind, keys: isUuid(params['caseId']) ? [params['caseId']] : [] };
  }
  const kind = CASE_COLLECTIONS[collection] ?? null;
  if (kind === 'certificate') return { subjectType: kind, kind, keys: params['number'] ? [params['number']] : [] };
  if (kind) {
    const answeredId = (answer as { id?: unknown } | null | undefined)?.id;
    const id = params['id'] ?? (typeof answeredId === 'string' ? answeredId : undefined);
    return { subjectType: kind, kind, keys: id && isUuid(id) ? [id] : [] };
  }
  return { subjectType: collection || 'api', kind: null, keys: [] };
}
