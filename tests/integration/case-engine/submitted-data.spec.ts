/**
 * What was submitted is what is kept, per case: nothing is silently replaced. A second application for an
 * identity number already on file, under another name, keeps the name it was submitted with (and the
 * registry check compares that one), and the case says where it differs from the stored person record. An
 * Idempotency-Key reused with a different body is refused (422) instead of answering the first case. Names
 * of spaces, a marriage before birth, and the applicant as their own spouse are refused (400), changing nothing.
 */
import { randomUUID } from 'node:crypto';
import type { CaseView } from '../../support/case-view';
import { LI_NA } from '../../support/demo-applicants';
import { as, expectProblem } from '../../support/http';
import { useTestStack } from '../../support/test-app';
import { CASES, expectStatus } from '../certificate-applications/case-helpers';

describe('case engine: submitted data is kept as submitted', () => {
  const stack = useTestStack();

  async function waitForRegistryCheck(id: string): Promise<CaseView> {
    const caseworker = await as(stack(), 'tengwangge.caseworker');
    const until = Date.now() + 30_000;
    for (;;) {
      const view = expectStatus(await caseworker.get(`${CASES}/${id}`), 200).body as CaseView;
      if (view.registryCheck) return view;
      if (Date.now() > until) throw new Error(`no registry check on ${id} (state ${view.state})`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('keeps another name under a known identity number, and the registry check compares the name submitted', async () => {
    const caseworker = await as(stack(), 'tengwangge.caseworker');
    const first = expectStatus(await caseworker.post(CASES).send({ applicant: LI_NA }), 201).body as CaseView;
    const second = expectStatus(await caseworker.post(CASES).send({ applicant: { ...LI_NA, fullName: '李丽' } }), 201).body as CaseView;

    expect(second.applicant.fullName).toBe('李丽');
    expect(second.applicant.differsFromPersonRecord).toEqual(['fullName']);
    expect((await waitForRegistryCheck(second.id)).registryCheck).toEqual({ match: false, differences: ['fullName'] });
    // The first case is untouched by the second.
    const firstAgain = await waitForRegistryCheck(first.id);
    expect(firstAgain.applicant.fullName).toBe('李娜');
    expect(firstAgain.applicant.differsFromPersonRecord).toEqual([]);
    expect(firstAgain.registryCheck).toEqual({ match: true, differences: [] });
  });

  it('refuses an Idempotency-Key reused with a different body, and answers a true repeat with the first case', async () => {
    const caseworker = await as(stack(), 'tengwangge.caseworker');
    const key = `reuse-${randomUUID()}`;
    const created = expectStatus(await caseworker.post(CASES).set('Idempotency-Key', key).send({ applicant: LI_NA }), 201).body as CaseView;
    const repeat = expectStatus(await caseworker.post(CASES).set('Idempotency-Key', key).send({ applicant: LI_NA }), 200).body as CaseView;
    expect(repeat.id).toBe(created.id);
    const other = await caseworker.post(CASES).set('Idempotency-Key', key).send({ applicant: { ...LI_NA, fullName: '李丽' } });
    expect(expectProblem(other, 422, 'BUSINESS_RULE_VIOLATED')).toMatchObject({ field: 'Idempotency-Key', rule: 'idempotency-key-reused' });

    // The same for an action: the key of a review may not be reused with another note.
    const view = await waitForRegistryCheck(created.id);
    expect(view.state).toBe('under-review');
    const actionKey = `review-${randomUUID()}`;
    expectStatus(await caseworker.post(`${CASES}/${created.id}/review`).set('Idempotency-Key', actionKey).send({ note: 'checked' }), 200);
    expectStatus(await caseworker.post(`${CASES}/${created.id}/review`).set('Idempotency-Key', actionKey).send({ note: 'checked' }), 200);
    const reused = await caseworker.post(`${CASES}/${created.id}/review`).set('Idempotency-Key', actionKey).send({ note: 'another' });
    expectProblem(reused, 422, 'BUSINESS_RULE_VIOLATED');
  });

  it.each([
    ['a name of spaces', { fullName: '   ' }, 'applicant.fullName', 'not-blank'],
    ['a marriage before birth', { marriageDate: '1989-01-01' }, 'applicant.marriageDate', 'after-date-of-birth'],
    ['the applicant as their own spouse', { spouseIdentityNumber: LI_NA.identityNumber }, 'applicant.spouseIdentityNumber', 'not-the-applicant'],
  ])('refuses %s with 400 naming the field and rule, creating nothing', async (_what, change, field, rule) => {
    const caseworker = await as(stack(), 'tengwangge.caseworker');
    const key = `refused-${randomUUID()}`;
    const response = await caseworker.post(CASES).set('Idempotency-Key', key).send({ applicant: { ...LI_NA, ...change } });
    const problem = expectProblem(response, 400, 'VALIDATION_FAILED') as unknown as { errors: unknown[] };
    expect(problem.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule })]));
    const rows = (await stack().db.query(`SELECT id FROM certificate_application WHERE idempotency_key = $1`, [key])) as unknown[];
    expect(rows).toEqual([]);
  });
});
