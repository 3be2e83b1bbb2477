import type { SearchAttributePair } from '@temporalio/common';
import { SERVICE_REPORT_PROCESS } from '../domain/service-report-state';
import { caseWorkflowId } from './cases';
import { CaseStateKey, CaseTypeKey, CounterpartOfficeCodeKey, DeadlineAtKey, EscalatedKey, OfficeCodeKey } from './search-attributes';

/**
 * What the api and the worker share about the service-report process. Everything here crosses Temporal
 * history, so it carries ids and office codes only: never the person's name, identity number or the
 * report's note.
 */
export const SERVICE_REPORT_CASE_TYPE = SERVICE_REPORT_PROCESS.caseType;

export function serviceReportWorkflowId(reportId: string): string {
  return caseWorkflowId(SERVICE_REPORT_CASE_TYPE, reportId);
}

export interface ServiceReportWorkflowInput {
  caseId: string;
}

/** What starting a report's workflow needs to know of the stored report. */
export interface ServiceReportToStart {
  id: string;
  filingOfficeCode: string;
  registrationOfficeCode: string;
  state: string;
  deadlineAt: Date | string | null;
}

/**
 * How a report's workflow is started, by the api right after the report is written and by the
 * reconciler for one whose start never happened: the same id, input and search attributes either way.
 * The filing office is the case's office, the registration office its counterpart.
 */
export function serviceReportStart(row: ServiceReportToStart, taskQueue: string) {
  const searchAttributes: SearchAttributePair[] = [
    { key: CaseTypeKey, value: SERVICE_REPORT_CASE_TYPE },
    { key: CaseStateKey, value: row.state },
    { key: OfficeCodeKey, value: row.filingOfficeCode },
    { key: CounterpartOfficeCodeKey, value: row.registrationOfficeCode },
    ...(row.deadlineAt ? [{ key: DeadlineAtKey, value: new Date(row.deadlineAt) }] : []),
    { key: EscalatedKey, value: false },
  ];
  const input: ServiceReportWorkflowInput = { caseId: row.id };
  return {
    workflowType: 'serviceReportWorkflow',
    options: {
      workflowId: serviceReportWorkflowId(row.id),
      taskQueue,
      args: [input] as [ServiceReportWorkflowInput],
      workflowIdReusePolicy: 'REJECT_DUPLICATE' as const,
      typedSearchAttributes: searchAttributes,
    },
  };
}
