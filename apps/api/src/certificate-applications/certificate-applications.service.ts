import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { PassageConfig } from '../../../../libs/config';
import {
  certificateApplicationStart,
  certificateApplicationWorkflowId,
  CERTIFICATE_APPLICATION_CASE_TYPE,
  taskQueueName,
  type StaffAction,
} from '../../../../libs/contracts';
import {
  CaseActionsRepository,
  CertificateApplicationsRepository,
  CertificatesRepository,
  inCaseTransaction,
  isUniqueViolation,
  nextOfficeSequence,
  OfficesRepository,
  PeopleRepository,
  WorkingCalendarRepository,
  type CertificateApplicationRow,
} from '../../../../libs/db';
import {
  CERTIFICATE_APPLICATION_PROCESS,
  computeDeadline,
  DomainError,
  isWithinJurisdiction,
  jurisdictionOf,
  parseIdentityNumber,
  toChinaCalendarDate,
  validateApplicantDeclaration,
  validateMaritalDeclaration,
  validationFailed,
  type ActingUser,
  type CertificateApplicationState,
  type FieldViolation,
} from '../../../../libs/domain';
import { startCaseWorkflow } from '../cases/start-case-workflow';
import { CaseActionsService, keyReused } from '../cases/case-actions.service';
import { requestFingerprint } from '../common/request-fingerprint';
import { CONFIG, DATA_SOURCE, LOGGER, TEMPORAL_CLIENT } from '../core/tokens';
import type { CreateCertificateApplicationRequest, ListCertificateApplicationsQuery } from './certificate-application.dto';
import { CertificateApplicationView } from './certificate-application.view';

const OPENING_ROLES = ['caseworker', 'manager'];

