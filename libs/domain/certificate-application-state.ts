/**
 * The certificate application (婚育证明) case: its states, the actions that move it, and who may take
 * them, as one typed table (a `CaseProcess`, see case-process.ts). Every action is appended to the case's
 * log and the resulting state is stored in the case's `state` column in the same transaction, by the one
 * activity that records actions; the workflow and the api check the same table. The action names are
 * the same in the api path, the database log and the workflow update.
 *
 * Role decisions:
 * - Approve and reject are the authorised officer's decision: approvers only. Managers may take every
 *   other human action (review, request or supply information, withdraw) so they can unblock a stuck
 *   case, but deciding a certificate is not a supervisory act; reject is kept with approve rather than
 *   given to managers because refusing a certificate affects the applicant at least as much as issuing it.
 * - Managers may also send a reminder (nudge) and escalate, which the system otherwise does on timers.
 * - Auditors and office admins take no action on cases.
 */
import { assertCancelByOwnersManager, defineCaseProcess, type CaseActionAttempt, type CaseTransition } from './case-process';
import { DomainError, DomainErrorCode } from './errors';
import { SYSTEM_ACTOR } from './roles';

export const CERTIFICATE_APPLICATION_STATES = [
  'submitted',
  'registry-check',
  'under-review',
  'awaiting-applicant',
  'awaiting-approval',
  'issued',
  'rejected',
  'withdrawn',
  'lapsed',
  'cancelled',
] as const;

export type CertificateApplicationState = (typeof CERTIFICATE_APPLICATION_STATES)[number];

export const TERMINAL_CERTIFICATE_APPLICATION_STATES = ['issued', 'rejected', 'withdrawn', 'lapsed', 'cancelled'] as const;

export type TerminalCertificateApplicationState = (typeof TERMINAL_CERTIFICATE_APPLICATION_STATES)[number];

export const CERTIFICATE_APPLICATION_ACTIONS = [
  'submit',
  'start-registry-check',
  'record-registry-result',
  'skip-registry-check',
  'review',
  'request-information',
  'supply-information',
  'approve',
  'reject',
  'withdraw',
  'lapse',
  'send-reminder',
  'escalate',
  'cancel',
  'reassign',
] as const;

export type CertificateApplicationAction = (typeof CERTIFICATE_APPLICATION_ACTIONS)[number];

export type CertificateApplicationTransition = CaseTransition<CertificateApplicationState>;

const OPEN = ['submitted', 'registry-check', 'under-review', 'awaiting-applicant', 'awaiting-approval'] as const;

/** The rules. `satisfies` makes the compiler insist on exactly one entry per action. */
export const CERTIFICATE_APPLICATION_TRANSITIONS = {
  // Recorded by the api in the transaction that creates the case; only ever the first entry of a log.
  submit: { from: [], to: 'submitted', actors: [SYSTEM_ACTOR] },
  'start-registry-check': { from: ['submitted'], to: 'registry-check', actors: [SYSTEM_ACTOR] },
  // A mismatch also goes to review: a person decides what a registry mismatch means, never the system.
  'record-registry-result': { from: ['registry-check'], to: 'under-review', actors: [SYSTEM_ACTOR] },
  // Self-declaration (承诺制): no registry check now, the case is flagged for later verification.
  'skip-registry-check': { from: ['submitted'], to: 'under-review', actors: [SYSTEM_ACTOR] },
  review: { from: ['under-review'], to: 'awaiting-approval', actors: ['caseworker', 'manager'] },
  'request-information': {
    from: ['under-review', 'awaiting-approval'],
    to: 'awaiting-applicant',
    actors: ['caseworker', 'approver', 'manager'],
  },
  // Back to review, not to approval: new information must be reviewed before anyone approves it.
  'supply-information': { from: ['awaiting-applicant'], to: 'under-review', actors: ['caseworker', 'manager'] },
  approve: { from: ['awaiting-approval'], to: 'issued', actors: ['approver'] },
  reject: { from: ['under-review', 'awaiting-approval'], to: 'rejected', actors: ['approver'] },
  withdraw: { from: OPEN, to: 'withdrawn', actors: ['caseworker', 'manager'] },
  lapse: { from: ['awaiting-applicant'], to: 'lapsed', actors: [SYSTEM_ACTOR] },
  'send-reminder': { from: OPEN, to: 'same', actors: [SYSTEM_ACTOR, 'manager'] },
  escalate: { from: OPEN, to: 'same', actors: [SYSTEM_ACTOR, 'manager'] },
  // A manager's decision, with a reason: the case ends where it stands, also one jammed in its registry check.
  cancel: { from: OPEN, to: 'cancelled', actors: ['manager'] },
  // A manager hands the case to another caseworker of its office; it stays where it stands.
  reassign: { from: OPEN, to: 'same', actors: ['manager'] },
} as const satisfies Record<CertificateApplicationAction, CertificateApplicationTransition>;

/**
 * Four eyes: the approver is not the reviewer. When either id is missing the rule cannot be checked, and
 * the approval is refused (BUSINESS_RULE_VIOLATED) rather than let through.
 */
function fourEyes(attempt: CaseActionAttempt<CertificateApplicationState, CertificateApplicationAction>): void {
  if (attempt.action === 'cancel' || attempt.action === 'reassign') return assertCancelByOwnersManager(attempt, 'officeCode');
  if (attempt.action !== 'approve') return;
  const reviewerUserId = attempt.facts?.['reviewerUserId'];
  if (!attempt.actorUserId || !reviewerUserId) {
    throw new DomainError(DomainErrorCode.BUSINESS_RULE_VIOLATED, 'Approval needs both the approver and the reviewer', {
      action: attempt.action,
      rule: 'four-eyes-identities-required',
    });
  }
  if (attempt.actorUserId === reviewerUserId) {
    throw new DomainError(DomainErrorCode.SAME_PERSON_REVIEW_AND_APPROVAL, 'The person who reviewed a case may not approve it', {
      action: attempt.action,
      rule: 'four-eyes',
    });
  }
}

export const CERTIFICATE_APPLICATION_PROCESS = defineCaseProcess<CertificateApplicationState, CertificateApplicationAction>({
  caseType: 'certificate-application',
  states: CERTIFICATE_APPLICATION_STATES,
  openingInterruptedBy: ['cancel'],
  terminalStates: TERMINAL_CERTIFICATE_APPLICATION_STATES,
  actions: CERTIFICATE_APPLICATION_ACTIONS,
  transitions: CERTIFICATE_APPLICATION_TRANSITIONS,
  extraRules: fourEyes,
});
