/**
 * Domain errors: the one error type the domain throws, with a string code the api maps to HTTP and the
 * workflows raise as a non-retryable ApplicationFailure whose `type` is the code.
 *
 * Messages and details travel into Temporal history and logs, so they must never contain personal data
 * (names, identity numbers, free text typed by an applicant): codes, field names and rule names only.
 */

/** The codes, as a const object so callers can write `DomainErrorCode.NOT_FOUND` or the plain string. */
export const DomainErrorCode = {
  /** Input is malformed or breaks a field rule (400). */
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  /** No valid credentials (401). */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** The actor's role may not perform this action at all (403). */
  ROLE_NOT_PERMITTED: 'ROLE_NOT_PERMITTED',
  /** Does not exist, or exists outside the caller's jurisdiction: both answer 404 so existence is not leaked. */
  NOT_FOUND: 'NOT_FOUND',
  /** The action is not allowed in the case's current state (409). */
  ACTION_NOT_ALLOWED_IN_STATE: 'ACTION_NOT_ALLOWED_IN_STATE',
  /** Concurrent or duplicate write that disagrees with what is stored (409). */
  CONFLICT: 'CONFLICT',
  /** Four-eyes rule: the person who reviewed a case may not approve it (422). */
  SAME_PERSON_REVIEW_AND_APPROVAL: 'SAME_PERSON_REVIEW_AND_APPROVAL',
  /** Any other business rule the request breaks although it is well-formed (422). */
  BUSINESS_RULE_VIOLATED: 'BUSINESS_RULE_VIOLATED',
  /** Too many requests from one caller in a short time; details.retryAfterSeconds says when to try again (429). */
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  /** A dependency (the database, Temporal) did not answer in time; the same request may be sent again (503). */
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
} as const;

export type DomainErrorCode = (typeof DomainErrorCode)[keyof typeof DomainErrorCode];

/** Every code, e.g. for a workflow retry policy's `nonRetryableErrorTypes`. */
export const DOMAIN_ERROR_CODES: readonly DomainErrorCode[] = Object.freeze(Object.values(DomainErrorCode));

export function isDomainErrorCode(value: unknown): value is DomainErrorCode {
  return typeof value === 'string' && (DOMAIN_ERROR_CODES as readonly string[]).includes(value);
}

/** One broken rule on one input field; lists of these become the body of 400/422 responses. */
export interface FieldViolation {
  readonly field: string;
  readonly rule: string;
  readonly message: string;
}

/**
 * Structured, serialisable context. The named keys are the conventional ones; others are allowed so a
 * rule can say what it needs (e.g. `index` of a bad action-log entry).
 */
export interface DomainErrorDetails {
  readonly field?: string;
  readonly rule?: string;
  readonly state?: string;
  readonly action?: string;
  readonly role?: string;
  readonly violations?: readonly FieldViolation[];
  readonly [key: string]: unknown;
}

export class DomainError extends Error {
  override readonly name = 'DomainError';
  readonly code: DomainErrorCode;
  readonly details: DomainErrorDetails | undefined;

  constructor(code: DomainErrorCode, message: string, details?: DomainErrorDetails) {
    super(message);
    this.code = code;
    this.details = details;
  }
}

/**
 * `instanceof` alone is not enough: the workflow bundle and the api each load their own copy of this
 * module, so an error crossing that boundary is recognised by its shape.
 */
export function isDomainError(value: unknown): value is DomainError {
  if (value instanceof DomainError) return true;
  return (
    value instanceof Error &&
    value.name === 'DomainError' &&
    isDomainErrorCode((value as { code?: unknown }).code)
  );
}

/** A VALIDATION_FAILED error carrying the violations, the usual way field rules reach the api. */
export function validationFailed(violations: readonly FieldViolation[], message = 'Validation failed'): DomainError {
  const first = violations[0];
  return new DomainError(DomainErrorCode.VALIDATION_FAILED, message, {
    ...(first === undefined ? {} : { field: first.field, rule: first.rule }),
    violations,
  });
}

/** The single place codes become HTTP statuses; the compiler rejects a new code that is not mapped here. */
export function httpStatusForDomainError(code: DomainErrorCode): number {
  switch (code) {
    case 'VALIDATION_FAILED':
      return 400;
    case 'UNAUTHENTICATED':
      return 401;
    case 'ROLE_NOT_PERMITTED':
      return 403;
    case 'NOT_FOUND':
      return 404;
    case 'ACTION_NOT_ALLOWED_IN_STATE':
    case 'CONFLICT':
      return 409;
    case 'SAME_PERSON_REVIEW_AND_APPROVAL':
    case 'BUSINESS_RULE_VIOLATED':
      return 422;
    case 'TOO_MANY_REQUESTS':
      return 429;
    case 'SERVICE_UNAVAILABLE':
      return 503;
    default:
      return assertNever(code, 'Unmapped domain error code');
  }
}

/** For the default of a switch that covers every member of a union: a compile error when one is added. */
export function assertNever(value: never, message = 'Unhandled value'): never {
  throw new Error(`${message}: ${String(value)}`);
}
