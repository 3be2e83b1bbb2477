import { Inject, Injectable } from '@nestjs/common';
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import type { PassageConfig } from '../../../../libs/config';
import { caseWorkflowId, NOTIFICATION_DELIVERY_WORKFLOW, notificationDeliveryWorkflowId, taskQueueName } from '../../../../libs/contracts';
import { inTransaction, MonitoringRepository, NotificationsRepository, UsersRepository, type NewNotification } from '../../../../libs/db';
import { DomainError, jurisdictionOf, MONITORING_ROLES, parentCodeOf, type ActingUser } from '../../../../libs/domain';
import { AuditTrail } from '../audit/audit-trail.service';
import { CertificateApplicationsService } from '../certificate-applications/certificate-applications.service';
import { rethrowAsDomainError } from '../common/temporal-errors';
import { CONFIG, DATA_SOURCE, TEMPORAL_CLIENT } from '../core/tokens';
import { ResidenceRegistrationsService } from '../residence-registrations/residence-registrations.service';
import { ServiceReportsService } from '../service-reports/service-reports.service';

export interface ManagerActionResult {
  caseType: string;
  caseId: string;
  state: string;
  /** retry: the failing steps started again now. */
  stepsRetried?: number;
  /** nudge and escalate: the notifications sent, to whom. */
  notified?: Array<{ notificationId: string; officeCode: string; kind: string }>;
}

/**
 * A manager's actions on a case the stuck list shows, each recorded in the audit with the manager's
 * reason. "Retry now" starts a failing step again at once (Temporal's activity reset: its attempts start
 * over and its backoff is skipped), for when the cause is fixed; "cancel" ends the case through its
 * workflow, also one jammed in its opening step (the process lets a cancel interrupt it).
 */
