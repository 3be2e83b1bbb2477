/**
 * A person's action never holds its request open without end. Here no worker serves the case's task queue
 * (as when every worker is down, or the case's workflow lives on a queue nobody polls any more): the update
 * is sent, nothing takes it, and the api answers 503 once CASE_ACTION_ANSWER_TIMEOUT_MS has passed, with the
 * case as it was.
 */
import { LI_NA } from '../../support/demo-applicants';
import { as, expectProblem } from '../../support/http';
import { useTestStack } from '../../support/test-app';
import { CASES, expectStatus, getCase } from '../certificate-applications/case-helpers';
import type { CaseView } from '../../support/case-view';

const ANSWER_TIMEOUT_MS = 1500;

describe('case engine: an action nobody takes is answered, not held', () => {
  const stack = useTestStack({ worker: false, env: { CASE_ACTION_ANSWER_TIMEOUT_MS: String(ANSWER_TIMEOUT_MS) } });

  it('answers 503 after the configured wait, and changes nothing', async () => {
    const caseworker = await as(stack(), 'tengwangge.caseworker');
    const opened = expectStatus(await caseworker.post(CASES).send({ applicant: LI_NA }), 201).body as CaseView;

    const started = Date.now();
    const response = await caseworker
      .post(`${CASES}/${opened.id}/request-information`)
      .set('Idempotency-Key', `unanswered-${opened.id}`)
      .send({ missing: ['marriage-certificate-copy'] });
    const waitedMs = Date.now() - started;

    const problem = expectProblem(response, 503, 'SERVICE_UNAVAILABLE');
    expect(problem.title).toMatch(/same Idempotency-Key/);
    expect(waitedMs).toBeGreaterThanOrEqual(ANSWER_TIMEOUT_MS);
    const after = await getCase(caseworker, opened.id);
    expect(after.state).toBe('submitted');
    expect(after.timeline.map((t) => t.action)).toEqual(['submit']);
  });
});
