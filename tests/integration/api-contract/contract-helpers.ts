/**
 * Shared by the api-contract specs: a case in review to send actions to, and what a field violation looks
 * like. Not a spec file (jest matches *.spec.ts).
 */
import type { Response } from 'supertest';
import type { ApplicantInput } from '../../../apps/api/src/certificate-applications/certificate-application.dto';
import { LI_NA } from '../../support/demo-applicants';
import { expectProblem, type AuthedClient } from '../../support/http';
import { openCase, waitForState } from '../certificate-applications/case-helpers';
import type { CaseView } from '../../support/case-view';

export { CASES, expectStatus, getCase } from '../certificate-applications/case-helpers';

/** A case of `applicant` (李娜 by default) opened by `client`, once the registry check has put it under review. */
export async function caseUnderReview(client: AuthedClient, applicant: ApplicantInput = LI_NA): Promise<CaseView> {
  const opened = await openCase(client, { applicant });
  return waitForState(client, opened.id, 'under-review');
}

/** Asserts a 400 VALIDATION_FAILED whose errors include `{field, rule}`; answers the errors. */
export function expectViolation(response: Response, field: string, rule: string): Array<{ field: string; rule: string; message: string }> {
  const problem = expectProblem(response, 400, 'VALIDATION_FAILED');
  expect(problem.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule, message: expect.any(String) })]));
  return problem.errors ?? [];
}
