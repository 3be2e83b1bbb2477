import {
  CONTEST_REASONS,
  DomainError,
  SERVICE_REPORT_ACTIONS,
  SERVICE_REPORT_PROCESS,
  SERVICE_REPORT_STATES,
  serviceReportClock,
  validateServiceReportContent,
  validateServiceReportPayload,
  type Actor,
  type ServiceReportAction,
  type ServiceReportState,
} from '../../../libs/domain';
import { realCalendar } from './fixtures/reference-data';

const FACTS = { filingOfficeCode: '440306017', registrationOfficeCode: '360102002', arbitratorOfficeCode: '36' };

function attempt(state: ServiceReportState, action: ServiceReportAction, actorRole: Actor, actorOfficeCode?: string, facts: Record<string, string | null> = FACTS) {
  return () => SERVICE_REPORT_PROCESS.assertAllowed({ state, action, actorRole, ...(actorOfficeCode ? { actorOfficeCode } : {}), facts });
}

function codeOf(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof DomainError ? `${error.code}${error.details?.rule ? `:${String(error.details.rule)}` : ''}` : 'other';
  }
}

describe('service report table', () => {
  it('has one entry per action and only known states', () => {
    for (const action of SERVICE_REPORT_ACTIONS) {
      const t = SERVICE_REPORT_PROCESS.transitions[action];
      for (const s of t.from) expect(SERVICE_REPORT_STATES).toContain(s);
      if (t.to !== 'same') expect(SERVICE_REPORT_STATES).toContain(t.to);
    }
  });

  it('moves a report through its life', () => {
    const { nextState } = SERVICE_REPORT_PROCESS;
    expect(nextState('filed', 'deliver')).toBe('awaiting-acknowledgement');
    expect(() => nextState('filed', 'acknowledge')).toThrow(DomainError);
    expect(nextState('awaiting-acknowledgement', 'acknowledge')).toBe('acknowledged');
    expect(nextState('awaiting-acknowledgement', 'contest')).toBe('contested');
    expect(nextState('contested', 'uphold-contest')).toBe('contest-upheld');
    expect(nextState('contested', 'dismiss-contest')).toBe('contest-dismissed');
    expect(nextState('contested', 'correct')).toBe('awaiting-acknowledgement');
    expect(nextState('awaiting-acknowledgement', 'send-reminder')).toBe('awaiting-acknowledgement');
    expect(nextState('awaiting-acknowledgement', 'deem-accept')).toBe('deemed-accepted');
    expect(() => nextState('contested', 'deem-accept')).toThrow(DomainError);
    expect(() => nextState('acknowledged', 'contest')).toThrow(DomainError);
  });

  it('closes on acknowledgement, deemed acceptance, a decision and withdrawal only', () => {
    const closed = SERVICE_REPORT_STATES.filter((s) => SERVICE_REPORT_PROCESS.isTerminal(s));
    expect(closed.sort()).toEqual(['acknowledged', 'cancelled', 'contest-dismissed', 'contest-upheld', 'deemed-accepted', 'withdrawn']);
  });

  it('leaves deemed acceptance and reminders to the system, decisions to managers', () => {
    expect(codeOf(attempt('awaiting-acknowledgement', 'deem-accept', 'caseworker', '360102002'))).toBe('ROLE_NOT_PERMITTED');
    expect(codeOf(attempt('awaiting-acknowledgement', 'deem-accept', 'system'))).toBeUndefined();
    expect(codeOf(attempt('contested', 'uphold-contest', 'caseworker', '36'))).toBe('ROLE_NOT_PERMITTED');
  });
});

describe('the acting office', () => {
  it('lets the registration office acknowledge and contest, and no other office', () => {
    expect(codeOf(attempt('awaiting-acknowledgement', 'acknowledge', 'caseworker', '360102002'))).toBeUndefined();
    expect(codeOf(attempt('awaiting-acknowledgement', 'contest', 'caseworker', '360102002'))).toBeUndefined();
    expect(codeOf(attempt('awaiting-acknowledgement', 'acknowledge', 'caseworker', '440306017'))).toBe('ROLE_NOT_PERMITTED:acting-office');
    expect(codeOf(attempt('awaiting-acknowledgement', 'contest', 'caseworker', '360102004'))).toBe('ROLE_NOT_PERMITTED:acting-office');
  });

  it('lets the filing office correct and withdraw, and not the registration office', () => {
    expect(codeOf(attempt('contested', 'correct', 'caseworker', '440306017'))).toBeUndefined();
    expect(codeOf(attempt('awaiting-acknowledgement', 'withdraw', 'caseworker', '440306017'))).toBeUndefined();
    expect(codeOf(attempt('contested', 'withdraw', 'caseworker', '360102002'))).toBe('ROLE_NOT_PERMITTED:acting-office');
  });

  it('lets only the arbitrator office decide, and refuses when there is none', () => {
    expect(codeOf(attempt('contested', 'dismiss-contest', 'manager', '36'))).toBeUndefined();
    expect(codeOf(attempt('contested', 'uphold-contest', 'manager', '360102'))).toBe('ROLE_NOT_PERMITTED:acting-office');
    expect(codeOf(attempt('contested', 'uphold-contest', 'manager', '36', { ...FACTS, arbitratorOfficeCode: null }))).toBe(
      'BUSINESS_RULE_VIOLATED:arbitrator-required',
    );
  });

  it('refuses a person whose office is not known', () => {
    expect(codeOf(attempt('awaiting-acknowledgement', 'acknowledge', 'caseworker'))).toBe('ROLE_NOT_PERMITTED:acting-office');
  });

  it('offers each office its own buttons', () => {
    const offered = (state: ServiceReportState, actorRole: Actor, actorOfficeCode: string) =>
      SERVICE_REPORT_PROCESS.allowedActionsFor({ state, actorRole, actorOfficeCode, facts: FACTS });
    expect(offered('awaiting-acknowledgement', 'caseworker', '360102002')).toEqual(['acknowledge', 'contest']);
    expect(offered('awaiting-acknowledgement', 'caseworker', '440306017')).toEqual(['correct', 'withdraw']);
    expect(offered('contested', 'manager', '36')).toEqual(['uphold-contest', 'dismiss-contest']);
    // A manager above the filing office may cancel the report, and decide nothing.
    expect(offered('contested', 'manager', '440306')).toEqual(['cancel']);
    expect(offered('acknowledged', 'caseworker', '360102002')).toEqual([]);
  });
});

