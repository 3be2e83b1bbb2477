/**
 * Small helpers for integration tests over HTTP (supertest).
 *
 *   const api = authed(stack, await stack.loginAs('tengwangge.admin'));
 *   const res = await api.patch('/api/v1/offices/360102002/settings').send({ ... }).expect(200);
 *   expectProblem(res, 400, 'VALIDATION_FAILED');
 */
import type { Response, Test } from 'supertest';
import type { TestStack } from './test-app';

/** A supertest wrapper that sends `Authorization: Bearer <token>` with every request. */
export interface AuthedClient {
  get(url: string): Test;
  post(url: string): Test;
  put(url: string): Test;
  patch(url: string): Test;
  delete(url: string): Test;
}

export function authed(stack: Pick<TestStack, 'http'>, token: string): AuthedClient {
  const withToken = (test: Test): Test => test.set('Authorization', `Bearer ${token}`);
  return {
    get: (url) => withToken(stack.http.get(url)),
    post: (url) => withToken(stack.http.post(url)),
    put: (url) => withToken(stack.http.put(url)),
    patch: (url) => withToken(stack.http.patch(url)),
    delete: (url) => withToken(stack.http.delete(url)),
  };
}

/** Logs in as `username` and returns a client acting as that user. */
export async function as(stack: Pick<TestStack, 'http' | 'loginAs'>, username: string): Promise<AuthedClient> {
  return authed(stack, await stack.loginAs(username));
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  instance?: string;
  errors?: Array<{ field: string; rule: string; message: string }>;
  [extension: string]: unknown;
}

/**
 * Asserts an RFC 9457 problem details response: the status, content type application/problem+json and
 * the fields type/title/status/code (status in the body equal to the HTTP status). Returns the body.
 */
export function expectProblem(response: Response, status: number, code?: string): ProblemBody {
  if (response.status !== status) {
    throw new Error(`expected HTTP ${status}, got ${response.status}: ${response.text}`);
  }
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json\b/);
  // supertest parses only JSON types it knows; problem+json may arrive unparsed, so parse the text.
  const body = JSON.parse(response.text) as ProblemBody;
  expect(body).toEqual(
    expect.objectContaining({
      type: expect.any(String),
      title: expect.any(String),
      status,
      code: code ?? expect.any(String),
    }),
  );
  expect(body.type.length).toBeGreaterThan(0);
  expect(body.title.length).toBeGreaterThan(0);
  return body;
}

/** The distinct fields named by a problem's errors[] (validation failures). */
export function violatedFields(problem: ProblemBody): string[] {
  return [...new Set((problem.errors ?? []).map((e) => e.field))].sort();
}
