import type { EntityManager } from 'typeorm';
import {
  CertificateApplicationsRepository,
  CaseActionsRepository,
  NotificationsRepository,
  OfficesRepository,
  UsersRepository,
  WorkingCalendarRepository,
  type CertificateApplicationRow,
} from '../../libs/db';
import { CERTIFICATE_APPLICATION_CASE_TYPE, type CaseSnapshot, type CaseTimer } from '../../libs/contracts';
import {
  CERTIFICATE_APPLICATION_PROCESS,
  DomainError,
  validateActionPayload,
  type CertificateApplicationAction,
  type CertificateApplicationState,
} from '../../libs/domain';
import type { ActionBeingRecorded, CaseTypeHandler } from '../case-engine';
import { createCertificateIssuer } from '../certificates/certificate-issuer';
import type { ActivityDependencies } from '../dependencies';
import { caseClock } from './case-clock';

/**
 * The certificate application's part of recording an action: a review names the reviewer, a request for
 * information pauses the statutory clock until the applicant answers or the case lapses, a reminder and an
 * escalation notify, an approval issues the certificate and tells the destination office. Its workflow's
 * timers are the reminders and the escalation while the clock runs, the lapse while it waits.
 */
export function createCertificateApplicationHandler(deps: ActivityDependencies): CaseTypeHandler<CertificateApplicationRow> {
  const applications = new CertificateApplicationsRepository(deps.db);
  const caseActions = new CaseActionsRepository(deps.db);
  const issueCertificate = createCertificateIssuer(deps);
  const notifications = new NotificationsRepository(deps.db);
  const offices = new OfficesRepository(deps.db);
  const users = new UsersRepository(deps.db);
  const calendars = new WorkingCalendarRepository(deps.db);
  const logger = deps.logger.child({ activity: 'recordCaseAction', caseType: CERTIFICATE_APPLICATION_CASE_TYPE });

  /** What the process's rules read: who reviewed the case (four eyes), and the office that owns it (a manager's cancel). */
  const facts = (row: CertificateApplicationRow): Record<string, string | null> => ({ reviewerUserId: row.reviewerUserId, officeCode: row.officeCode });

  async function snapshot(tx: EntityManager, row: CertificateApplicationRow, now: Date): Promise<CaseSnapshot> {
    const terminal = CERTIFICATE_APPLICATION_PROCESS.isTerminal(row.state as CertificateApplicationState);
    const waiting = row.state === 'awaiting-applicant';
    const timers: CaseTimer[] = [];
    let deadlineAt: string | null = null;
    if (waiting && row.lapseAt) timers.push({ at: row.lapseAt.toISOString(), action: 'lapse' });
    if (!terminal && !waiting) {
      const calendar = await calendars.load(undefined, tx);
      const clock = caseClock(row, await caseActions.forCase(row.id, tx), calendar, now, (year) =>
        logger.warn({ caseId: row.id, year }, 'working calendar has no entries for this year; counting Monday to Friday'),
      );
      deadlineAt = clock.deadlineAt.toISOString();
      const reminder = clock.pendingReminderAts[0];
      if (reminder) timers.push({ at: reminder.toISOString(), action: 'send-reminder' });
      if (!row.escalated) timers.push({ at: deadlineAt, action: 'escalate' });
      timers.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    }
    return {
      caseId: row.id,
      caseType: CERTIFICATE_APPLICATION_CASE_TYPE,
      state: row.state,
      deadlineAt,
      escalated: row.escalated,
      timers,
      facts: facts(row),
    };
  }

  async function notifyAssignee(a: ActionBeingRecorded, row: CertificateApplicationRow, kind: string): Promise<void> {
    await notifications.insert(a.tx, {
      recipientOfficeCode: row.officeCode,
      recipientUserId: row.assigneeUserId,
      kind,
      caseType: CERTIFICATE_APPLICATION_CASE_TYPE,
      caseId: row.id,
      causeTransactionId: a.input.transactionId,
      idempotencyKey: `${kind}:${a.input.transactionId}`,
    });
  }

  /** Approval issues the certificate and tells the destination office, in the approving transaction. */
  async function issueOnApproval(a: ActionBeingRecorded, row: CertificateApplicationRow): Promise<void> {
    const certificate = await issueCertificate(a.tx, {
      caseId: row.id, personId: row.personId, officeCode: row.officeCode, selfDeclared: row.selfDeclared,
      supersedesId: null, transactionId: a.input.transactionId, now: a.now,
    });
    if (deps.issuanceDelayMs) await new Promise((resolve) => setTimeout(resolve, deps.issuanceDelayMs));
    if (row.destinationOfficeCode) {
      await notifications.insert(a.tx, {
        recipientOfficeCode: row.destinationOfficeCode,
        kind: 'certificate-issued',
        caseType: CERTIFICATE_APPLICATION_CASE_TYPE,
        caseId: row.id,
        certificateId: certificate.id,
        causeTransactionId: a.input.transactionId,
        idempotencyKey: `certificate-issued:${certificate.id}`,
      });
    }
  }

  async function apply(a: ActionBeingRecorded, row: CertificateApplicationRow): Promise<CertificateApplicationRow> {
    const after: CertificateApplicationRow = { ...row };
    const { payload } = a.input;
    switch (a.input.action as CertificateApplicationAction) {
      case 'review':
        after.reviewerUserId = a.input.actor!.userId;
        break;
      case 'record-registry-result':
        after.registryCheck = { match: payload['result'] === 'match', differences: (payload['differences'] as string[] | undefined) ?? [] };
        break;
      case 'request-information': {
        const office = (await offices.findByCode(row.officeCode, a.tx))!;
        const calendar = await calendars.load(undefined, a.tx);
        after.pausedAt = a.now;
        after.lapseAt = calendar.deadlineInstant(a.now, office.applicantResponseWorkingDays);
        await notifyAssignee(a, row, 'information-requested');
        break;
      }
      case 'supply-information':
        after.pausedAt = null;
        after.lapseAt = null;
        break;
      case 'send-reminder':
        after.remindersSent = row.remindersSent + 1;
        await notifyAssignee(a, row, 'deadline-reminder');
        break;
      case 'escalate': {
        after.escalated = true;
        const manager = await users.nearestManager(row.officeCode, a.tx);
        await notifications.insert(a.tx, {
          recipientOfficeCode: manager?.officeCode ?? row.officeCode,
          recipientUserId: manager?.id ?? null,
          kind: 'case-escalated',
          caseType: CERTIFICATE_APPLICATION_CASE_TYPE,
          caseId: row.id,
          causeTransactionId: a.input.transactionId,
          idempotencyKey: `case-escalated:${a.input.transactionId}`,
        });
        break;
      }
      case 'approve':
        await issueOnApproval(a, row);
        break;
      case 'reassign': {
        const assigneeUserId = payload['assigneeUserId'] as string;
        const assignee = await users.actingUser(assigneeUserId, a.tx);
        if (!assignee || assignee.role !== 'caseworker' || assignee.officeCode !== row.officeCode) {
          throw new DomainError('BUSINESS_RULE_VIOLATED', 'The case can go only to an active caseworker of its office.', {
            field: 'assigneeUserId',
            rule: 'caseworker-of-the-office',
          });
        }
        after.assigneeUserId = assigneeUserId;
        await notifyAssignee(a, after, 'case-assigned');
        break;
      }
      case 'cancel':
        // The office is told its case was ended above it, with the manager's reason in the case log.
        await notifications.insert(a.tx, {
          recipientOfficeCode: row.officeCode,
          kind: 'case-cancelled',
          caseType: CERTIFICATE_APPLICATION_CASE_TYPE,
          caseId: row.id,
          causeTransactionId: a.input.transactionId,
          idempotencyKey: `case-cancelled:${a.input.transactionId}`,
        });
        break;
      default:
        break;
    }
    if (a.closes) Object.assign(after, { closedAt: a.now, pausedAt: null, lapseAt: null });
    return after;
  }

  async function save(tx: EntityManager, before: CertificateApplicationRow, after: CertificateApplicationRow, now: Date): Promise<CaseSnapshot> {
    const result = await snapshot(tx, after, now);
    // The deadline column mirrors the clock so that lists and dashboards can query it.
    const deadlineAt = result.deadlineAt ? new Date(result.deadlineAt) : before.deadlineAt;
    await applications.update(tx, before.id, {
      state: after.state,
      reviewerUserId: after.reviewerUserId,
      assigneeUserId: after.assigneeUserId,
      registryCheck: after.registryCheck,
      pausedAt: after.pausedAt,
      lapseAt: after.lapseAt,
      remindersSent: after.remindersSent,
      escalated: after.escalated,
      closedAt: after.closedAt,
      deadlineAt,
    });
    return result;
  }

  /**
   * The deadline (and, while the applicant is awaited, the lapse) counted again in the calendar as it is
   * now. The lapse is counted, as when information was requested, from that moment with the office's
   * applicant response period.
   */
  async function recompute(tx: EntityManager, row: CertificateApplicationRow, now: Date): Promise<CaseSnapshot> {
    if (CERTIFICATE_APPLICATION_PROCESS.isTerminal(row.state as CertificateApplicationState)) return snapshot(tx, row, now);
    const changes: { deadlineAt?: Date; lapseAt?: Date } = {};
    let after = row;
    if (row.state === 'awaiting-applicant' && row.pausedAt) {
      const office = await offices.findByCode(row.officeCode, tx);
      if (office) {
        const calendar = await calendars.load(undefined, tx);
        const lapseAt = calendar.deadlineInstant(row.pausedAt, office.applicantResponseWorkingDays);
        if (lapseAt.getTime() !== row.lapseAt?.getTime()) {
          changes.lapseAt = lapseAt;
          after = { ...row, lapseAt };
        }
      }
    }
    const result = await snapshot(tx, after, now);
    if (result.deadlineAt !== null && Date.parse(result.deadlineAt) !== row.deadlineAt?.getTime()) changes.deadlineAt = new Date(result.deadlineAt);
    await applications.update(tx, row.id, changes);
    return result;
  }

  return {
    process: CERTIFICATE_APPLICATION_PROCESS,
    lock: (tx, caseId) => applications.lock(tx, caseId),
    facts,
    validatePayload: (action, payload) => validateActionPayload(action as CertificateApplicationAction, payload),
    apply,
    save,
    snapshot,
    recompute,
  };
}