describe('service report payloads', () => {
  const today = '2026-03-10';
  const fields = (action: ServiceReportAction, payload: unknown) => validateServiceReportPayload(action, payload, today).map((v) => `${v.field}:${v.rule}`);

  it('refuses a contest without a reason from the list, or without evidence', () => {
    expect(fields('contest', { evidenceNote: 'seen the register' })).toEqual(['reason:one-of']);
    expect(fields('contest', { reason: 'no-reason', evidenceNote: 'x' })).toEqual(['reason:one-of']);
    expect(fields('contest', { reason: '', evidenceNote: 'x' })).toEqual(['reason:one-of']);
    expect(fields('contest', { reason: 'wrong-person' })).toEqual(['evidenceNote:required']);
    expect(fields('contest', { reason: 'wrong-person', evidenceNote: '   ' })).toEqual(['evidenceNote:required']);
    for (const reason of CONTEST_REASONS) expect(fields('contest', { reason, evidenceNote: 'register entry 12' })).toEqual([]);
  });

  it('asks a decision and a withdrawal for a reason', () => {
    expect(fields('uphold-contest', {})).toEqual(['reason:required']);
    expect(fields('dismiss-contest', { reason: 'the register shows the person' })).toEqual([]);
    expect(fields('withdraw', { reason: 7 })).toEqual(['reason:string']);
  });

  it('asks a correction for a reason and at least one changed field, each valid', () => {
    expect(fields('correct', { reason: 'typo' })).toEqual(['serviceType:correction-required']);
    expect(fields('correct', { reason: 'typo', serviceDate: '2026-03-11' })).toEqual(['serviceDate:not-in-future']);
    expect(fields('correct', { reason: 'typo', serviceType: 'counselling' })).toEqual([]);
    expect(fields('correct', { serviceType: 'haircut' })).toEqual(['reason:required', 'serviceType:one-of']);
  });

  it('checks a report as filed', () => {
    const check = (body: Record<string, unknown>) => validateServiceReportContent(body, today).map((v) => `${v.field}:${v.rule}`);
    expect(check({ serviceType: 'free-health-check', serviceDate: '2026-03-09', outcome: 'completed' })).toEqual([]);
    expect(check({ serviceType: 'x', serviceDate: '2026-02-30', outcome: 'fine', note: 'a'.repeat(2001) })).toEqual([
      'serviceType:one-of',
      'serviceDate:date',
      'outcome:one-of',
      'note:max-length',
    ]);
  });
});

describe('the acknowledgement clock', () => {
  const calendar = realCalendar();

  it('reminds half way and at the deadline, and deems accepted after the grace period, in working days', () => {
    // Filed Friday 2025-09-26 (Beijing noon). The National Day holiday runs 1–8 October 2025, with
    // Sunday 28 September and Saturday 11 October as make-up working days.
    const clock = serviceReportClock({
      calendar,
      startedAt: new Date('2025-09-26T04:00:00Z'),
      acknowledgementWorkingDays: 4,
      graceWorkingDays: 2,
    });
    // Working days after the 26th: 28 Sep (Sun, make-up), 29, 30, then 9 Oct, 10 Oct, 11 Oct (Sat, make-up).
    expect(clock.reminderAts.map((d) => d.toISOString())).toEqual(['2025-09-29T15:59:59.999Z', '2025-10-09T15:59:59.999Z']);
    expect(clock.deadlineAt.toISOString()).toBe('2025-10-09T15:59:59.999Z');
    expect(clock.finalDeadlineAt.toISOString()).toBe('2025-10-11T15:59:59.999Z');
  });
});
