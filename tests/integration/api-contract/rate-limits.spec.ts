/**
 * The whole of /api/v1 is rate limited per client address and per authenticated user and minute
 * (RATE_LIMIT_PER_IP_PER_MINUTE, RATE_LIMIT_PER_USER_PER_MINUTE; 5 and 3 here), in PostgreSQL, so every
 * replica shares the count; over either limit the api answers 429 problem+json with Retry-After. The
 * address is the client's as HTTP_TRUSTED_PROXIES lets X-Forwarded-For say (loopback is the proxy here):
 * each test calls from addresses of its own and as a user of its own, since counts are shared by every
 * file of the run.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import type { Response } from 'supertest';
import { expectProblem } from '../../support/http';
import { startTestStack, useTestStack } from '../../support/test-app';

const PER_IP = 5;
const PER_USER = 3;

/** An address nobody else in the run uses (TEST-NET-2, random). */
function freshAddress(): string {
  return `198.51.${randomInt(0, 256)}.${randomInt(1, 255)}`;
}

function expectTooMany(response: Response, title: RegExp): void {
  const problem = expectProblem(response, 429, 'TOO_MANY_REQUESTS');
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(problem.title).toMatch(title);
  const retryAfter = Number(response.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(problem['retryAfterSeconds']).toBe(retryAfter);
}

/** Counts are per calendar minute: a test starts early enough in one to finish in it. */
async function startOfAMinute(): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 15_000) await new Promise((resolve) => setTimeout(resolve, left + 100));
}

describe('rate limits on the api', () => {
  const stack = useTestStack({
    worker: false,
    env: { RATE_LIMIT_PER_IP_PER_MINUTE: String(PER_IP), RATE_LIMIT_PER_USER_PER_MINUTE: String(PER_USER), HTTP_TRUSTED_PROXIES: '127.0.0.1,::1' },
  });

  /** A token for a caseworker created for this test alone. */
  async function freshUserToken(): Promise<string> {
    const username = `rate-limit-${randomBytes(4).toString('hex')}`;
    const [row] = await stack().db.query(
      `INSERT INTO app_user (username, display_name, role, office_code) VALUES ($1, 'Rate limit test', 'caseworker', '360102002') RETURNING id`,
      [username],
    );
    return stack().app.get(JwtService).signAsync({ sub: (row as { id: string }).id });
  }

  beforeEach(startOfAMinute, 60_000);

  it('answers 429 with Retry-After to an address over its minute, whoever it claims to be', async () => {
    const address = freshAddress();
    const from = (request: ReturnType<ReturnType<typeof stack>['http']['get']>) => request.set('X-Forwarded-For', address);
    for (let i = 0; i < PER_IP; i++) expectProblem(await from(stack().http.get('/api/v1/offices')), 401, 'UNAUTHENTICATED');
    expectTooMany(await from(stack().http.get('/api/v1/offices')), /from this address/);
    // Still limited with a good token, on a public route and at dev login: the address is spent.
    expectTooMany(await from(stack().http.get('/api/v1/offices')).set('Authorization', `Bearer ${await freshUserToken()}`), /from this address/);
    expectTooMany(await from(stack().http.get('/api/v1/public/certificate-signing-keys')), /from this address/);
    expectTooMany(await stack().http.post('/api/v1/auth/dev-login').set('X-Forwarded-For', address).send({ username: 'tengwangge.caseworker' }), /from this address/);
    // Outside /api/v1 nothing is counted; another address has its own minute.
    await from(stack().http.get('/health')).expect(200);
    expectProblem(await stack().http.get('/api/v1/offices').set('X-Forwarded-For', freshAddress()), 401, 'UNAUTHENTICATED');
  });

  it('limits dev login per address', async () => {
    const address = freshAddress();
    const login = () => stack().http.post('/api/v1/auth/dev-login').set('X-Forwarded-For', address).send({ username: 'tengwangge.caseworker' });
    for (let i = 0; i < PER_IP; i++) expect((await login()).status).toBe(200);
    expectTooMany(await login(), /from this address/);
  });

  it('answers 429 to a user over their minute, from wherever they call, and not to another user', async () => {
    const token = await freshUserToken();
    const asUser = (bearer: string) => stack().http.get('/api/v1/offices').set('Authorization', `Bearer ${bearer}`).set('X-Forwarded-For', freshAddress());
    for (let i = 0; i < PER_USER; i++) expect((await asUser(token)).status).toBe(200);
    expectTooMany(await asUser(token), /for this user/);
    expect((await asUser(await freshUserToken())).status).toBe(200);
  });

  it('documents the 429 on every operation of /api/v1, and on nothing outside it', async () => {
    const document = (await stack().http.get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    const documented = Object.entries(document.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ operation: `${method} ${path}`, has429: '429' in op.responses })));
    expect(documented.length).toBeGreaterThan(40);
    expect(documented.filter((d) => d.has429 !== d.operation.includes(' /api/v1/'))).toEqual([]);
  });

  it('believes X-Forwarded-For only from a trusted proxy', async () => {
    const untrusted = await startTestStack({ worker: false, env: { RATE_LIMIT_PER_IP_PER_MINUTE: '1' } });
    try {
      const address = freshAddress();
      // Without trusted proxies the header is ignored: every request counts for loopback, shared by the run,
      // so this stack's limit of 1 per address is spent whatever address the header names.
      const statuses: number[] = [];
      for (let i = 0; i < 2; i++) statuses.push((await untrusted.http.get('/api/v1/offices').set('X-Forwarded-For', address)).status);
      expect(statuses).toContain(429);
      const counted: Array<{ key: string }> = await untrusted.db.query(`SELECT key FROM rate_limit_window WHERE key = $1`, [`api-ip:${address}`]);
      expect(counted).toEqual([]);
    } finally {
      await untrusted.stop();
    }
  });
});
