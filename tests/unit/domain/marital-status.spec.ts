import {
  MARITAL_STATUSES,
  MaritalDeclaration,
  MaritalStatus,
  isMaritalStatus,
  validateMaritalDeclaration,
} from '../../../libs/domain';

const TODAY = '2026-03-15';
const SPOUSE_ID = '11010519491231002X';

const FULL = { marriageDate: '2015-05-20', spouseName: '李四', spouseIdentityNumber: SPOUSE_ID };

type Field = 'marriageDate' | 'spouseName' | 'spouseIdentityNumber';

/** By hand: for each status, whether each field is required or forbidden. */
const EXPECTED: Record<MaritalStatus, Record<Field, 'required' | 'forbidden'>> = {
  unmarried: { marriageDate: 'forbidden', spouseName: 'forbidden', spouseIdentityNumber: 'forbidden' },
  married: { marriageDate: 'required', spouseName: 'required', spouseIdentityNumber: 'required' },
  remarried: { marriageDate: 'required', spouseName: 'required', spouseIdentityNumber: 'required' },
  divorced: { marriageDate: 'required', spouseName: 'forbidden', spouseIdentityNumber: 'forbidden' },
  widowed: { marriageDate: 'required', spouseName: 'forbidden', spouseIdentityNumber: 'forbidden' },
};

function validDeclaration(status: MaritalStatus): MaritalDeclaration {
  const fields = Object.fromEntries(
    (Object.keys(FULL) as Field[]).filter((field) => EXPECTED[status][field] === 'required').map((f) => [f, FULL[f]]),
  );
  return { maritalStatus: status, ...fields };
}

function rulesOf(declaration: MaritalDeclaration): string[] {
  return validateMaritalDeclaration(declaration, TODAY).map((v) => `${v.field}:${v.rule}`);
}

describe('marital status', () => {
  it('lists the five statuses', () => {
    expect(MARITAL_STATUSES).toEqual(['unmarried', 'married', 'divorced', 'widowed', 'remarried']);
    expect(isMaritalStatus('married')).toBe(true);
    expect(isMaritalStatus('single')).toBe(false);
  });

  describe.each(MARITAL_STATUSES)('declared %s', (status) => {
    it('accepts exactly the required fields', () => {
      expect(validateMaritalDeclaration(validDeclaration(status), TODAY)).toEqual([]);
    });

    it.each(['marriageDate', 'spouseName', 'spouseIdentityNumber'] as const)('checks %s', (field) => {
      if (EXPECTED[status][field] === 'required') {
        for (const absent of [undefined, null, '', '  ']) {
          expect(rulesOf({ ...validDeclaration(status), [field]: absent })).toEqual([`${field}:required`]);
        }
      } else {
        expect(rulesOf({ ...validDeclaration(status), [field]: FULL[field] })).toEqual([`${field}:forbidden`]);
        // A blank value, as forms send, counts as absent.
        expect(rulesOf({ ...validDeclaration(status), [field]: '' })).toEqual([]);
        expect(rulesOf({ ...validDeclaration(status), [field]: null })).toEqual([]);
      }
    });
  });

  it('reports every broken rule at once, in field order', () => {
    expect(rulesOf({ maritalStatus: 'married', numberOfChildren: -1 })).toEqual([
      'marriageDate:required',
      'spouseName:required',
      'spouseIdentityNumber:required',
      'numberOfChildren:integer-range',
    ]);
    expect(rulesOf({ maritalStatus: 'unmarried', ...FULL })).toEqual([
      'marriageDate:forbidden',
      'spouseName:forbidden',
      'spouseIdentityNumber:forbidden',
    ]);
  });

  it('refuses an unknown status but still checks the number of children', () => {
    expect(validateMaritalDeclaration({ maritalStatus: 'single', numberOfChildren: 21 }, TODAY)).toEqual([
      {
        field: 'maritalStatus',
        rule: 'one-of',
        message: 'maritalStatus must be one of unmarried, married, divorced, widowed, remarried',
      },
      {
        field: 'numberOfChildren',
        rule: 'integer-range',
        message: 'numberOfChildren must be a whole number from 0 to 20',
      },
    ]);
  });

  describe('marriage date', () => {
    it.each([
      ['2026-03-15', []],
      ['2026-03-16', ['marriageDate:not-in-future']],
      ['2030-01-01', ['marriageDate:not-in-future']],
      ['2015-02-29', ['marriageDate:calendar-date']],
      ['20150520', ['marriageDate:calendar-date']],
      ['2015-05-20T00:00:00Z', ['marriageDate:calendar-date']],
    ])('%s → %j', (marriageDate, expected) => {
      expect(rulesOf({ maritalStatus: 'widowed', marriageDate })).toEqual(expected);
    });
  });

  describe('spouse identity number', () => {
    it('accepts a lower-case x', () => {
      expect(rulesOf({ ...validDeclaration('married'), spouseIdentityNumber: '11010519491231002x' })).toEqual([]);
    });

    it.each([
      ['11010519491231002', 'identity-number-format'],
      ['110105194912310021', 'identity-number-check-character'],
    ])('refuses %s (%s) without echoing it', (spouseIdentityNumber, rule) => {
      const violations = validateMaritalDeclaration({ ...validDeclaration('remarried'), spouseIdentityNumber }, TODAY);
      expect(violations).toEqual([
        { field: 'spouseIdentityNumber', rule, message: 'spouseIdentityNumber is not a valid resident identity number' },
      ]);
    });

    it('refuses a spouse born after today', () => {
      // 36010220260316001 + check character '8': born 16 March 2026.
      expect(rulesOf({ ...validDeclaration('married'), spouseIdentityNumber: '360102202603160018' })).toEqual([
        'spouseIdentityNumber:identity-number-birth-date-in-future',
      ]);
    });
  });

  describe('number of children', () => {
    it.each([undefined, null, 0, 1, 20])('accepts %p', (numberOfChildren) => {
      expect(rulesOf({ ...validDeclaration('divorced'), numberOfChildren })).toEqual([]);
    });

    it.each([-1, 21, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '2' as unknown as number])('refuses %p', (n) => {
      expect(rulesOf({ ...validDeclaration('unmarried'), numberOfChildren: n })).toEqual([
        'numberOfChildren:integer-range',
      ]);
    });
  });

  it('needs a real today', () => {
    expect(() => validateMaritalDeclaration(validDeclaration('unmarried'), '2026-13-01')).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED', details: { field: 'today', rule: 'calendar-date' } }),
    );
  });
});
