/**
 * The marital data an applicant declares for a civil-status certificate, and the rules on it. Only what
 * the certificate states is asked for (data minimisation): spouse details only for a current marriage,
 * the marriage date for anyone who has married, the number of children only if the applicant declares it.
 */
import { CalendarDate, isCalendarDate, requireCalendarDate } from './calendar-date';
import { FieldViolation } from './errors';
import { parseIdentityNumber } from './resident-identity-number';

export const MARITAL_STATUSES = ['unmarried', 'married', 'divorced', 'widowed', 'remarried'] as const;

export type MaritalStatus = (typeof MARITAL_STATUSES)[number];

export const MAX_DECLARED_CHILDREN = 20;

/** As received: loosely typed on purpose, because this is the function that decides whether it is valid. */
export interface MaritalDeclaration {
  readonly maritalStatus: string;
  readonly marriageDate?: string | null;
  readonly spouseName?: string | null;
  readonly spouseIdentityNumber?: string | null;
  readonly numberOfChildren?: number | null;
}

export function isMaritalStatus(value: unknown): value is MaritalStatus {
  return typeof value === 'string' && (MARITAL_STATUSES as readonly string[]).includes(value);
}

/** Statuses for which a marriage has taken place, so its date is known. */
const HAS_MARRIED: readonly MaritalStatus[] = ['married', 'divorced', 'widowed', 'remarried'];

/** Statuses with a current spouse. Former spouses of divorced or widowed applicants are not recorded. */
const HAS_SPOUSE: readonly MaritalStatus[] = ['married', 'remarried'];

/**
 * Every broken rule, in field order (empty when valid). `today` is the China calendar date of the
 * request, passed in so the rule is deterministic.
 */
export function validateMaritalDeclaration(declaration: MaritalDeclaration, today: CalendarDate): FieldViolation[] {
  requireCalendarDate(today, 'today');
  const violations: FieldViolation[] = [];
  const status = declaration.maritalStatus;
  if (!isMaritalStatus(status)) {
    violations.push({
      field: 'maritalStatus',
      rule: 'one-of',
      message: `maritalStatus must be one of ${MARITAL_STATUSES.join(', ')}`,
    });
  } else {
    checkMarriageDate(violations, declaration.marriageDate, HAS_MARRIED.includes(status), today);
    const spouseExpected = HAS_SPOUSE.includes(status);
    checkPresence(violations, 'spouseName', declaration.spouseName, spouseExpected, status);
    if (checkPresence(violations, 'spouseIdentityNumber', declaration.spouseIdentityNumber, spouseExpected, status)) {
      const parsed = parseIdentityNumber(declaration.spouseIdentityNumber as string, { today });
      if (!parsed.ok) {
        violations.push({
          field: 'spouseIdentityNumber',
          rule: parsed.rule,
          message: 'spouseIdentityNumber is not a valid resident identity number',
        });
      }
    }
  }
  checkChildren(violations, declaration.numberOfChildren);
  return violations;
}

function isBlank(value: string | null | undefined): boolean {
  return value === undefined || value === null || value.trim() === '';
}

/**
 * Required or forbidden depending on `expected`; a blank string counts as absent, as forms send ''.
 * Returns true when a value is present and expected, so the caller goes on to check its content.
 */
function checkPresence(
  violations: FieldViolation[],
  field: string,
  value: string | null | undefined,
  expected: boolean,
  status: MaritalStatus,
): boolean {
  const present = !isBlank(value);
  if (expected && !present) {
    violations.push({ field, rule: 'required', message: `${field} is required when maritalStatus is ${status}` });
  } else if (!expected && present) {
    violations.push({ field, rule: 'forbidden', message: `${field} must be absent when maritalStatus is ${status}` });
  }
  return expected && present;
}

function checkMarriageDate(
  violations: FieldViolation[],
  value: string | null | undefined,
  expected: boolean,
  today: CalendarDate,
): void {
  const field = 'marriageDate';
  const present = !isBlank(value);
  if (!expected) {
    if (present) violations.push({ field, rule: 'forbidden', message: 'marriageDate must be absent when unmarried' });
    return;
  }
  if (!present) {
    violations.push({ field, rule: 'required', message: 'marriageDate is required for anyone who has married' });
  } else if (!isCalendarDate(value)) {
    violations.push({ field, rule: 'calendar-date', message: 'marriageDate must be a real date as YYYY-MM-DD' });
  } else if (value > today) {
    violations.push({ field, rule: 'not-in-future', message: 'marriageDate cannot be in the future' });
  }
}

function checkChildren(violations: FieldViolation[], value: number | null | undefined): void {
  if (value === undefined || value === null) return;
  if (!Number.isInteger(value) || value < 0 || value > MAX_DECLARED_CHILDREN) {
    violations.push({
      field: 'numberOfChildren',
      rule: 'integer-range',
      message: `numberOfChildren must be a whole number from 0 to ${MAX_DECLARED_CHILDREN}`,
    });
  }
}
