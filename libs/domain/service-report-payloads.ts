/**
 * What each service-report action carries, and the rules on it. A contest names a reason from the fixed
 * list and an evidence note; a decision on a contest and a withdrawal give a reason; a correction says
 * what changed. Violations name fields, never echo values (the notes are staff-typed free text).
 */
import { isCalendarDate } from './calendar-date';
import { assertNever, type FieldViolation } from './errors';
import { checkText } from './payload-text';
import { CONTEST_REASONS, isServiceType, SERVICE_OUTCOMES, SERVICE_TYPE_CODES } from './service-report-catalogue';
import type { ServiceReportAction } from './service-report-state';

/** The report's content, as filed and as corrected. */
export interface ServiceReportContent {
  readonly serviceType: string;
  readonly serviceDate: string;
  readonly outcome: string;
  readonly note?: string | undefined;
}

/** Rules on a report's content; `partial` for a correction, where each field is optional but at least one is given. */
export function validateServiceReportContent(body: Record<string, unknown>, today: string, partial = false): FieldViolation[] {
  const violations: FieldViolation[] = [];
  const present = (field: string): boolean => body[field] !== undefined && body[field] !== null;
  if (present('serviceType') || !partial) {
    if (!isServiceType(body['serviceType'])) {
      violations.push({ field: 'serviceType', rule: 'one-of', message: `serviceType must be one of ${SERVICE_TYPE_CODES.join(', ')}` });
    }
  }
  if (present('serviceDate') || !partial) {
    const date = body['serviceDate'];
    if (!isCalendarDate(date)) {
      violations.push({ field: 'serviceDate', rule: 'date', message: 'serviceDate must be a date (YYYY-MM-DD)' });
    } else if (date > today) {
      violations.push({ field: 'serviceDate', rule: 'not-in-future', message: 'serviceDate cannot be in the future' });
    }
  }
  if (present('outcome') || !partial) {
    if (!(SERVICE_OUTCOMES as readonly unknown[]).includes(body['outcome'])) {
      violations.push({ field: 'outcome', rule: 'one-of', message: `outcome must be one of ${SERVICE_OUTCOMES.join(', ')}` });
    }
  }
  checkText(violations, 'note', body['note'], false);
  return violations;
}

/** Violations of the payload rules for the action; empty when the payload is acceptable. */
export function validateServiceReportPayload(action: ServiceReportAction, payload: unknown, today: string): FieldViolation[] {
  const body: Record<string, unknown> = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {};
  const violations: FieldViolation[] = [];
  switch (action) {
    case 'contest':
      if (!(CONTEST_REASONS as readonly unknown[]).includes(body['reason'])) {
        violations.push({
          field: 'reason',
          rule: 'one-of',
          message: `a contest needs a reason, one of ${CONTEST_REASONS.join(', ')}`,
        });
      }
      checkText(violations, 'evidenceNote', body['evidenceNote'], true);
      break;
    case 'uphold-contest':
    case 'dismiss-contest':
    case 'withdraw':
    case 'cancel':
      checkText(violations, 'reason', body['reason'], true);
      break;
    case 'correct': {
      checkText(violations, 'reason', body['reason'], true);
      const changes = ['serviceType', 'serviceDate', 'outcome', 'note'].filter((f) => body[f] !== undefined && body[f] !== null);
      if (changes.length === 0) {
        violations.push({ field: 'serviceType', rule: 'correction-required', message: 'a correction changes serviceType, serviceDate, outcome or note' });
      }
      violations.push(...validateServiceReportContent(body, today, true));
      break;
    }
    case 'acknowledge':
      checkText(violations, 'note', body['note'], false);
      break;
    case 'file':
      if (!isServiceType(body['serviceType'])) {
        violations.push({ field: 'serviceType', rule: 'one-of', message: `serviceType must be one of ${SERVICE_TYPE_CODES.join(', ')}` });
      }
      break;
    case 'deliver':
    case 'send-reminder':
    case 'deem-accept':
      break;
    default:
      return assertNever(action, 'Unhandled action');
  }
  return violations;
}
