import { findUnstorableText, NO_LONE_SURROGATE, NO_NUL_CHARACTER, unstorableTextRule } from '../../../libs/domain';

describe('storable text', () => {
  it('accepts ordinary text, CJK, emoji (surrogate pairs) and control characters other than NUL', () => {
    for (const text of ['', 'copy received', '李娜 滕王阁街道', 'family 👨‍👩‍👧', 'tab\tnewline\n\u0001', '\uFFFD']) {
      expect(unstorableTextRule(text)).toBeUndefined();
    }
  });

  it('refuses U+0000 anywhere in a string', () => {
    expect(unstorableTextRule('\u0000')).toBe(NO_NUL_CHARACTER);
    expect(unstorableTextRule('note\u0000tail')).toBe(NO_NUL_CHARACTER);
  });

  it('refuses a lone high or low surrogate, but not a pair', () => {
    expect(unstorableTextRule('\uD83D')).toBe(NO_LONE_SURROGATE);
    expect(unstorableTextRule('a\uDE00b')).toBe(NO_LONE_SURROGATE);
    expect(unstorableTextRule('\uDE00\uD83D')).toBe(NO_LONE_SURROGATE);
    expect(unstorableTextRule('\uD83D\uDE00')).toBeUndefined();
  });

  it('names the field path of every offending string in a nested value', () => {
    const body = {
      note: '\u0000',
      missing: ['ok', 'bad\u0000'],
      applicant: { fullName: 'x\uD800', spouseName: 'fine' },
      count: 3,
      flag: null,
    };
    expect(findUnstorableText(body)).toEqual([
      { field: 'note', rule: NO_NUL_CHARACTER, message: expect.stringContaining('note') },
      { field: 'missing[1]', rule: NO_NUL_CHARACTER, message: expect.any(String) },
      { field: 'applicant.fullName', rule: NO_LONE_SURROGATE, message: expect.stringContaining('applicant.fullName') },
    ]);
  });

  it('checks keys too, naming them by position so the path itself stays printable', () => {
    const violations = findUnstorableText({ fine: 1, 'k\u0000': 'v' });
    expect(violations).toEqual([{ field: '<key 1>', rule: NO_NUL_CHARACTER, message: expect.any(String) }]);
  });

  it('uses the root name for a bare value (a query or path parameter) and "body" for a bare body string', () => {
    expect(findUnstorableText('a\u0000', 'code')).toEqual([{ field: 'code', rule: NO_NUL_CHARACTER, message: expect.any(String) }]);
    expect(findUnstorableText('\u0000')[0]?.field).toBe('body');
    expect(findUnstorableText({ a: ['x'], b: { c: 'y' } })).toEqual([]);
  });
});
