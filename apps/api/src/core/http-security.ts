import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { corsAllowedOrigins, type PassageConfig } from '../../../../libs/config';

/**
 * The api answers JSON (and certificate PDFs) only: nothing it serves may load anything, be framed or
 * submit a form. Only the Swagger UI (/docs, an HTML page with its own scripts and inline styles) gets
 * helmet's ordinary page policy, without upgrade-insecure-requests so it still works over plain http on a
 * developer's machine.
 */
const API_CONTENT_SECURITY_POLICY = {
  useDefaults: false,
  directives: { defaultSrc: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"], frameAncestors: ["'none'"] },
};
const DOCS_CONTENT_SECURITY_POLICY = { useDefaults: true, directives: { upgradeInsecureRequests: null } };

/** Request headers a browser page may send across origins, and response headers its script may read. */
const CORS_REQUEST_HEADERS = ['Authorization', 'Content-Type', 'Content-Encoding', 'Idempotency-Key'];
const CORS_EXPOSED_HEADERS = ['Retry-After', 'WWW-Authenticate', 'Content-Disposition'];

export function isDocsPath(path: string): boolean {
  return path === '/docs' || path.startsWith('/docs/');
}

/** Security headers on every answer (helmet) and CORS for CORS_ALLOWED_ORIGINS only; before every route. */
export function installHttpSecurity(app: NestExpressApplication, config: PassageConfig): void {
  const forApi = helmet({ contentSecurityPolicy: API_CONTENT_SECURITY_POLICY });
  const forDocs = helmet({ contentSecurityPolicy: DOCS_CONTENT_SECURITY_POLICY });
  app.use((request: Request, response: Response, next: NextFunction) => (isDocsPath(request.path) ? forDocs : forApi)(request, response, next));

  const origins = corsAllowedOrigins(config);
  // No list, no CORS middleware: no Access-Control-* header is ever sent.
  if (origins.length === 0) return;
  app.enableCors({
    origin: [...origins],
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: CORS_REQUEST_HEADERS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    // Bearer tokens, never cookies: a page's credentials are not sent, so none may be allowed.
    credentials: false,
    maxAge: 600,
  });
}
