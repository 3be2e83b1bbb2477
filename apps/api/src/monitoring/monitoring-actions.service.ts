import { Inject, Injectable } from '@nestjs/common';
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import type { PassageConfig } from '../../../../libs/config';
import { caseWorkflowId } from '../../../../libs/contracts';
import { AuditEventsRepository, MonitoringRepository } from '../../../../libs/db';
import { DomainError, jurisdictionOf, MONITORING_ROLES, type ActingUser } from '../../../../libs/domain';
import { CertificateApplicationsService } from '../certificate-applications/certificate-applications.service';
import { rethrowAsDomainError } from '../common/temporal-errors';
import { CONFIG, TEMPORAL_CLIENT } from '../core/tokens';
import { ResidenceRegistrationsService } from '../residence-registrations/residence-registrations.service';
import { ServiceReportsService } from '../service-reports/service-reports.service';

export interface ManagerActionResult {
  caseType: string;
  caseId: string;
  state: string;
  /** retry: the failing steps started again now. */
  stepsRetried?: number;
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
    @Inject(AuditEventsRepository) private readonly audit: AuditEventsRepository,
    @Inject(CertificateApplicationsService) private readonly applications: CertificateApplicationsService,
    @Inject(ServiceReportsService) private readonly reports: ServiceReportsService,
    @Inject(ResidenceRegistrationsService) private readonly registrations: ResidenceRegistrationsService,
  ) {}

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
    await this.audit.record({
      actorUserId: actor.userId,
      actorRole: actor.role,
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
    await this.audit.record({ actorUserId: actor.userId, actorRole: actor.role, action: 'monitoring.cancel', subjectType: caseType, subjectId: caseId, reason });
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
