/**
 * POST /api/v1/auth/dev-login: tokens for demo users when DEV_LOGIN_ENABLED, field-level 400s for bad
 * bodies, 401 for unknown users, and 404 (as if the route did not exist) when it is disabled.
 */
import { DEMO_USERS } from '../../../libs/db/seed/demo-users';
import { authed, expectProblem, violatedFields } from '../../support/http';
import { STACK_START_TIMEOUT_MS, startTestStack, type TestStack, useTestStack } from '../../support/test-app';

const DEV_LOGIN = '/api/v1/auth/dev-login';

describe('dev login (foundation)', () => {
  const stack = useTestStack();

  it('issues a bearer token for a known demo user, which then authenticates requests', async () => {
    const response = await stack().http.post(DEV_LOGIN).send({ username: 'tengwangge.caseworker' }).expect(200);
    expect(response.body).toEqual({
      accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      tokenType: 'Bearer',
      expiresIn: stack().config.JWT_TTL_SECONDS,
      userId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      role: 'caseworker',
      officeCode: '360102002',
    });
    const [row] = (await stack().db.query(`SELECT id FROM app_user WHERE username = $1`, ['tengwangge.caseworker'])) as Array<{
      id: string;
    }>;
    expect(response.body.userId).toBe(row!.id);

    const me = await authed(stack(), response.body.accessToken as string).get('/api/v1/users/me').expect(200);
    expect(me.body).toEqual({
      id: row!.id,
      username: 'tengwangge.caseworker',
      displayName: 'Caseworker, 滕王阁街道',
      role: 'caseworker',
      officeCode: '360102002',
    });
  });

  it('every demo user can log in, with the role and office of the seed', async () => {
    for (const user of DEMO_USERS) {
      const response = await stack().http.post(DEV_LOGIN).send({ username: user.username });
      expect({ username: user.username, status: response.status }).toEqual({ username: user.username, status: 200 });
      expect(response.body).toMatchObject({ role: user.role, officeCode: user.officeCode });
    }
  });

  it('answers 401 problem details for a well-formed but unknown username', async () => {
    const response = await stack().http.post(DEV_LOGIN).send({ username: 'nobody.here' });
    expectProblem(response, 401, 'UNAUTHENTICATED');
  });

  it('answers 401 for a user who has been deactivated', async () => {
    // A user of this file's own (the database is shared with other test files: demo users stay untouched).
    const username = `it.${stack().taskQueuePrefix}.inactive`;
    await stack().db.query(
      `INSERT INTO app_user (username, display_name, role, office_code, active) VALUES ($1, 'Inactive', 'caseworker', '440306017', false)`,
      [username],
    );
    try {
      expectProblem(await stack().http.post(DEV_LOGIN).send({ username }), 401, 'UNAUTHENTICATED');
      await stack().db.query(`UPDATE app_user SET active = true WHERE username = $1`, [username]);
      await stack().http.post(DEV_LOGIN).send({ username }).expect(200);
    } finally {
      await stack().db.query(`DELETE FROM app_user WHERE username = $1`, [username]);
    }
  });

  it('answers 400 naming an unknown field', async () => {
    const response = await stack().http.post(DEV_LOGIN).send({ username: 'tengwangge.caseworker', password: 'secret' });
    const problem = expectProblem(response, 400, 'VALIDATION_FAILED');
    expect(violatedFields(problem)).toEqual(['password']);
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'password', rule: 'forbidden' })]);
  });

  it('answers 400 naming username when it is malformed', async () => {
    for (const username of ['Tengwangge Caseworker!', '', 'x'.repeat(65)]) {
      const problem = expectProblem(await stack().http.post(DEV_LOGIN).send({ username }), 400, 'VALIDATION_FAILED');
      expect({ username, fields: violatedFields(problem) }).toEqual({ username, fields: ['username'] });
    }
    const notAString = expectProblem(await stack().http.post(DEV_LOGIN).send({ username: 42 }), 400, 'VALIDATION_FAILED');
    expect(violatedFields(notAString)).toEqual(['username']);
  });

  it('answers 400 naming username when it is missing, and names each bad field at once', async () => {
    expect(violatedFields(expectProblem(await stack().http.post(DEV_LOGIN).send({}), 400, 'VALIDATION_FAILED'))).toEqual([
      'username',
    ]);
    const both = expectProblem(
      await stack().http.post(DEV_LOGIN).send({ username: 'Bad Name', role: 'manager' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(violatedFields(both)).toEqual(['role', 'username']);
  });

  it('answers 400 problem details for malformed JSON', async () => {
    const response = await stack().http.post(DEV_LOGIN).set('Content-Type', 'application/json').send('{"username": ');
    expectProblem(response, 400);
  });

  describe('with DEV_LOGIN_ENABLED=false', () => {
    let disabled: TestStack;

    beforeAll(async () => {
      disabled = await startTestStack({ env: { DEV_LOGIN_ENABLED: 'false' }, worker: false });
    }, STACK_START_TIMEOUT_MS);

    afterAll(async () => {
      // stop() is idempotent: a second call (e.g. from a shared afterAll helper) is harmless.
      await disabled?.stop();
      await disabled?.stop();
    });

    it('answers 404 problem details, even for a known demo user', async () => {
      expect(disabled.config.DEV_LOGIN_ENABLED).toBe(false);
      const response = await disabled.http.post(DEV_LOGIN).send({ username: 'tengwangge.caseworker' });
      expectProblem(response, 404, 'NOT_FOUND');
      expect(response.text).not.toContain('accessToken');
    });

    it('still accepts tokens issued elsewhere with the same secret (only the login route is off)', async () => {
      const token = await stack().loginAs('tengwangge.caseworker');
      await authed(disabled, token).get('/api/v1/users/me').expect(200);
    });
  });
});
