import { defineQuery, defineUpdate } from '@temporalio/workflow';

/**
 * What the api and the worker share about the certificate-application process. Everything here crosses
 * Temporal history, so it carries ids, codes and staff-typed notes only: never an applicant's personal data.
 */
export const CERTIFICATE_APPLICATION_CASE_TYPE = 'certificate-application';

export function certificateApplicationWorkflowId(caseId: string): string {
  return `${CERTIFICATE_APPLICATION_CASE_TYPE}/${caseId}`;
}

export interface CertificateApplicationWorkflowInput {
  caseId: string;
  officeCode: string;
  selfDeclared: boolean;
}

/** The actions staff perform through the api; the system's own actions are taken by the workflow. */
export const STAFF_ACTIONS = ['review', 'request-information', 'supply-information', 'approve', 'reject', 'withdraw'] as const;
export type StaffAction = (typeof STAFF_ACTIONS)[number];

export interface CaseActorRef {
  userId: string;
  role: string;
  officeCode: string;
}

export interface StaffActionRequest {
  action: StaffAction;
  actor: CaseActorRef;
  /** Chosen by the api (from the caller's Idempotency-Key when given): the same request twice is one action. */
  transactionId: string;
  /**
   * What the action carries (libs/domain certificate-application-payloads): a rejection's reason, what
   * information is missing, a note. Staff-typed text, stored in the case log.
   */
  payload: Record<string, unknown>;
}

/** The case as the workflow needs it to run its timers, returned by every recorded action. */
export interface CaseSnapshot {
  caseId: string;
  state: string;
  reviewerUserId: string | null;
  /** ISO instants; null while the statutory clock is paused or the case is closed. */
  deadlineAt: string | null;
  /** Reminder instants not yet sent, in order. */
  pendingReminderAts: string[];
  remindersSent: number;
  escalated: boolean;
  lapseAt: string | null;
  certificateNumber: string | null;
}

export const performStaffActionUpdate = defineUpdate<CaseSnapshot, [StaffActionRequest]>('performStaffAction');
export const caseSnapshotQuery = defineQuery<CaseSnapshot | null>('caseSnapshot');

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
