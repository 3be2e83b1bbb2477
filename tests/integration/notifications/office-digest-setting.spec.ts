/**
 * dailyDigestEnabled among an office's settings: shown with the others, changed by the office's admin,
 * refused as a non-boolean. On 莲塘镇 with its test admin, so no other test file sees the change; the
 * value is put back whatever happens.
 */
import { authed, type AuthedClient, expectProblem, violatedFields } from '../../support/http';
import { STACK_START_TIMEOUT_MS, startTestStack, type TestStack } from '../../support/test-app';
import { ensureTestStaff, expectStatus, TEST_STAFF } from './notification-helpers';

const OFFICE = TEST_STAFF.liantangAdmin.officeCode;
const SETTINGS = `/api/v1/offices/${OFFICE}/settings`;

describe('office settings: daily digest', () => {
  let started: TestStack | undefined;
  const stack = (): TestStack => started!;
  let admin: AuthedClient;

  beforeAll(async () => {
    started = await startTestStack({ worker: false });
    await ensureTestStaff(stack().db);
    admin = authed(stack(), await stack().loginAs(TEST_STAFF.liantangAdmin.username));
  }, STACK_START_TIMEOUT_MS);

  afterAll(async () => {
    await started?.db.query(`UPDATE office SET daily_digest_enabled = true WHERE code = $1`, [OFFICE]);
    await started?.stop();
  });

  it('is on by default, and the office admin turns it off and on; others may not', async () => {
    const original = expectStatus(await admin.get(SETTINGS), 200).body as Record<string, unknown>;
    expect(original).toMatchObject({ dailyDigestEnabled: true });

    const off = expectStatus(await admin.patch(SETTINGS).send({ dailyDigestEnabled: false }), 200).body as Record<string, unknown>;
    expect(off).toEqual({ ...original, dailyDigestEnabled: false });
    const rows = (await stack().db.query(`SELECT daily_digest_enabled FROM office WHERE code = $1`, [OFFICE])) as Array<{ daily_digest_enabled: boolean }>;
    expect(rows).toEqual([{ daily_digest_enabled: false }]);
    expect(expectStatus(await admin.get(SETTINGS), 200).body).toEqual(off);

    const caseworker = authed(stack(), await stack().loginAs(TEST_STAFF.liantangCaseworker.username));
    expectProblem(await caseworker.patch(SETTINGS).send({ dailyDigestEnabled: true }), 403, 'ROLE_NOT_PERMITTED');
    expect(violatedFields(expectProblem(await admin.patch(SETTINGS).send({ dailyDigestEnabled: 'yes' }), 400, 'VALIDATION_FAILED'))).toEqual([
      'dailyDigestEnabled',
    ]);

    expect(expectStatus(await admin.patch(SETTINGS).send({ dailyDigestEnabled: true }), 200).body).toEqual(original);
  });
});
