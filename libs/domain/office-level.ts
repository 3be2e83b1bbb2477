/**
 * Offices are identified by their administrative-division code (统计用区划代码) in its natural length.
 * Codes nest by prefix (360102002 is inside 360102, inside 3601, inside 36), which is what makes
 * jurisdiction checks a string comparison.
 */
export const OFFICE_LEVELS = ['province', 'city', 'county', 'township', 'community'] as const;

export type OfficeLevel = (typeof OFFICE_LEVELS)[number];

export const OFFICE_CODE_LENGTHS: Readonly<Record<OfficeLevel, number>> = Object.freeze({
  province: 2,
  city: 4,
  county: 6,
  township: 9,
  community: 12,
});

const DIGITS = /^\d+$/;

/**
 * The level a code denotes, or undefined when it is not a valid office code.
 *
 * A segment of zeros is padding (a city code written as 6 digits, 360100, as at the start of an identity
 * number), not a unit of its own, so such codes are not office codes: offices keep their natural length.
 */
export function levelForCode(code: string): OfficeLevel | undefined {
  if (!DIGITS.test(code)) return undefined;
  const index = OFFICE_LEVELS.findIndex((level) => OFFICE_CODE_LENGTHS[level] === code.length);
  if (index < 0) return undefined;
  const previousLength = index === 0 ? 0 : OFFICE_CODE_LENGTHS[OFFICE_LEVELS[index - 1] as OfficeLevel];
  if (/^0+$/.test(code.slice(previousLength))) return undefined;
  // Every shorter prefix must be a valid code too, so a padded ancestor segment is rejected as well.
  if (index > 0 && levelForCode(code.slice(0, previousLength)) === undefined) return undefined;
  return OFFICE_LEVELS[index];
}

export function isValidOfficeCode(code: string): boolean {
  return levelForCode(code) !== undefined;
}

/**
 * True when `code` is `ancestorCode` or lies below it. Invalid codes answer false: jurisdiction checks
 * must fail closed.
 */
export function isAncestorOrSelf(ancestorCode: string, code: string): boolean {
  if (!isValidOfficeCode(ancestorCode) || !isValidOfficeCode(code)) return false;
  return code.startsWith(ancestorCode);
}

/** The code one level up; undefined for a province or for a code that is not a valid office code. */
export function parentCodeOf(code: string): string | undefined {
  const level = levelForCode(code);
  if (level === undefined || level === 'province') return undefined;
  const parentLevel = OFFICE_LEVELS[OFFICE_LEVELS.indexOf(level) - 1] as OfficeLevel;
  return code.slice(0, OFFICE_CODE_LENGTHS[parentLevel]);
}

/**
 * All ancestors from the province down, excluding the code itself: the offices whose managers oversee
 * this one. Empty for a province or an invalid code.
 */
export function ancestorCodesOf(code: string): string[] {
  const ancestors: string[] = [];
  for (let parent = parentCodeOf(code); parent !== undefined; parent = parentCodeOf(parent)) {
    ancestors.unshift(parent);
  }
  return ancestors;
}
