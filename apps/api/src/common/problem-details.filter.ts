import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { isDatabaseUnavailable } from '../../../../libs/db';
import { DomainError, httpStatusForDomainError } from '../../../../libs/domain';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails, problemType } from './problem-details';

const HTTP_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'BUSINESS_RULE_VIOLATED',
  429: 'TOO_MANY_REQUESTS',
};

/**
 * Every error leaves the api as problem details. Domain errors carry their own code and status; Nest's
 * HTTP errors (unknown route, malformed JSON) are translated; the database out of reach is a 503; anything
 * else is logged once and becomes a 500 that reveals nothing about internals.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const problem = this.toProblem(exception, request);
    if (problem.status >= 500) {
      // The logger's error serializer (libs/logging/safe-error.ts) keeps a database error's values out of the line.
      this.logger.error({ error: exception, method: request.method, path: request.path }, 'unhandled error');
    }
    // RFC 6750: a 401 says how to authenticate.
    if (problem.status === 401) response.setHeader('WWW-Authenticate', 'Bearer realm="passage"');
    if (problem.status === 429 && typeof problem['retryAfterSeconds'] === 'number') response.setHeader('Retry-After', String(problem['retryAfterSeconds']));
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown, request: Request): ProblemDetails {
    const instance = request.path;
    if (exception instanceof DomainError) {
      const status = httpStatusForDomainError(exception.code);
      const { violations, ...details } = exception.details ?? {};
      return {
        type: problemType(exception.code),
        title: exception.message,
        status,
        code: exception.code,
        instance,
        ...details,
        ...(violations ? { errors: [...violations] } : {}),
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = HTTP_CODES[status] ?? (status >= 500 ? 'INTERNAL' : 'BAD_REQUEST');
      const body = exception.getResponse();
      const detail = typeof body === 'string' ? body : (body as { message?: unknown }).message;
      return {
        type: problemType(code),
        title: exception.message,
        status,
        code,
        instance,
        ...(typeof detail === 'string' ? { detail } : {}),
      };
    }
    const clientError = asClientHttpError(exception);
    if (clientError) {
      const code = HTTP_CODES[clientError.status] ?? 'BAD_REQUEST';
      return { type: problemType(code), title: clientError.message, status: clientError.status, code, instance };
    }
    if (isDatabaseUnavailable(exception)) {
      // Not the request's fault and not a bug: the same request can succeed in a moment.
      const code = 'SERVICE_UNAVAILABLE';
      return { type: problemType(code), title: 'The database is not reachable now; try again.', status: 503, code, instance };
    }
    return { type: problemType('INTERNAL'), title: 'Internal error', status: 500, code: 'INTERNAL', instance };
  }
}

/**
 * An error from Express middleware (body-parser, raw-body: http-errors objects, not HttpException) that says
 * it is the client's fault (status 4xx, `expose`): its status stands. The json-body translator already maps
 * the known body-parser types; this keeps any other one from becoming a 500.
 */
function asClientHttpError(error: unknown): { status: number; message: string } | undefined {
  if (!(error instanceof Error)) return undefined;
  const { status, statusCode, expose } = error as { status?: unknown; statusCode?: unknown; expose?: unknown };
  const code = typeof status === 'number' ? status : statusCode;
  if (typeof code !== 'number' || code < 400 || code > 499 || expose !== true) return undefined;
  return { status: code, message: error.message };
}
