import {
  IDENTITY_NUMBER_WEIGHTS,
  identityNumberCheckCharacter,
  isValidIdentityNumber,
  maskIdentityNumber,
  maskName,
  normalizeIdentityNumber,
  parseIdentityNumber,
} from '../../../libs/domain';

/**
 * ISO 7064 MOD 11-2 computed the standard's other way (recursive, no weight table), so the library's
 * weighted sum is checked against an independent formula.
 */
function iso7064CheckCharacter(first17: string): string {
  let p = 0;
  for (const digit of first17) p = ((p + Number(digit)) * 2) % 11;
  const value = (12 - p) % 11;
  return value === 10 ? 'X' : String(value);
}

function withCheck(first17: string): string {
  return first17 + iso7064CheckCharacter(first17);
}

const FEMALE_EXAMPLE = '11010519491231002X';
const MALE_EXAMPLE = '440524188001010014';

describe('resident identity number check character', () => {
  it('uses the weights of GB 11643-1999', () => {
    expect(IDENTITY_NUMBER_WEIGHTS).toEqual([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]);
  });

  it.each([FEMALE_EXAMPLE, MALE_EXAMPLE])('validates the published example %s', (number) => {
    expect(isValidIdentityNumber(number)).toBe(true);
    expect(identityNumberCheckCharacter(number.slice(0, 17))).toBe(number.charAt(17));
    expect(iso7064CheckCharacter(number.slice(0, 17))).toBe(number.charAt(17));
  });

  it('agrees with the recursive ISO 7064 formula on many bodies, covering all eleven check characters', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i += 1) {
      const first17 = `36010219900${String(i * 379).padStart(6, '0')}`;
      const check = identityNumberCheckCharacter(first17);
      expect(check).toBe(iso7064CheckCharacter(first17));
      seen.add(check);
    }
    expect([...seen].sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X']);
  });

  it('refuses a body that is not 17 digits', () => {
    expect(() => identityNumberCheckCharacter('1234')).toThrow(RangeError);
    expect(() => identityNumberCheckCharacter('1101051949123100X')).toThrow(RangeError);
  });

  it.each([FEMALE_EXAMPLE, MALE_EXAMPLE])('detects every single-digit error in %s', (number) => {
    for (let position = 0; position < 17; position += 1) {
      for (let digit = 0; digit <= 9; digit += 1) {
        if (String(digit) === number.charAt(position)) continue;
        const typo = number.slice(0, position) + String(digit) + number.slice(position + 1);
        expect(isValidIdentityNumber(typo)).toBe(false);
      }
    }
  });

  it.each([FEMALE_EXAMPLE, MALE_EXAMPLE])('refuses every wrong check character for %s', (number) => {
    for (const check of '0123456789X') {
      if (check === number.charAt(17)) continue;
      expect(parseIdentityNumber(number.slice(0, 17) + check)).toEqual({
        ok: false,
        rule: 'identity-number-check-character',
      });
    }
  });
});

