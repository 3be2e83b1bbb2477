import type { EntityManager } from 'typeorm';
import {
  assertActionAllowed,
  isTerminal,
  nextState,
  validateActionPayload,
  validationFailed,
  DomainError,
  type Actor,
  type CertificateApplicationAction,
  type CertificateApplicationState,
} from '../../libs/domain';
import {
  CertificateApplicationsRepository,
  CertificatesRepository,
  inTransaction,
  NotificationsRepository,
  OfficesRepository,
  UsersRepository,
  WorkingCalendarRepository,
  type ApplicationUpdate,
  type CertificateApplicationRow,
} from '../../libs/db';
import { CERTIFICATE_APPLICATION_CASE_TYPE, type CaseActorRef, type CaseSnapshot } from '../../libs/contracts';
import { withDomainFailures } from '../activity-failure';
import { createCertificateIssuer } from '../certificates/certificate-issuer';
import type { ActivityDependencies } from '../dependencies';
import { caseClock } from './case-clock';

/** The case after the action, and the notifications the action caused (for the workflow to deliver). */
export interface RecordedCaseAction {
  snapshot: CaseSnapshot;
  notificationIds: string[];
}

export interface RecordCaseActionInput {
  caseId: string;
  action: CertificateApplicationAction;
  /** Null for the system's own actions (registry check, reminders, escalation, lapse). */
  actor: CaseActorRef | null;
  /** Chosen once by the workflow or the api: recording the same transaction twice is a no-op. */
  transactionId: string;
  payload: Record<string, unknown>;
  /**
   * When the action happened, in workflow time: the workflow's clock is the case's clock, so deadlines,
   * pauses and lapse are measured on one time line (and tests can skip time).
   */
  occurredAt: string;
}

/**
 * Records one action of a certificate application in one database transaction: the log entry, the case's
 * new state, deadline and reminder columns, the certificate an approval issues, and the notifications the
 * action causes. Rules are checked again against the locked row, so two racing workers cannot both act.
 */