@Injectable()
export class CertificateApplicationsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(CONFIG) private readonly config: PassageConfig,
    @Inject(CertificateApplicationsRepository) private readonly applications: CertificateApplicationsRepository,
    @Inject(CertificatesRepository) private readonly certificates: CertificatesRepository,
    @Inject(OfficesRepository) private readonly offices: OfficesRepository,
    @Inject(PeopleRepository) private readonly people: PeopleRepository,
    @Inject(WorkingCalendarRepository) private readonly calendars: WorkingCalendarRepository,
    @Inject(CaseActionsRepository) private readonly caseActions: CaseActionsRepository,
    @Inject(CaseActionsService) private readonly actions: CaseActionsService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Opens a case at the caller's office and starts its workflow. The case is written first, in one
   * transaction with its 'submit' entry: once that commits the case is accepted. Its workflow is then
   * started; should that fail (Temporal away, the api stopped), the case is still answered, and the
   * reconciler (a Temporal schedule, see apps/worker/src/schedules.ts) or the first action on it starts
   * it. With an Idempotency-Key the same request gives the same case; another body under that key is refused.
   */
  async open(actor: ActingUser, request: CreateCertificateApplicationRequest, idempotencyKey?: string): Promise<{ created: boolean; view: CertificateApplicationView }> {
    const requestHash = requestFingerprint(request);
    if (idempotencyKey) {
      const existing = await this.applications.findByIdempotencyKey(actor.userId, idempotencyKey);
      if (existing) {
        if (existing.requestHash !== null && existing.requestHash !== requestHash) throw keyReused();
        await this.startWorkflow(existing);
        return { created: false, view: await this.detail(actor, existing.id) };
      }
    }
    if (!OPENING_ROLES.includes(actor.role)) {
      throw new DomainError('ROLE_NOT_PERMITTED', `Role ${actor.role} may not open certificate applications.`, { role: actor.role, action: 'submit' });
    }
    const now = new Date();
    this.validateApplicant(request, toChinaCalendarDate(now));
    const office = (await this.offices.findByCode(actor.officeCode))!;
    await this.checkBusinessRules(actor, request, office.selfDeclarationAllowed);

    const { applicant } = request;
    const id = randomUUID();
    const calendar = await this.calendars.load();
    const deadline = computeDeadline({ calendar, startedAt: now, workingDays: office.certificateDeadlineWorkingDays });
    try {
      await inCaseTransaction(this.db, async (tx) => {
        const declared = {
          fullName: applicant.fullName.trim(),
          sex: applicant.sex,
          dateOfBirth: applicant.dateOfBirth,
          householdOfficeCode: applicant.householdOfficeCode,
        };
        const personId = await this.people.upsert(tx, { identityNumber: applicant.identityNumber.toUpperCase(), ...declared });
        const year = Number(toChinaCalendarDate(now).slice(0, 4));
        const sequence = await nextOfficeSequence(tx, office.code, 'case', year);
        await this.applications.insert(tx, {
          id,
          caseNumber: `CA-${office.code}-${year}-${String(sequence).padStart(6, '0')}`,
          officeCode: office.code,
          personId,
          applicant: declared,
          requestHash,
          maritalStatus: applicant.maritalStatus,
          marriageDate: applicant.marriageDate ?? null,
          spouseName: applicant.spouseName ?? null,
          spouseIdentityNumber: applicant.spouseIdentityNumber?.toUpperCase() ?? null,
          numberOfChildren: applicant.numberOfChildren ?? null,
          destinationOfficeCode: request.destinationOfficeCode ?? null,
          selfDeclared: request.selfDeclared ?? false,
          state: 'submitted',
          assigneeUserId: actor.userId,
          submittedAt: now,
          deadlineWorkingDays: office.certificateDeadlineWorkingDays,
          deadlineAt: deadline.deadline,
          createdByUserId: actor.userId,
          idempotencyKey: idempotencyKey ?? null,
        });
        await this.caseActions.append(tx, {
          caseId: id,
          caseType: CERTIFICATE_APPLICATION_CASE_TYPE,
          action: 'submit',
          fromState: null,
          toState: 'submitted',
          actorUserId: actor.userId,
          actorRole: actor.role,
          reason: null,
          payload: { selfDeclared: request.selfDeclared ?? false },
          transactionId: `${id}:submit`,
          occurredAt: now,
        });
      });
    } catch (error) {
      // Two requests with one Idempotency-Key raced: the loser answers with the winner's case.
      if (idempotencyKey && isUniqueViolation(error)) return this.open(actor, request, idempotencyKey);
      throw error;
    }
    const row = (await this.applications.findWithin(jurisdictionOf(actor), id))!;
    await this.startWorkflow(row).catch((error: unknown) =>
      // Accepted all the same: the reconciler starts it. Logged without the request (personal data).
      this.logger.warn({ caseId: id, error: error instanceof Error ? error.name : 'unknown' }, 'case workflow not started; left to the reconciler'),
    );
    return { created: true, view: await this.detail(actor, id) };
  }

  async list(actor: ActingUser, query: ListCertificateApplicationsQuery) {
    const now = new Date();
    const { items, total, totalIsCapped } = await this.applications.listWithin(jurisdictionOf(actor), {
      ...(query.state ? { state: query.state } : {}),
      ...(query.officeCode ? { officeCode: query.officeCode } : {}),
      ...(query.overdue ? { overdueAt: now } : {}),
      ...(query.assignedToMe ? { assigneeUserId: actor.userId } : {}),
      ...(query.caseNumber ? { caseNumber: query.caseNumber } : {}),
      ...(query.after ? { afterId: query.after } : {}),
      limit: query.limit,
      offset: query.offset,
    });
    return {
      items: items.map((a) => CertificateApplicationView.summary(a, now)),
      total,
      totalIsCapped,
      nextAfter: items.length === query.limit ? items[items.length - 1]!.id : null,
      limit: query.limit,
      offset: query.offset,
    };
  }

  async detail(actor: ActingUser, id: string): Promise<CertificateApplicationView> {
    const row = await this.findOrThrow(actor, id);
    const [person, actions, certificates] = await Promise.all([
      this.applications.person(row.personId),
      this.caseActions.forCase(row.id),
      this.certificates.listForCase(row.id),
    ]);
    return CertificateApplicationView.detail(row, person, actions, certificates, new Date(), actor);
  }

  /**
   * A staff action (or a manager's cancel, from the monitoring actions), executed by the case's workflow as
   * an update: the answer is the new case or the rule it broke.
   */
  async act(actor: ActingUser, id: string, action: StaffAction | 'cancel' | 'reassign', payload: Record<string, unknown>, idempotencyKey?: string): Promise<CertificateApplicationView> {
    const row = await this.findOrThrow(actor, id);
    await this.actions.act({
      process: CERTIFICATE_APPLICATION_PROCESS,
      caseId: id,
      workflowId: certificateApplicationWorkflowId(id),
      actor,
      action,
      payload,
      idempotencyKey,
      readState: async () => (await this.findOrThrow(actor, id)).state as CertificateApplicationState,
      startWorkflow: () => this.startWorkflow(row),
    });
    return this.detail(actor, id);
  }

  private async findOrThrow(actor: ActingUser, id: string): Promise<CertificateApplicationRow> {
    const row = await this.applications.findWithin(jurisdictionOf(actor), id);
    if (!row) throw new DomainError('NOT_FOUND', 'No such certificate application.');
    return row;
  }

  private async startWorkflow(row: CertificateApplicationRow): Promise<void> {
    await startCaseWorkflow(this.temporal, certificateApplicationStart(row, taskQueueName(this.config.TEMPORAL_TASK_QUEUE_PREFIX, 'cases')));
  }


  /** Format rules beyond single fields: the identity number's check digit, and that it agrees with birth date and sex. */
  private validateApplicant(request: CreateCertificateApplicationRequest, today: string): void {
    const { applicant } = request;
    const violations: FieldViolation[] = [];
    const parsed = parseIdentityNumber(applicant.identityNumber);
    if (!parsed.ok) {
      violations.push({ field: 'applicant.identityNumber', rule: parsed.rule, message: 'identityNumber is not a valid resident identity number' });
    } else {
      if (parsed.value.birthDate !== applicant.dateOfBirth) {
        violations.push({ field: 'applicant.dateOfBirth', rule: 'matches-identity-number', message: 'dateOfBirth must match the identity number' });
      }
      if (parsed.value.sex !== applicant.sex) {
        violations.push({ field: 'applicant.sex', rule: 'matches-identity-number', message: 'sex must match the identity number' });
      }
    }
    if (applicant.spouseIdentityNumber && !parseIdentityNumber(applicant.spouseIdentityNumber).ok) {
      violations.push({ field: 'applicant.spouseIdentityNumber', rule: 'check-digit', message: 'spouseIdentityNumber is not a valid resident identity number' });
    }
    if (applicant.dateOfBirth > today) {
      violations.push({ field: 'applicant.dateOfBirth', rule: 'not-in-future', message: 'dateOfBirth cannot be in the future' });
    }
    violations.push(
      ...[...validateMaritalDeclaration(applicant, today), ...validateApplicantDeclaration(applicant)].map((v) => ({
        ...v,
        field: `applicant.${v.field}`,
      })),
    );
    if (violations.length > 0) throw validationFailed(violations, 'The application is not valid.');
  }

  private async checkBusinessRules(actor: ActingUser, request: CreateCertificateApplicationRequest, selfDeclarationAllowed: boolean): Promise<void> {
    const household = request.applicant.householdOfficeCode;
    if (!(await this.offices.findByCode(household)) || !isWithinJurisdiction({ officeCode: actor.officeCode, includeSubtree: true }, household)) {
      throw new DomainError('BUSINESS_RULE_VIOLATED', 'The household must be registered at this office or an office below it.', {
        field: 'applicant.householdOfficeCode',
        rule: 'registered-here',
      });
    }
    if (request.destinationOfficeCode && !(await this.offices.findByCode(request.destinationOfficeCode))) {
      throw new DomainError('BUSINESS_RULE_VIOLATED', 'No office has that destination code.', { field: 'destinationOfficeCode', rule: 'known-office' });
    }
    if (request.selfDeclared && !selfDeclarationAllowed) {
      throw new DomainError('BUSINESS_RULE_VIOLATED', 'This office does not accept self-declaration.', { field: 'selfDeclared', rule: 'office-allows-self-declaration' });
    }
  }
}
