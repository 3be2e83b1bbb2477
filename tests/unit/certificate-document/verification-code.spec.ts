import { generateVerificationCode, normalizeVerificationCode } from '../../../libs/certificate-document';

describe('generateVerificationCode', () => {
  it('makes 8 Crockford base32 characters', () => {
    for (let i = 0; i < 200; i++) expect(generateVerificationCode()).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);
  });

  it('does not repeat itself', () => {
    const codes = new Set(Array.from({ length: 2000 }, () => generateVerificationCode()));
    expect(codes.size).toBe(2000);
  });

  it('uses the whole alphabet (no bias towards a few symbols)', () => {
    const seen = new Set(Array.from({ length: 500 }, () => generateVerificationCode()).join(''));
    expect(seen.size).toBe(32);
  });
});

describe('normalizeVerificationCode', () => {
  it('forgives case, spaces, hyphens and look-alike letters', () => {
    expect(normalizeVerificationCode(' k7m2-q9xd ')).toBe('K7M2Q9XD');
    expect(normalizeVerificationCode('OIL23456')).toBe('01123456');
  });

  it('returns null for what cannot be a code', () => {
    expect(normalizeVerificationCode('')).toBeNull();
    expect(normalizeVerificationCode('ABC')).toBeNull();
    expect(normalizeVerificationCode('UUUUUUUU')).toBeNull();
    expect(normalizeVerificationCode('验证码验证码验证')).toBeNull();
  });
});
