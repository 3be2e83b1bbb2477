import type { EntityManager } from 'typeorm';
import type { CaseSnapshot, RecordCaseActionInput } from '../../libs/contracts';
import type { CaseProcess, FieldViolation } from '../../libs/domain';

/** What the engine knows of any stored case. */
export interface StoredCase {
  id: string;
  state: string;
}

/** One action being recorded: what the engine has decided, for the case type to act on. */
export interface ActionBeingRecorded {
  tx: EntityManager;
  input: RecordCaseActionInput;
  now: Date;
  from: string;
  to: string;
  closes: boolean;
}

/**
 * What one case type adds to the shared recording engine: where its cases are stored, what its actions
 * carry, what they do beyond moving the state (notifications, a certificate), and the clock its workflow
 * runs on. Everything else (locking, idempotency, the rules, the log) is the engine's.
 */
export interface CaseTypeHandler<Row extends StoredCase = StoredCase> {
  process: CaseProcess<string, string>;
  /** Reads the case and locks its row for the rest of the transaction; null when there is none. */
  lock(tx: EntityManager, caseId: string): Promise<Row | null>;
  /** Facts the process's extra rules read (e.g. who reviewed the case). */
  facts(row: Row): Record<string, string | null>;
  /** `now` is the action's time (the workflow's clock), for rules such as "not in the future". */
  validatePayload(action: string, payload: Record<string, unknown>, now: Date): FieldViolation[];
  /** The action's own effects inside the transaction; answers the row as the action leaves it (not yet saved). */
  apply(action: ActionBeingRecorded, row: Row): Promise<Row>;
  /** Saves the row the action left and answers the snapshot its workflow runs on. */
  save(tx: EntityManager, before: Row, after: Row, now: Date): Promise<CaseSnapshot>;
  /** The snapshot of the case as stored, for a retry or a workflow that reads the case again. */
  snapshot(tx: EntityManager, row: Row, now: Date): Promise<CaseSnapshot>;
  /**
   * After a change to the working calendar: counts the case's working-day deadlines again in the calendar
   * as it is now, stores the ones its row keeps (only where they moved, so a second time changes nothing),
   * and answers the snapshot its workflow re-arms its timers from. A closed case is answered as it is.
   */
  recompute(tx: EntityManager, row: Row, now: Date): Promise<CaseSnapshot>;
}
