import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { PassageConfig } from '../../../../libs/config';
import { serviceReportStart, serviceReportWorkflowId, SERVICE_REPORT_CASE_TYPE, taskQueueName } from '../../../../libs/contracts';
import {
  CaseActionsRepository,
  CooperationAgreementsRepository,
  inCaseTransaction,
  isUniqueViolation,
  nextOfficeSequence,
  PeopleRepository,
  ServiceReportsRepository,
  type ServiceReportRow,
} from '../../../../libs/db';
import {
  DomainError,
  jurisdictionOf,
  parseIdentityNumber,
  SERVICE_REPORT_PROCESS,
  toChinaCalendarDate,
  validateServiceReportContent,
  validationFailed,
  type ActingUser,
  type ServiceReportStaffAction,
  type ServiceReportState,
} from '../../../../libs/domain';
import { startCaseWorkflow } from '../cases/start-case-workflow';
import { CaseActionsService, keyReused } from '../cases/case-actions.service';
import { requestFingerprint } from '../common/request-fingerprint';
import { CONFIG, DATA_SOURCE, LOGGER, TEMPORAL_CLIENT } from '../core/tokens';
import type { FileServiceReportRequest, ListServiceReportsQuery } from './service-report.dto';
import { ServiceReportView } from './service-report.view';

/** Caseworkers file reports for their own (residence) office. */
const FILING_ROLES = ['caseworker'];

