import {
  Actor,
  CERTIFICATE_APPLICATION_ACTIONS,
  CERTIFICATE_APPLICATION_STATES,
  CERTIFICATE_APPLICATION_TRANSITIONS,
  CertificateApplicationAction,
  CertificateApplicationState,
  DomainError,
  TERMINAL_CERTIFICATE_APPLICATION_STATES,
  CERTIFICATE_APPLICATION_PROCESS,
  httpStatusForDomainError,
} from '../../../libs/domain';

// The process's own functions, as the engine, the workflow and the api call them.
const {
  allowedActions,
  isActionAllowedInState,
  isActorPermitted,
  isAction: isCertificateApplicationAction,
  isState: isCertificateApplicationState,
  isTerminal,
  nextState,
} = CERTIFICATE_APPLICATION_PROCESS;
const assertActionAllowed = ({ reviewerUserId, ...attempt }: {
  state: CertificateApplicationState;
  action: CertificateApplicationAction;
  actorRole: Actor;
  actorUserId?: string;
  reviewerUserId?: string;
  actorOfficeCode?: string;
}): void => CERTIFICATE_APPLICATION_PROCESS.assertAllowed({ actorOfficeCode: '360102', ...attempt, facts: { reviewerUserId, officeCode: '360102002' } });

type State = CertificateApplicationState;
type Action = CertificateApplicationAction;

const STATES: readonly State[] = [
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
];

const ACTIONS: readonly Action[] = [
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
];

const ACTORS: readonly Actor[] = ['system', 'caseworker', 'approver', 'manager', 'auditor', 'office-admin'];

/**
 * Written out by hand, row by row: the resulting state for every allowed (state, action) pair. A pair
 * that is absent is not allowed. This is the specification the table is checked against.
 */
const EXPECTED_NEXT_STATE: Record<State, Partial<Record<Action, State>>> = {
  submitted: {
    'start-registry-check': 'registry-check',
    'skip-registry-check': 'under-review',
    withdraw: 'withdrawn',
    'send-reminder': 'submitted',
    escalate: 'submitted',
    cancel: 'cancelled',
    reassign: 'submitted',
  },
  'registry-check': {
    'record-registry-result': 'under-review',
    withdraw: 'withdrawn',
    'send-reminder': 'registry-check',
    escalate: 'registry-check',
    cancel: 'cancelled',
    reassign: 'registry-check',
  },
  'under-review': {
    review: 'awaiting-approval',
    'request-information': 'awaiting-applicant',
    reject: 'rejected',
    withdraw: 'withdrawn',
    'send-reminder': 'under-review',
    escalate: 'under-review',
    cancel: 'cancelled',
    reassign: 'under-review',
  },
  'awaiting-applicant': {
    'supply-information': 'under-review',
    withdraw: 'withdrawn',
    lapse: 'lapsed',
    'send-reminder': 'awaiting-applicant',
    escalate: 'awaiting-applicant',
    cancel: 'cancelled',
    reassign: 'awaiting-applicant',
  },
  'awaiting-approval': {
    'request-information': 'awaiting-applicant',
    approve: 'issued',
    reject: 'rejected',
    withdraw: 'withdrawn',
    'send-reminder': 'awaiting-approval',
    escalate: 'awaiting-approval',
    cancel: 'cancelled',
    reassign: 'awaiting-approval',
  },
  issued: {},
  rejected: {},
  withdrawn: {},
  lapsed: {},
  cancelled: {},
};

/**
 * Who may take each action, by hand: S = system, C = caseworker, A = approver, M = manager,
 * U = auditor, O = office admin.
 *                                   S  C  A  M  U  O
 */
const PERMITTED: Record<Action, readonly Actor[]> = {
  submit: /*                      */ ['system'],
  'start-registry-check': /*      */ ['system'],
  'record-registry-result': /*    */ ['system'],
  'skip-registry-check': /*       */ ['system'],
  review: /*                      */ ['caseworker', 'manager'],
  'request-information': /*       */ ['caseworker', 'approver', 'manager'],
  'supply-information': /*        */ ['caseworker', 'manager'],
  approve: /*                     */ ['approver'],
  reject: /*                      */ ['approver'],
  withdraw: /*                    */ ['caseworker', 'manager'],
  lapse: /*                       */ ['system'],
  'send-reminder': /*             */ ['system', 'manager'],
  escalate: /*                    */ ['system', 'manager'],
  cancel: /*                      */ ['manager'],
  reassign: /*                    */ ['manager'],
};

