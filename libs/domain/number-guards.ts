/** Argument checks shared by the calculators, raising the domain's VALIDATION_FAILED rather than a RangeError. */
import { DomainError, DomainErrorCode } from './errors';

export function requireIntegerInRange(
  value: number,
  field: string,
  min: number,
  max: number = Number.MAX_SAFE_INTEGER,
): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new DomainError(DomainErrorCode.VALIDATION_FAILED, `${field} must be an integer from ${min} to ${max}`, {
      field,
      rule: 'integer-range',
    });
  }
}
