import { CertificateApplicationsRepository, ResidenceRegistrationsRepository, ServiceReportsRepository } from '../../libs/db';
import type { CaseAwaitingWorkflow } from '../../libs/contracts';
import type { ActivityDependencies } from '../dependencies';

/** How long a new case may stay in its opening state before its workflow is taken to be missing. */
export const OPENING_GRACE_MS = 60_000;

/**
 * Cases written by the api whose workflow never took them in, of every case type: the reconciler starts
 * their workflows. Each type answers its own opening state; together at most `limit`, oldest types first
 * in the order below (the next run takes the rest).
 */
export function createReconcileActivities(deps: ActivityDependencies) {
  const applications = new CertificateApplicationsRepository(deps.db);
  const reports = new ServiceReportsRepository(deps.db);
  const registrations = new ResidenceRegistrationsRepository(deps.db);

  async function casesAwaitingWorkflow(input: { now: string; limit: number }): Promise<CaseAwaitingWorkflow[]> {
    const before = new Date(Date.parse(input.now) - OPENING_GRACE_MS);
    const certificateCases: CaseAwaitingWorkflow[] = (await applications.awaitingWorkflow(before, input.limit)).map((r) => ({
      caseType: 'certificate-application',
      row: {
        id: r.id,
        officeCode: r.officeCode,
        destinationOfficeCode: r.destinationOfficeCode,
        selfDeclared: r.selfDeclared,
        state: r.state,
        deadlineAt: r.deadlineAt?.toISOString() ?? null,
      },
    }));
    const left = input.limit - certificateCases.length;
    const reportCases: CaseAwaitingWorkflow[] =
      left <= 0
        ? []
        : (await reports.awaitingWorkflow(before, left)).map((r) => ({
            caseType: 'service-report',
            row: {
              id: r.id,
              filingOfficeCode: r.filingOfficeCode,
              registrationOfficeCode: r.registrationOfficeCode,
              state: r.state,
              deadlineAt: r.deadlineAt?.toISOString() ?? null,
            },
          }));
    const rest = left - reportCases.length;
    const registrationCases: CaseAwaitingWorkflow[] =
      rest <= 0
        ? []
        : (await registrations.awaitingWorkflow(before, rest)).map((r) => ({
            caseType: 'residence-registration',
            row: { id: r.id, residenceOfficeCode: r.residenceOfficeCode, registrationOfficeCode: r.registrationOfficeCode, state: r.state },
          }));
    return [...certificateCases, ...reportCases, ...registrationCases];
  }

  return { casesAwaitingWorkflow };
}