const STATE_ACTION_PAIRS = STATES.flatMap((state) => ACTIONS.map((action) => [state, action] as const));

describe('certificate application state machine', () => {
  it('has exactly the specified states, actions and terminal states', () => {
    expect(CERTIFICATE_APPLICATION_STATES).toEqual(STATES);
    expect(CERTIFICATE_APPLICATION_ACTIONS).toEqual(ACTIONS);
    expect(TERMINAL_CERTIFICATE_APPLICATION_STATES).toEqual(['issued', 'rejected', 'withdrawn', 'lapsed', 'cancelled']);
    expect(Object.keys(CERTIFICATE_APPLICATION_TRANSITIONS).sort()).toEqual([...ACTIONS].sort());
  });

  it.each(STATES)('isTerminal(%s)', (state) => {
    expect(isTerminal(state)).toBe(['issued', 'rejected', 'withdrawn', 'lapsed', 'cancelled'].includes(state));
  });

  describe.each(STATE_ACTION_PAIRS)('in state %s, action %s', (state, action) => {
    const expected = EXPECTED_NEXT_STATE[state][action];

    if (expected === undefined) {
      it('is not allowed', () => {
        expect(isActionAllowedInState(state, action)).toBe(false);
        expect(() => nextState(state, action)).toThrow(
          expect.objectContaining({ code: 'ACTION_NOT_ALLOWED_IN_STATE', details: { state, action } }),
        );
      });
    } else {
      it(`is allowed and leads to ${expected}`, () => {
        expect(isActionAllowedInState(state, action)).toBe(true);
        expect(nextState(state, action)).toBe(expected);
      });
    }
  });

  describe.each(ACTIONS.flatMap((action) => ACTORS.map((actor) => [action, actor] as const)))(
    'action %s by %s',
    (action, actor) => {
      const permitted = PERMITTED[action].includes(actor);
      it(permitted ? 'is permitted' : 'is not permitted', () => {
        expect(isActorPermitted(action, actor)).toBe(permitted);
      });
    },
  );

  it('lets auditors and office admins take no action at all', () => {
    for (const state of STATES) {
      expect(allowedActions(state, 'auditor')).toEqual([]);
      expect(allowedActions(state, 'office-admin')).toEqual([]);
    }
  });

  it.each([
    ['submitted', 'system', ['start-registry-check', 'skip-registry-check', 'send-reminder', 'escalate']],
    ['submitted', 'caseworker', ['withdraw']],
    ['registry-check', 'system', ['record-registry-result', 'send-reminder', 'escalate']],
    ['under-review', 'caseworker', ['review', 'request-information', 'withdraw']],
    ['under-review', 'approver', ['request-information', 'reject']],
    ['under-review', 'manager', ['review', 'request-information', 'withdraw', 'send-reminder', 'escalate', 'cancel', 'reassign']],
    ['awaiting-applicant', 'caseworker', ['supply-information', 'withdraw']],
    ['awaiting-applicant', 'system', ['lapse', 'send-reminder', 'escalate']],
    ['awaiting-approval', 'approver', ['request-information', 'approve', 'reject']],
    ['awaiting-approval', 'caseworker', ['request-information', 'withdraw']],
    ['awaiting-approval', 'manager', ['request-information', 'withdraw', 'send-reminder', 'escalate', 'cancel', 'reassign']],
    ['issued', 'manager', []],
    ['lapsed', 'system', []],
  ] as const)('allowedActions(%s, %s) is %j', (state, actor, expected) => {
    expect(allowedActions(state, actor)).toEqual(expected);
  });

  it.each(STATES.flatMap((state) => ACTORS.map((actor) => [state, actor] as const)))(
    'allowedActions(%s, %s) is the intersection of the two hand-written matrices',
    (state, actor) => {
      const expected = ACTIONS.filter(
        (action) => EXPECTED_NEXT_STATE[state][action] !== undefined && PERMITTED[action].includes(actor),
      );
      expect(allowedActions(state, actor)).toEqual(expected);
    },
  );

  it('recognises states and actions', () => {
    expect(isCertificateApplicationState('under-review')).toBe(true);
    expect(isCertificateApplicationState('expired')).toBe(false);
    expect(isCertificateApplicationAction('approve')).toBe(true);
    expect(isCertificateApplicationAction('delete')).toBe(false);
    expect(isCertificateApplicationAction(undefined)).toBe(false);
  });
});

