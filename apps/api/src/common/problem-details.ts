import type { FieldViolation } from '../../../../libs/domain';

/** RFC 9457 problem details: the one error format of the api. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: string;
  errors?: FieldViolation[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Problem types are stable URIs relative to the api; the code is the machine-readable part. */
export function problemType(code: string): string {
  return `urn:passage:problem:${code.toLowerCase().replace(/_/g, '-')}`;
}
