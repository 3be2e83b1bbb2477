import type { NextFunction, Request, Response } from 'express';

const CODEC_PATHS = new Set(['/codec/encode', '/codec/decode']);

/**
 * CORS for the codec endpoints only, for the one origin CODEC_ALLOWED_ORIGIN names (the Temporal UI, whose
 * page calls them from the browser). A preflight from that origin is answered here (204) without a token,
 * as browsers send none with it; the POST that follows still needs a manager's or an auditor's bearer
 * token. Any other origin gets no CORS headers, so its pages cannot read the answers. Credentials are
 * allowed because the UI's "include cross-origin credentials" setting asks for them; Passage reads no
 * cookies, so they authenticate nothing.
 */
export function codecCors(allowedOrigin: string | undefined): (request: Request, response: Response, next: NextFunction) => void {
  return (request, response, next) => {
    if (!CODEC_PATHS.has(request.path)) return next();
    response.vary('Origin');
    const origin = request.headers.origin;
    if (allowedOrigin === undefined || origin !== allowedOrigin) return next();
    response.setHeader('Access-Control-Allow-Origin', allowedOrigin);
    response.setHeader('Access-Control-Allow-Credentials', 'true');
    if (request.method === 'OPTIONS') {
      response.setHeader('Access-Control-Allow-Methods', 'POST');
      response.setHeader('Access-Control-Allow-Headers', 'authorization, content-type, x-namespace');
      response.setHeader('Access-Control-Max-Age', '600');
      response.status(204).end();
      return;
    }
    next();
  };
}