describe('assertActionAllowed', () => {
  function attempt(state: State, action: Action, actorRole: Actor): unknown {
    try {
      assertActionAllowed({ state, action, actorRole, actorUserId: 'approver-1', reviewerUserId: 'caseworker-1' });
      return 'ok';
    } catch (error) {
      return error;
    }
  }

  const TRIPLES = STATE_ACTION_PAIRS.flatMap(([state, action]) =>
    ACTORS.map((actor) => [state, action, actor] as const),
  );

  it('lets only a manager at or above the owning office cancel', () => {
    const cancel = (actorOfficeCode: string) => () => assertActionAllowed({ state: 'registry-check', action: 'cancel', actorRole: 'manager', actorOfficeCode });
    expect(cancel('360102')).not.toThrow();
    expect(cancel('360102002')).not.toThrow();
    expect(cancel('440306')).toThrow(expect.objectContaining({ code: 'ROLE_NOT_PERMITTED', details: expect.objectContaining({ rule: 'owning-office-manager' }) }));
    expect(cancel('360102004')).toThrow(expect.objectContaining({ code: 'ROLE_NOT_PERMITTED' }));
  });

  it.each(TRIPLES)('%s / %s / %s', (state, action, actor) => {
    const outcome = attempt(state, action, actor);
    if (!PERMITTED[action].includes(actor)) {
      expect(outcome).toBeInstanceOf(DomainError);
      expect(outcome).toMatchObject({ code: 'ROLE_NOT_PERMITTED', details: { role: actor, action } });
    } else if (EXPECTED_NEXT_STATE[state][action] === undefined) {
      expect(outcome).toBeInstanceOf(DomainError);
      expect(outcome).toMatchObject({ code: 'ACTION_NOT_ALLOWED_IN_STATE', details: { state, action } });
    } else {
      expect(outcome).toBe('ok');
    }
  });

  it('checks the role before the state', () => {
    expect(attempt('issued', 'approve', 'caseworker')).toMatchObject({ code: 'ROLE_NOT_PERMITTED' });
  });

  it('refuses approval by the person who reviewed (four eyes), as a 422', () => {
    const call = () =>
      assertActionAllowed({
        state: 'awaiting-approval',
        action: 'approve',
        actorRole: 'approver',
        actorUserId: 'u-7',
        reviewerUserId: 'u-7',
      });
    expect(call).toThrow(expect.objectContaining({ code: 'SAME_PERSON_REVIEW_AND_APPROVAL' }));
    expect(httpStatusForDomainError('SAME_PERSON_REVIEW_AND_APPROVAL')).toBe(422);
  });

  it.each([
    [{ actorUserId: 'u-1' }],
    [{ reviewerUserId: 'u-2' }],
    [{}],
    [{ actorUserId: '', reviewerUserId: '' }],
  ])('refuses approval when the four-eyes rule cannot be checked (%j)', (ids) => {
    expect(() =>
      assertActionAllowed({ state: 'awaiting-approval', action: 'approve', actorRole: 'approver', ...ids }),
    ).toThrow(
      expect.objectContaining({
        code: 'BUSINESS_RULE_VIOLATED',
        details: expect.objectContaining({ rule: 'four-eyes-identities-required' }),
      }),
    );
  });

  it('applies the four-eyes rule only to approval', () => {
    expect(() =>
      assertActionAllowed({
        state: 'awaiting-approval',
        action: 'reject',
        actorRole: 'approver',
        actorUserId: 'u-7',
        reviewerUserId: 'u-7',
      }),
    ).not.toThrow();
  });
});