describe('parseIdentityNumber', () => {
  it('reads address code, birth date, sequence and sex', () => {
    expect(parseIdentityNumber(FEMALE_EXAMPLE)).toEqual({
      ok: true,
      value: {
        normalized: FEMALE_EXAMPLE,
        addressCode: '110105',
        birthDate: '1949-12-31',
        sequence: '002',
        sex: 'female',
        checkCharacter: 'X',
      },
    });
    expect(parseIdentityNumber(MALE_EXAMPLE)).toEqual({
      ok: true,
      value: {
        normalized: MALE_EXAMPLE,
        addressCode: '440524',
        birthDate: '1880-01-01',
        sequence: '001',
        sex: 'male',
        checkCharacter: '4',
      },
    });
  });

  it('accepts a lower-case x and normalises it to X', () => {
    const result = parseIdentityNumber('11010519491231002x');
    expect(result.ok && result.value.normalized).toBe(FEMALE_EXAMPLE);
    expect(result.ok && result.value.checkCharacter).toBe('X');
    expect(isValidIdentityNumber('11010519491231002x')).toBe(true);
    expect(normalizeIdentityNumber(' 11010519491231002x ')).toBe(FEMALE_EXAMPLE);
  });

  it('ignores surrounding whitespace but nothing inside', () => {
    expect(isValidIdentityNumber(`  ${MALE_EXAMPLE}\n`)).toBe(true);
    expect(isValidIdentityNumber('440524 188001010014')).toBe(false);
  });

  it.each([
    ['odd sequence', '360102199003150011', 'male'],
    ['even sequence', '360102199003150020', 'female'],
    ['sequence 999', '360102199003159990', 'male'],
    ['sequence 000', '360102199003150000', 'female'],
  ])('sex from %s', (_label, raw, sex) => {
    const result = parseIdentityNumber(withCheck(raw.slice(0, 17)));
    expect(result.ok && result.value.sex).toBe(sex);
  });

  it.each([
    ['', 'empty'],
    ['11010519491231002', '17 characters'],
    ['11010519491231002X1', '19 characters'],
    ['110105491231002', 'old 15-digit form'],
    ['1101051949123100XX', 'X before the last position'],
    ['11010519491231002Y', 'letter other than X'],
    ['１１０１０５１９４９１２３１００２Ｘ', 'full-width digits'],
  ])('refuses the format of %p (%s)', (raw) => {
    expect(parseIdentityNumber(raw)).toEqual({ ok: false, rule: 'identity-number-format' });
  });

  it.each([
    ['36010219490230', 'February 30'],
    ['36010220230229', 'February 29 in a common year'],
    ['36010219001301', 'month 13'],
    ['36010219000001', 'month 00'],
    ['36010219000100', 'day 00'],
    ['36010219000431', 'April 31'],
    ['36010217991231', 'before 1800'],
  ])('refuses a birth date that does not exist (%s)', (bodyPrefix) => {
    expect(parseIdentityNumber(withCheck(`${bodyPrefix}001`))).toEqual({
      ok: false,
      rule: 'identity-number-birth-date',
    });
  });

  it('accepts 29 February in a leap year, including 2000', () => {
    expect(parseIdentityNumber(withCheck('36010220240229001')).ok).toBe(true);
    expect(parseIdentityNumber(withCheck('36010220000229001')).ok).toBe(true);
    expect(parseIdentityNumber(withCheck('36010219000229001')).ok).toBe(false);
  });

  it('refuses a birth date after today only when today is given', () => {
    const bornTomorrow = withCheck('36010220260316001');
    expect(parseIdentityNumber(bornTomorrow).ok).toBe(true);
    expect(parseIdentityNumber(bornTomorrow, { today: '2026-03-15' })).toEqual({
      ok: false,
      rule: 'identity-number-birth-date-in-future',
    });
    expect(parseIdentityNumber(bornTomorrow, { today: '2026-03-16' }).ok).toBe(true);
  });
});

describe('maskIdentityNumber', () => {
  it('keeps the first 6 and the last 4 characters', () => {
    expect(maskIdentityNumber(FEMALE_EXAMPLE)).toBe('110105********002X');
    expect(maskIdentityNumber(MALE_EXAMPLE)).toBe('440524********0014');
  });

  it('normalises before masking', () => {
    expect(maskIdentityNumber(' 11010519491231002x ')).toBe('110105********002X');
  });

  it('masks other lengths the same way and never shows a short value whole', () => {
    expect(maskIdentityNumber('110105491231002')).toBe('110105*****1002');
    expect(maskIdentityNumber('12345678901')).toBe('123456*8901');
    expect(maskIdentityNumber('1234567890')).toBe('**********');
    expect(maskIdentityNumber('123')).toBe('***');
    expect(maskIdentityNumber('')).toBe('');
  });

  it('hides the birth date', () => {
    expect(maskIdentityNumber(FEMALE_EXAMPLE)).not.toContain('19491231');
  });
});

describe('maskName', () => {
  it.each([
    ['张三丰', '张**'],
    ['张三', '张*'],
    ['欧阳娜娜', '欧***'],
    ['  李四 ', '李*'],
    ['买买提·艾力', '买*****'],
    ['𠀀三', '𠀀*'],
    ['张', '*'],
    ['', ''],
    ['John Smith', 'J*** S****'],
    ['Mary-Jane Smith', 'M***-J*** S****'],
    ['Li  Wei', 'L*  W**'],
    ['José Álvarez', 'J*** Á******'],
    ['Madonna', 'M******'],
    ['J Smith', '* S****'],
  ])('masks %p as %p', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });
});
