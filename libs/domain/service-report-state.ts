/**
 * The residence-place service report (情况报告单): the residence office reports a service it provided to a
 * person registered elsewhere, and the registration office acknowledges it within the agreed deadline or
 * contests it with a reason from a fixed list. Silence is not a refusal: when the final deadline passes
 * unanswered the report is deemed accepted (the person never has to travel back because an office stayed
 * silent). A contest is decided by the arbitrator (the manager of the lowest office above both, or the
 * office the cooperation agreement names).
 *
 * Role and office decisions:
 * - Caseworkers act for their office: the registration office acknowledges and contests, the filing
 *   (residence) office corrects and withdraws. Which office may act is the process's extra rule below,
 *   read from the case's facts (the offices' codes), so the workflow, the recording activity and the
 *   api's `allowedActions` apply the same rule.
 * - Upholding or dismissing a contest is a supervisory decision: managers of the arbitrator office only.
 */
import { assertCancelByOwnersManager, defineCaseProcess, type CaseActionAttempt, type CaseTransition } from './case-process';
import { DomainError, DomainErrorCode } from './errors';
import { SYSTEM_ACTOR } from './roles';

export const SERVICE_REPORT_STATES = [
  'filed',
  'awaiting-acknowledgement',
  'acknowledged',
  'contested',
  'deemed-accepted',
  'contest-upheld',
  'contest-dismissed',
  'withdrawn',
  'cancelled',
] as const;

export type ServiceReportState = (typeof SERVICE_REPORT_STATES)[number];

export const TERMINAL_SERVICE_REPORT_STATES = ['acknowledged', 'deemed-accepted', 'contest-upheld', 'contest-dismissed', 'withdrawn', 'cancelled'] as const;

export const SERVICE_REPORT_ACTIONS = [
  'file',
  'deliver',
  'acknowledge',
  'contest',
  'uphold-contest',
  'dismiss-contest',
  'correct',
  'withdraw',
  'send-reminder',
  'deem-accept',
  'cancel',
] as const;

export type ServiceReportAction = (typeof SERVICE_REPORT_ACTIONS)[number];

/** The actions people take through the api; `file` is the api's own, `deliver` and the timers' the workflow's. */
export const SERVICE_REPORT_STAFF_ACTIONS = ['acknowledge', 'contest', 'uphold-contest', 'dismiss-contest', 'correct', 'withdraw'] as const;
export type ServiceReportStaffAction = (typeof SERVICE_REPORT_STAFF_ACTIONS)[number];

const ANSWERABLE = ['awaiting-acknowledgement', 'contested'] as const;

export const SERVICE_REPORT_TRANSITIONS = {
  // Recorded by the api in the transaction that writes the report; only ever the first entry of a log.
  file: { from: [], to: 'filed', actors: [SYSTEM_ACTOR] },
  // The workflow's opening step: the report reaches the registration office and its deadline starts.
  deliver: { from: ['filed'], to: 'awaiting-acknowledgement', actors: [SYSTEM_ACTOR] },
  acknowledge: { from: ['awaiting-acknowledgement'], to: 'acknowledged', actors: ['caseworker'] },
  contest: { from: ['awaiting-acknowledgement'], to: 'contested', actors: ['caseworker'] },
  'uphold-contest': { from: ['contested'], to: 'contest-upheld', actors: ['manager'] },
  'dismiss-contest': { from: ['contested'], to: 'contest-dismissed', actors: ['manager'] },
  // A correction answers the contest (or a mistake seen before any answer): asked again, with a fresh deadline.
  correct: { from: ANSWERABLE, to: 'awaiting-acknowledgement', actors: ['caseworker'] },
  withdraw: { from: ANSWERABLE, to: 'withdrawn', actors: ['caseworker'] },
  'send-reminder': { from: ['awaiting-acknowledgement'], to: 'same', actors: [SYSTEM_ACTOR] },
  'deem-accept': { from: ['awaiting-acknowledgement'], to: 'deemed-accepted', actors: [SYSTEM_ACTOR] },
  // A manager's decision, with a reason, on a report that cannot go on (also one jammed in its delivery).
  cancel: { from: ['filed', ...ANSWERABLE], to: 'cancelled', actors: ['manager'] },
} as const satisfies Record<ServiceReportAction, CaseTransition<ServiceReportState>>;

/** Which of the case's offices may take each person's action: the fact naming that office's code. */
export const SERVICE_REPORT_ACTING_OFFICE: Readonly<Record<ServiceReportStaffAction, ServiceReportOfficeFact>> = {
  acknowledge: 'registrationOfficeCode',
  contest: 'registrationOfficeCode',
  'uphold-contest': 'arbitratorOfficeCode',
  'dismiss-contest': 'arbitratorOfficeCode',
  correct: 'filingOfficeCode',
  withdraw: 'filingOfficeCode',
};

export type ServiceReportOfficeFact = 'filingOfficeCode' | 'registrationOfficeCode' | 'arbitratorOfficeCode';

function isStaffAction(action: ServiceReportAction): action is ServiceReportStaffAction {
  return (SERVICE_REPORT_STAFF_ACTIONS as readonly string[]).includes(action);
}

/**
 * The acting office: a person acts on a report only for the office whose turn it is. When the actor's
 * office or the case's office is unknown (no arbitrator could be found) the action is refused, not let through.
 */
function actingOffice(attempt: CaseActionAttempt<ServiceReportState, ServiceReportAction>): void {
  if (attempt.action === 'cancel') return assertCancelByOwnersManager(attempt, 'filingOfficeCode');
  if (!isStaffAction(attempt.action)) return;
  const fact = SERVICE_REPORT_ACTING_OFFICE[attempt.action];
  const required = attempt.facts?.[fact];
  if (!required) {
    throw new DomainError(DomainErrorCode.BUSINESS_RULE_VIOLATED, `No office is set to ${attempt.action} this report`, {
      action: attempt.action,
      rule: fact === 'arbitratorOfficeCode' ? 'arbitrator-required' : 'acting-office-required',
    });
  }
  if (attempt.actorOfficeCode !== required) {
    throw new DomainError(DomainErrorCode.ROLE_NOT_PERMITTED, `Only the ${officeName(fact)} may ${attempt.action} this report`, {
      action: attempt.action,
      role: attempt.actorRole,
      rule: 'acting-office',
      office: fact,
    });
  }
}

function officeName(fact: ServiceReportOfficeFact): string {
  return { filingOfficeCode: 'filing office', registrationOfficeCode: 'registration office', arbitratorOfficeCode: 'arbitrator office' }[fact];
}

export const SERVICE_REPORT_PROCESS = defineCaseProcess<ServiceReportState, ServiceReportAction>({
  caseType: 'service-report',
  states: SERVICE_REPORT_STATES,
  terminalStates: TERMINAL_SERVICE_REPORT_STATES,
  actions: SERVICE_REPORT_ACTIONS,
  transitions: SERVICE_REPORT_TRANSITIONS,
  openingInterruptedBy: ['cancel'],
  extraRules: actingOffice,
});
