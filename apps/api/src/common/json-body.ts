import { HttpException, HttpStatus } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { validationFailed } from '../../../../libs/domain';

/** The only request body the api reads: JSON, as application/json or a +json type. */
export const JSON_MEDIA_TYPES = ['application/json', 'application/*+json'];
/** What body-parser can inflate; anything else in Content-Encoding is a 415. */
export const CONTENT_ENCODINGS = ['identity', 'gzip', 'deflate', 'br'];
const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/**
 * Installs the api's one body parser (the app is created with Nest's own parsers off): JSON only, at most
 * `limitBytes` (after inflating a compressed body), and every way a body can be unreadable answered as
 * problem details with its own status instead of an unhandled error: 415 for another media type, an
 * unknown Content-Encoding or charset, 413 over the limit, 400 for malformed JSON.
 */
export function installJsonBody(app: NestExpressApplication, limitBytes: number): void {
  app.use(requireJsonMediaType);
  app.useBodyParser('json', { limit: limitBytes, strict: true, type: JSON_MEDIA_TYPES });
  app.use(translateBodyParserErrors(limitBytes));
}

function hasBody(request: Request): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function requireJsonMediaType(request: Request, _response: Response, next: NextFunction): void {
  if (!METHODS_WITH_BODY.has(request.method) || !hasBody(request) || request.is(JSON_MEDIA_TYPES)) {
    next();
    return;
  }
  const given = request.headers['content-type'];
  next(
    new HttpException(
      `Request bodies must be JSON (Content-Type application/json), not ${given === undefined ? 'a body without Content-Type' : 'this Content-Type'}.`,
      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    ),
  );
}

/** body-parser's errors (http-errors with `type` and `status`) as errors the problem-details filter knows. */
function translateBodyParserErrors(limitBytes: number) {
  return (error: unknown, _request: Request, _response: Response, next: NextFunction): void => {
    next(bodyParserError(error, limitBytes) ?? error);
  };
}

export function bodyParserError(error: unknown, limitBytes: number): Error | undefined {
  // Only body-parser's own errors (http-errors: `status` and `expose`); a 415 of requireJsonMediaType passes as it is.
  if (error === null || typeof error !== 'object' || error instanceof HttpException) return undefined;
  const { type, status, expose } = error as { type?: unknown; status?: unknown; expose?: unknown };
  if (typeof status !== 'number' || typeof expose !== 'boolean') return undefined;
  switch (type) {
    case 'entity.parse.failed':
      return validationFailed(
        [{ field: 'body', rule: 'json-syntax', message: 'The request body is not valid JSON (or not a JSON object or array).' }],
        'The request body is not valid JSON.',
      );
    case 'entity.too.large':
      return new HttpException(`The request body is larger than the limit of ${limitBytes} bytes.`, HttpStatus.PAYLOAD_TOO_LARGE);
    case 'encoding.unsupported':
      return new HttpException(
        `Content-Encoding is not supported: use one of ${CONTENT_ENCODINGS.join(', ')}.`,
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      );
    case 'charset.unsupported':
      return new HttpException('The request body must be UTF-8 JSON.', HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    default:
      // A compressed body that does not inflate, a body shorter than its Content-Length, an aborted request…
      return status >= 400 && status < 500 ? new HttpException('The request body could not be read.', HttpStatus.BAD_REQUEST) : undefined;
  }
}
