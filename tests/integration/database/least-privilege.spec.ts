/**
 * Least privilege in PostgreSQL: a database owned by the migrating role (passage_migrator, as
 * scripts/postgres.sh and deploy/postgres make it), migrated by it, and the whole of Passage (api and
 * worker) running on it as the runtime role `passage` (DATABASE_URL), granted by the migration
 * 1764465000000 (DATABASE_RUNTIME_ROLE). A case goes from opening to an issued certificate: everything the
 * application does works with row access only. Then, as that role: the append-only logs refuse UPDATE,
 * DELETE and TRUNCATE with "permission denied" (before their triggers are even asked), no DDL passes, and
 * tables made by later migrations are granted as well.
 */
import { Client } from 'pg';
import { openDatabase } from '../../../libs/db';
import type { CaseView } from '../../support/case-view';
import { LI_NA } from '../../support/demo-applicants';
import { authed } from '../../support/http';
import { STACK_START_TIMEOUT_MS, startTestStack, type TestStack } from '../../support/test-app';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { CASES, expectStatus, openCase, waitForState } from '../certificate-applications/case-helpers';

/** The local roles of scripts/postgres.sh; another server: name its migrating role's maintenance URL here. */
const MIGRATOR_ADMIN_URL = process.env.PASSAGE_IT_MIGRATOR_ADMIN_URL ?? 'postgres://passage_migrator:passage_migrator@127.0.0.1:5432/passage';
const RUNTIME_ROLE = 'passage';
const RUNTIME_PASSWORD = process.env.PASSAGE_IT_RUNTIME_PASSWORD ?? 'passage';
const PERMISSION_DENIED = '42501';

function asRole(url: string, user: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = user;
  parsed.password = password;
  return parsed.toString();
}

