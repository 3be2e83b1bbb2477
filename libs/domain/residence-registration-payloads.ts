/**
 * What the actions on a residence registration carry, and the rules on them. Feedback says whether the
 * person's situation changed (a change needs a note saying what); a transfer names the office the person
 * moved to. Violations name fields, never echo values (notes are staff-typed free text).
 */
import { assertNever, type FieldViolation } from './errors';
import { isValidOfficeCode } from './office-level';
import { checkText } from './payload-text';
import type { ResidenceRegistrationAction } from './residence-registration-state';

/** What feedback reports of the person; codes only, the note says the rest. */
export const FEEDBACK_SITUATIONS = ['unchanged', 'changed'] as const;
export type FeedbackSituation = (typeof FEEDBACK_SITUATIONS)[number];

/** How an arrival was established: the person's certificate, verified, or their own declaration (承诺制). */
export const ARRIVAL_VERIFICATIONS = ['certificate', 'self-declaration'] as const;
export type ArrivalVerification = (typeof ARRIVAL_VERIFICATIONS)[number];

/** Violations of the payload rules for the action; empty when the payload is acceptable. */
export function validateResidenceRegistrationPayload(action: ResidenceRegistrationAction, payload: unknown): FieldViolation[] {
  const body: Record<string, unknown> = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {};
  const violations: FieldViolation[] = [];
  switch (action) {
    case 'submit-feedback':
      if (!(FEEDBACK_SITUATIONS as readonly unknown[]).includes(body['situation'])) {
        violations.push({ field: 'situation', rule: 'one-of', message: `situation must be one of ${FEEDBACK_SITUATIONS.join(', ')}` });
      }
      checkText(violations, 'note', body['note'], body['situation'] === 'changed');
      break;
    case 'transfer':
      if (typeof body['toOfficeCode'] !== 'string' || !isValidOfficeCode(body['toOfficeCode'])) {
        violations.push({ field: 'toOfficeCode', rule: 'office-code', message: 'toOfficeCode must be an office code' });
      }
      checkText(violations, 'note', body['note'], false);
      break;
    case 'depart':
    case 'return':
      checkText(violations, 'note', body['note'], false);
      break;
    case 'cancel':
      checkText(violations, 'reason', body['reason'], true);
      break;
    case 'register':
      if (!(ARRIVAL_VERIFICATIONS as readonly unknown[]).includes(body['verification'])) {
        violations.push({ field: 'verification', rule: 'one-of', message: `verification must be one of ${ARRIVAL_VERIFICATIONS.join(', ')}` });
      }
      break;
    case 'announce-arrival':
    case 'send-feedback-reminder':
    case 'escalate-feedback':
      break;
    default:
      return assertNever(action, 'Unhandled action');
  }
  return violations;
}

/** An arrival as a caseworker registers it; which fields it needs depends on how it is established. */
export interface ArrivalDeclaration {
  readonly verification: string;
  readonly certificateNumber?: string | undefined;
  readonly verificationCode?: string | undefined;
  readonly verificationToken?: string | undefined;
  readonly identityNumber?: string | undefined;
  readonly arrivedOn: string;
}

/**
 * Rules across an arrival's fields: a certificate is verified by its number and code, or by its QR
 * payload (one way, not both); a self-declaration names the person's identity number; the arrival is
 * not in the future. Whether the person is known and the certificate genuine is for the caller to check.
 */
export function validateArrival(arrival: ArrivalDeclaration, today: string): FieldViolation[] {
  const violations: FieldViolation[] = [];
  if (arrival.verification === 'certificate') {
    const byCode = arrival.certificateNumber !== undefined || arrival.verificationCode !== undefined;
    if (arrival.verificationToken !== undefined && byCode) {
      violations.push({ field: 'verificationToken', rule: 'one-way', message: 'give verificationToken or certificateNumber with verificationCode, not both' });
    } else if (arrival.verificationToken === undefined) {
      for (const field of ['certificateNumber', 'verificationCode'] as const) {
        if (arrival[field] === undefined) violations.push({ field, rule: 'required', message: `${field} is required to verify a certificate (or give verificationToken)` });
      }
    }
  } else if (arrival.verification === 'self-declaration' && arrival.identityNumber === undefined) {
    violations.push({ field: 'identityNumber', rule: 'required', message: 'identityNumber is required for a self-declaration' });
  }
  if (arrival.arrivedOn > today) {
    violations.push({ field: 'arrivedOn', rule: 'not-in-future', message: 'arrivedOn cannot be in the future' });
  }
  return violations;
}
