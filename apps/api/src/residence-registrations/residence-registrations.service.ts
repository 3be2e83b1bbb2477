import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { PassageConfig } from '../../../../libs/config';
import {
  RESIDENCE_REGISTRATION_CASE_TYPE,
  residenceRegistrationStart,
  residenceRegistrationWorkflowId,
  taskQueueName,
} from '../../../../libs/contracts';
import {
  CaseActionsRepository,
  CooperationAgreementsRepository,
  inCaseTransaction,
  isUniqueViolation,
  nextOfficeSequence,
  PeopleRepository,
  ResidenceRegistrationsRepository,
  type ResidenceRegistrationRow,
} from '../../../../libs/db';
import {
  DomainError,
  jurisdictionOf,
  nextFeedbackDueOn,
  RESIDENCE_REGISTRATION_PROCESS,
  toChinaCalendarDate,
  validateArrival,
  validationFailed,
  type ActingUser,
  type ResidenceRegistrationStaffAction,
  type ResidenceRegistrationState,
} from '../../../../libs/domain';
import { startCaseWorkflow } from '../cases/start-case-workflow';
import { CaseActionsService, keyReused } from '../cases/case-actions.service';
import { requestFingerprint } from '../common/request-fingerprint';
import { CONFIG, DATA_SOURCE, LOGGER, TEMPORAL_CLIENT } from '../core/tokens';
import { ArrivalVerifierService } from './arrival-verifier.service';
import type { ListResidenceRegistrationsQuery, RegisterArrivalRequest } from './residence-registration.dto';
import { ResidenceRegistrationView } from './residence-registration.view';

/** Caseworkers register arrivals at their own (residence) office. */
const REGISTERING_ROLES = ['caseworker'];

const rule = (field: string, name: string, message: string): DomainError => new DomainError('BUSINESS_RULE_VIOLATED', message, { field, rule: name });

