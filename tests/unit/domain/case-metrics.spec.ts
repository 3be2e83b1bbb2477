/**
 * What the operational metrics count of each case type (libs/domain/case-metrics.ts): read from the
 * process tables, so these pin the tables' answers and the counting of grouped log entries.
 */
import {
  CERTIFICATE_APPLICATION_PROCESS,
  COUNTED_CASE_TYPES,
  countCaseEvents,
  openingActions,
  RESIDENCE_REGISTRATION_PROCESS,
  SERVICE_REPORT_PROCESS,
  type CaseActionGroup,
} from '../../../libs/domain';

const group = (g: Partial<CaseActionGroup> & Pick<CaseActionGroup, 'caseType' | 'action' | 'toState'>): CaseActionGroup => ({
  fromState: null,
  actorRole: 'system',
  count: 1,
  ...g,
});

describe('case metrics', () => {
  it('counts the three case types', () => {
    expect(COUNTED_CASE_TYPES).toEqual(['certificate-application', 'service-report', 'residence-registration']);
  });

  it('finds each process’s opening action in its table: the one allowed from no state', () => {
    expect(openingActions(CERTIFICATE_APPLICATION_PROCESS)).toEqual(['submit']);
    expect(openingActions(SERVICE_REPORT_PROCESS)).toEqual(['file']);
    expect(openingActions(RESIDENCE_REGISTRATION_PROCESS)).toEqual(['register']);
  });

  it('answers zero for every case type when the log is empty', () => {
    expect(countCaseEvents([])).toEqual({
      'certificate-application': { opened: 0, closed: 0, deadlineBreaches: 0 },
      'service-report': { opened: 0, closed: 0, deadlineBreaches: 0 },
      'residence-registration': { opened: 0, closed: 0, deadlineBreaches: 0 },
    });
  });

  it('counts openings, entries into a final state and the system’s breach actions', () => {
    const counts = countCaseEvents([
      group({ caseType: 'certificate-application', action: 'submit', toState: 'submitted', count: 7 }),
      group({ caseType: 'certificate-application', action: 'review', fromState: 'under-review', toState: 'awaiting-approval', actorRole: 'caseworker', count: 5 }),
      group({ caseType: 'certificate-application', action: 'approve', fromState: 'awaiting-approval', toState: 'issued', actorRole: 'approver', count: 3 }),
      group({ caseType: 'certificate-application', action: 'withdraw', fromState: 'under-review', toState: 'withdrawn', actorRole: 'manager', count: 1 }),
      group({ caseType: 'certificate-application', action: 'lapse', fromState: 'awaiting-applicant', toState: 'lapsed', count: 1 }),
      group({ caseType: 'certificate-application', action: 'escalate', fromState: 'under-review', toState: 'under-review', count: 2 }),
      group({ caseType: 'service-report', action: 'file', toState: 'filed', count: 4 }),
      group({ caseType: 'service-report', action: 'deliver', fromState: 'filed', toState: 'awaiting-acknowledgement', count: 4 }),
      group({ caseType: 'service-report', action: 'deem-accept', fromState: 'awaiting-acknowledgement', toState: 'deemed-accepted', count: 2 }),
      group({ caseType: 'service-report', action: 'acknowledge', fromState: 'awaiting-acknowledgement', toState: 'acknowledged', actorRole: 'caseworker', count: 1 }),
      group({ caseType: 'residence-registration', action: 'register', toState: 'arrived', count: 3 }),
      group({ caseType: 'residence-registration', action: 'escalate-feedback', fromState: 'registered', toState: 'registered', count: 1 }),
      group({ caseType: 'residence-registration', action: 'depart', fromState: 'registered', toState: 'departed', actorRole: 'caseworker', count: 1 }),
    ]);
    expect(counts['certificate-application']).toEqual({ opened: 7, closed: 5, deadlineBreaches: 2 });
    expect(counts['service-report']).toEqual({ opened: 4, closed: 3, deadlineBreaches: 2 });
    expect(counts['residence-registration']).toEqual({ opened: 3, closed: 1, deadlineBreaches: 1 });
  });

  it('does not count a manager’s escalation as a breached deadline', () => {
    const counts = countCaseEvents([
      group({ caseType: 'certificate-application', action: 'escalate', fromState: 'under-review', toState: 'under-review', actorRole: 'manager', count: 4 }),
    ]);
    expect(counts['certificate-application']!.deadlineBreaches).toBe(0);
  });

  it('closes a case once: an entry that stays in a final state is not a second closing', () => {
    const counts = countCaseEvents([
      group({ caseType: 'residence-registration', action: 'return', fromState: 'registered', toState: 'returned', actorRole: 'caseworker' }),
      group({ caseType: 'residence-registration', action: 'a-note', fromState: 'returned', toState: 'returned', actorRole: 'caseworker' }),
    ]);
    expect(counts['residence-registration']!.closed).toBe(1);
  });

  it('leaves out entries of other types (a certificate’s own revoke or renewal) and unknown states', () => {
    const counts = countCaseEvents([
      group({ caseType: 'certificate', action: 'revoke', fromState: 'valid', toState: 'revoked', actorRole: 'approver' }),
      group({ caseType: 'certificate-application', action: 'mystery', fromState: 'under-review', toState: 'nowhere' }),
    ]);
    expect(Object.keys(counts)).toEqual(COUNTED_CASE_TYPES);
    expect(counts['certificate-application']).toEqual({ opened: 0, closed: 0, deadlineBreaches: 0 });
  });
});
