import {
  DomainError,
  OPEN_RESIDENCE_REGISTRATION_STATES,
  RESIDENCE_REGISTRATION_ACTIONS,
  RESIDENCE_REGISTRATION_PROCESS,
  RESIDENCE_REGISTRATION_STAFF_ACTIONS,
  RESIDENCE_REGISTRATION_STATES,
  ROLES,
  TERMINAL_RESIDENCE_REGISTRATION_STATES,
  isResidenceRegistrationStaffAction,
  type Actor,
  type ResidenceRegistrationAction,
  type ResidenceRegistrationState,
} from '../../../libs/domain';

// The file is held by the Xixiang township office in Shenzhen; the person's household is in Nanchang.
const RESIDENCE = '440306018';
const REGISTRATION = '360102002';
const FACTS = { residenceOfficeCode: RESIDENCE, registrationOfficeCode: REGISTRATION };

const STAFF: readonly ResidenceRegistrationAction[] = ['submit-feedback', 'transfer', 'depart', 'return'];
const SYSTEM_TIMERS: readonly ResidenceRegistrationAction[] = ['send-feedback-reminder', 'escalate-feedback'];
const CLOSED: readonly ResidenceRegistrationState[] = ['departed', 'returned', 'cancelled'];
const NON_CASEWORKERS: readonly Actor[] = ['approver', 'manager', 'auditor', 'office-admin', 'system'];

interface Attempt {
  state: ResidenceRegistrationState;
  action: ResidenceRegistrationAction;
  actorRole: Actor;
  actorOfficeCode?: string;
  facts?: Record<string, string | null | undefined>;
}

