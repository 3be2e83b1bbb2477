/**
 * The certificate application (婚育证明) case: its states, the actions that move it, and who may take
 * them, as one typed table. A case stores its append-only action log; its state is always derived by
 * folding that log (`deriveState`), never stored as a second truth. The action names are the same in
 * the api path, the database log and the workflow update names.
 *
 * Role decisions:
 * - Approve and reject are the authorised officer's decision: approvers only. Managers may take every
 *   other human action (review, request or supply information, withdraw) so they can unblock a stuck
 *   case, but deciding a certificate is not a supervisory act; reject is kept with approve rather than
 *   given to managers because refusing a certificate affects the applicant at least as much as issuing it.
 * - Managers may also send a reminder (nudge) and escalate, which the system otherwise does on timers.
 * - Auditors and office admins take no action on cases.
 */
import { DomainError, DomainErrorCode } from './errors';
import { Actor, SYSTEM_ACTOR } from './roles';

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
] as const;

export type CertificateApplicationState = (typeof CERTIFICATE_APPLICATION_STATES)[number];

export const TERMINAL_CERTIFICATE_APPLICATION_STATES = ['issued', 'rejected', 'withdrawn', 'lapsed'] as const;

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
] as const;

export type CertificateApplicationAction = (typeof CERTIFICATE_APPLICATION_ACTIONS)[number];

export interface CertificateApplicationTransition {
  /** States the action may be taken in. Empty for 'submit', which creates the case. */
  readonly from: readonly CertificateApplicationState[];
  /** The resulting state; 'same' for actions that record something without moving the case. */
  readonly to: CertificateApplicationState | 'same';
  readonly actors: readonly Actor[];
}

const OPEN = ['submitted', 'registry-check', 'under-review', 'awaiting-applicant', 'awaiting-approval'] as const;

/** The rules. `satisfies` makes the compiler insist on exactly one entry per action. */
export const CERTIFICATE_APPLICATION_TRANSITIONS = {
  // Recorded by the workflow when the case is created; only ever the first entry of a log.
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
} as const satisfies Record<CertificateApplicationAction, CertificateApplicationTransition>;

const TRANSITIONS: Readonly<Record<CertificateApplicationAction, CertificateApplicationTransition>> =
  CERTIFICATE_APPLICATION_TRANSITIONS;

export function isCertificateApplicationState(value: unknown): value is CertificateApplicationState {
  return typeof value === 'string' && (CERTIFICATE_APPLICATION_STATES as readonly string[]).includes(value);
}

export function isCertificateApplicationAction(value: unknown): value is CertificateApplicationAction {
  return typeof value === 'string' && (CERTIFICATE_APPLICATION_ACTIONS as readonly string[]).includes(value);
}

export function isTerminal(state: CertificateApplicationState): state is TerminalCertificateApplicationState {
  return (TERMINAL_CERTIFICATE_APPLICATION_STATES as readonly string[]).includes(state);
}

/** Whether the action may be taken in the state, whoever takes it. */
export function isActionAllowedInState(
  state: CertificateApplicationState,
  action: CertificateApplicationAction,
): boolean {
  return TRANSITIONS[action].from.includes(state);
}

/** Whether the actor may ever take the action, whatever the state. */
export function isActorPermitted(action: CertificateApplicationAction, actor: Actor): boolean {
  return TRANSITIONS[action].actors.includes(actor);
}

/** The state after the action; throws ACTION_NOT_ALLOWED_IN_STATE when the action is not allowed in it. */
export function nextState(
  state: CertificateApplicationState,
  action: CertificateApplicationAction,
): CertificateApplicationState {
  if (!isActionAllowedInState(state, action)) throw notAllowedInState(state, action);
  const { to } = TRANSITIONS[action];
  return to === 'same' ? state : to;
}

/** What the actor may do now, in table order: drives the buttons a caseworker sees. */
export function allowedActions(state: CertificateApplicationState, actor: Actor): CertificateApplicationAction[] {
  return CERTIFICATE_APPLICATION_ACTIONS.filter(
    (action) => isActionAllowedInState(state, action) && isActorPermitted(action, actor),
  );
}

