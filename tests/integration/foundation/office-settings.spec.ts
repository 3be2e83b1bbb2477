/**
 * PATCH /api/v1/offices/:code/settings: only the office's own office admin may change them; a bad body is
 * refused as a whole with every bad field named, and nothing is written.
 *
 * The database is shared with other test files, which may read 滕王阁街道's settings: every change made
 * here is put back at once (and again in afterAll, should a test fail half-way).
 */
import { authed, type AuthedClient, expectProblem, violatedFields } from '../../support/http';
import { STACK_START_TIMEOUT_MS, startTestStack, type TestStack } from '../../support/test-app';

const OFFICE = '360102002'; // 滕王阁街道
const SETTINGS = `/api/v1/offices/${OFFICE}/settings`;

interface Settings {
  certificateDeadlineWorkingDays: number;
  applicantResponseWorkingDays: number;
  certificateValidityYears: number;
  selfDeclarationAllowed: boolean;
  dailyDigestEnabled: boolean;
}

describe('office settings (foundation)', () => {
  let stack: TestStack;
  let admin: AuthedClient;
  let original: Settings;

  /** The office row as stored, every column (updated_at included, so "unchanged" means untouched). */
  async function officeRow(code = OFFICE): Promise<Record<string, unknown>> {
    const rows = (await stack.db.query(`SELECT * FROM office WHERE code = $1`, [code])) as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(1);
    return rows[0]!;
  }

  beforeAll(async () => {
    stack = await startTestStack();
    admin = authed(stack, await stack.loginAs('tengwangge.admin'));
    original = (await admin.get(SETTINGS).expect(200)).body as Settings;
  }, STACK_START_TIMEOUT_MS);

  afterAll(async () => {
    if (stack && original) {
      await stack.db.query(
        `UPDATE office SET certificate_deadline_working_days = $2, applicant_response_working_days = $3,
           certificate_validity_years = $4, self_declaration_allowed = $5
         WHERE code = $1`,
        [
          OFFICE,
          original.certificateDeadlineWorkingDays,
          original.applicantResponseWorkingDays,
          original.certificateValidityYears,
          original.selfDeclarationAllowed,
        ],
      );
    }
    await stack?.stop();
  });

  it('GET shows the settings (migration defaults for a seeded office)', () => {
    expect(original).toEqual({
      certificateDeadlineWorkingDays: expect.any(Number),
      applicantResponseWorkingDays: expect.any(Number),
      certificateValidityYears: expect.any(Number),
      selfDeclarationAllowed: expect.any(Boolean),
      dailyDigestEnabled: expect.any(Boolean),
    });
  });

  it("the office's admin changes them; unmentioned settings keep their value", async () => {
    const changed: Partial<Settings> = {
      certificateDeadlineWorkingDays: original.certificateDeadlineWorkingDays === 17 ? 18 : 17,
      selfDeclarationAllowed: !original.selfDeclarationAllowed,
    };
    try {
      const response = await admin.patch(SETTINGS).send(changed).expect(200);
      const expected = { ...original, ...changed };
      expect(response.body).toEqual(expected);
      expect((await admin.get(SETTINGS).expect(200)).body).toEqual(expected);
      const row = await officeRow();
      expect(row).toMatchObject({
        certificate_deadline_working_days: changed.certificateDeadlineWorkingDays,
        applicant_response_working_days: original.applicantResponseWorkingDays,
        certificate_validity_years: original.certificateValidityYears,
        self_declaration_allowed: changed.selfDeclarationAllowed,
      });
    } finally {
      await admin.patch(SETTINGS).send(original).expect(200);
    }
    expect((await admin.get(SETTINGS).expect(200)).body).toEqual(original);
  });

  it('an empty body changes nothing', async () => {
    expect((await admin.patch(SETTINGS).send({}).expect(200)).body).toEqual(original);
  });

  it("a caseworker of the same office may read but not change them: 403, row untouched", async () => {
    const caseworker = authed(stack, await stack.loginAs('tengwangge.caseworker'));
    expect((await caseworker.get(SETTINGS).expect(200)).body).toEqual(original);
    const before = await officeRow();
    const response = await caseworker.patch(SETTINGS).send({ certificateDeadlineWorkingDays: 30 });
    expectProblem(response, 403, 'ROLE_NOT_PERMITTED');
    expect(await officeRow()).toEqual(before);
  });

  it("a manager above the office may read them but not change them (403)", async () => {
    const manager = authed(stack, await stack.loginAs('donghu.manager'));
    expect((await manager.get(SETTINGS).expect(200)).body).toEqual(original);
    expectProblem(await manager.patch(SETTINGS).send({ certificateValidityYears: 5 }), 403, 'ROLE_NOT_PERMITTED');
  });

  it("an office admin cannot change another office's settings: 404, as it is outside their jurisdiction", async () => {
    const before = await officeRow('360102004');
    expectProblem(await admin.patch('/api/v1/offices/360102004/settings').send({ certificateValidityYears: 5 }), 404, 'NOT_FOUND');
    expect(await officeRow('360102004')).toEqual(before);
  });

  it('a bad body is 400 problem details listing each bad field, and the row is unchanged', async () => {
    const before = await officeRow();
    const response = await admin.patch(SETTINGS).send({ certificateDeadlineWorkingDays: 0, colour: 'red' });
    const problem = expectProblem(response, 400, 'VALIDATION_FAILED');
    expect(violatedFields(problem)).toEqual(['certificateDeadlineWorkingDays', 'colour']);
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'certificateDeadlineWorkingDays', rule: 'min' }),
        expect.objectContaining({ field: 'colour', rule: 'forbidden' }),
      ]),
    );
    expect((await admin.get(SETTINGS).expect(200)).body).toEqual(original);
    expect(await officeRow()).toEqual(before);
  });

  it('every kind of bad value is named, and one valid field in a bad body is not applied either', async () => {
    const before = await officeRow();
    const response = await admin.patch(SETTINGS).send({
      certificateDeadlineWorkingDays: 121, // above the maximum
      applicantResponseWorkingDays: 2.5, // not an integer
      certificateValidityYears: '3', // a string, not a number
      selfDeclarationAllowed: 'yes', // not a boolean
    });
    const problem = expectProblem(response, 400, 'VALIDATION_FAILED');
    expect(violatedFields(problem)).toEqual([
      'applicantResponseWorkingDays',
      'certificateDeadlineWorkingDays',
      'certificateValidityYears',
      'selfDeclarationAllowed',
    ]);

    const mixed = await admin.patch(SETTINGS).send({
      certificateValidityYears: original.certificateValidityYears === 4 ? 5 : 4, // valid on its own
      applicantResponseWorkingDays: -1,
    });
    expect(violatedFields(expectProblem(mixed, 400, 'VALIDATION_FAILED'))).toEqual(['applicantResponseWorkingDays']);
    expect(await officeRow()).toEqual(before);
  });

  it('a malformed office code is 400 naming `code`; an unknown one is 404', async () => {
    expect(violatedFields(expectProblem(await admin.patch('/api/v1/offices/3601020/settings').send({}), 400))).toEqual([
      'code',
    ]);
    expectProblem(await admin.patch('/api/v1/offices/360102999/settings').send({}), 404, 'NOT_FOUND');
  });
});