describe('PostgreSQL least privilege: the runtime role reads and writes rows, and nothing else', () => {
  let database: TestDatabase;
  let stack: TestStack;
  let runtimeUrl: string;
  let owner: Client;

  beforeAll(async () => {
    database = await createTestDatabase('passage_it_privilege', { adminDatabaseUrl: MIGRATOR_ADMIN_URL });
    runtimeUrl = asRole(database.url, RUNTIME_ROLE, RUNTIME_PASSWORD);
    stack = await startTestStack({
      env: { DATABASE_URL: runtimeUrl, DATABASE_MIGRATION_URL: database.url, DATABASE_RUNTIME_ROLE: RUNTIME_ROLE },
    });
    owner = new Client({ connectionString: database.url });
    await owner.connect();
  }, STACK_START_TIMEOUT_MS);

  afterAll(async () => {
    await owner?.end().catch(() => undefined);
    await stack?.stop();
    await database?.drop();
  });

  const runtime = () => stack.db;
  const refused = async (sql: string, params: unknown[] = []): Promise<string> => {
    const error = (await runtime().query(sql, params).then(
      () => null,
      (e: unknown) => e,
    )) as { code?: string; message?: string } | null;
    if (error === null) throw new Error(`the runtime role was allowed: ${sql}`);
    expect({ sql, code: error.code }).toEqual({ sql, code: PERMISSION_DENIED });
    return error.message ?? '';
  };

  it('the database and its tables belong to the migrating role; the app connects as the runtime role', async () => {
    const [me] = (await runtime().query(`SELECT current_user AS "user", pg_get_userbyid(datdba) AS "owner" FROM pg_database WHERE datname = current_database()`)) as Array<{
      user: string;
      owner: string;
    }>;
    expect(me).toEqual({ user: RUNTIME_ROLE, owner: new URL(database.url).username });
    const owned = (await runtime().query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user`)) as Array<{ n: number }>;
    expect(owned[0]!.n).toBe(0);
  });

  it('runs a case through the api and the worker as the runtime role: opened, checked, reviewed, approved, issued', async () => {
    const caseworker = authed(stack, await stack.loginAs('tengwangge.caseworker'));
    const approver = authed(stack, await stack.loginAs('tengwangge.approver'));
    const opened = await openCase(caseworker, { applicant: LI_NA });
    await waitForState(caseworker, opened.id, 'under-review');
    expectStatus(await caseworker.post(`${CASES}/${opened.id}/review`).send({}), 200);
    const issued = expectStatus(await approver.post(`${CASES}/${opened.id}/approve`).send({}), 200).body as CaseView;
    expect(issued.state).toBe('issued');
    expect(issued.certificates).toHaveLength(1);
    // The audit chain moved (its triggers act with the owner's rights) and still verifies.
    const auditor = authed(stack, await stack.loginAs('donghu.auditor'));
    expect(expectStatus(await auditor.get('/api/v1/audit/verify'), 200).body).toMatchObject({ intact: true });
  });

  it('refuses UPDATE, DELETE and TRUNCATE on case_action and audit_event, and any write to the chain head', async () => {
    for (const table of ['case_action', 'audit_event']) {
      expect(await refused(`UPDATE ${table} SET reason = 'rewritten' WHERE id = (SELECT min(id) FROM ${table})`)).toMatch(/permission denied for table/);
      expect(await refused(`DELETE FROM ${table}`)).toMatch(/permission denied for table/);
      expect(await refused(`TRUNCATE ${table}`)).toMatch(/permission denied for table/);
    }
    await refused(`UPDATE audit_chain_head SET last_seq = 0`);
    await refused(`INSERT INTO migrations (timestamp, name) VALUES (1, 'Forged1')`);
    // What it may do there: read and append.
    expect(((await runtime().query(`SELECT count(*)::int AS n FROM case_action`)) as Array<{ n: number }>)[0]!.n).toBeGreaterThan(0);
  });

  it('refuses DDL: DROP, ALTER (a trigger disabled, a column added), CREATE in the schema', async () => {
    expect(await refused(`DROP TABLE certificate_application`)).toMatch(/must be owner/);
    await refused(`ALTER TABLE case_action DISABLE TRIGGER case_action_append_only`);
    await refused(`ALTER TABLE certificate_application ADD COLUMN smuggled text`);
    await refused(`CREATE INDEX smuggled ON certificate_application (state)`);
    expect(await refused(`CREATE TABLE smuggled (id int)`)).toMatch(/permission denied for schema public/);
    await refused(`DROP FUNCTION passage_grant_runtime_role(text)`);
  });

  it('the owner still may (the control), and tables of later migrations are granted by default', async () => {
    // The owner's UPDATE reaches the append-only trigger: it is the privilege system that refused the runtime role.
    await expect(owner.query(`UPDATE case_action SET reason = 'rewritten' WHERE id = (SELECT min(id) FROM case_action)`)).rejects.toThrow(/append-only/i);
    await owner.query(`CREATE TABLE later_migration_table (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, note text)`);
    await runtime().query(`INSERT INTO later_migration_table (note) VALUES ('granted by default')`);
    await runtime().query(`UPDATE later_migration_table SET note = 'and updated'`);
    await refused(`DROP TABLE later_migration_table`);
  });

  it('grants again at every start (idempotent), and skips a role that does not exist with a notice', async () => {
    const reopened = await openDatabase({ url: runtimeUrl, migrationUrl: database.url, runtimeRole: RUNTIME_ROLE, poolSize: 1 });
    try {
      const [me] = (await reopened.query(`SELECT current_user AS "user"`)) as Array<{ user: string }>;
      expect(me!.user).toBe(RUNTIME_ROLE);
    } finally {
      await reopened.destroy();
    }
    const notices: string[] = [];
    owner.on('notice', (notice) => notices.push(notice.message ?? ''));
    const { rows } = await owner.query<{ outcome: string }>(`SELECT passage_grant_runtime_role('passage_it_no_such_role') AS outcome`);
    expect(rows[0]!.outcome).toBe('skipped: no such role');
    expect(notices.join('\n')).toMatch(/passage_it_no_such_role does not exist and .* may not create roles; skipped/);
    const self = await owner.query<{ outcome: string }>(`SELECT passage_grant_runtime_role(current_user::text) AS outcome`);
    expect(self.rows[0]!.outcome).toBe('skipped: not a separate role');
  });
});
