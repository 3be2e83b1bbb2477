import { CaseActionsRepository, inCaseTransaction, inTransaction, NotificationsRepository, UsersRepository } from '../../libs/db';
import type { EntityManager } from 'typeorm';
import type { CaseSnapshot, RecordCaseActionInput, RecordedCaseAction } from '../../libs/contracts';
import { DomainError, SYSTEM_ACTOR, validationFailed, type Actor } from '../../libs/domain';
import { withDomainFailures } from '../activity-failure';
import type { ActivityDependencies } from '../dependencies';
import type { CaseTypeHandler } from './case-type-handler';

/**
 * The one way an action enters a case, for every case type: in one database transaction it locks the
 * case, answers a retry with what the first attempt did, checks the rules against the locked row (so two
 * racing attempts cannot both act), lets the case type apply the action's effects, appends the log entry,
 * and saves the state the action leaves.
 */
export function createCaseEngineActivities(deps: ActivityDependencies, handlers: readonly CaseTypeHandler[]) {
  const caseActions = new CaseActionsRepository(deps.db);
  const notifications = new NotificationsRepository(deps.db);
  const users = new UsersRepository(deps.db);
  const logger = deps.logger.child({ activity: 'recordCaseAction' });
  const byType = new Map(handlers.map((h) => [h.process.caseType, h]));

  function handlerFor(caseType: string): CaseTypeHandler {
    const handler = byType.get(caseType);
    if (!handler) throw new DomainError('NOT_FOUND', `No case type ${caseType}.`);
    return handler;
  }

  async function recordCaseAction(input: RecordCaseActionInput): Promise<RecordedCaseAction> {
    return withDomainFailures(() =>
      inCaseTransaction(deps.db, async (tx) => {
        const handler = handlerFor(input.caseType);
        const row = await handler.lock(tx, input.caseId);
        if (!row) throw new DomainError('NOT_FOUND', 'No such case.');
        const now = new Date(input.occurredAt);
        if (await caseActions.findByTransaction(input.transactionId, tx)) {
          // A retry: answer what the first attempt did, including the notifications it made.
          return { snapshot: await handler.snapshot(tx, row, now), notificationIds: await notifications.idsCausedBy(tx, input.transactionId) };
        }

        const { process } = handler;
        if (input.actor) await assertActorOnRecord(tx, input.actor);
        const actorRole: Actor = (input.actor?.role as Actor | undefined) ?? SYSTEM_ACTOR;
        process.assertAllowed({
          state: row.state,
          action: input.action,
          actorRole,
          ...(input.actor ? { actorUserId: input.actor.userId, actorOfficeCode: input.actor.officeCode } : {}),
          facts: handler.facts(row),
        });
        const violations = handler.validatePayload(input.action, input.payload, now);
        if (violations.length > 0) throw validationFailed(violations);

        const to = process.nextState(row.state, input.action);
        const after = await handler.apply({ tx, input, now, from: row.state, to, closes: process.isTerminal(to) }, row);
        await caseActions.append(tx, {
          caseId: row.id,
          caseType: input.caseType,
          action: input.action,
          fromState: row.state,
          toState: to,
          actorUserId: input.actor?.userId ?? null,
          actorRole,
          reason: textOf(input.payload['reason']) ?? textOf(input.payload['note']),
          payload: input.payload,
          transactionId: input.transactionId,
          occurredAt: now,
        });
        const snapshot = await handler.save(tx, row, { ...after, state: to }, now);
        logger.info({ caseType: input.caseType, caseId: row.id, action: input.action, from: row.state, to }, 'case action recorded');
        return { snapshot, notificationIds: await notifications.idsCausedBy(tx, input.transactionId) };
      }),
    );
  }

  /**
   * Temporal is a trust boundary: whoever can send an update can write any actor into it. The person must be
   * an active user whose role and office, as the record has them now, are the ones the action claims.
   */
  async function assertActorOnRecord(tx: EntityManager, actor: NonNullable<RecordCaseActionInput['actor']>): Promise<void> {
    const user = await users.actingUser(actor.userId, tx);
    if (!user || user.role !== actor.role || user.officeCode !== actor.officeCode) {
      throw new DomainError('ROLE_NOT_PERMITTED', 'The acting user is not on record with this role and office.', {
        role: actor.role,
        rule: 'actor-on-record',
      });
    }
  }

  /** The case as stored, for a workflow that reads it again (after a refusal, or when it has no opening steps). */
  async function readCaseSnapshot(input: { caseType: string; caseId: string; now: string }): Promise<CaseSnapshot> {
    return withDomainFailures(() =>
      inTransaction(deps.db, async (tx) => {
        const handler = handlerFor(input.caseType);
        const row = await handler.lock(tx, input.caseId);
        if (!row) throw new DomainError('NOT_FOUND', 'No such case.');
        return handler.snapshot(tx, row, new Date(input.now));
      }),
    );
  }

  /**
   * The case's deadlines counted again after a change to the working calendar (the workflow's handler of
   * workingCalendarChangedSignal): in one transaction, with the case locked as an action would lock it.
   */
  async function recomputeCaseDeadlines(input: { caseType: string; caseId: string; now: string }): Promise<CaseSnapshot> {
    return withDomainFailures(() =>
      inTransaction(deps.db, async (tx) => {
        const handler = handlerFor(input.caseType);
        const row = await handler.lock(tx, input.caseId);
        if (!row) throw new DomainError('NOT_FOUND', 'No such case.');
        const snapshot = await handler.recompute(tx, row, new Date(input.now));
        logger.info({ caseType: input.caseType, caseId: row.id, deadlineAt: snapshot.deadlineAt }, 'case deadlines counted again in the working calendar');
        return snapshot;
      }),
    );
  }

  return { recordCaseAction, readCaseSnapshot, recomputeCaseDeadlines };
}

function textOf(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}