export function createRecordCaseAction(deps: ActivityDependencies) {
  const applications = new CertificateApplicationsRepository(deps.db);
  const certificates = new CertificatesRepository(deps.db);
  const issueCertificate = createCertificateIssuer(deps);
  const notifications = new NotificationsRepository(deps.db);
  const offices = new OfficesRepository(deps.db);
  const users = new UsersRepository(deps.db);
  const calendars = new WorkingCalendarRepository(deps.db);
  const logger = deps.logger.child({ activity: 'recordCaseAction' });

  async function snapshot(tx: EntityManager, row: CertificateApplicationRow, now: Date): Promise<CaseSnapshot> {
    const terminal = isTerminal(row.state as CertificateApplicationState);
    const waiting = row.state === 'awaiting-applicant';
    let clock: { deadlineAt: Date; pendingReminderAts: Date[] } | null = null;
    if (!terminal && !waiting) {
      const calendar = await calendars.load(undefined, tx);
      clock = caseClock(row, await applications.actions(row.id, tx), calendar, now, (year) =>
        logger.warn({ caseId: row.id, year }, 'working calendar has no entries for this year; counting Monday to Friday'),
      );
    }
    return {
      caseId: row.id,
      state: row.state,
      reviewerUserId: row.reviewerUserId,
      deadlineAt: clock ? clock.deadlineAt.toISOString() : null,
      pendingReminderAts: clock ? clock.pendingReminderAts.map((d) => d.toISOString()) : [],
      remindersSent: row.remindersSent,
      escalated: row.escalated,
      lapseAt: waiting && row.lapseAt ? row.lapseAt.toISOString() : null,
      certificateNumber: await certificates.firstIssuedNumber(tx, row.id),
    };
  }

  /** Approval issues the certificate and tells the destination office, in the approving transaction. */
  async function issueOnApproval(tx: EntityManager, row: CertificateApplicationRow, transactionId: string, now: Date): Promise<void> {
    const certificate = await issueCertificate(tx, {
      applicationId: row.id, personId: row.personId, officeCode: row.officeCode, selfDeclared: row.selfDeclared,
      supersedesId: null, transactionId, now,
    });
    if (deps.issuanceDelayMs) await new Promise((resolve) => setTimeout(resolve, deps.issuanceDelayMs));
    if (row.destinationOfficeCode) {
      await notifications.insert(tx, {
        recipientOfficeCode: row.destinationOfficeCode,
        kind: 'certificate-issued',
        caseType: CERTIFICATE_APPLICATION_CASE_TYPE,
        caseId: row.id,
        certificateId: certificate.id,
        causeTransactionId: transactionId,
        idempotencyKey: `certificate-issued:${certificate.id}`,
      });
    }
  }

  async function recordCaseAction(input: RecordCaseActionInput): Promise<RecordedCaseAction> {
    return withDomainFailures(() =>
      inTransaction(deps.db, async (tx) => {
        const row = await applications.lock(tx, input.caseId);
        if (!row) throw new DomainError('NOT_FOUND', 'No such certificate application.');
        const now = new Date(input.occurredAt);
        if (await applications.findAction(tx, input.transactionId)) {
          // A retry: answer what the first attempt did, including the notifications it made.
          return { snapshot: await snapshot(tx, row, now), notificationIds: await notifications.idsCausedBy(tx, input.transactionId) };
        }

        const actorRole: Actor = (input.actor?.role as Actor | undefined) ?? 'system';
        const state = row.state as CertificateApplicationState;
        assertActionAllowed({
          state,
          action: input.action,
          actorRole,
          ...(input.actor ? { actorUserId: input.actor.userId } : {}),
          ...(row.reviewerUserId ? { reviewerUserId: row.reviewerUserId } : {}),
        });
        const violations = validateActionPayload(input.action, input.payload);
        if (violations.length > 0) throw validationFailed(violations);

        const to = nextState(state, input.action);
        const changes: ApplicationUpdate = { state: to };
        switch (input.action) {
          case 'review':
            changes.reviewerUserId = input.actor!.userId;
            break;
          case 'record-registry-result':
            changes.registryCheck = {
              match: input.payload['result'] === 'match',
              differences: (input.payload['differences'] as string[] | undefined) ?? [],
            };
            break;
          case 'request-information': {
            const office = (await offices.findByCode(row.officeCode))!;
            const calendar = await calendars.load(undefined, tx);
            changes.pausedAt = now;
            changes.lapseAt = calendar.deadlineInstant(now, office.applicantResponseWorkingDays);
            await notifyAssignee(tx, row, 'information-requested', input.transactionId);
            break;
          }
          case 'supply-information':
            changes.pausedAt = null;
            changes.lapseAt = null;
            break;
          case 'send-reminder':
            changes.remindersSent = row.remindersSent + 1;
            await notifyAssignee(tx, row, 'deadline-reminder', input.transactionId);
            break;
          case 'escalate': {
            changes.escalated = true;
            const manager = await users.nearestManager(row.officeCode);
            await notifications.insert(tx, {
              recipientOfficeCode: manager?.officeCode ?? row.officeCode,
              recipientUserId: manager?.id ?? null,
              kind: 'case-escalated',
              caseType: CERTIFICATE_APPLICATION_CASE_TYPE,
              caseId: row.id,
              causeTransactionId: input.transactionId,
              idempotencyKey: `case-escalated:${input.transactionId}`,
            });
            break;
          }
          case 'approve':
            await issueOnApproval(tx, row, input.transactionId, now);
            break;
          default:
            break;
        }
        if (isTerminal(to)) Object.assign(changes, { closedAt: now, pausedAt: null, lapseAt: null });

        await applications.appendAction(tx, {
          caseId: row.id,
          caseType: CERTIFICATE_APPLICATION_CASE_TYPE,
          action: input.action,
          fromState: state,
          toState: to,
          actorUserId: input.actor?.userId ?? null,
          actorRole,
          reason: textOf(input.payload['reason']) ?? textOf(input.payload['note']),
          payload: input.payload,
          transactionId: input.transactionId,
          occurredAt: now,
        });
        const updated = { ...row, ...changes } as CertificateApplicationRow;
        const result = await snapshot(tx, updated, now);
        // The deadline column mirrors the clock so that lists and dashboards can query it.
        if (result.deadlineAt) changes.deadlineAt = new Date(result.deadlineAt);
        await applications.update(tx, row.id, changes);
        logger.info({ caseId: row.id, action: input.action, from: state, to }, 'case action recorded');
        return { snapshot: result, notificationIds: await notifications.idsCausedBy(tx, input.transactionId) };
      }),
    );
  }

  async function notifyAssignee(tx: EntityManager, row: CertificateApplicationRow, kind: string, transactionId: string): Promise<void> {
    await notifications.insert(tx, {
      recipientOfficeCode: row.officeCode,
      recipientUserId: row.assigneeUserId,
      kind,
      caseType: CERTIFICATE_APPLICATION_CASE_TYPE,
      caseId: row.id,
      causeTransactionId: transactionId,
      idempotencyKey: `${kind}:${transactionId}`,
    });
  }

  return { recordCaseAction };
}

function textOf(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}
