/**
 * What the operational metrics count of each case type, read from its process table: a case is opened by
 * the action that has no "from" state (submit, file, register), closed by an entry into one of its terminal
 * states, and its deadline is breached when the system takes the action its clock takes at the deadline.
 * A new case type is counted by adding its process (and its breach action) here.
 */
import type { CaseProcess } from './case-process';
import { CERTIFICATE_APPLICATION_PROCESS } from './certificate-application-state';
import { RESIDENCE_REGISTRATION_PROCESS } from './residence-registration-state';
import { SERVICE_REPORT_PROCESS } from './service-report-state';
import { SYSTEM_ACTOR } from './roles';

type AnyCaseProcess = CaseProcess<string, string>;

export const COUNTED_CASE_PROCESSES: readonly AnyCaseProcess[] = [
  CERTIFICATE_APPLICATION_PROCESS,
  SERVICE_REPORT_PROCESS,
  RESIDENCE_REGISTRATION_PROCESS,
];

export const COUNTED_CASE_TYPES: readonly string[] = COUNTED_CASE_PROCESSES.map((p) => p.caseType);

/**
 * The action each process's clock takes when a deadline has passed unanswered: the escalation of a
 * certificate application at its statutory deadline, a service report deemed accepted after its final
 * deadline, missing feedback escalated. Counted only when the system takes it: a manager escalating by
 * hand is a decision, not a breach.
 */
export const DEADLINE_BREACH_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  [CERTIFICATE_APPLICATION_PROCESS.caseType]: ['escalate'],
  [SERVICE_REPORT_PROCESS.caseType]: ['deem-accept'],
  [RESIDENCE_REGISTRATION_PROCESS.caseType]: ['escalate-feedback'],
};

/** The actions that open a case of this process: those allowed from no state. */
export function openingActions(caseProcess: AnyCaseProcess): string[] {
  return caseProcess.actions.filter((action) => caseProcess.transitions[action]!.from.length === 0);
}

/** Entering a terminal state closes a case; an entry that leaves it there (a note on a closed case) does not close it again. */
function isTerminal(caseProcess: AnyCaseProcess, state: string | null): boolean {
  return state !== null && caseProcess.isState(state) && caseProcess.isTerminal(state);
}

/** How many log entries have this case type, action, states before and after, and actor role. */
export interface CaseActionGroup {
  caseType: string;
  action: string;
  fromState: string | null;
  toState: string;
  actorRole: string;
  count: number;
}

export interface CaseEventCounts {
  opened: number;
  closed: number;
  deadlineBreaches: number;
}

/**
 * Opened, closed and breached counts per counted case type (every one present, zero when nothing
 * happened), from grouped log entries. Entries of other case types (a certificate's own lifecycle) are
 * not cases and are left out.
 */
export function countCaseEvents(groups: readonly CaseActionGroup[]): Record<string, CaseEventCounts> {
  const counts: Record<string, CaseEventCounts> = {};
  const byType = new Map<string, { caseProcess: AnyCaseProcess; opening: string[] }>();
  for (const caseProcess of COUNTED_CASE_PROCESSES) {
    counts[caseProcess.caseType] = { opened: 0, closed: 0, deadlineBreaches: 0 };
    byType.set(caseProcess.caseType, { caseProcess, opening: openingActions(caseProcess) });
  }
  for (const group of groups) {
    const known = byType.get(group.caseType);
    if (!known) continue;
    const count = counts[group.caseType]!;
    if (known.opening.includes(group.action)) count.opened += group.count;
    if (isTerminal(known.caseProcess, group.toState) && !isTerminal(known.caseProcess, group.fromState)) count.closed += group.count;
    if (group.actorRole === SYSTEM_ACTOR && (DEADLINE_BREACH_ACTIONS[group.caseType] ?? []).includes(group.action)) {
      count.deadlineBreaches += group.count;
    }
  }
  return counts;
}
