/**
 * Who may see a certificate application, and what an invalid one gets back, through HTTP against the real
 * PostgreSQL and Temporal dev server. A case outside the caller's jurisdiction answers 404 (its existence is
 * not revealed); a request that breaks field rules answers 400 naming every bad field, and writes nothing.
 */
import type { CaseView } from '../../support/case-view';
import { LI_NA } from '../../support/demo-applicants';
import { authed, type AuthedClient, expectProblem, violatedFields } from '../../support/http';
import { STACK_START_TIMEOUT_MS, startTestStack, type TestStack } from '../../support/test-app';
import {
  CASES,
  count,
  DESTINATION_OFFICE,
  expectStatus,
  openCase,
  waitForState,
  withCheckCharacter,
  withWrongCheckCharacter,
} from './case-helpers';

describe('certificate applications: access and validation', () => {
  let stack: TestStack;
  let caseworker: AuthedClient;

  beforeAll(async () => {
    stack = await startTestStack();
    caseworker = authed(stack, await stack.loginAs('tengwangge.caseworker'));
  }, STACK_START_TIMEOUT_MS);

  afterAll(async () => {
    await stack?.stop();
  });

  const rowsWithKey = (key: string): Promise<number> =>
    count(stack.db, `SELECT count(*) AS n FROM certificate_application WHERE idempotency_key = $1`, [key]);
  const uniqueKey = (label: string): string => `it-${label}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;

  it('jurisdiction: another office’s caseworker gets 404, the district manager sees the case', async () => {
    const opened = await openCase(caseworker, { applicant: LI_NA, destinationOfficeCode: DESTINATION_OFFICE });
    await waitForState(caseworker, opened.id, 'under-review');

    const otherOffice = authed(stack, await stack.loginAs('baihuazhou.caseworker'));
    expectProblem(await otherOffice.get(`${CASES}/${opened.id}`), 404, 'NOT_FOUND');
    // Acting on it is refused the same way, and changes nothing.
    expectProblem(await otherOffice.post(`${CASES}/${opened.id}/withdraw`).send({}), 404, 'NOT_FOUND');
    // The destination office is a counterpart: the reduced view (no holder before a certificate), and no actions
    // (tests/integration/residence-access/counterpart-access.spec.ts has the rest).
    const destination = authed(stack, await stack.loginAs('xinan.caseworker'));
    expect(expectStatus(await destination.get(`${CASES}/${opened.id}`), 200).body).toMatchObject({ access: 'counterpart', holder: null });
    expectProblem(await destination.post(`${CASES}/${opened.id}/withdraw`).send({}), 404, 'NOT_FOUND');

    const manager = authed(stack, await stack.loginAs('donghu.manager'));
    const seen = expectStatus(await manager.get(`${CASES}/${opened.id}`), 200).body as CaseView;
    expect(seen).toMatchObject({ id: opened.id, state: 'under-review', officeCode: '360102002' });

    const list = expectStatus(await otherOffice.get(CASES).query({ limit: 100 }), 200).body as { items: CaseView[] };
    expect(list.items.map((c) => c.id)).not.toContain(opened.id);
    expect(list.items.filter((c) => c.officeCode !== '360102004')).toEqual([]);
  });

  it('the list finds a case by its number or the number’s beginning in any letter case, and pages on after it', async () => {
    const opened = await openCase(caseworker, { applicant: LI_NA, destinationOfficeCode: DESTINATION_OFFICE });
    type Page = { items: CaseView[]; total: number; totalIsCapped: boolean; nextAfter: string | null };
    const page = async (query: Record<string, string | number>): Promise<Page> => expectStatus(await caseworker.get(CASES).query(query), 200).body as Page;
    const idsOf = (p: Page): string[] => p.items.map((c) => c.id);

    expect(await page({ caseNumber: opened.caseNumber })).toMatchObject({ total: 1, totalIsCapped: false, nextAfter: null });
    expect(idsOf(await page({ caseNumber: opened.caseNumber.slice(0, -1).toLowerCase(), limit: 100 }))).toContain(opened.id);
    // A beginning, not any part: the number's index serves it (a substring search read the whole office).
    expect(idsOf(await page({ caseNumber: opened.caseNumber.slice(3), limit: 100 }))).not.toContain(opened.id);

    const [first] = (await page({ limit: 1 })).items;
    const after = await page({ after: first!.id, limit: 100 });
    expect(idsOf(after)).not.toContain(first!.id);
    expect(after.items.every((c) => c.submittedAt <= first!.submittedAt)).toBe(true);
    // A case of another office as the cursor: nothing (its position is not the caller's to know).
    const chenJing = { fullName: '陈静', identityNumber: '360102199506151289', sex: 'female', dateOfBirth: '1995-06-15', householdOfficeCode: '360102004', maritalStatus: 'unmarried' } as const;
    const other = await openCase(authed(stack, await stack.loginAs('baihuazhou.caseworker')), { applicant: chenJing });
    expect(await page({ after: other.id })).toMatchObject({ items: [], nextAfter: null });
    expect(violatedFields(expectProblem(await caseworker.get(CASES).query({ after: 'not-a-uuid' }), 400, 'VALIDATION_FAILED'))).toEqual(['after']);
  });

  it('a bad identity check character and a bad sex: 400 naming both, nothing written', async () => {
    // Other test files may open cases meanwhile, so "nothing written" is counted on what this request
    // would have written: a case under its Idempotency-Key, a person under its identity number.
    const key = uniqueKey('invalid');
    const identityNumber = withWrongCheckCharacter('36010219900307242');
    const people = (): Promise<number> => count(stack.db, `SELECT count(*) AS n FROM person WHERE identity_number = $1`, [identityNumber]);
    const [casesBefore, peopleBefore] = [await rowsWithKey(key), await people()];

    const response = await caseworker
      .post(CASES)
      .set('Idempotency-Key', key)
      .send({ applicant: { ...LI_NA, identityNumber, sex: 'unknown' } });
    const problem = expectProblem(response, 400, 'VALIDATION_FAILED');
    expect(violatedFields(problem)).toEqual(['applicant.identityNumber', 'applicant.sex']);
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'applicant.identityNumber', rule: 'identity-number-check-character' }),
        expect.objectContaining({ field: 'applicant.sex', rule: 'isIn' }),
      ]),
    );

    expect([await rowsWithKey(key), await people()]).toEqual([casesBefore, peopleBefore]);
    expect(casesBefore).toBe(0);
  });

  it('a bad check character alone: 400 naming applicant.identityNumber and its rule', async () => {
    const key = uniqueKey('check');
    const problem = expectProblem(
      await caseworker
        .post(CASES)
        .set('Idempotency-Key', key)
        .send({ applicant: { ...LI_NA, identityNumber: withWrongCheckCharacter('36010219900307242') } }),
      400,
      'VALIDATION_FAILED',
    );
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'applicant.identityNumber', rule: 'identity-number-check-character' })]);
    expect(await rowsWithKey(key)).toBe(0);
  });

  it('sex and birth date that contradict a valid identity number: 400 naming both', async () => {
    const key = uniqueKey('contradicts');
    const problem = expectProblem(
      await caseworker
        .post(CASES)
        .set('Idempotency-Key', key)
        .send({ applicant: { ...LI_NA, sex: 'male', dateOfBirth: '1990-03-08' } }),
      400,
      'VALIDATION_FAILED',
    );
    expect(violatedFields(problem)).toEqual(['applicant.dateOfBirth', 'applicant.sex']);
    expect(await rowsWithKey(key)).toBe(0);
  });

  it('marital rules: a married applicant without spouse details, an unmarried one with a marriage date', async () => {
    const key = uniqueKey('marital');
    const married = expectProblem(
      await caseworker
        .post(CASES)
        .set('Idempotency-Key', key)
        .send({ applicant: { ...LI_NA, spouseName: undefined, spouseIdentityNumber: undefined } }),
      400,
      'VALIDATION_FAILED',
    );
    expect(violatedFields(married)).toEqual(['applicant.spouseIdentityNumber', 'applicant.spouseName']);

    const unmarried = expectProblem(
      await caseworker.post(CASES).set('Idempotency-Key', key).send({
        applicant: {
          fullName: '周明',
          identityNumber: withCheckCharacter('36010219850615123'),
          sex: 'male',
          dateOfBirth: '1985-06-15',
          householdOfficeCode: '360102002',
          maritalStatus: 'unmarried',
          marriageDate: '2010-01-01',
        },
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(violatedFields(unmarried)).toEqual(['applicant.marriageDate']);
    expect(await rowsWithKey(key)).toBe(0);
  });

  it('a household registered elsewhere, or a destination office that does not exist: 422', async () => {
    const other = expectProblem(
      await caseworker.post(CASES).send({
        applicant: {
          fullName: '陈静',
          identityNumber: '360102199506151289',
          sex: 'female',
          dateOfBirth: '1995-06-15',
          householdOfficeCode: '360102004',
          maritalStatus: 'unmarried',
        },
      }),
      422,
      'BUSINESS_RULE_VIOLATED',
    );
    expect(other).toMatchObject({ field: 'applicant.householdOfficeCode', rule: 'registered-here' });

    const unknown = expectProblem(
      await caseworker.post(CASES).send({ applicant: LI_NA, destinationOfficeCode: '440306999' }),
      422,
      'BUSINESS_RULE_VIOLATED',
    );
    expect(unknown).toMatchObject({ field: 'destinationOfficeCode', rule: 'known-office' });
  });

  it('an approver, an auditor and an office admin may not open cases', async () => {
    for (const username of ['tengwangge.approver', 'donghu.auditor', 'tengwangge.admin']) {
      const client = authed(stack, await stack.loginAs(username));
      expectProblem(await client.post(CASES).send({ applicant: LI_NA }), 403, 'ROLE_NOT_PERMITTED');
    }
  });
});
