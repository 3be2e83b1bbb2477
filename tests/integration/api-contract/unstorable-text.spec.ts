/**
 * Text PostgreSQL cannot store (U+0000, lone UTF-16 surrogates) is refused at the api with a 400 naming
 * the field, wherever it is: body (nested, in arrays), query, path. Before this, a NUL in a note reached the
 * case's workflow and its activity retried forever ("invalid byte sequence for encoding UTF8: 0x00"), so
 * the case could never move again: here it stays actionable.
 */
import { LI_NA } from '../../support/demo-applicants';
import { as, expectProblem, type AuthedClient } from '../../support/http';
import { useTestStack } from '../../support/test-app';
import { CASES, caseUnderReview, expectStatus, expectViolation, getCase } from './contract-helpers';

describe('text PostgreSQL cannot store', () => {
  const stack = useTestStack();
  let caseworker: AuthedClient;
  beforeAll(async () => {
    caseworker = await as(stack(), 'tengwangge.caseworker');
  });

  it('a NUL in request-information is a 400 naming the field; the case stays actionable and takes the clean request', async () => {
    const view = await caseUnderReview(caseworker);
    const url = `${CASES}/${view.id}/request-information`;

    const errors = expectViolation(await caseworker.post(url).send({ missing: ['x'], note: '\u0000' }), 'note', 'no-nul-character');
    expect(errors).toHaveLength(1);
    expectViolation(await caseworker.post(url).send({ missing: ['ok', 'copy\u0000'] }), 'missing[1]', 'no-nul-character');
    // The raw JSON escape is the same character.
    expectViolation(
      await caseworker.post(url).set('Content-Type', 'application/json').send('{"missing":["x"],"note":"a\\u0000b"}'),
      'note',
      'no-nul-character',
    );
    // Nothing was recorded: still under review, no action beyond the registry check.
    const unchanged = await getCase(caseworker, view.id);
    expect(unchanged.state).toBe('under-review');
    expect(unchanged.timeline.map((t) => t.action)).toEqual(view.timeline.map((t) => t.action));

    const requested = expectStatus(await caseworker.post(url).send({ missing: ['x'], note: 'bring a copy' }), 200).body as { state: string };
    expect(requested.state).toBe('awaiting-applicant');
    const supplied = expectStatus(await caseworker.post(`${CASES}/${view.id}/supply-information`).send({ note: 'received' }), 200).body as {
      state: string;
    };
    expect(supplied.state).toBe('under-review');
  });

  it('names nested fields when opening a case, and refuses lone surrogates too', async () => {
    expectViolation(
      await caseworker.post(CASES).send({ applicant: { ...LI_NA, fullName: '李\u0000娜' } }),
      'applicant.fullName',
      'no-nul-character',
    );
    // A lone high surrogate as a JSON escape: JSON.parse accepts it, UTF-8 has no form for it.
    const body = JSON.stringify({ applicant: { ...LI_NA, spouseName: 'PLACEHOLDER' } }).replace('PLACEHOLDER', '\\ud800');
    expectViolation(await caseworker.post(CASES).set('Content-Type', 'application/json').send(body), 'applicant.spouseName', 'no-lone-surrogate');
    // A surrogate pair (an emoji) is ordinary text.
    expectStatus(await caseworker.post(CASES).send({ applicant: { ...LI_NA, spouseName: '赵😀' } }), 201);
  });

  it('refuses NUL in query and path parameters', async () => {
    expectViolation(await caseworker.get(`${CASES}?caseNumber=CA%00`), 'caseNumber', 'no-nul-character');
    expectViolation(await caseworker.get('/api/v1/offices/3601%00/children'), 'code', 'no-nul-character');
    expectViolation(await caseworker.get(`${CASES}/${'0'.repeat(8)}%00`), 'id', 'no-nul-character');
    // Public verification (no token) goes through the same pipe.
    const problem = expectProblem(
      await stack().http.get('/api/v1/public/certificates/360102002-2026-000001/verification?code=ABC%00DEF'),
      400,
      'VALIDATION_FAILED',
    );
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'code', rule: 'no-nul-character' })]);
  });
});
