import { ValidateIf } from 'class-validator';

/**
 * An optional field: absent is fine, but a value that is present (null included) must pass the field's
 * rules. class-validator's @IsOptional also skips null, so `{"dailyDigestEnabled": null}` would reach the
 * database as a NULL; no request field of this api means anything by null.
 */
export function Optional(): PropertyDecorator {
  return ValidateIf((_object: unknown, value: unknown) => value !== undefined);
}
