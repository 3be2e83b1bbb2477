import {
  OFFICE_CODE_LENGTHS,
  OFFICE_LEVELS,
  ancestorCodesOf,
  isAncestorOrSelf,
  isValidOfficeCode,
  levelForCode,
  parentCodeOf,
} from '../../../libs/domain';
import { divisions } from './fixtures/reference-data';

describe('office levels', () => {
  it('orders the levels from province down, with their code lengths', () => {
    expect(OFFICE_LEVELS).toEqual(['province', 'city', 'county', 'township', 'community']);
    expect(OFFICE_CODE_LENGTHS).toEqual({ province: 2, city: 4, county: 6, township: 9, community: 12 });
  });

  describe.each(divisions())('demo division $code ($name)', ({ code, level, parentCode }) => {
    it(`is a valid ${level} code`, () => {
      expect(isValidOfficeCode(code)).toBe(true);
      expect(levelForCode(code)).toBe(level);
    });

    it('has the parent the reference data gives', () => {
      expect(parentCodeOf(code)).toBe(parentCode === '' ? undefined : parentCode);
    });

    it('is inside itself and inside each of its ancestors', () => {
      expect(isAncestorOrSelf(code, code)).toBe(true);
      for (const ancestor of ancestorCodesOf(code)) expect(isAncestorOrSelf(ancestor, code)).toBe(true);
    });
  });

  it('lists ancestors from the province down', () => {
    expect(ancestorCodesOf('360102002001')).toEqual(['36', '3601', '360102', '360102002']);
    expect(ancestorCodesOf('440306')).toEqual(['44', '4403']);
    expect(ancestorCodesOf('36')).toEqual([]);
    expect(ancestorCodesOf('nonsense')).toEqual([]);
  });

  it.each([
    ['', 'empty'],
    ['3', '1 digit'],
    ['360', '3 digits'],
    ['36010', '5 digits'],
    ['3601020', '7 digits'],
    ['3601020021', '10 digits'],
    ['36010200200', '11 digits'],
    ['3601020020011', '13 digits'],
    ['36a1', 'not digits'],
    [' 3601', 'whitespace'],
    ['00', 'zero province'],
    ['3600', 'province padded to 4'],
    ['360100', 'city padded to 6 (as at the start of an identity number)'],
    ['360102000', 'county padded to 9'],
    ['360102002000', 'township padded to 12'],
    ['360002002001', 'padded segment higher up'],
  ])('refuses %p (%s)', (code) => {
    expect(isValidOfficeCode(code)).toBe(false);
    expect(levelForCode(code)).toBeUndefined();
    expect(parentCodeOf(code)).toBeUndefined();
  });

  it('has no parent above a province', () => {
    expect(parentCodeOf('44')).toBeUndefined();
  });

  it.each([
    ['36', '360102002001', true],
    ['3601', '360121101214', true],
    ['360102', '360102004002', true],
    ['4403', '440307013022', true],
    ['36', '44', false],
    ['44', '360102', false],
    ['3601', '3604', false],
    ['3601', '360403001', false],
    ['360102002', '360102004001', false],
    ['360102002001', '360102002', false],
    ['3601', '36', false],
  ])('isAncestorOrSelf(%p, %p) is %p', (ancestor, code, expected) => {
    expect(isAncestorOrSelf(ancestor, code)).toBe(expected);
  });

  it('fails closed on invalid codes even when one is a string prefix of the other', () => {
    expect(isAncestorOrSelf('360', '3601')).toBe(false);
    expect(isAncestorOrSelf('', '3601')).toBe(false);
    expect(isAncestorOrSelf('3601', '36010')).toBe(false);
    expect(isAncestorOrSelf('3600', '360012')).toBe(false);
  });
});
