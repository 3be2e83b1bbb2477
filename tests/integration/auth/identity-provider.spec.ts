/**
 * Staff signed in at an external identity provider: its RS256 and ES256 tokens are accepted besides
 * Passage's own (OIDC_ISSUER, OIDC_AUDIENCE, OIDC_JWKS_URL), verified against its key set served here on
 * 127.0.0.1. The role and office come from the token's claims; the user becomes an app_user row on first
 * sight (one row per issuer and subject, kept up to date), so the audit names them like anyone else.
 * Anything unverifiable answers 401; a token naming no usable role or office, 403.
 */
import { randomBytes } from 'node:crypto';
import { expectProblem } from '../../support/http';
import { IDP_AUDIENCE, IDP_ISSUER, type IdentityProvider, startIdentityProvider } from '../../support/identity-provider';
import { STACK_START_TIMEOUT_MS, startTestStack, type TestStack, useTestStack } from '../../support/test-app';

const TENGWANGGE = '360102002';

interface Me {
  id: string;
  username: string;
  displayName: string;
  role: string;
  officeCode: string;
}

describe('tokens of an external identity provider', () => {
  let idp: IdentityProvider;
  let stack: TestStack;

  beforeAll(async () => {
    idp = await startIdentityProvider();
    stack = await startTestStack({ worker: false, env: { OIDC_ISSUER: IDP_ISSUER, OIDC_AUDIENCE: IDP_AUDIENCE, OIDC_JWKS_URL: idp.jwksUrl } });
  }, STACK_START_TIMEOUT_MS);

  afterAll(async () => {
    await stack?.stop();
    await idp?.stop();
  });

  /** Claims of a person nobody else in the run uses. */
  function person(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const id = randomBytes(4).toString('hex');
    return { sub: `idp-subject-${id}`, preferred_username: `idp.${id}`, name: `IdP user ${id}`, passage_role: 'caseworker', passage_office: TENGWANGGE, ...overrides };
  }

  const me = (token: string) => stack.http.get('/api/v1/users/me').set('Authorization', `Bearer ${token}`);

  async function rowsOf(subject: string): Promise<Array<{ id: string; username: string; role: string; office_code: string; active: boolean }>> {
    return stack.db.query(`SELECT id, username, role, office_code, active FROM app_user WHERE external_issuer = $1 AND external_subject = $2`, [IDP_ISSUER, subject]);
  }

  it('accepts an RS256 token, creating the user once, and keeps them up to date with the provider', async () => {
    const claims = person();
    const first = (await me(idp.token(claims)).expect(200)).body as Me;
    expect(first).toMatchObject({ username: claims['preferred_username'], displayName: claims['name'], role: 'caseworker', officeCode: TENGWANGGE });
    const again = (await me(idp.token(claims)).expect(200)).body as Me;
    expect(again.id).toBe(first.id);
    expect(await rowsOf(claims['sub'] as string)).toEqual([expect.objectContaining({ id: first.id, role: 'caseworker', office_code: TENGWANGGE })]);

    // The provider moves them: the same row, with the new role and office.
    const moved = (await me(idp.token({ ...claims, passage_role: 'approver', passage_office: '360102004' })).expect(200)).body as Me;
    expect(moved).toMatchObject({ id: first.id, role: 'approver', officeCode: '360102004' });
    expect(await rowsOf(claims['sub'] as string)).toEqual([expect.objectContaining({ id: first.id, role: 'approver', office_code: '360102004' })]);
  });

  it('makes one user of concurrent first requests', async () => {
    const claims = person();
    const answers = await Promise.all([me(idp.token(claims)), me(idp.token(claims)), me(idp.token(claims))]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    const rows = await rowsOf(claims['sub'] as string);
    expect(rows).toHaveLength(1);
    expect(answers.map((r) => (r.body as Me).id)).toEqual([rows[0]!.id, rows[0]!.id, rows[0]!.id]);
  });

  it('accepts an ES256 token, takes the username from sub without preferred_username, and a role given as a one-item list', async () => {
    const { preferred_username: _omitted, ...claims } = person({ passage_role: ['manager'], passage_office: '360102' });
    const body = (await me(idp.token(claims, { alg: 'ES256' })).expect(200)).body as Me;
    expect(body).toMatchObject({ username: claims['sub'], role: 'manager', officeCode: '360102' });
  });

  it('names the user in the audit trail like anyone else', async () => {
    const claims = person();
    const token = idp.token(claims);
    const { id } = (await me(token).expect(200)).body as Me;
    // A change asked for (and refused for its body) is recorded with who asked.
    expectProblem(await stack.http.post('/api/v1/certificate-applications').set('Authorization', `Bearer ${token}`).send({}), 400, 'VALIDATION_FAILED');
    const [row] = await stack.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE actor_user_id = $1`, [id]);
    expect((row as { n: number }).n).toBeGreaterThanOrEqual(1);
  });

  it('answers 401 to a token it cannot trust, and creates nobody', async () => {
    const claims = person();
    const now = Math.floor(Date.now() / 1000);
    const good = idp.token(claims);
    const [header, payload] = good.split('.');
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), passage_role: 'manager' })).toString('base64url')}.${good.split('.')[2]}`;
    const refused: Record<string, string> = {
      'expired beyond the tolerance': idp.token({ ...claims, exp: now - 120 }),
      'without exp': idp.token(claims, { expiresIn: null }),
      'not yet valid': idp.token({ ...claims, nbf: now + 600 }),
      'for another audience': idp.token({ ...claims, aud: 'another-api' }),
      'of another issuer': idp.token({ ...claims, iss: 'https://idp.example.test' }),
      'signed by a key the provider does not publish': idp.token(claims, { signWith: idp.forgerKey() }),
      'naming a key the provider does not hold': idp.token(claims, { kid: 'no-such-key' }),
      'with a changed payload': tampered,
      'with alg none': `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`,
      'with an unsupported critical header': idp.token(claims, { header: { crit: ['exp'] } }),
    };
    for (const [what, token] of Object.entries(refused)) {
      const response = await me(token);
      expect({ what, status: response.status }).toEqual({ what, status: 401 });
      expectProblem(response, 401, 'UNAUTHENTICATED');
    }
    expect(await rowsOf(claims['sub'] as string)).toEqual([]);
    // Within the clock tolerance (30 s by default) a just-expired token still works.
    await me(idp.token({ ...claims, exp: now - 5 })).expect(200);
  });

  it('answers 403 naming the claim to a token with no known role or office, and 401 when the username is someone else’s', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [person({ passage_role: 'superuser' }), 'passage_role'],
      [person({ passage_role: undefined }), 'passage_role'],
      [person({ passage_office: 'not-an-office' }), 'passage_office'],
      [person({ passage_office: '360102999' }), 'passage_office'], // well-formed, but no such office
    ];
    for (const [claims, claim] of cases) {
      const problem = expectProblem(await me(idp.token(claims)), 403, 'ROLE_NOT_PERMITTED');
      expect(problem['claim']).toBe(claim);
      expect(problem.title).toContain(claim === 'passage_role' ? 'role' : 'office');
      expect(await rowsOf(claims['sub'] as string)).toEqual([]);
    }
    // A provider's username may not take over a Passage user's.
    const [before] = await stack.db.query(`SELECT id, role, office_code FROM app_user WHERE username = 'tengwangge.approver'`);
    const squatter = person({ preferred_username: 'tengwangge.approver', passage_role: 'manager' });
    expect(expectProblem(await me(idp.token(squatter)), 401, 'UNAUTHENTICATED').title).toMatch(/username belongs to another/);
    expect(await stack.db.query(`SELECT id, role, office_code FROM app_user WHERE username = 'tengwangge.approver'`)).toEqual([before]);
  });

  it('keeps a user deactivated in Passage out, whatever the provider says', async () => {
    const claims = person();
    const { id } = (await me(idp.token(claims)).expect(200)).body as Me;
    await stack.db.query(`UPDATE app_user SET active = false WHERE id = $1`, [id]);
    expectProblem(await me(idp.token(claims)), 401, 'UNAUTHENTICATED');
    expectProblem(await me(idp.token({ ...claims, passage_role: 'approver' })), 401, 'UNAUTHENTICATED');
    expect(await rowsOf(claims['sub'] as string)).toEqual([expect.objectContaining({ active: false, role: 'approver' })]);
  });

  it('follows a key rotation: a token of a new key is verified after the set is fetched again', async () => {
    const claims = person();
    await me(idp.token(claims)).expect(200);
    const fetchesBefore = idp.fetches();
    idp.rotate();
    // The set is fetched again for an unknown key at most every 5 s.
    await new Promise((resolve) => setTimeout(resolve, 5_100));
    await me(idp.token(claims, { alg: 'ES256' })).expect(200);
    expect(idp.fetches()).toBe(fetchesBefore + 1);
  });

  it('still accepts Passage’s own tokens', async () => {
    const token = await stack.loginAs('tengwangge.caseworker');
    expect(((await me(token).expect(200)).body as Me).username).toBe('tengwangge.caseworker');
  });
});

describe('without an identity provider', () => {
  const stack = useTestStack({ worker: false });

  it('refuses every RS256 and ES256 token', async () => {
    const idp = await startIdentityProvider();
    try {
      for (const alg of ['RS256', 'ES256'] as const) {
        const token = idp.token({ sub: 'someone', passage_role: 'manager', passage_office: '36' }, { alg });
        expectProblem(await stack().http.get('/api/v1/users/me').set('Authorization', `Bearer ${token}`), 401, 'UNAUTHENTICATED');
      }
      expect(idp.fetches()).toBe(0);
    } finally {
      await idp.stop();
    }
  });
});