function caught(attempt: Attempt): DomainError | undefined {
  try {
    RESIDENCE_REGISTRATION_PROCESS.assertAllowed(attempt);
    return undefined;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
}

/** 'CODE' or 'CODE:rule', undefined when the attempt is allowed. */
function outcome(attempt: Attempt): string | undefined {
  const error = caught(attempt);
  if (error === undefined) return undefined;
  return error.details?.rule === undefined ? error.code : `${error.code}:${String(error.details.rule)}`;
}

function byCaseworker(state: ResidenceRegistrationState, action: ResidenceRegistrationAction, actorOfficeCode?: string, facts: Attempt['facts'] = FACTS): Attempt {
  return { state, action, actorRole: 'caseworker', ...(actorOfficeCode === undefined ? {} : { actorOfficeCode }), facts };
}

describe('residence registration table', () => {
  it('is the residence-registration case type with its five states and nine actions', () => {
    expect(RESIDENCE_REGISTRATION_PROCESS.caseType).toBe('residence-registration');
    expect([...RESIDENCE_REGISTRATION_STATES]).toEqual(['arrived', 'registered', 'departed', 'returned', 'cancelled']);
    expect([...RESIDENCE_REGISTRATION_ACTIONS].sort()).toEqual(
      ['announce-arrival', 'cancel', 'depart', 'escalate-feedback', 'register', 'return', 'send-feedback-reminder', 'submit-feedback', 'transfer'],
    );
    expect([...RESIDENCE_REGISTRATION_STAFF_ACTIONS]).toEqual(STAFF);
  });

  it('names only known states in every transition', () => {
    for (const action of RESIDENCE_REGISTRATION_ACTIONS) {
      const transition = RESIDENCE_REGISTRATION_PROCESS.transitions[action];
      for (const state of transition.from) expect(RESIDENCE_REGISTRATION_STATES).toContain(state);
      if (transition.to !== 'same') expect(RESIDENCE_REGISTRATION_STATES).toContain(transition.to);
      expect(transition.actors.length).toBeGreaterThan(0);
    }
  });

  it('closes on departure and return only; arrived and registered are open', () => {
    const terminal = RESIDENCE_REGISTRATION_STATES.filter((s) => RESIDENCE_REGISTRATION_PROCESS.isTerminal(s));
    expect(terminal.sort()).toEqual(['cancelled', 'departed', 'returned']);
    expect([...TERMINAL_RESIDENCE_REGISTRATION_STATES].sort()).toEqual(['cancelled', 'departed', 'returned']);
    expect([...OPEN_RESIDENCE_REGISTRATION_STATES].sort()).toEqual(['arrived', 'registered']);
    for (const state of OPEN_RESIDENCE_REGISTRATION_STATES) expect(RESIDENCE_REGISTRATION_PROCESS.isTerminal(state)).toBe(false);
  });

  it('recognises its own states and actions and nothing else', () => {
    expect(RESIDENCE_REGISTRATION_PROCESS.isState('registered')).toBe(true);
    expect(RESIDENCE_REGISTRATION_PROCESS.isState('closed')).toBe(false);
    expect(RESIDENCE_REGISTRATION_PROCESS.isState(undefined)).toBe(false);
    expect(RESIDENCE_REGISTRATION_PROCESS.isAction('transfer')).toBe(true);
    expect(RESIDENCE_REGISTRATION_PROCESS.isAction('acknowledge')).toBe(false);
    expect(RESIDENCE_REGISTRATION_PROCESS.isAction(42)).toBe(false);
  });

  it('tells staff actions from the api and system ones', () => {
    for (const action of STAFF) expect(isResidenceRegistrationStaffAction(action)).toBe(true);
    for (const action of ['register', 'announce-arrival', ...SYSTEM_TIMERS]) expect(isResidenceRegistrationStaffAction(action)).toBe(false);
    expect(isResidenceRegistrationStaffAction('approve')).toBe(false);
    expect(isResidenceRegistrationStaffAction('')).toBe(false);
  });
});

describe('residence registration life', () => {
  const { nextState } = RESIDENCE_REGISTRATION_PROCESS;

  it('is registered once the system announces the arrival', () => {
    expect(nextState('arrived', 'announce-arrival')).toBe('registered');
    expect(() => nextState('registered', 'announce-arrival')).toThrow(DomainError);
  });

  it('keeps the file registered through feedback, transfers, reminders and escalation', () => {
    for (const action of ['submit-feedback', 'transfer', ...SYSTEM_TIMERS] as const) {
      expect(nextState('registered', action)).toBe('registered');
    }
  });

  it('closes the file on departure or return', () => {
    expect(nextState('registered', 'depart')).toBe('departed');
    expect(nextState('registered', 'return')).toBe('returned');
  });

  it('takes no staff or timer action before the arrival is announced', () => {
    for (const action of [...STAFF, ...SYSTEM_TIMERS]) {
      expect(RESIDENCE_REGISTRATION_PROCESS.isActionAllowedInState('arrived', action)).toBe(false);
      expect(() => nextState('arrived', action)).toThrow(DomainError);
    }
  });

  it('never takes register as an action on an existing file: it only opens one', () => {
    for (const state of RESIDENCE_REGISTRATION_STATES) {
      expect(RESIDENCE_REGISTRATION_PROCESS.isActionAllowedInState(state, 'register')).toBe(false);
    }
    expect(RESIDENCE_REGISTRATION_PROCESS.transitions.register.to).toBe('arrived');
    expect(RESIDENCE_REGISTRATION_PROCESS.transitions.register.from).toEqual([]);
  });

  it.each(CLOSED)('refuses every action on a %s file with ACTION_NOT_ALLOWED_IN_STATE naming state and action', (state) => {
    for (const action of RESIDENCE_REGISTRATION_ACTIONS) {
      let error: unknown;
      try {
        nextState(state, action);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('ACTION_NOT_ALLOWED_IN_STATE');
      expect((error as DomainError).details).toEqual({ state, action });
    }
  });
});

describe('who may act', () => {
  it('leaves opening and timers to the system, and staff actions to caseworkers only', () => {
    const { isActorPermitted } = RESIDENCE_REGISTRATION_PROCESS;
    for (const action of ['register', 'announce-arrival', ...SYSTEM_TIMERS] as const) {
      expect(isActorPermitted(action, 'system')).toBe(true);
      for (const role of ROLES) expect(isActorPermitted(action, role)).toBe(false);
    }
    for (const action of STAFF) {
      expect(isActorPermitted(action, 'caseworker')).toBe(true);
      for (const actor of NON_CASEWORKERS) expect(isActorPermitted(action, actor)).toBe(false);
    }
  });

  it.each(STAFF)('lets a caseworker of the office holding the file %s it', (action) => {
    expect(outcome(byCaseworker('registered', action, RESIDENCE))).toBeUndefined();
  });

  it.each(STAFF)('refuses %s to every role but caseworker, even at the residence office, before the office rule', (action) => {
    for (const actorRole of NON_CASEWORKERS) {
      const error = caught({ state: 'registered', action, actorRole, actorOfficeCode: RESIDENCE, facts: FACTS });
      expect(error?.code).toBe('ROLE_NOT_PERMITTED');
      expect(error?.details).toEqual({ role: actorRole, action });
    }
  });

  it.each(STAFF)('refuses %s to a caseworker of any other office, with rule acting-office', (action) => {
    const error = caught(byCaseworker('registered', action, REGISTRATION));
    expect(error?.code).toBe('ROLE_NOT_PERMITTED');
    expect(error?.details).toEqual({ action, role: 'caseworker', rule: 'acting-office', office: 'residenceOfficeCode' });
  });

  it('compares offices exactly: the township above or a community below is not the residence office', () => {
    expect(outcome(byCaseworker('registered', 'submit-feedback', '440306'))).toBe('ROLE_NOT_PERMITTED:acting-office');
    expect(outcome(byCaseworker('registered', 'submit-feedback', '4403'))).toBe('ROLE_NOT_PERMITTED:acting-office');
    expect(outcome(byCaseworker('registered', 'submit-feedback', '440306018019'))).toBe('ROLE_NOT_PERMITTED:acting-office');
    expect(outcome(byCaseworker('registered', 'transfer', '440306017'))).toBe('ROLE_NOT_PERMITTED:acting-office');
  });

  it('refuses, rather than lets through, when either office is unknown', () => {
    expect(outcome(byCaseworker('registered', 'depart'))).toBe('ROLE_NOT_PERMITTED:acting-office');
    expect(outcome(byCaseworker('registered', 'depart', RESIDENCE, {}))).toBe('ROLE_NOT_PERMITTED:acting-office');
    expect(outcome({ state: 'registered', action: 'depart', actorRole: 'caseworker', actorOfficeCode: RESIDENCE })).toBe(
      'ROLE_NOT_PERMITTED:acting-office',
    );
    expect(outcome(byCaseworker('registered', 'depart', RESIDENCE, { residenceOfficeCode: null }))).toBe('ROLE_NOT_PERMITTED:acting-office');
    // Both unknown must not count as "the same office".
    expect(outcome(byCaseworker('registered', 'depart', undefined, { residenceOfficeCode: undefined }))).toBe('ROLE_NOT_PERMITTED:acting-office');
    expect(outcome(byCaseworker('registered', 'return', '', { residenceOfficeCode: '' }))).toBe('ROLE_NOT_PERMITTED:acting-office');
  });

  it('follows the file after a transfer: the new office acts, the old one no longer does', () => {
    const moved = { ...FACTS, residenceOfficeCode: '440307014' };
    expect(outcome(byCaseworker('registered', 'submit-feedback', '440307014', moved))).toBeUndefined();
    expect(outcome(byCaseworker('registered', 'submit-feedback', RESIDENCE, moved))).toBe('ROLE_NOT_PERMITTED:acting-office');
  });

  it('never lets the registration office act on the file', () => {
    for (const action of STAFF) expect(outcome(byCaseworker('registered', action, REGISTRATION))).toBe('ROLE_NOT_PERMITTED:acting-office');
  });

  it('lets the system send reminders and escalate only while the file is registered, without an office', () => {
    for (const action of SYSTEM_TIMERS) {
      expect(outcome({ state: 'registered', action, actorRole: 'system', facts: FACTS })).toBeUndefined();
      expect(outcome({ state: 'registered', action, actorRole: 'system' })).toBeUndefined();
      expect(outcome({ state: 'arrived', action, actorRole: 'system', facts: FACTS })).toBe('ACTION_NOT_ALLOWED_IN_STATE');
      for (const state of CLOSED) expect(outcome({ state, action, actorRole: 'system', facts: FACTS })).toBe('ACTION_NOT_ALLOWED_IN_STATE');
      expect(outcome(byCaseworker('registered', action, RESIDENCE))).toBe('ROLE_NOT_PERMITTED');
    }
  });

  it('lets the system announce an arrival once, and no person', () => {
    expect(outcome({ state: 'arrived', action: 'announce-arrival', actorRole: 'system' })).toBeUndefined();
    expect(outcome({ state: 'registered', action: 'announce-arrival', actorRole: 'system' })).toBe('ACTION_NOT_ALLOWED_IN_STATE');
    expect(outcome(byCaseworker('arrived', 'announce-arrival', RESIDENCE))).toBe('ROLE_NOT_PERMITTED');
  });

  it('answers a closed file with ACTION_NOT_ALLOWED_IN_STATE, checked before the office', () => {
    for (const state of CLOSED) {
      for (const action of STAFF) {
        const own = caught(byCaseworker(state, action, RESIDENCE));
        expect(own?.code).toBe('ACTION_NOT_ALLOWED_IN_STATE');
        expect(own?.details).toEqual({ state, action });
        expect(outcome(byCaseworker(state, action, REGISTRATION))).toBe('ACTION_NOT_ALLOWED_IN_STATE');
      }
    }
  });

  it('answers a staff action on a file not yet registered with ACTION_NOT_ALLOWED_IN_STATE', () => {
    for (const action of STAFF) expect(outcome(byCaseworker('arrived', action, RESIDENCE))).toBe('ACTION_NOT_ALLOWED_IN_STATE');
  });
});

describe('the buttons', () => {
  const offered = (state: ResidenceRegistrationState, actorRole: Actor, actorOfficeCode?: string, facts: Attempt['facts'] = FACTS) =>
    RESIDENCE_REGISTRATION_PROCESS.allowedActionsFor({ state, actorRole, ...(actorOfficeCode === undefined ? {} : { actorOfficeCode }), facts });

  it('offers the residence office its four actions on a registered file, in table order', () => {
    expect(offered('registered', 'caseworker', RESIDENCE)).toEqual(['submit-feedback', 'transfer', 'depart', 'return']);
  });

  it('offers other offices and other roles nothing', () => {
    expect(offered('registered', 'caseworker', REGISTRATION)).toEqual([]);
    expect(offered('registered', 'caseworker', '440306')).toEqual([]);
    expect(offered('registered', 'caseworker')).toEqual([]);
    expect(offered('registered', 'caseworker', RESIDENCE, {})).toEqual([]);
    for (const role of ['approver', 'auditor', 'office-admin'] as const) expect(offered('registered', role, RESIDENCE)).toEqual([]);
    // A manager may only cancel (through the monitoring actions), never act for the office.
    expect(offered('registered', 'manager', RESIDENCE)).toEqual(['cancel']);
  });

  it('offers nothing on a closed file, to anyone', () => {
    for (const state of CLOSED) {
      expect(offered(state, 'caseworker', RESIDENCE)).toEqual([]);
      expect(offered(state, 'system')).toEqual([]);
      expect(offered(state, 'manager', RESIDENCE)).toEqual([]);
    }
  });

  it('offers a person nothing before the arrival is announced', () => {
    expect(offered('arrived', 'caseworker', RESIDENCE)).toEqual([]);
  });

  it('lets the workflow accept what the system does in each state', () => {
    expect(offered('arrived', 'system')).toEqual(['announce-arrival']);
    expect(offered('registered', 'system')).toEqual(['send-feedback-reminder', 'escalate-feedback']);
  });

  it('narrows the table-only list by the office rule', () => {
    expect(RESIDENCE_REGISTRATION_PROCESS.allowedActions('registered', 'caseworker')).toEqual(['submit-feedback', 'transfer', 'depart', 'return']);
    expect(RESIDENCE_REGISTRATION_PROCESS.allowedActions('registered', 'system')).toEqual(['send-feedback-reminder', 'escalate-feedback']);
    expect(RESIDENCE_REGISTRATION_PROCESS.allowedActions('departed', 'caseworker')).toEqual([]);
    expect(offered('registered', 'caseworker', REGISTRATION)).toEqual([]);
  });
});