export interface ActionAttempt {
  readonly state: CertificateApplicationState;
  readonly action: CertificateApplicationAction;
  readonly actorRole: Actor;
  /** The person acting; needed for 'approve'. */
  readonly actorUserId?: string;
  /** Who took the latest 'review' of the case (`currentReviewerUserId`); needed for 'approve'. */
  readonly reviewerUserId?: string;
}

/**
 * Throws the DomainError the api and the workflow update validator report. Checks, in order:
 * 1. the role may take this action at all (ROLE_NOT_PERMITTED, 403), first so a role's rights do not
 *    depend on the case;
 * 2. the action is allowed in the state (ACTION_NOT_ALLOWED_IN_STATE, 409, details { state, action });
 * 3. for 'approve', four eyes: the approver is not the reviewer (SAME_PERSON_REVIEW_AND_APPROVAL, 422).
 *    When either id is missing the rule cannot be checked, and the approval is refused
 *    (BUSINESS_RULE_VIOLATED) rather than let through.
 */
export function assertActionAllowed(attempt: ActionAttempt): void {
  const { state, action, actorRole } = attempt;
  if (!isActorPermitted(action, actorRole)) {
    throw new DomainError(DomainErrorCode.ROLE_NOT_PERMITTED, `Role ${actorRole} may not ${action}`, {
      role: actorRole,
      action,
    });
  }
  if (!isActionAllowedInState(state, action)) throw notAllowedInState(state, action);
  if (action === 'approve') {
    if (!attempt.actorUserId || !attempt.reviewerUserId) {
      throw new DomainError(
        DomainErrorCode.BUSINESS_RULE_VIOLATED,
        'Approval needs both the approver and the reviewer',
        { action, rule: 'four-eyes-identities-required' },
      );
    }
    if (attempt.actorUserId === attempt.reviewerUserId) {
      throw new DomainError(
        DomainErrorCode.SAME_PERSON_REVIEW_AND_APPROVAL,
        'The person who reviewed a case may not approve it',
        { action, rule: 'four-eyes' },
      );
    }
  }
}

export interface LoggedAction {
  readonly action: CertificateApplicationAction;
}

/**
 * Folds an action log (oldest first) to the case's state. The log must start with 'submit' and every
 * later entry must have been allowed when it was taken; otherwise the log is corrupt and this throws
 * (ACTION_NOT_ALLOWED_IN_STATE with the entry's `index`, or BUSINESS_RULE_VIOLATED for an empty log or
 * one not starting with 'submit').
 */
export function deriveState(log: readonly LoggedAction[]): CertificateApplicationState {
  const [first, ...rest] = log;
  if (first === undefined || first.action !== 'submit') {
    throw new DomainError(DomainErrorCode.BUSINESS_RULE_VIOLATED, "An action log must start with 'submit'", {
      rule: 'log-starts-with-submit',
      index: 0,
    });
  }
  let state: CertificateApplicationState = 'submitted';
  rest.forEach((entry, i) => {
    if (!isActionAllowedInState(state, entry.action)) throw notAllowedInState(state, entry.action, i + 1);
    state = nextState(state, entry.action);
  });
  return state;
}

/** The actor of the latest 'review' in the log: the review an approval would approve. */
export function currentReviewerUserId(
  log: readonly (LoggedAction & { readonly actorUserId?: string | null })[],
): string | undefined {
  for (let i = log.length - 1; i >= 0; i -= 1) {
    const entry = log[i];
    if (entry !== undefined && entry.action === 'review') return entry.actorUserId ?? undefined;
  }
  return undefined;
}

function notAllowedInState(
  state: CertificateApplicationState,
  action: CertificateApplicationAction,
  index?: number,
): DomainError {
  return new DomainError(DomainErrorCode.ACTION_NOT_ALLOWED_IN_STATE, `Cannot ${action} a case that is ${state}`, {
    state,
    action,
    ...(index === undefined ? {} : { index }),
  });
}
