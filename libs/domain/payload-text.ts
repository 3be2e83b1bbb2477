/** The rule on free text an action carries, shared by every process's payload rules. */
import type { FieldViolation } from './errors';

/** The longest free text accepted in a payload field: a paragraph, not a document. */
export const MAX_PAYLOAD_TEXT_LENGTH = 2000;

/** Adds the violation of `field` (absent when required, not text, blank when required, too long); never echoes the value. */
export function checkText(violations: FieldViolation[], field: string, value: unknown, required: boolean): void {
  if (value === undefined || value === null) {
    if (required) violations.push({ field, rule: 'required', message: `${field} is required` });
    return;
  }
  if (typeof value !== 'string') {
    violations.push({ field, rule: 'string', message: `${field} must be text` });
  } else if (value.trim() === '') {
    if (required) violations.push({ field, rule: 'required', message: `${field} is required` });
  } else if (value.length > MAX_PAYLOAD_TEXT_LENGTH) {
    const message = `${field} must be at most ${MAX_PAYLOAD_TEXT_LENGTH} characters`;
    violations.push({ field, rule: 'max-length', message });
  }
}
