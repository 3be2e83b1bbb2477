import {
  assertMayEditWorkingCalendar,
  DomainError,
  mayEditWorkingCalendar,
  ROLES,
  workingCalendarEditRefusal,
  type Role,
} from '../../../libs/domain';

describe('who may edit the working calendar', () => {
  it('is an office admin of a province-level office', () => {
    expect(mayEditWorkingCalendar({ role: 'office-admin', officeCode: '36' })).toBe(true);
    expect(mayEditWorkingCalendar({ role: 'office-admin', officeCode: '44' })).toBe(true);
    expect(workingCalendarEditRefusal({ role: 'office-admin', officeCode: '36' })).toBeNull();
  });

  it.each([
    ['3601', 'city'],
    ['360102', 'county'],
    ['360102002', 'township'],
    ['360102002001', 'community'],
  ])('is not an office admin of %s (a %s-level office)', (officeCode, level) => {
    expect(workingCalendarEditRefusal({ role: 'office-admin', officeCode })).toBe('office-level');
    let thrown: unknown;
    try {
      assertMayEditWorkingCalendar({ role: 'office-admin', officeCode });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect(thrown).toMatchObject({ code: 'ROLE_NOT_PERMITTED', details: { role: 'office-admin', officeLevel: level, rule: 'province-office-admin' } });
    expect((thrown as Error).message).toContain(`${level}-level`);
  });

  it.each(ROLES.filter((role) => role !== 'office-admin'))('is no %s, even at a province office', (role: Role) => {
    expect(workingCalendarEditRefusal({ role, officeCode: '36' })).toBe('role');
    expect(() => assertMayEditWorkingCalendar({ role, officeCode: '36' })).toThrow(
      expect.objectContaining({ code: 'ROLE_NOT_PERMITTED', details: expect.objectContaining({ role, rule: 'province-office-admin' }) }),
    );
  });

  it.each(['', '3', '360', '00', '3600', 'ab', '360102002x'])('fails closed on an office code that is not one (%j)', (officeCode) => {
    expect(mayEditWorkingCalendar({ role: 'office-admin', officeCode })).toBe(false);
    expect(() => assertMayEditWorkingCalendar({ role: 'office-admin', officeCode })).toThrow(
      expect.objectContaining({ code: 'ROLE_NOT_PERMITTED', details: expect.objectContaining({ officeLevel: null }) }),
    );
  });

  it('lets a province admin through without throwing', () => {
    expect(() => assertMayEditWorkingCalendar({ role: 'office-admin', officeCode: '36' })).not.toThrow();
  });
});