@Injectable()
export class MonitoringActionsService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(CONFIG) private readonly config: PassageConfig,
    @Inject(MonitoringRepository) private readonly monitoring: MonitoringRepository,
    @Inject(AuditTrail) private readonly audit: AuditTrail,
    @Inject(CertificateApplicationsService) private readonly applications: CertificateApplicationsService,
    @Inject(ServiceReportsService) private readonly reports: ServiceReportsService,
    @Inject(ResidenceRegistrationsService) private readonly registrations: ResidenceRegistrationsService,
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(NotificationsRepository) private readonly notifications: NotificationsRepository,
    @Inject(UsersRepository) private readonly users: UsersRepository,
  ) {}

  /** Hands a certificate application to another caseworker of its office, through its workflow. */
  async reassign(actor: ActingUser, caseType: string, caseId: string, assigneeUserId: string, reason: string, idempotencyKey?: string): Promise<ManagerActionResult> {
    await this.listedCase(actor, caseType, caseId);
    if (caseType !== 'certificate-application') {
      throw new DomainError('BUSINESS_RULE_VIOLATED', 'Only certificate applications have an assigned caseworker.', { field: 'caseType', rule: 'has-assignee' });
    }
    const view = await this.applications.act(actor, caseId, 'reassign', { assigneeUserId, reason }, idempotencyKey);
    await this.audit.record(actor, { caseIds: [caseId], action: 'monitoring.reassign', subjectType: caseType, subjectId: caseId, reason, details: { assigneeUserId } });
    return { caseType, caseId, state: view.state };
  }

  /**
   * Asks again what a case is waiting for: each of its questions still unanswered (a report awaiting its
   * acknowledgement, feedback due) gets a nudge to the office asked, delivered like any notification.
   */
  async nudge(actor: ActingUser, caseType: string, caseId: string, reason: string): Promise<ManagerActionResult> {
    const stored = await this.listedCase(actor, caseType, caseId);
    const questions = await this.notifications.openQuestions(caseId);
    if (questions.length === 0) throw new DomainError('ACTION_NOT_ALLOWED_IN_STATE', 'The case waits for no answer: there is nobody to nudge.', { action: 'nudge', rule: 'nothing-awaited' });
    const cause = `nudge:${caseId}:${Date.now()}`;
    const notified = await this.send(
      cause,
      questions.map((q) => ({
        recipientOfficeCode: q.recipientOfficeCode,
        kind: 'manager-nudge',
        caseType,
        caseId,
        payload: { nudgedKind: q.kind, answerDueAt: q.answerDueAt ? new Date(q.answerDueAt).toISOString() : null, fromOfficeCode: actor.officeCode },
        idempotencyKey: `manager-nudge:${q.id}:${cause}`,
      })),
    );
    await this.audit.record(actor, { caseIds: [caseId], action: 'monitoring.nudge', subjectType: caseType, subjectId: caseId, reason, details: { nudged: notified.length } });
    return { caseType, caseId, state: stored.state, notified };
  }

  /** Takes a case to the manager of the office above the caller's, who is told in their inbox. */
  async escalate(actor: ActingUser, caseType: string, caseId: string, reason: string): Promise<ManagerActionResult> {
    const stored = await this.listedCase(actor, caseType, caseId);
    const above = parentCodeOf(actor.officeCode);
    const manager = above ? await this.users.nearestManager(above) : null;
    if (!manager) throw new DomainError('BUSINESS_RULE_VIOLATED', 'No manager above the caller’s office to escalate to.', { rule: 'manager-above' });
    const cause = `escalation:${caseId}:${Date.now()}`;
    const notified = await this.send(cause, [
      {
        recipientOfficeCode: manager.officeCode,
        recipientUserId: manager.id,
        kind: 'case-escalated-by-manager',
        caseType,
        caseId,
        payload: { fromOfficeCode: actor.officeCode },
        idempotencyKey: `case-escalated-by-manager:${cause}`,
      },
    ]);
    await this.audit.record(actor, { caseIds: [caseId], action: 'monitoring.escalate', subjectType: caseType, subjectId: caseId, reason, details: { toOfficeCode: manager.officeCode } });
    return { caseType, caseId, state: stored.state, notified };
  }

  /** Writes the notifications (the inbox has them at once) and starts each one's delivery to the office's webhook. */
  private async send(cause: string, items: NewNotification[]): Promise<Array<{ notificationId: string; officeCode: string; kind: string }>> {
    const ids = await inTransaction(this.db, async (tx) => {
      for (const item of items) await this.notifications.insert(tx, { ...item, causeTransactionId: cause });
      return this.notifications.idsCausedBy(tx, cause);
    });
    for (const id of ids) {
      await this.temporal.workflow
        .start(NOTIFICATION_DELIVERY_WORKFLOW, {
          workflowId: notificationDeliveryWorkflowId(id),
          taskQueue: taskQueueName(this.config.TEMPORAL_TASK_QUEUE_PREFIX, 'cases'),
          args: [{ notificationId: id }],
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        })
        .catch(rethrowAsDomainError);
    }
    const rows = await Promise.all(ids.map((id) => this.notifications.findById(id)));
    return rows.filter((n) => n !== null).map((n) => ({ notificationId: n!.id, officeCode: n!.recipientOfficeCode, kind: n!.kind }));
  }

  async retry(actor: ActingUser, caseType: string, caseId: string, reason: string): Promise<ManagerActionResult> {
    const stored = await this.listedCase(actor, caseType, caseId);
    const workflowId = caseWorkflowId(caseType, caseId);
    let description;
    try {
      description = await this.temporal.workflow.getHandle(workflowId).describe();
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw nothingToRetry('No process runs this case: the reconciler starts it, or cancel it.');
      rethrowAsDomainError(error);
    }
    const failing = (description.raw.pendingActivities ?? []).filter((a) => (a.attempt ?? 0) >= 2 || a.lastFailure);
    if (description.status.name !== 'RUNNING' || failing.length === 0) throw nothingToRetry('No step of this case is failing: there is nothing to retry.');
    for (const activity of failing) {
      await this.temporal.workflowService
        .resetActivity({
          namespace: this.config.TEMPORAL_NAMESPACE,
          execution: { workflowId },
          id: activity.activityId ?? null,
          identity: `passage-api/${actor.userId}`,
          restoreOriginalOptions: false,
        })
        .catch(rethrowAsDomainError);
    }
    await this.audit.record(actor, {
      caseIds: [caseId],
      action: 'monitoring.retry',
      subjectType: caseType,
      subjectId: caseId,
      reason,
      details: { steps: failing.map((a) => a.activityType?.name ?? 'unknown') },
    });
    return { caseType, caseId, state: stored.state, stepsRetried: failing.length };
  }

  async cancel(actor: ActingUser, caseType: string, caseId: string, reason: string, idempotencyKey?: string): Promise<ManagerActionResult> {
    await this.listedCase(actor, caseType, caseId);
    const payload = { reason };
    const view =
      caseType === 'certificate-application'
        ? await this.applications.act(actor, caseId, 'cancel', payload, idempotencyKey)
        : caseType === 'service-report'
          ? await this.reports.act(actor, caseId, 'cancel', payload, idempotencyKey)
          : await this.registrations.act(actor, caseId, 'cancel', payload, idempotencyKey);
    await this.audit.record(actor, { caseIds: [caseId], action: 'monitoring.cancel', subjectType: caseType, subjectId: caseId, reason });
    return { caseType, caseId, state: view.state };
  }

  /** The case, if the manager's subtree holds it; otherwise 404, as if it did not exist. */
  private async listedCase(actor: ActingUser, caseType: string, caseId: string) {
    if (!(MONITORING_ROLES as readonly string[]).includes(actor.role)) {
      throw new DomainError('ROLE_NOT_PERMITTED', `Role ${actor.role} may not act on the stuck list.`, { role: actor.role, action: 'monitor' });
    }
    const [stored] = (await this.monitoring.casesByIds(jurisdictionOf(actor), [caseId])).filter((c) => c.caseType === caseType);
    if (!stored) throw new DomainError('NOT_FOUND', 'No such case.');
    return stored;
  }
}

function nothingToRetry(message: string): DomainError {
  return new DomainError('ACTION_NOT_ALLOWED_IN_STATE', message, { action: 'retry', rule: 'nothing-failing' });
}
