/**
 * Resident identity numbers (居民身份证号码, GB 11643-1999): 6-digit address code, 8-digit birth date,
 * 3-digit sequence (odd = male), and an ISO 7064 MOD 11-2 check character. Only the 18-character form is
 * accepted: the 15-digit first-generation numbers stopped being valid in 2013.
 */
import { CalendarDate, formatCalendarDate, isRealDate } from './calendar-date';

export type Sex = 'male' | 'female';

export interface ResidentIdentityNumber {
  /** Upper-case, trimmed: the form to store and compare. */
  readonly normalized: string;
  readonly addressCode: string;
  readonly birthDate: CalendarDate;
  readonly sequence: string;
  readonly sex: Sex;
  readonly checkCharacter: string;
}

/** Why a number was refused, usable as a violation `rule`. */
export type IdentityNumberRule =
  | 'identity-number-format'
  | 'identity-number-check-character'
  | 'identity-number-birth-date'
  | 'identity-number-birth-date-in-future';

export type IdentityNumberParseResult =
  | { readonly ok: true; readonly value: ResidentIdentityNumber }
  | { readonly ok: false; readonly rule: IdentityNumberRule };

export const IDENTITY_NUMBER_WEIGHTS: readonly number[] = Object.freeze([
  7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2,
]);

/** Index = Σ(digit × weight) mod 11. */
const CHECK_CHARACTERS = '10X98765432';

const SHAPE = /^\d{17}[\dX]$/;

/** The earliest birth year accepted: older than any person a certificate could concern. */
const EARLIEST_BIRTH_YEAR = 1800;

/** Trims and upper-cases, so a typed lower-case x is accepted and stored as X. */
export function normalizeIdentityNumber(raw: string): string {
  return raw.trim().toUpperCase();
}

/** The check character for the first 17 digits. */
export function identityNumberCheckCharacter(first17Digits: string): string {
  if (!/^\d{17}$/.test(first17Digits)) throw new RangeError('Expected exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17Digits[i]) * (IDENTITY_NUMBER_WEIGHTS[i] as number);
  return CHECK_CHARACTERS.charAt(sum % 11);
}

export interface IdentityNumberOptions {
  /** When given (China calendar date), a birth date after it is refused. */
  readonly today?: CalendarDate;
}

export function parseIdentityNumber(raw: string, options: IdentityNumberOptions = {}): IdentityNumberParseResult {
  const normalized = normalizeIdentityNumber(raw);
  if (!SHAPE.test(normalized)) return { ok: false, rule: 'identity-number-format' };
  // The check character first: a mistyped digit is the common error and this names it precisely.
  if (identityNumberCheckCharacter(normalized.slice(0, 17)) !== normalized.charAt(17)) {
    return { ok: false, rule: 'identity-number-check-character' };
  }
  const year = Number(normalized.slice(6, 10));
  const month = Number(normalized.slice(10, 12));
  const day = Number(normalized.slice(12, 14));
  if (year < EARLIEST_BIRTH_YEAR || !isRealDate(year, month, day)) {
    return { ok: false, rule: 'identity-number-birth-date' };
  }
  const birthDate = formatCalendarDate({ year, month, day });
  if (options.today !== undefined && birthDate > options.today) {
    return { ok: false, rule: 'identity-number-birth-date-in-future' };
  }
  const sequence = normalized.slice(14, 17);
  return {
    ok: true,
    value: {
      normalized,
      addressCode: normalized.slice(0, 6),
      birthDate,
      sequence,
      sex: Number(sequence) % 2 === 1 ? 'male' : 'female',
      checkCharacter: normalized.charAt(17),
    },
  };
}

export function isValidIdentityNumber(raw: string, options: IdentityNumberOptions = {}): boolean {
  return parseIdentityNumber(raw, options).ok;
}

/**
 * Keeps the first 6 (the address code, which says only where the household was registered) and the
 * last 4 characters, masking the birth date and most of the sequence: '110105********002X'.
 * Input of another length is masked the same way, and anything too short to keep 10 characters of is
 * masked entirely, so the function never returns a whole number.
 */
export function maskIdentityNumber(raw: string): string {
  const value = normalizeIdentityNumber(raw);
  const chars = Array.from(value);
  if (chars.length <= 10) return '*'.repeat(chars.length);
  return chars.slice(0, 6).join('') + '*'.repeat(chars.length - 10) + chars.slice(-4).join('');
}

const LATIN = /\p{Script=Latin}/u;

/**
 * Chinese names keep their first character (the family name): '张三丰' → '张**'. Names written in Latin
 * script keep the first letter of each word, separators kept: 'Mary-Jane Smith' → 'M***-J*** S****'.
 * A name of a single character is masked entirely, so the whole name is never shown.
 */
export function maskName(raw: string): string {
  const name = raw.trim();
  if (LATIN.test(name)) {
    return name
      .split(/([\s-]+)/u)
      .map((part) => (/^[\s-]*$/u.test(part) ? part : maskWord(part)))
      .join('');
  }
  return maskWord(name);
}

function maskWord(word: string): string {
  const chars = Array.from(word);
  if (chars.length <= 1) return '*'.repeat(chars.length);
  return chars[0] + '*'.repeat(chars.length - 1);
}