@Injectable()
export class ServiceReportsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(CONFIG) private readonly config: PassageConfig,
    @Inject(ServiceReportsRepository) private readonly reports: ServiceReportsRepository,
    @Inject(PeopleRepository) private readonly people: PeopleRepository,
    @Inject(CooperationAgreementsRepository) private readonly agreements: CooperationAgreementsRepository,
    @Inject(CaseActionsRepository) private readonly caseActions: CaseActionsRepository,
    @Inject(CaseActionsService) private readonly actions: CaseActionsService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Files a report at the caller's office about a person the system knows, addressed to the office
   * where that person's household is registered, and starts its workflow (which delivers it). The report
   * and its 'file' entry are written in one transaction: once committed the report is accepted, and a
   * failed workflow start is left to the reconciler or the first action. The report keeps the budget and
   * arbitrator of the two offices' cooperation agreement (or the configured default) it was filed under.
   */
  async file(actor: ActingUser, request: FileServiceReportRequest, idempotencyKey?: string): Promise<{ created: boolean; view: ServiceReportView }> {
    const requestHash = requestFingerprint(request);
    if (idempotencyKey) {
      const existing = await this.reports.findByIdempotencyKey(actor.userId, idempotencyKey);
      if (existing) {
        if (existing.requestHash !== null && existing.requestHash !== requestHash) throw keyReused();
        await this.startWorkflow(existing);
        return { created: false, view: await this.detail(actor, existing.id) };
      }
    }
    if (!FILING_ROLES.includes(actor.role)) {
      throw new DomainError('ROLE_NOT_PERMITTED', `Role ${actor.role} may not file service reports.`, { role: actor.role, action: 'file' });
    }
    const now = new Date();
    this.validate(request, toChinaCalendarDate(now));
    const id = randomUUID();
    try {
      await inCaseTransaction(this.db, async (tx) => {
        const person = await this.people.knownPerson(tx, request.personIdentityNumber.toUpperCase());
        if (!person) {
          throw new DomainError('BUSINESS_RULE_VIOLATED', 'No person with this identity number is known to the system.', {
            field: 'personIdentityNumber',
            rule: 'known-person',
          });
        }
        const registrationOfficeCode = person.householdOfficeCode;
        if (registrationOfficeCode === actor.officeCode) {
          throw new DomainError('BUSINESS_RULE_VIOLATED', 'The person is registered at this office: a service report goes to another office.', {
            field: 'personIdentityNumber',
            rule: 'registered-elsewhere',
          });
        }
        const agreement = await this.agreements.find(actor.officeCode, registrationOfficeCode, tx);
        const arbitratorOfficeCode =
          agreement?.arbitratorOfficeCode ?? (await this.agreements.lowestCommonOffice(actor.officeCode, registrationOfficeCode, tx));
        const year = Number(toChinaCalendarDate(now).slice(0, 4));
        const sequence = await nextOfficeSequence(tx, actor.officeCode, SERVICE_REPORT_CASE_TYPE, year);
        await this.reports.insert(tx, {
          id,
          caseNumber: `SR-${actor.officeCode}-${year}-${String(sequence).padStart(6, '0')}`,
          filingOfficeCode: actor.officeCode,
          registrationOfficeCode,
          arbitratorOfficeCode,
          personId: person.id,
          serviceType: request.serviceType,
          serviceDate: request.serviceDate,
          outcome: request.outcome,
          note: request.note?.trim() || null,
          state: 'filed',
          acknowledgementWorkingDays: agreement?.acknowledgementWorkingDays ?? this.config.SERVICE_REPORT_ACKNOWLEDGEMENT_WORKING_DAYS,
          graceWorkingDays: this.config.SERVICE_REPORT_GRACE_WORKING_DAYS,
          clockStartedAt: now,
          filedAt: now,
          createdByUserId: actor.userId,
          idempotencyKey: idempotencyKey ?? null,
          requestHash,
        });
        await this.caseActions.append(tx, {
          caseId: id,
          caseType: SERVICE_REPORT_CASE_TYPE,
          action: 'file',
          fromState: null,
          toState: 'filed',
          actorUserId: actor.userId,
          actorRole: actor.role,
          reason: null,
          payload: { serviceType: request.serviceType },
          transactionId: `${id}:file`,
          occurredAt: now,
        });
      });
    } catch (error) {
      // Two requests with one Idempotency-Key raced: the loser answers with the winner's report.
      if (idempotencyKey && isUniqueViolation(error)) return this.file(actor, request, idempotencyKey);
      throw error;
    }
    const row = (await this.reports.findVisible(jurisdictionOf(actor), id))!;
    await this.startWorkflow(row).catch((error: unknown) =>
      this.logger.warn({ caseId: id, error: error instanceof Error ? error.name : 'unknown' }, 'report workflow not started; left to the reconciler'),
    );
    return { created: true, view: await this.detail(actor, id) };
  }

  async list(actor: ActingUser, query: ListServiceReportsQuery) {
    const now = new Date();
    const { items, total, totalIsCapped } = await this.reports.listVisible(jurisdictionOf(actor), {
      ...(query.direction ? { direction: query.direction } : {}),
      ...(query.state ? { state: query.state } : {}),
      ...(query.overdue ? { overdueAt: now } : {}),
      limit: query.limit,
      offset: query.offset,
    });
    return { items: items.map((r) => ServiceReportView.summary(r, now)), total, totalIsCapped, limit: query.limit, offset: query.offset };
  }

  async detail(actor: ActingUser, id: string): Promise<ServiceReportView> {
    const row = await this.findOrThrow(actor, id);
    const [person, actions] = await Promise.all([this.people.person(row.personId), this.caseActions.forCase(row.id)]);
    return ServiceReportView.detail(row, person, actions, new Date(), actor);
  }

  /** An office's answer or the arbitrator's decision, executed by the report's workflow as an update. */
  async act(actor: ActingUser, id: string, action: ServiceReportStaffAction | 'cancel', payload: Record<string, unknown>, idempotencyKey?: string): Promise<ServiceReportView> {
    const row = await this.findOrThrow(actor, id);
    await this.actions.act({
      process: SERVICE_REPORT_PROCESS,
      caseId: id,
      workflowId: serviceReportWorkflowId(id),
      actor,
      action,
      payload,
      idempotencyKey,
      readState: async () => (await this.findOrThrow(actor, id)).state as ServiceReportState,
      startWorkflow: () => this.startWorkflow(row),
    });
    return this.detail(actor, id);
  }

  private async findOrThrow(actor: ActingUser, id: string): Promise<ServiceReportRow> {
    const row = await this.reports.findVisible(jurisdictionOf(actor), id);
    if (!row) throw new DomainError('NOT_FOUND', 'No such service report.');
    return row;
  }

  private async startWorkflow(row: ServiceReportRow): Promise<void> {
    await startCaseWorkflow(this.temporal, serviceReportStart(row, taskQueueName(this.config.TEMPORAL_TASK_QUEUE_PREFIX, 'cases')));
  }


  private validate(request: FileServiceReportRequest, today: string): void {
    const violations = validateServiceReportContent({ ...request }, today);
    const parsed = parseIdentityNumber(request.personIdentityNumber);
    if (!parsed.ok) {
      violations.unshift({ field: 'personIdentityNumber', rule: parsed.rule, message: 'personIdentityNumber is not a valid resident identity number' });
    }
    if (violations.length > 0) throw validationFailed(violations, 'The service report is not valid.');
  }
}
