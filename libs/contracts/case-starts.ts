import { certificateApplicationStart, type CertificateApplicationToStart } from './certificate-application';
import { residenceRegistrationStart, type ResidenceRegistrationToStart } from './residence-registration';
import { serviceReportStart, type ServiceReportToStart } from './service-report';

/**
 * A stored case whose workflow never took it in, as the reconciler's activity answers it (through
 * Temporal's payloads, so instants are ISO strings), tagged with its case type.
 */
export type CaseAwaitingWorkflow =
  | { caseType: 'certificate-application'; row: Omit<CertificateApplicationToStart, 'deadlineAt'> & { deadlineAt: string | null } }
  | { caseType: 'service-report'; row: Omit<ServiceReportToStart, 'deadlineAt'> & { deadlineAt: string | null } }
  | { caseType: 'residence-registration'; row: ResidenceRegistrationToStart };

/**
 * What the reconciler's activity answered before there was more than one case type: a certificate
 * application's row, untagged. Recorded histories (and runs in flight at an upgrade) still hold it.
 */
export type UntaggedCaseAwaitingWorkflow = Extract<CaseAwaitingWorkflow, { caseType: 'certificate-application' }>['row'];

/** Reads an activity answer of either shape as the tagged one. */
export function taggedCaseAwaitingWorkflow(item: CaseAwaitingWorkflow | UntaggedCaseAwaitingWorkflow): CaseAwaitingWorkflow {
  return 'caseType' in item && 'row' in item ? item : { caseType: 'certificate-application', row: item };
}

/** How any case type's workflow is started: the same helper the api uses right after writing the case. */
export function caseWorkflowStart(c: CaseAwaitingWorkflow, taskQueue: string) {
  if (c.caseType === 'certificate-application') {
    return certificateApplicationStart({ ...c.row, deadlineAt: c.row.deadlineAt ? new Date(c.row.deadlineAt) : null }, taskQueue);
  }
  if (c.caseType === 'service-report') return serviceReportStart(c.row, taskQueue);
  return residenceRegistrationStart(c.row, taskQueue);
}
