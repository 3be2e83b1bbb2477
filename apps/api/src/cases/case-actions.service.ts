import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import type { PassageConfig } from '../../../../libs/config';
import { performCaseActionUpdate } from '../../../../libs/contracts';
import { CaseActionsRepository } from '../../../../libs/db';
import { DomainError, type ActingUser, type Actor, type CaseProcess } from '../../../../libs/domain';
import { sameRequest } from '../common/request-fingerprint';
import { rethrowAsDomainError } from '../common/temporal-errors';
import { CONFIG, TEMPORAL_CLIENT } from '../core/tokens';

/** One person's action on one case, as every case type's service hands it over. */
export interface CaseActionCall<S extends string, A extends string> {
  process: CaseProcess<S, A>;
  caseId: string;
  workflowId: string;
  actor: ActingUser;
  action: A;
  payload: Record<string, unknown>;
  idempotencyKey?: string | undefined;
  /** The case's state as stored, re-read after a miss: a closed case's workflow takes no more updates. */
  readState: () => Promise<S>;
  /** Starts the case's workflow when it is missing (its start failed when the case was opened). */
  startWorkflow: () => Promise<void>;
}

/**
 * The api's one path for a person's action on a case, whatever its type: it is sent to the case's workflow
 * as an update (validated there against the state it will meet), and the answer is either the new case or
 * the rule it broke. A repeat with the same Idempotency-Key answers as the first did; reused with another
 * body it is refused. A case whose workflow never started is started here, then acted on.
 */
@Injectable()
export class CaseActionsService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(CaseActionsRepository) private readonly caseActions: CaseActionsRepository,
    @Inject(CONFIG) private readonly config: PassageConfig,
  ) {}

  async act<S extends string, A extends string>(call: CaseActionCall<S, A>): Promise<void> {
    const { caseId, action, idempotencyKey } = call;
    const transactionId = `${caseId}:${action}:${idempotencyKey ?? randomUUID()}`;
    if (idempotencyKey) {
      const recorded = await this.caseActions.findByTransaction(transactionId);
      if (recorded) {
        if (!sameRequest(recorded.payload, call.payload)) throw keyReused();
        return; // the repeat of a recorded action answers as the first did, also once it closed the case
      }
    }
    this.refuseIfClosed(call, await call.readState());
    const request = {
      action,
      actor: { userId: call.actor.userId, role: call.actor.role, officeCode: call.actor.officeCode },
      transactionId,
      payload: call.payload,
    };
    // Bounded: a workflow that cannot take the update (its server keeps aborting it, its worker is gone)
    // must not hold the request, nor leave the client retrying after the caller has given up.
    const update = () =>
      this.temporal.withAbortSignal(AbortSignal.timeout(this.config.CASE_ACTION_ANSWER_TIMEOUT_MS), () =>
        this.temporal.workflow.getHandle(call.workflowId).executeUpdate(performCaseActionUpdate, { args: [request], updateId: transactionId }),
      );
    try {
      await update();
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) rethrowAsDomainError(error);
      // Closed since it was read (its workflow completed), or never started: the stored case says which.
      this.refuseIfClosed(call, await call.readState());
      await call.startWorkflow();
      await update().catch(rethrowAsDomainError);
    }
  }

  /** Throws the rule an action breaks on a closed case (role first, then state), as its workflow would. */
  private refuseIfClosed<S extends string, A extends string>(call: CaseActionCall<S, A>, state: S): void {
    if (!call.process.isTerminal(state)) return;
    call.process.assertAllowed({
      state,
      action: call.action,
      actorRole: call.actor.role as Actor,
      actorUserId: call.actor.userId,
      actorOfficeCode: call.actor.officeCode,
    });
  }
}

export function keyReused(): DomainError {
  return new DomainError('BUSINESS_RULE_VIOLATED', 'This Idempotency-Key was used before with a different request.', {
    field: 'Idempotency-Key',
    rule: 'idempotency-key-reused',
  });
}
