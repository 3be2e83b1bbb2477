/**
 * The residence registration (流入登记): a person's file at the office where they now live. It opens when
 * a residence-office caseworker registers the person's arrival (by verifying their certificate, or on
 * their own declaration), and carries the feedback obligation (反馈) that office owes the registration
 * office: feedback every interval of the cooperation agreement, reminded ahead and on the day, escalated
 * when overdue. It moves with the person to another residence office (transfer) and closes when they
 * depart or return to the registration place.
 *
 * Role and office decisions:
 * - Every person's action is a caseworker's of the office that holds the file now (the residence office):
 *   the registration office is told, and reads, but does not act on the file.
 * - A transfer keeps the file open: the file and its obligation move to the new office, whose caseworkers
 *   act from then on. The next due date does not move: an obligation is not reset by moving.
 */
import { assertCancelByOwnersManager, defineCaseProcess, type CaseActionAttempt, type CaseTransition } from './case-process';
import { DomainError, DomainErrorCode } from './errors';
import { SYSTEM_ACTOR } from './roles';

export const RESIDENCE_REGISTRATION_STATES = ['arrived', 'registered', 'departed', 'returned', 'cancelled'] as const;
export type ResidenceRegistrationState = (typeof RESIDENCE_REGISTRATION_STATES)[number];

export const TERMINAL_RESIDENCE_REGISTRATION_STATES = ['departed', 'returned', 'cancelled'] as const;

/** States of a file that is open: the person lives at its residence office, and feedback is owed. */
export const OPEN_RESIDENCE_REGISTRATION_STATES = ['arrived', 'registered'] as const;

export const RESIDENCE_REGISTRATION_ACTIONS = [
  'register',
  'announce-arrival',
  'submit-feedback',
  'transfer',
  'depart',
  'return',
  'send-feedback-reminder',
  'escalate-feedback',
  'cancel',
] as const;

export type ResidenceRegistrationAction = (typeof RESIDENCE_REGISTRATION_ACTIONS)[number];

/** The actions people take through the api; `register` is the api's own, the rest the workflow's. */
export const RESIDENCE_REGISTRATION_STAFF_ACTIONS = ['submit-feedback', 'transfer', 'depart', 'return'] as const;
export type ResidenceRegistrationStaffAction = (typeof RESIDENCE_REGISTRATION_STAFF_ACTIONS)[number];

export const RESIDENCE_REGISTRATION_TRANSITIONS = {
  // Recorded by the api in the transaction that opens the file; only ever the first entry of a log.
  register: { from: [], to: 'arrived', actors: [SYSTEM_ACTOR] },
  // The workflow's opening step: the registration office is told, and the first feedback is asked for.
  'announce-arrival': { from: ['arrived'], to: 'registered', actors: [SYSTEM_ACTOR] },
  'submit-feedback': { from: ['registered'], to: 'same', actors: ['caseworker'] },
  transfer: { from: ['registered'], to: 'same', actors: ['caseworker'] },
  depart: { from: ['registered'], to: 'departed', actors: ['caseworker'] },
  return: { from: ['registered'], to: 'returned', actors: ['caseworker'] },
  'send-feedback-reminder': { from: ['registered'], to: 'same', actors: [SYSTEM_ACTOR] },
  'escalate-feedback': { from: ['registered'], to: 'same', actors: [SYSTEM_ACTOR] },
  // A manager's decision, with a reason: a file opened in error (also one jammed in its announcement).
  cancel: { from: OPEN_RESIDENCE_REGISTRATION_STATES, to: 'cancelled', actors: ['manager'] },
} as const satisfies Record<ResidenceRegistrationAction, CaseTransition<ResidenceRegistrationState>>;

export function isResidenceRegistrationStaffAction(action: string): action is ResidenceRegistrationStaffAction {
  return (RESIDENCE_REGISTRATION_STAFF_ACTIONS as readonly string[]).includes(action);
}

/** Only the office that holds the file acts on it. An unknown office on either side is refused, not let through. */
function residenceOfficeActs(attempt: CaseActionAttempt<ResidenceRegistrationState, ResidenceRegistrationAction>): void {
  if (attempt.action === 'cancel') return assertCancelByOwnersManager(attempt, 'residenceOfficeCode');
  if (!isResidenceRegistrationStaffAction(attempt.action)) return;
  const residenceOfficeCode = attempt.facts?.['residenceOfficeCode'];
  if (!residenceOfficeCode || attempt.actorOfficeCode !== residenceOfficeCode) {
    throw new DomainError(DomainErrorCode.ROLE_NOT_PERMITTED, `Only the residence office that holds the file may ${attempt.action} it`, {
      action: attempt.action,
      role: attempt.actorRole,
      rule: 'acting-office',
      office: 'residenceOfficeCode',
    });
  }
}

export const RESIDENCE_REGISTRATION_PROCESS = defineCaseProcess<ResidenceRegistrationState, ResidenceRegistrationAction>({
  caseType: 'residence-registration',
  states: RESIDENCE_REGISTRATION_STATES,
  terminalStates: TERMINAL_RESIDENCE_REGISTRATION_STATES,
  actions: RESIDENCE_REGISTRATION_ACTIONS,
  transitions: RESIDENCE_REGISTRATION_TRANSITIONS,
  openingInterruptedBy: ['cancel'],
  extraRules: residenceOfficeActs,
});
