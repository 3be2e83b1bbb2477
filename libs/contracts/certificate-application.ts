import type { SearchAttributePair } from '@temporalio/common';
import { CERTIFICATE_APPLICATION_PROCESS } from '../domain/certificate-application-state';
import { caseWorkflowId, type CaseActorRef } from './cases';
import { CaseStateKey, CaseTypeKey, CounterpartOfficeCodeKey, DeadlineAtKey, EscalatedKey, OfficeCodeKey } from './search-attributes';

/**
 * What the api and the worker share about the certificate-application process. Everything here crosses
 * Temporal history, so it carries ids, codes and staff-typed notes only: never an applicant's personal data.
 */
export const CERTIFICATE_APPLICATION_CASE_TYPE = CERTIFICATE_APPLICATION_PROCESS.caseType;

export function certificateApplicationWorkflowId(caseId: string): string {
  return caseWorkflowId(CERTIFICATE_APPLICATION_CASE_TYPE, caseId);
}

export interface CertificateApplicationWorkflowInput {
  caseId: string;
  officeCode: string;
  selfDeclared: boolean;
}

/** What starting a case's workflow needs to know of the stored case. */
export interface CertificateApplicationToStart {
  id: string;
  officeCode: string;
  destinationOfficeCode: string | null;
  selfDeclared: boolean;
  state: string;
  deadlineAt: Date | null;
}

/**
 * How a certificate application's workflow is started, by the api right after the case is written and by
 * the reconciler for a case whose start never happened: the same id, input and search attributes either way.
 */
export function certificateApplicationStart(row: CertificateApplicationToStart, taskQueue: string) {
  const searchAttributes: SearchAttributePair[] = [
    { key: CaseTypeKey, value: CERTIFICATE_APPLICATION_CASE_TYPE },
    { key: CaseStateKey, value: row.state },
    { key: OfficeCodeKey, value: row.officeCode },
    ...(row.destinationOfficeCode ? [{ key: CounterpartOfficeCodeKey, value: row.destinationOfficeCode }] : []),
    ...(row.deadlineAt ? [{ key: DeadlineAtKey, value: row.deadlineAt }] : []),
    { key: EscalatedKey, value: false },
  ];
  const input: CertificateApplicationWorkflowInput = { caseId: row.id, officeCode: row.officeCode, selfDeclared: row.selfDeclared };
  return {
    workflowType: 'certificateApplicationWorkflow',
    options: {
      workflowId: certificateApplicationWorkflowId(row.id),
      taskQueue,
      args: [input] as [CertificateApplicationWorkflowInput],
      workflowIdReusePolicy: 'REJECT_DUPLICATE' as const,
      typedSearchAttributes: searchAttributes,
    },
  };
}

/** The actions staff perform through the api; the system's own actions are taken by the workflow. */
export const STAFF_ACTIONS = ['review', 'request-information', 'supply-information', 'approve', 'reject', 'withdraw'] as const;
export type StaffAction = (typeof STAFF_ACTIONS)[number];

/** Certificate lifecycle actions after issuance, each a short workflow keyed by its idempotency key. */
export const CERTIFICATE_ACTIONS = ['renew', 'replace', 'revoke'] as const;
export type CertificateAction = (typeof CERTIFICATE_ACTIONS)[number];

export interface CertificateActionWorkflowInput {
  certificateId: string;
  action: CertificateAction;
  actor: CaseActorRef;
  transactionId: string;
  reason?: string;
}

export interface CertificateActionResult {
  certificateId: string;
  number: string;
  status: string;
  /** The certificate that replaces this one, for renew and replace. */
  successorNumber: string | null;
}

export function certificateActionWorkflowId(certificateId: string, transactionId: string): string {
  return `certificate-action/${certificateId}/${transactionId}`;
}
