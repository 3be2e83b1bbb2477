/**
 * The api's public surface around the business routes: health of its dependencies, the OpenAPI document,
 * and that a business route without a token is refused as problem details.
 */
import { JwtService } from '@nestjs/jwt';
import { expectProblem } from '../../support/http';
import { useTestStack } from '../../support/test-app';

describe('health, docs and authentication (foundation)', () => {
  const stack = useTestStack();

  it('GET /health answers 200 with the database and Temporal up', async () => {
    const response = await stack().http.get('/health').expect(200);
    expect(response.body).toEqual({
      status: 'up',
      checks: { database: { status: 'up' }, temporal: { status: 'up' } },
    });
  });

  it('GET /health needs no token and is not under the /api/v1 prefix', async () => {
    await stack().http.get('/api/v1/health').expect(404);
  });

  it('GET /docs-json is an OpenAPI document whose business paths are under /api/v1', async () => {
    const response = await stack().http.get('/docs-json').expect(200);
    expect(response.headers['content-type']).toMatch(/^application\/json\b/);
    const doc = response.body as { openapi: string; info: { title: string }; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.title).toBe('Passage');
    const paths = Object.keys(doc.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/health',
        '/api/v1/auth/dev-login',
        '/api/v1/offices',
        '/api/v1/offices/{code}',
        '/api/v1/offices/{code}/children',
        '/api/v1/offices/{code}/subtree',
        '/api/v1/offices/{code}/settings',
        '/api/v1/users',
        '/api/v1/users/{id}',
      ]),
    );
    // Everything but the health check lives under the versioned prefix.
    expect(paths.filter((p) => p !== '/health' && !p.startsWith('/api/v1/'))).toEqual([]);
    // Bearer auth is declared, so the docs' "Authorize" button works.
    expect(JSON.stringify((doc as { components?: unknown }).components ?? {})).toContain('bearer');
  });

  it('GET /api/v1/offices without a token answers 401 problem details', async () => {
    const response = await stack().http.get('/api/v1/offices');
    const problem = expectProblem(response, 401, 'UNAUTHENTICATED');
    expect(problem.instance).toBe('/api/v1/offices');
    expect(response.headers['www-authenticate']).toBe('Bearer realm="passage"'); // RFC 6750: how to authenticate
  });

  it('a malformed or forged bearer token is 401 too', async () => {
    expectProblem(await stack().http.get('/api/v1/offices').set('Authorization', 'Bearer not-a-jwt'), 401, 'UNAUTHENTICATED');
    expectProblem(await stack().http.get('/api/v1/offices').set('Authorization', 'Basic dXNlcjpwdw=='), 401, 'UNAUTHENTICATED');
    // A well-formed token signed with another secret.
    const forged =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIwMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDAifQ.' +
      'c2lnbmF0dXJlLW5vdC12YWxpZC1mb3ItdGhpcy1zZWNyZXQ';
    expectProblem(await stack().http.get('/api/v1/offices').set('Authorization', `Bearer ${forged}`), 401, 'UNAUTHENTICATED');
  });

  it('a token signed with the right secret but without issuer, audience or expiry is 401', async () => {
    const [user] = (await stack().db.query(`SELECT id FROM app_user WHERE username = 'tengwangge.caseworker'`)) as Array<{ id: string }>;
    const secret = stack().config.JWT_SECRET!;
    const good = { issuer: 'passage', audience: 'passage-api', expiresIn: 600 } as const;
    const sign = (payload: object, key: string, options: Record<string, unknown>) => new JwtService({ secret: key }).sign(payload, options);
    const office = (token: string) => stack().http.get('/api/v1/offices').set('Authorization', `Bearer ${token}`);
    expect((await office(sign({ sub: user!.id }, secret, good))).status).toBe(200); // the test's own control: this one is accepted
    for (const without of ['issuer', 'audience', 'expiresIn'] as const) {
      const options: Record<string, unknown> = { ...good };
      delete options[without];
      expectProblem(await office(sign({ sub: user!.id }, secret, options)), 401, 'UNAUTHENTICATED');
    }
    expectProblem(await office(sign({ sub: user!.id }, secret, { ...good, issuer: 'someone-else' })), 401, 'UNAUTHENTICATED');
  });

  it('an unknown route answers 404 problem details', async () => {
    const token = await stack().loginAs('tengwangge.caseworker');
    const response = await stack().http.get('/api/v1/no-such-thing').set('Authorization', `Bearer ${token}`);
    expectProblem(response, 404, 'NOT_FOUND');
  });
});
