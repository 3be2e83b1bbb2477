/**
 * Rules across the fields of one applicant's declaration, beyond each field's own format: what the
 * validation of single fields cannot see. Violations name fields, never echo values (personal data).
 */
import type { FieldViolation } from './errors';

export interface ApplicantDeclaration {
  readonly fullName: string;
  readonly identityNumber: string;
  readonly dateOfBirth: string;
  readonly marriageDate?: string | null | undefined;
  readonly spouseIdentityNumber?: string | null | undefined;
}

export function validateApplicantDeclaration(applicant: ApplicantDeclaration): FieldViolation[] {
  const violations: FieldViolation[] = [];
  if (applicant.fullName.trim() === '') {
    violations.push({ field: 'fullName', rule: 'not-blank', message: 'fullName must contain more than spaces' });
  }
  // Both are YYYY-MM-DD (checked field by field), so text order is date order.
  if (applicant.marriageDate && applicant.marriageDate < applicant.dateOfBirth) {
    violations.push({ field: 'marriageDate', rule: 'after-date-of-birth', message: 'marriageDate cannot be before dateOfBirth' });
  }
  if (applicant.spouseIdentityNumber && applicant.spouseIdentityNumber.toUpperCase() === applicant.identityNumber.toUpperCase()) {
    violations.push({ field: 'spouseIdentityNumber', rule: 'not-the-applicant', message: 'spouseIdentityNumber cannot be the applicant’s own' });
  }
  return violations;
}
