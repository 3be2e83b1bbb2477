import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath, type OpenAPIObject } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from './problem-details';

export class FieldViolationView {
  @ApiProperty({ example: 'applicant.identityNumber', description: 'Path of the field: `a.b`, `list[0]`; `body` for the body as a whole' })
  field!: string;
  @ApiProperty({ example: 'no-nul-character', description: 'The rule it breaks' }) rule!: string;
  @ApiProperty() message!: string;
}

/** RFC 9457 problem details, the body of every 4xx (and of the 5xx that must not happen). */
export class ProblemDetailsView {
  @ApiProperty({ example: 'urn:passage:problem:validation-failed' }) type!: string;
  @ApiProperty({ example: 'The request is not valid.' }) title!: string;
  @ApiProperty({ example: 400 }) status!: number;
  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'Machine-readable: VALIDATION_FAILED, UNAUTHENTICATED, ROLE_NOT_PERMITTED, NOT_FOUND, ACTION_NOT_ALLOWED_IN_STATE, CONFLICT, …' })
  code!: string;
  @ApiPropertyOptional() detail?: string;
  @ApiPropertyOptional({ example: '/api/v1/certificate-applications' }) instance?: string;
  @ApiPropertyOptional({ type: [FieldViolationView], description: 'Every broken field rule (400 and some 422)' })
  errors?: FieldViolationView[];
}

export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503;

const DESCRIPTIONS: Record<ProblemStatus, string> = {
  400: 'VALIDATION_FAILED: a parameter or body field breaks a rule (`errors` names each field and rule), or the body is not a JSON object',
  401: 'UNAUTHENTICATED: no bearer token, or it is invalid, expired or names no active user',
  403: 'ROLE_NOT_PERMITTED: the caller’s role or office may not do this',
  404: 'NOT_FOUND: no such resource within the caller’s jurisdiction (existence is not leaked)',
  409: 'ACTION_NOT_ALLOWED_IN_STATE or CONFLICT: not allowed in the current state, or a concurrent change disagrees',
  413: 'The body is larger than the limit (HTTP_BODY_LIMIT_BYTES, 64 KiB by default)',
  415: 'The body is not application/json, or its Content-Encoding or charset is not supported',
  422: 'BUSINESS_RULE_VIOLATED or SAME_PERSON_REVIEW_AND_APPROVAL: well-formed, but a business rule refuses it',
  429: 'TOO_MANY_REQUESTS: too many requests this minute from this address or for this user; Retry-After says in how many seconds to try again',
  503: 'SERVICE_UNAVAILABLE: the database or the process engine is out of reach, or a case’s workflow did not answer in time; send the same request again (same Idempotency-Key)',
};

function problemResponse(status: ProblemStatus, description = DESCRIPTIONS[status]) {
  return {
    description,
    content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDetailsView) } } },
  };
}

/**
 * The problem responses an operation can give beyond the ones every operation of its kind gets (those are
 * added by completeOpenApiDocument): 403, 409, 422, or a 404 of an operation without path parameters.
 * `descriptions` overrides the standard text where an operation has something specific to say.
 */
export function ApiProblemResponses(statuses: ProblemStatus[], descriptions: Partial<Record<ProblemStatus, string>> = {}): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDetailsView),
    ...statuses.map((status) => ApiResponse({ status, ...problemResponse(status, descriptions[status]) })),
  );
}

/**
 * What every action on a case can answer besides the case: the role may not (403), the state does not allow
 * it (409), a rule refuses (422). (The 503 of a workflow that did not answer in time every operation has.)
 */
export const CaseActionProblems = (): MethodDecorator & ClassDecorator => ApiProblemResponses([403, 409, 422]);

type Operation = {
  parameters?: unknown[];
  requestBody?: unknown;
  security?: unknown[];
  responses: Record<string, unknown>;
};
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/**
 * The responses that follow from an operation's shape, added to every operation so none can be forgotten:
 * 400 where it reads parameters or a body (each is validated; unknown query parameters are refused), 401 where a bearer
 * token is required (and 403: an identity provider's token may name no role or office Passage knows), 404 where the
 * path names a resource, 413 and 415 where a body is read, 429 throughout /api/v1 (rate limits), 503 everywhere. Each is the
 * shared ProblemDetails schema as application/problem+json. A response an operation declares itself stays.
 */
export function completeOpenApiDocument(document: OpenAPIObject): OpenAPIObject {
  closeRequestSchemas(document);
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = (item as Record<string, Operation | undefined>)[method];
      if (!operation) continue;
      const add = (status: ProblemStatus): void => {
        operation.responses[String(status)] ??= problemResponse(status);
      };
      if ((operation.parameters ?? []).length > 0 || operation.requestBody !== undefined) add(400);
      if ((operation.security ?? []).length > 0) {
        add(401);
        add(403);
      }
      if (path.includes('{')) add(404);
      if (operation.requestBody !== undefined) {
        add(413);
        add(415);
      }
      if (path.startsWith('/api/v1/')) add(429);
      add(503); // every operation reads the database, which may be out of reach for a moment
    }
  }
  return document;
}

/**
 * Request bodies refuse unknown fields (the validation pipe's forbidNonWhitelisted), so their schemas say
 * `additionalProperties: false`: a generated client cannot send a typo, and a contract test knows extra
 * fields are errors. Applied to every component schema a request body reaches, nested ones included.
 */
function closeRequestSchemas(document: OpenAPIObject): void {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Record<string, unknown>>;
  const seen = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) {
      const name = ref.slice('#/components/schemas/'.length);
      const schema = schemas[name];
      if (schema && !seen.has(name)) {
        seen.add(name);
        if (schema.type === 'object' || schema.properties) schema.additionalProperties = false;
        visit(schema);
      }
      return;
    }
    Object.values(node).forEach(visit);
  };
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) visit((item as Record<string, Operation | undefined>)[method]?.requestBody);
  }
}
