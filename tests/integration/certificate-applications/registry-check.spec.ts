/**
 * The household-registry check and self-declaration (承诺制), through HTTP against the real PostgreSQL and
 * Temporal dev server: a declaration the registry contradicts, a person the registry does not know, and a
 * self-declared case that skips the check (only where the office allows it).
 *
 * Shared rows: 滕王阁街道's selfDeclarationAllowed is switched on for one test and put back to what it was
 * (at once, and again in afterAll should the test fail half-way).
 */
import type { CaseView } from '../../support/case-view';
import { LI_NA, WANG_QIANG } from '../../support/demo-applicants';
import { authed, type AuthedClient, expectProblem, violatedFields } from '../../support/http';
import { STACK_START_TIMEOUT_MS, startTestStack, type TestStack } from '../../support/test-app';
import {
  CASES,
  count,
  expectStatus,
  openCase,
  waitForState,
  withCheckCharacter,
} from './case-helpers';

const OFFICE = '360102002';
const SETTINGS = `/api/v1/offices/${OFFICE}/settings`;

describe('certificate applications: registry check and self-declaration', () => {
  let stack: TestStack;
  let caseworker: AuthedClient;
  let approver: AuthedClient;
  let admin: AuthedClient;
  let originalSelfDeclarationAllowed: boolean | undefined;

  beforeAll(async () => {
    stack = await startTestStack();
    caseworker = authed(stack, await stack.loginAs('tengwangge.caseworker'));
    approver = authed(stack, await stack.loginAs('tengwangge.approver'));
    admin = authed(stack, await stack.loginAs('tengwangge.admin'));
    originalSelfDeclarationAllowed = (expectStatus(await admin.get(SETTINGS), 200).body as { selfDeclarationAllowed: boolean })
      .selfDeclarationAllowed;
  }, STACK_START_TIMEOUT_MS);

  afterAll(async () => {
    if (stack && originalSelfDeclarationAllowed !== undefined) {
      await stack.db.query(`UPDATE office SET self_declaration_allowed = $2 WHERE code = $1`, [OFFICE, originalSelfDeclarationAllowed]);
    }
    await stack?.stop();
  });

  it('a declaration the registry contradicts goes to review with the differing field named', async () => {
    // The registry says 王强 is unmarried; he declares a marriage.
    const opened = await openCase(caseworker, {
      applicant: {
        ...WANG_QIANG,
        maritalStatus: 'married',
        marriageDate: '2019-10-01',
        spouseName: '刘芳',
        spouseIdentityNumber: '11010519491231002X',
      },
    });
    const view = await waitForState(caseworker, opened.id, 'under-review');
    expect(view.registryCheck).toEqual({ match: false, differences: ['maritalStatus'] });
    expect(view.timeline.map((t) => t.action)).toEqual(['submit', 'start-registry-check', 'record-registry-result']);
    // The log names fields, never the registry's values.
    expect(view.timeline[2]!.payload).toEqual({ result: 'mismatch', differences: ['maritalStatus'] });
  });

  it('a person the registry does not know: record-not-found', async () => {
    const identityNumber = withCheckCharacter('36010219850615123'); // sequence 123: odd, male
    const opened = await openCase(caseworker, {
      applicant: {
        fullName: '周明',
        identityNumber,
        sex: 'male',
        dateOfBirth: '1985-06-15',
        householdOfficeCode: OFFICE,
        maritalStatus: 'unmarried',
      },
    });
    const view = await waitForState(caseworker, opened.id, 'under-review');
    expect(view.registryCheck).toEqual({ match: false, differences: ['record-not-found'] });
    expect(await count(stack.db, `SELECT count(*) AS n FROM household_registry_record WHERE identity_number = $1`, [identityNumber])).toBe(0);
  });

  it('self-declaration: skips the registry check where allowed, and the certificate says so; refused where not', async () => {
    // The setting is read when a case is opened: it is on only for that request, to keep the window in
    // which other test files could see it changed short.
    let opened: CaseView;
    try {
      const allowed = expectStatus(await admin.patch(SETTINGS).send({ selfDeclarationAllowed: true }), 200).body as Record<string, unknown>;
      expect(allowed.selfDeclarationAllowed).toBe(true);
      opened = await openCase(caseworker, { applicant: LI_NA, selfDeclared: true });
    } finally {
      expectStatus(await admin.patch(SETTINGS).send({ selfDeclarationAllowed: originalSelfDeclarationAllowed }), 200);
    }
    expect(opened.selfDeclared).toBe(true);

    const view = await waitForState(caseworker, opened.id, 'under-review');
    const actions = view.timeline.map((t) => t.action);
    expect(actions).toEqual(['submit', 'skip-registry-check']);
    expect(actions).not.toContain('start-registry-check');
    expect(view.registryCheck).toBeNull();
    expect(view.timeline[0]!.payload).toEqual({ selfDeclared: true });

    expectStatus(await caseworker.post(`${CASES}/${opened.id}/review`).send({}), 200);
    const issued = expectStatus(await approver.post(`${CASES}/${opened.id}/approve`).send({}), 200).body as CaseView;
    expect(issued.state).toBe('issued');
    expect(issued.certificates).toHaveLength(1);
    expect(issued.certificates[0]!.selfDeclared).toBe(true);
    const certificate = expectStatus(await approver.get(`/api/v1/certificates/${issued.certificates[0]!.number}`), 200).body;
    expect(certificate).toMatchObject({ number: issued.certificates[0]!.number, selfDeclared: true, status: 'valid' });

    // Other test files open cases at the same time: the Idempotency-Key marks this request's row, if any.
    const key = `it-refused-self-declaration-${Date.now()}`;
    let refused: Record<string, unknown>;
    try {
      expectStatus(await admin.patch(SETTINGS).send({ selfDeclarationAllowed: false }), 200);
      refused = expectProblem(
        await caseworker.post(CASES).set('Idempotency-Key', key).send({ applicant: LI_NA, selfDeclared: true }),
        422,
        'BUSINESS_RULE_VIOLATED',
      );
    } finally {
      expectStatus(await admin.patch(SETTINGS).send({ selfDeclarationAllowed: originalSelfDeclarationAllowed }), 200);
    }
    expect(refused).toMatchObject({ field: 'selfDeclared', rule: 'office-allows-self-declaration' });
    expect(await count(stack.db, `SELECT count(*) AS n FROM certificate_application WHERE idempotency_key = $1`, [key])).toBe(0);
  });

  it('selfDeclared must be a boolean', async () => {
    const problem = expectProblem(await caseworker.post(CASES).send({ applicant: LI_NA, selfDeclared: 'yes' }), 400, 'VALIDATION_FAILED');
    expect(violatedFields(problem)).toEqual(['selfDeclared']);
  });
});
