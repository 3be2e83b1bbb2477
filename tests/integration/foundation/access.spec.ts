/**
 * Jurisdiction: caseworkers, approvers and office admins see their own office only; managers and auditors
 * see their office's whole subtree. Anything outside answers 404 (never 403), so existence is not leaked.
 *
 * The database is shared with other test files, which may add staff of their own: lists are checked as
 * "every listed user is within the jurisdiction" plus "exactly these demo users are listed".
 */
import { DEMO_USERS } from '../../../libs/db/seed/demo-users';
import { authed, type AuthedClient, expectProblem } from '../../support/http';
import { STACK_START_TIMEOUT_MS, startTestStack, type TestStack } from '../../support/test-app';

type UserView = { id: string; username: string; displayName: string; role: string; officeCode: string };

const DEMO_USERNAMES = new Set(DEMO_USERS.map((u) => u.username));
const demoUsernames = (users: UserView[]): string[] =>
  users
    .map((u) => u.username)
    .filter((u) => DEMO_USERNAMES.has(u))
    .sort();

describe('access and jurisdiction (foundation)', () => {
  let stack: TestStack;
  const ids = new Map<string, string>();
  const clients = new Map<string, AuthedClient>();

  async function as(username: string): Promise<AuthedClient> {
    let client = clients.get(username);
    if (!client) {
      client = authed(stack, await stack.loginAs(username));
      clients.set(username, client);
    }
    return client;
  }

  function idOf(username: string): string {
    const id = ids.get(username);
    if (!id) throw new Error(`no seeded user ${username}`);
    return id;
  }

  beforeAll(async () => {
    stack = await startTestStack();
    const rows = (await stack.db.query(`SELECT id, username FROM app_user`)) as Array<{ id: string; username: string }>;
    for (const row of rows) ids.set(row.username, row.id);
  }, STACK_START_TIMEOUT_MS);

  afterAll(async () => {
    await stack?.stop();
  });

  describe('a caseworker of 滕王阁街道 (360102002)', () => {
    it('lists only the users of 360102002', async () => {
      const users = (await (await as('tengwangge.caseworker')).get('/api/v1/users').expect(200)).body as UserView[];
      expect(users.length).toBeGreaterThan(0);
      expect(users.filter((u) => u.officeCode !== '360102002')).toEqual([]);
      expect(demoUsernames(users)).toEqual([
        'tengwangge.admin',
        'tengwangge.approver',
        'tengwangge.caseworker',
        'tengwangge.reviewer',
      ]);
      expect(users.find((u) => u.username === 'tengwangge.approver')).toEqual({
        id: idOf('tengwangge.approver'),
        username: 'tengwangge.approver',
        displayName: 'Approver, 滕王阁街道',
        role: 'approver',
        officeCode: '360102002',
      });
    });

    it('cannot widen the list with a filter on another office (empty, not an error)', async () => {
      const users = (await (await as('tengwangge.caseworker')).get('/api/v1/users?officeCode=360102004').expect(200))
        .body as UserView[];
      expect(users).toEqual([]);
    });

    it('gets a colleague of the same office', async () => {
      const response = await (await as('tengwangge.caseworker')).get(`/api/v1/users/${idOf('tengwangge.admin')}`).expect(200);
      expect(response.body).toMatchObject({ username: 'tengwangge.admin', role: 'office-admin', officeCode: '360102002' });
    });

    it('gets 404 (not 403) for a caseworker of the neighbouring 百花洲街道', async () => {
      const response = await (await as('tengwangge.caseworker')).get(`/api/v1/users/${idOf('baihuazhou.caseworker')}`);
      expectProblem(response, 404, 'NOT_FOUND');
      // Same answer as for an id nobody has.
      const unknown = await (await as('tengwangge.caseworker')).get('/api/v1/users/00000000-0000-4000-8000-000000000000');
      expectProblem(unknown, 404, 'NOT_FOUND');
      // Nor may it see its own manager above it.
      expectProblem(await (await as('tengwangge.caseworker')).get(`/api/v1/users/${idOf('donghu.manager')}`), 404, 'NOT_FOUND');
    });

    it('gets 404 for the settings of 360102004, and 200 for its own office', async () => {
      const caseworker = await as('tengwangge.caseworker');
      expectProblem(await caseworker.get('/api/v1/offices/360102004/settings'), 404, 'NOT_FOUND');
      await caseworker.get('/api/v1/offices/360102002/settings').expect(200);
      // The parent office's settings are outside an office-only jurisdiction too.
      expectProblem(await caseworker.get('/api/v1/offices/360102/settings'), 404, 'NOT_FOUND');
    });

    it('gets 400 for a user id that is not a UUID', async () => {
      expectProblem(await (await as('tengwangge.caseworker')).get('/api/v1/users/not-a-uuid'), 400);
    });
  });

  describe('the manager of 东湖区 (360102)', () => {
    it('lists the users of 360102 and of both its townships, and nobody else', async () => {
      const users = (await (await as('donghu.manager')).get('/api/v1/users').expect(200)).body as UserView[];
      expect(users.filter((u) => !u.officeCode.startsWith('360102'))).toEqual([]);
      expect(demoUsernames(users)).toEqual([
        'baihuazhou.approver',
        'baihuazhou.caseworker',
        'donghu.auditor',
        'donghu.manager',
        'tengwangge.admin',
        'tengwangge.approver',
        'tengwangge.caseworker',
        'tengwangge.reviewer',
      ]);
      const demoOffices = new Set(users.filter((u) => u.username.includes('.') && !u.username.startsWith('it-')).map((u) => u.officeCode));
      expect(demoOffices).toEqual(new Set(['360102', '360102002', '360102004']));
      // Other files of the run add staff of their own (in communities below 360102): all of them, exactly, are listed.
      const inSubtree: Array<{ id: string }> = await stack.db.query(`SELECT id FROM app_user WHERE office_code LIKE '360102%'`);
      expect(new Set(users.map((u) => u.id))).toEqual(new Set(inSubtree.map((r) => r.id)));
      // Ordered by office, then username.
      const keys = users.map((u) => [u.officeCode, u.username] as const);
      expect(keys).toEqual([...keys].sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1)));
    });

    it('filters within the subtree by office and by role', async () => {
      const manager = await as('donghu.manager');
      const baihuazhou = (await manager.get('/api/v1/users?officeCode=360102004').expect(200)).body as UserView[];
      expect(demoUsernames(baihuazhou)).toEqual(['baihuazhou.approver', 'baihuazhou.caseworker']);
      const approvers = (await manager.get('/api/v1/users?role=approver').expect(200)).body as UserView[];
      expect(approvers.every((u) => u.role === 'approver')).toBe(true);
      expect(demoUsernames(approvers)).toEqual(['baihuazhou.approver', 'tengwangge.approver']);
    });

    it('gets users of both townships, and 404 for its own province manager and for Shenzhen', async () => {
      const manager = await as('donghu.manager');
      await manager.get(`/api/v1/users/${idOf('baihuazhou.caseworker')}`).expect(200);
      await manager.get(`/api/v1/users/${idOf('tengwangge.caseworker')}`).expect(200);
      expectProblem(await manager.get(`/api/v1/users/${idOf('jiangxi.manager')}`), 404, 'NOT_FOUND');
      expectProblem(await manager.get(`/api/v1/users/${idOf('xinan.caseworker')}`), 404, 'NOT_FOUND');
    });

    it('reads the settings of offices in its subtree', async () => {
      const manager = await as('donghu.manager');
      await manager.get('/api/v1/offices/360102004/settings').expect(200);
      await manager.get('/api/v1/offices/360102/settings').expect(200);
      expectProblem(await manager.get('/api/v1/offices/360121100/settings'), 404, 'NOT_FOUND');
    });
  });

  describe('the auditor of 东湖区 (360102)', () => {
    it('sees the same subtree as its manager', async () => {
      const users = (await (await as('donghu.auditor')).get('/api/v1/users').expect(200)).body as UserView[];
      expect(users.filter((u) => !u.officeCode.startsWith('360102'))).toEqual([]);
      expect(demoUsernames(users)).toHaveLength(8);
    });
  });

  describe('the manager of 江西省 (36)', () => {
    it('sees every Jiangxi user and no Shenzhen user', async () => {
      const users = (await (await as('jiangxi.manager')).get('/api/v1/users').expect(200)).body as UserView[];
      expect(users.filter((u) => !u.officeCode.startsWith('36'))).toEqual([]);
      expect(demoUsernames(users)).toEqual(
        DEMO_USERS.filter((u) => u.officeCode.startsWith('36'))
          .map((u) => u.username)
          .sort(),
      );
      expect(demoUsernames(users)).not.toContain('xinan.caseworker');
    });

    it('gets 404 for xinan.caseworker (Shenzhen)', async () => {
      const response = await (await as('jiangxi.manager')).get(`/api/v1/users/${idOf('xinan.caseworker')}`);
      expectProblem(response, 404, 'NOT_FOUND');
    });

    it("gets 404 for the settings of a Shenzhen office", async () => {
      expectProblem(await (await as('jiangxi.manager')).get('/api/v1/offices/440306017/settings'), 404, 'NOT_FOUND');
    });
  });

  describe('the other side: a caseworker of 新安街道 (Shenzhen)', () => {
    it('lists only the users of 440306017 and gets 404 for Jiangxi staff', async () => {
      const caseworker = await as('xinan.caseworker');
      const users = (await caseworker.get('/api/v1/users').expect(200)).body as UserView[];
      expect(users.filter((u) => u.officeCode !== '440306017')).toEqual([]);
      expect(demoUsernames(users)).toEqual(['xinan.approver', 'xinan.caseworker']);
      expectProblem(await caseworker.get(`/api/v1/users/${idOf('tengwangge.caseworker')}`), 404, 'NOT_FOUND');
    });
  });
});
