import {
  CERTIFICATE_APPLICATION_TRANSITIONS,
  MONITORING_ROLES,
  mayChangeRecords,
  READ_ONLY_ROLES,
  RESIDENCE_REGISTRATION_TRANSITIONS,
  ROLES,
  SERVICE_REPORT_TRANSITIONS,
  SYSTEM_ACTOR,
  isRole,
  type CaseTransition,
} from '../../../libs/domain';

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

describe('read-only roles', () => {
  it('lets auditors change nothing, and every other role act as the process tables allow', () => {
    expect(ROLES.filter((role) => !mayChangeRecords(role))).toEqual(['auditor']);
  });

  it('gives them no action in any process table, nor on the stuck list (the api refuses them any change besides)', () => {
    const tables: Array<Record<string, CaseTransition<string>>> = [CERTIFICATE_APPLICATION_TRANSITIONS, SERVICE_REPORT_TRANSITIONS, RESIDENCE_REGISTRATION_TRANSITIONS];
    for (const table of tables) {
      for (const [action, transition] of Object.entries(table)) {
        expect({ action, readOnlyActors: transition.actors.filter((a) => (READ_ONLY_ROLES as readonly string[]).includes(a)) }).toEqual({ action, readOnlyActors: [] });
      }
    }
    expect(MONITORING_ROLES.filter((r) => (READ_ONLY_ROLES as readonly string[]).includes(r))).toEqual([]);
  });
});