@Injectable()
export class ResidenceRegistrationsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(CONFIG) private readonly config: PassageConfig,
    @Inject(ResidenceRegistrationsRepository) private readonly registrations: ResidenceRegistrationsRepository,
    @Inject(PeopleRepository) private readonly people: PeopleRepository,
    @Inject(CooperationAgreementsRepository) private readonly agreements: CooperationAgreementsRepository,
    @Inject(CaseActionsRepository) private readonly caseActions: CaseActionsRepository,
    @Inject(CaseActionsService) private readonly actions: CaseActionsService,
    @Inject(ArrivalVerifierService) private readonly verifier: ArrivalVerifierService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Opens the person's file at the caller's office and starts its workflow (which announces the arrival
   * to the registration office and asks for the first feedback). The file and its 'register' entry are
   * written in one transaction: once committed the arrival is accepted, and a failed workflow start is
   * left to the reconciler or the first action. A person has one open file: someone with a file at
   * another office moves by that office's transfer.
   */
  async register(actor: ActingUser, request: RegisterArrivalRequest, idempotencyKey?: string): Promise<{ created: boolean; view: ResidenceRegistrationView }> {
    const requestHash = requestFingerprint(request);
    if (idempotencyKey) {
      const existing = await this.registrations.findByIdempotencyKey(actor.userId, idempotencyKey);
      if (existing) {
        if (existing.requestHash !== null && existing.requestHash !== requestHash) throw keyReused();
        await this.startWorkflow(existing);
        return { created: false, view: await this.detail(actor, existing.id) };
      }
    }
    if (!REGISTERING_ROLES.includes(actor.role)) {
      throw new DomainError('ROLE_NOT_PERMITTED', `Role ${actor.role} may not register arrivals.`, { role: actor.role, action: 'register' });
    }
    const now = new Date();
    const today = toChinaCalendarDate(now);
    const violations = validateArrival(request, today);
    if (violations.length > 0) throw validationFailed(violations, 'The arrival is not valid.');
    const id = randomUUID();
    try {
      await inCaseTransaction(this.db, async (tx) => {
        const arriving = await this.verifier.arrivingPerson(tx, request, now);
        const registrationOfficeCode = arriving.householdOfficeCode;
        if (registrationOfficeCode === actor.officeCode) {
          throw rule('verification', 'registered-elsewhere', 'The person’s household is registered at this office: they are not a migrant resident here.');
        }
        const open = await this.registrations.openFileOf(tx, arriving.personId);
        if (open) {
          throw open.residenceOfficeCode === actor.officeCode
            ? rule('verification', 'one-open-file', 'The person is registered here already.')
            : rule('verification', 'one-open-file', `The person has an open file at office ${open.residenceOfficeCode}: that office transfers it here.`);
        }
        const agreement = await this.agreements.find(actor.officeCode, registrationOfficeCode, tx);
        const feedbackIntervalMonths = agreement?.feedbackIntervalMonths ?? this.config.FEEDBACK_INTERVAL_MONTHS;
        const year = Number(today.slice(0, 4));
        const sequence = await nextOfficeSequence(tx, actor.officeCode, RESIDENCE_REGISTRATION_CASE_TYPE, year);
        await this.registrations.insert(tx, {
          id,
          caseNumber: `RR-${actor.officeCode}-${year}-${String(sequence).padStart(6, '0')}`,
          personId: arriving.personId,
          residenceOfficeCode: actor.officeCode,
          registrationOfficeCode,
          state: 'arrived',
          verification: request.verification as ResidenceRegistrationRow['verification'],
          certificateId: arriving.certificateId,
          arrivedOn: request.arrivedOn,
          feedbackIntervalMonths,
          feedbackReminderLeadDays: this.config.FEEDBACK_REMINDER_LEAD_DAYS,
          feedbackEscalationWorkingDays: this.config.FEEDBACK_ESCALATION_WORKING_DAYS,
          // The first feedback is one interval after the arrival (or after today, for an arrival registered that late).
          nextFeedbackDueOn: nextFeedbackDueOn(request.arrivedOn, today, feedbackIntervalMonths),
          registeredAt: now,
          createdByUserId: actor.userId,
          idempotencyKey: idempotencyKey ?? null,
          requestHash,
        });
        await this.caseActions.append(tx, {
          caseId: id,
          caseType: RESIDENCE_REGISTRATION_CASE_TYPE,
          action: 'register',
          fromState: null,
          toState: 'arrived',
          actorUserId: actor.userId,
          actorRole: actor.role,
          reason: null,
          payload: { verification: request.verification },
          transactionId: `${id}:register`,
          occurredAt: now,
        });
      });
    } catch (error) {
      // Two requests with one Idempotency-Key raced: the loser answers with the winner's file.
      if (idempotencyKey && isUniqueViolation(error) && (await this.registrations.findByIdempotencyKey(actor.userId, idempotencyKey))) {
        return this.register(actor, request, idempotencyKey);
      }
      // Two arrivals of one person raced: the loser meets the rule the winner's file now breaks.
      if (isUniqueViolation(error)) throw rule('verification', 'one-open-file', 'The person has an open file already.');
      throw error;
    }
    const row = (await this.registrations.findVisible(jurisdictionOf(actor), id))!;
    await this.startWorkflow(row).catch((error: unknown) =>
      this.logger.warn({ caseId: id, error: error instanceof Error ? error.name : 'unknown' }, 'residence workflow not started; left to the reconciler'),
    );
    return { created: true, view: await this.detail(actor, id) };
  }

  async list(actor: ActingUser, query: ListResidenceRegistrationsQuery) {
    const now = new Date();
    const { items, total, totalIsCapped } = await this.registrations.listVisible(jurisdictionOf(actor), {
      ...(query.direction ? { direction: query.direction } : {}),
      ...(query.state ? { state: query.state } : {}),
      ...(query.feedbackOverdue ? { feedbackOverdueOn: toChinaCalendarDate(now) } : {}),
      limit: query.limit,
      offset: query.offset,
    });
    return { items: items.map((r) => ResidenceRegistrationView.summary(r, now)), total, totalIsCapped, limit: query.limit, offset: query.offset };
  }

  async detail(actor: ActingUser, id: string): Promise<ResidenceRegistrationView> {
    const row = await this.findOrThrow(actor, id);
    const [person, actions] = await Promise.all([this.people.person(row.personId), this.caseActions.forCase(row.id)]);
    return ResidenceRegistrationView.detail(row, { fullName: person.fullName, identityNumber: person.identityNumber }, actions, new Date(), actor);
  }

  /** Feedback, a transfer, a departure or a return, executed by the file's workflow as an update. */
  async act(actor: ActingUser, id: string, action: ResidenceRegistrationStaffAction | 'cancel', payload: Record<string, unknown>, idempotencyKey?: string): Promise<ResidenceRegistrationView> {
    const row = await this.findOrThrow(actor, id);
    await this.actions.act({
      process: RESIDENCE_REGISTRATION_PROCESS,
      caseId: id,
      workflowId: residenceRegistrationWorkflowId(id),
      actor,
      action,
      payload,
      idempotencyKey,
      readState: async () => (await this.findOrThrow(actor, id)).state as ResidenceRegistrationState,
      startWorkflow: () => this.startWorkflow(row),
    });
    return this.detail(actor, id);
  }

  private async findOrThrow(actor: ActingUser, id: string): Promise<ResidenceRegistrationRow> {
    const row = await this.registrations.findVisible(jurisdictionOf(actor), id);
    if (!row) throw new DomainError('NOT_FOUND', 'No such residence registration.');
    return row;
  }

  private async startWorkflow(row: ResidenceRegistrationRow): Promise<void> {
    const queue = taskQueueName(this.config.TEMPORAL_TASK_QUEUE_PREFIX, 'cases');
    await startCaseWorkflow(this.temporal, residenceRegistrationStart(row, queue, this.config.RESIDENCE_ACTIONS_PER_RUN));
  }

}
