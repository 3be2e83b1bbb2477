/**
 * What each certificate-application action carries beyond who took it and when, and the rules on it.
 * Only the rules the case needs live here (a rejection has a reason, a request says what is missing);
 * the free text itself is personal data, so violations name fields, never echo values.
 */
import { assertNever, FieldViolation } from './errors';
import { CertificateApplicationAction } from './certificate-application-state';
import { checkText } from './payload-text';

export const REGISTRY_CHECK_RESULTS = ['match', 'mismatch'] as const;

export type RegistryCheckResult = (typeof REGISTRY_CHECK_RESULTS)[number];

export { MAX_PAYLOAD_TEXT_LENGTH } from './payload-text';

export interface CertificateApplicationPayloads {
  readonly submit: { readonly selfDeclared?: boolean };
  readonly 'start-registry-check': Record<string, never>;
  readonly 'record-registry-result': { readonly result: RegistryCheckResult };
  readonly 'skip-registry-check': Record<string, never>;
  readonly review: { readonly note?: string };
  /** `missing` lists what the applicant must supply, one item each; `note` explains. */
  readonly 'request-information': { readonly missing: readonly string[]; readonly note?: string };
  readonly 'supply-information': { readonly note?: string };
  readonly approve: { readonly note?: string };
  readonly reject: { readonly reason: string };
  readonly withdraw: { readonly reason?: string };
  readonly lapse: Record<string, never>;
  readonly 'send-reminder': Record<string, never>;
  readonly escalate: { readonly reason?: string };
  readonly cancel: { readonly reason: string };
  readonly reassign: { readonly assigneeUserId: string; readonly reason: string };
}

export type CertificateApplicationPayload<A extends CertificateApplicationAction> = CertificateApplicationPayloads[A];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Violations of the payload rules for the action; empty when the payload is acceptable. */
export function validateActionPayload(action: CertificateApplicationAction, payload: unknown): FieldViolation[] {
  const body: Record<string, unknown> =
    typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {};
  const violations: FieldViolation[] = [];
  switch (action) {
    case 'record-registry-result':
      if (!(REGISTRY_CHECK_RESULTS as readonly unknown[]).includes(body['result'])) {
        violations.push({ field: 'result', rule: 'one-of', message: "result must be 'match' or 'mismatch'" });
      }
      break;
    case 'request-information': {
      const missing = body['missing'];
      if (!Array.isArray(missing) || missing.length === 0) {
        violations.push({ field: 'missing', rule: 'required', message: 'say what information is missing' });
      } else {
        missing.forEach((item: unknown, index) => checkText(violations, `missing[${index}]`, item, true));
      }
      checkText(violations, 'note', body['note'], false);
      break;
    }
    case 'reject':
    case 'cancel':
      checkText(violations, 'reason', body['reason'], true);
      break;
    case 'reassign':
      if (typeof body['assigneeUserId'] !== 'string' || !UUID.test(body['assigneeUserId'])) {
        violations.push({ field: 'assigneeUserId', rule: 'uuid', message: 'assigneeUserId must be the id of a user' });
      }
      checkText(violations, 'reason', body['reason'], true);
      break;
    case 'withdraw':
    case 'escalate':
      checkText(violations, 'reason', body['reason'], false);
      break;
    case 'review':
    case 'supply-information':
    case 'approve':
      checkText(violations, 'note', body['note'], false);
      break;
    case 'submit':
      if (body['selfDeclared'] !== undefined && typeof body['selfDeclared'] !== 'boolean') {
        violations.push({ field: 'selfDeclared', rule: 'boolean', message: 'selfDeclared must be true or false' });
      }
      break;
    case 'start-registry-check':
    case 'skip-registry-check':
    case 'lapse':
    case 'send-reminder':
      break;
    default:
      return assertNever(action, 'Unhandled action');
  }
  return violations;
}
