import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type Client, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import type { PassageConfig } from '../../../../libs/config';
import {
  CaseTypeKey,
  CaseStateKey,
  certificateApplicationWorkflowId,
  CERTIFICATE_APPLICATION_CASE_TYPE,
  CounterpartOfficeCodeKey,
  DeadlineAtKey,
  EscalatedKey,
  OfficeCodeKey,
  performStaffActionUpdate,
  taskQueueName,
  type CertificateApplicationWorkflowInput,
  type StaffAction,
} from '../../../../libs/contracts';
import {
  CertificateApplicationsRepository,
  CertificatesRepository,
  inTransaction,
  isUniqueViolation,
  nextOfficeSequence,
  OfficesRepository,
  WorkingCalendarRepository,
  type CertificateApplicationRow,
} from '../../../../libs/db';
import {
  assertActionAllowed,
  computeDeadline,
  DomainError,
  isTerminal,
  isWithinJurisdiction,
  jurisdictionOf,
  parseIdentityNumber,
  toChinaCalendarDate,
  validateMaritalDeclaration,
  validationFailed,
  type ActingUser,
  type CertificateApplicationState,
  type FieldViolation,
} from '../../../../libs/domain';
import { rethrowAsDomainError } from '../common/temporal-errors';
import { CONFIG, DATA_SOURCE, TEMPORAL_CLIENT } from '../core/tokens';
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
    @Inject(WorkingCalendarRepository) private readonly calendars: WorkingCalendarRepository,
  ) {}

  /**
   * Opens a case at the caller's office and starts its workflow. With an Idempotency-Key the same request
   * gives the same case; the workflow start is repeated harmlessly, so a crash between the two is mended
   * by retrying the request.
   */
  async open(actor: ActingUser, request: CreateCertificateApplicationRequest, idempotencyKey?: string): Promise<{ created: boolean; view: CertificateApplicationView }> {
    if (idempotencyKey) {
      const existing = await this.applications.findByIdempotencyKey(actor.userId, idempotencyKey);
      if (existing) {
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
      await inTransaction(this.db, async (tx) => {
        const personId = await this.applications.upsertPerson(tx, {
          identityNumber: applicant.identityNumber.toUpperCase(),
          fullName: applicant.fullName.trim(),
          sex: applicant.sex,
          dateOfBirth: applicant.dateOfBirth,
          householdOfficeCode: applicant.householdOfficeCode,
        });
        const year = Number(toChinaCalendarDate(now).slice(0, 4));
        const sequence = await nextOfficeSequence(tx, office.code, 'case', year);
        await this.applications.insert(tx, {
          id,
          caseNumber: `CA-${office.code}-${year}-${String(sequence).padStart(6, '0')}`,
          officeCode: office.code,
          personId,
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
        await this.applications.appendAction(tx, {
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
    await this.startWorkflow(row);
    return { created: true, view: await this.detail(actor, id) };
  }

  async list(actor: ActingUser, query: ListCertificateApplicationsQuery) {
    const now = new Date();
    const { items, total } = await this.applications.listWithin(jurisdictionOf(actor), {
      ...(query.state ? { state: query.state } : {}),
      ...(query.officeCode ? { officeCode: query.officeCode } : {}),
      ...(query.overdue ? { overdueAt: now } : {}),
      ...(query.assignedToMe ? { assigneeUserId: actor.userId } : {}),
      ...(query.caseNumber ? { caseNumber: query.caseNumber } : {}),
      limit: query.limit,
      offset: query.offset,
    });
    return { items: items.map((a) => CertificateApplicationView.summary(a, now)), total, limit: query.limit, offset: query.offset };
  }

  async detail(actor: ActingUser, id: string): Promise<CertificateApplicationView> {
    const row = await this.findOrThrow(actor, id);
    const [person, actions, certificates] = await Promise.all([
      this.applications.person(row.personId),
      this.applications.actions(row.id),
      this.certificates.listForApplication(row.id),
    ]);
    return CertificateApplicationView.detail(row, person, actions, certificates, new Date());
  }

  /** A staff action, executed by the case's workflow as an update: the answer is the new state or the rule it broke. */
  async act(actor: ActingUser, id: string, action: StaffAction, payload: Record<string, unknown>, idempotencyKey?: string): Promise<CertificateApplicationView> {
    const row = await this.findOrThrow(actor, id);
    const transactionId = idempotencyKey ? `${id}:${action}:${idempotencyKey}` : `${id}:${action}:${randomUUID()}`;
    // The repeat of a recorded action answers as the first did, also once the action has closed the case.
    if (idempotencyKey && (await this.applications.findAction(this.db.manager, transactionId))) return this.detail(actor, id);
    // A closed case's workflow has completed and takes no more updates: answer the rule from the stored case.
    this.refuseIfClosed(row, actor, action);
    const handle = this.temporal.workflow.getHandle(certificateApplicationWorkflowId(id));
    try {
      await handle.executeUpdate(performStaffActionUpdate, {
        args: [{ action, actor: { userId: actor.userId, role: actor.role, officeCode: actor.officeCode }, transactionId, payload }],
        updateId: transactionId,
      });
    } catch (error) {
      // The case may have been closed (and its workflow completed) since it was read above.
      if (error instanceof WorkflowNotFoundError) this.refuseIfClosed(await this.findOrThrow(actor, id), actor, action);
      rethrowAsDomainError(error);
    }
    return this.detail(actor, id);
  }

  /** Throws the rule a staff action breaks on a closed case (role first, then state), as the workflow would. */
  private refuseIfClosed(row: CertificateApplicationRow, actor: ActingUser, action: StaffAction): void {
    if (!isTerminal(row.state as CertificateApplicationState)) return;
    assertActionAllowed({ state: row.state as CertificateApplicationState, action, actorRole: actor.role, actorUserId: actor.userId });
  }

  private async findOrThrow(actor: ActingUser, id: string): Promise<CertificateApplicationRow> {
    const row = await this.applications.findWithin(jurisdictionOf(actor), id);
    if (!row) throw new DomainError('NOT_FOUND', 'No such certificate application.');
    return row;
  }

  private async startWorkflow(row: CertificateApplicationRow): Promise<void> {
    const input: CertificateApplicationWorkflowInput = { caseId: row.id, officeCode: row.officeCode, selfDeclared: row.selfDeclared };
    try {
      await this.temporal.workflow.start('certificateApplicationWorkflow', {
        workflowId: certificateApplicationWorkflowId(row.id),
        taskQueue: taskQueueName(this.config.TEMPORAL_TASK_QUEUE_PREFIX, 'cases'),
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: [
          { key: CaseTypeKey, value: CERTIFICATE_APPLICATION_CASE_TYPE },
          { key: CaseStateKey, value: row.state },
          { key: OfficeCodeKey, value: row.officeCode },
          ...(row.destinationOfficeCode ? [{ key: CounterpartOfficeCodeKey, value: row.destinationOfficeCode }] : []),
          ...(row.deadlineAt ? [{ key: DeadlineAtKey, value: row.deadlineAt }] : []),
          { key: EscalatedKey, value: false },
        ],
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
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
      ...validateMaritalDeclaration(applicant, today).map((v) => ({ ...v, field: `applicant.${v.field}` })),
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
