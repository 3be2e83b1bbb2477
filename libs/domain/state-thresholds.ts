/**
 * How long a case may wait in one state before a manager's stuck list shows it: a threshold per case type
 * and state. The defaults name the states where a case waits on a person and no legal deadline watches
 * it (the deadlines, the opening steps and the feedback obligation have their own reasons); the operator
 * adds or changes entries with MONITORING_STATE_THRESHOLDS, e.g.
 * `certificate-application.awaiting-approval=1d, service-report.contested=5d` (`off` removes one).
 *
 * Durations are elapsed time (s, m, h, d = 24 h), not working days: a case nobody has touched for three
 * days over a holiday is still worth a look, and a working-day deadline is already its own reason.
 */
import { CERTIFICATE_APPLICATION_PROCESS } from './certificate-application-state';
import { RESIDENCE_REGISTRATION_PROCESS } from './residence-registration-state';
import { SERVICE_REPORT_PROCESS } from './service-report-state';

/** `caseType.state` → seconds. */
export type StateThresholds = ReadonlyMap<string, number>;

const DAY = 86_400;

export const DEFAULT_STATE_THRESHOLDS: StateThresholds = new Map([
  ['certificate-application.under-review', 3 * DAY],
  ['certificate-application.awaiting-approval', 2 * DAY],
  ['certificate-application.awaiting-applicant', 14 * DAY],
  ['service-report.contested', 10 * DAY],
]);

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: DAY };

/** Where a case may wait: the non-terminal states of each process, as `caseType.state`. */
export function waitableStates(): ReadonlySet<string> {
  const keys = [CERTIFICATE_APPLICATION_PROCESS, SERVICE_REPORT_PROCESS, RESIDENCE_REGISTRATION_PROCESS].flatMap((p) =>
    (p.states as readonly string[]).filter((s) => !(p.terminalStates as readonly string[]).includes(s)).map((s) => `${p.caseType}.${s}`),
  );
  return new Set(keys);
}

/**
 * The thresholds in force: the defaults, changed by `overrides` (comma-separated `caseType.state=<n><s|m|h|d>`
 * or `caseType.state=off`). A bad entry is named with what is wrong with it.
 */
export function parseStateThresholds(overrides: string): { thresholds: StateThresholds } | { entry: string; problem: string } {
  const thresholds = new Map(DEFAULT_STATE_THRESHOLDS);
  const known = waitableStates();
  for (const raw of overrides.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const match = /^([a-z-]+\.[a-z-]+)=(?:(off)|([1-9][0-9]{0,6})([smhd]))$/.exec(entry);
    if (!match) return { entry, problem: 'is not caseType.state=<number><s|m|h|d> or caseType.state=off' };
    const [, key, off, amount, unit] = match;
    if (!known.has(key!)) return { entry, problem: `names no open state of a case type (one of: ${[...known].join(', ')})` };
    if (off) thresholds.delete(key!);
    else thresholds.set(key!, Number(amount) * UNIT_SECONDS[unit!]!);
  }
  return { thresholds };
}

/** A duration in a manager's words: the largest whole unit, e.g. "3 days", "5 hours". */
export function durationInWords(seconds: number): string {
  const [amount, unit] =
    seconds >= DAY ? [Math.floor(seconds / DAY), 'day'] : seconds >= 3600 ? [Math.floor(seconds / 3600), 'hour'] : seconds >= 60 ? [Math.floor(seconds / 60), 'minute'] : [Math.floor(seconds), 'second'];
  return `${amount} ${unit}${amount === 1 ? '' : 's'}`;
}
