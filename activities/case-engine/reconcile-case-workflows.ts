import { CertificateApplicationsRepository } from '../../libs/db';
import type { CertificateApplicationToStart } from '../../libs/contracts';
import type { ActivityDependencies } from '../dependencies';

/** How long a new case may stay in its opening state before its workflow is taken to be missing. */
export const OPENING_GRACE_MS = 60_000;

/** Cases written by the api whose workflow never took them in: the reconciler starts their workflows. */
export function createReconcileActivities(deps: ActivityDependencies) {
  const applications = new CertificateApplicationsRepository(deps.db);

  async function casesAwaitingWorkflow(input: { now: string; limit: number }): Promise<Array<Omit<CertificateApplicationToStart, 'deadlineAt'> & { deadlineAt: string | null }>> {
    const rows = await applications.awaitingWorkflow(new Date(Date.parse(input.now) - OPENING_GRACE_MS), input.limit);
    return rows.map((r) => ({
      id: r.id,
      officeCode: r.officeCode,
      destinationOfficeCode: r.destinationOfficeCode,
      selfDeclared: r.selfDeclared,
      state: r.state,
      deadlineAt: r.deadlineAt?.toISOString() ?? null,
    }));
  }

  return { casesAwaitingWorkflow };
}
