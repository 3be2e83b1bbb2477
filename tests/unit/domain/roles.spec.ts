import { ROLES, SYSTEM_ACTOR, isRole } from '../../../libs/domain';

describe('roles', () => {
  it('lists the five office roles', () => {
    expect(ROLES).toEqual(['caseworker', 'approver', 'manager', 'auditor', 'office-admin']);
  });

  it('keeps the system actor apart from the roles a person can hold', () => {
    expect(SYSTEM_ACTOR).toBe('system');
    expect(isRole(SYSTEM_ACTOR)).toBe(false);
  });

  it.each(ROLES)('recognises %s', (role) => expect(isRole(role)).toBe(true));

  it.each(['Caseworker', 'admin', 'public', '', 1, null])('refuses %p', (value) => expect(isRole(value)).toBe(false));
});
