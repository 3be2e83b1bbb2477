import { defineCaseProcess, DomainError } from '../../../libs/domain';

/** A process of two states and three actions, to show the engine's rules apart from any real case type. */
const toy = defineCaseProcess({
  caseType: 'toy',
  states: ['open', 'closed'] as const,
  terminalStates: ['closed'] as const,
  actions: ['note', 'close', 'remind'] as const,
  transitions: {
    note: { from: ['open'], to: 'same', actors: ['caseworker'] },
    close: { from: ['open'], to: 'closed', actors: ['caseworker', 'manager'] },
    remind: { from: ['open'], to: 'same', actors: ['system'] },
  },
  extraRules: (attempt) => {
    if (attempt.action === 'close' && attempt.facts?.['ownerUserId'] === attempt.actorUserId) {
      throw new DomainError('BUSINESS_RULE_VIOLATED', 'not your own', { rule: 'not-own' });
    }
  },
});

const codeOf = (fn: () => void): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as DomainError).code;
  }
};

describe('defineCaseProcess', () => {
  it('moves states by the table, and keeps the state for actions that only record', () => {
    expect(toy.nextState('open', 'close')).toBe('closed');
    expect(toy.nextState('open', 'note')).toBe('open');
    expect(codeOf(() => toy.nextState('closed', 'note'))).toBe('ACTION_NOT_ALLOWED_IN_STATE');
    expect(toy.isTerminal('closed')).toBe(true);
  });

  it('checks the role first, then the state, then the extra rules', () => {
    expect(codeOf(() => toy.assertAllowed({ state: 'closed', action: 'note', actorRole: 'auditor' }))).toBe('ROLE_NOT_PERMITTED');
    expect(codeOf(() => toy.assertAllowed({ state: 'closed', action: 'note', actorRole: 'caseworker' }))).toBe('ACTION_NOT_ALLOWED_IN_STATE');
    const own = { state: 'open' as const, action: 'close' as const, actorRole: 'manager' as const, actorUserId: 'u1', facts: { ownerUserId: 'u1' } };
    expect(codeOf(() => toy.assertAllowed(own))).toBe('BUSINESS_RULE_VIOLATED');
    expect(codeOf(() => toy.assertAllowed({ ...own, actorUserId: 'u2' }))).toBeUndefined();
  });

  it('checks the role alone, whatever the state (what a validator can know while an action is in flight)', () => {
    expect(codeOf(() => toy.assertRolePermitted('remind', 'caseworker'))).toBe('ROLE_NOT_PERMITTED');
    expect(codeOf(() => toy.assertRolePermitted('close', 'manager'))).toBeUndefined();
  });

  it('lists what an actor may do now, in table order', () => {
    expect(toy.allowedActions('open', 'caseworker')).toEqual(['note', 'close']);
    expect(toy.allowedActions('closed', 'caseworker')).toEqual([]);
    expect(toy.isAction('close')).toBe(true);
    expect(toy.isState('gone')).toBe(false);
  });
});
