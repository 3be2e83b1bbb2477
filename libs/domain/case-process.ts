/**
 * What every case type shares: a typed table of which action is allowed in which state and by whom.
 * A new process (a service report, a feedback obligation) is one `defineCaseProcess` call with its own
 * states and actions; the workflow engine, the recording activity and the api's action path all read it.
 */
import { DomainError, DomainErrorCode } from './errors';
import { isAncestorOrSelf } from './office-level';
import type { Actor } from './roles';

export interface CaseTransition<S extends string> {
  /** States the action may be taken in. Empty for the action that opens the case. */
  readonly from: readonly S[];
  /** The resulting state; 'same' for actions that record something without moving the case. */
  readonly to: S | 'same';
  readonly actors: readonly Actor[];
}

export interface CaseActionAttempt<S extends string, A extends string> {
  readonly state: S;
  readonly action: A;
  readonly actorRole: Actor;
  /** The person acting; rules such as four eyes need it. */
  readonly actorUserId?: string;
  /** The office the person acts for; rules such as "only the receiving office acknowledges" need it. */
  readonly actorOfficeCode?: string;
  /** Facts of the case that a process's own rules read (e.g. who reviewed it). */
  readonly facts?: Readonly<Record<string, string | null | undefined>>;
}

export interface CaseProcessDefinition<S extends string, A extends string> {
  readonly caseType: string;
  readonly states: readonly S[];
  readonly terminalStates: readonly S[];
  readonly actions: readonly A[];
  readonly transitions: Readonly<Record<A, CaseTransition<S>>>;
  /**
   * Actions a person may take while the case's opening steps still run (a manager's cancel of a case jammed
   * in its registry check): they interrupt those steps instead of waiting behind them.
   */
  readonly openingInterruptedBy?: readonly A[];
  /** Rules beyond the table, checked after role and state (throw a DomainError). */
  extraRules?(attempt: CaseActionAttempt<S, A>): void;
}

export interface CaseProcess<S extends string, A extends string> extends CaseProcessDefinition<S, A> {
  isState(value: unknown): value is S;
  isAction(value: unknown): value is A;
  isTerminal(state: S): boolean;
  isActionAllowedInState(state: S, action: A): boolean;
  isActorPermitted(action: A, actor: Actor): boolean;
  /** The state after the action; throws ACTION_NOT_ALLOWED_IN_STATE when it is not allowed in `state`. */
  nextState(state: S, action: A): S;
  /** What the actor may do now, in table order: the buttons a person sees, and what the workflow accepts. */
  allowedActions(state: S, actor: Actor): A[];
  /**
   * What this person may do now, every rule applied (the process's extra rules too, e.g. which office may
   * act): `allowedActions` narrowed by the facts of the case and the actor's id and office.
   */
  allowedActionsFor(attempt: Omit<CaseActionAttempt<S, A>, 'action'>): A[];
  /** The part of the rules that does not depend on the case: ROLE_NOT_PERMITTED (403). */
  assertRolePermitted(action: A, actor: Actor): void;
  /**
   * Every rule, in order: the role (403), the state (409, details { state, action }), then the
   * process's extra rules.
   */
  assertAllowed(attempt: CaseActionAttempt<S, A>): void;
}

export function defineCaseProcess<S extends string, A extends string>(definition: CaseProcessDefinition<S, A>): CaseProcess<S, A> {
  const { transitions } = definition;
  const isActionAllowedInState = (state: S, action: A): boolean => transitions[action].from.includes(state);
  const isActorPermitted = (action: A, actor: Actor): boolean => transitions[action].actors.includes(actor);
  const notAllowedInState = (state: S, action: A): DomainError =>
    new DomainError(DomainErrorCode.ACTION_NOT_ALLOWED_IN_STATE, `Cannot ${action} a case that is ${state}`, { state, action });
  const assertRolePermitted = (action: A, actor: Actor): void => {
    if (!isActorPermitted(action, actor)) {
      throw new DomainError(DomainErrorCode.ROLE_NOT_PERMITTED, `Role ${actor} may not ${action}`, { role: actor, action });
    }
  };
  const assertAllowed = (attempt: CaseActionAttempt<S, A>): void => {
    assertRolePermitted(attempt.action, attempt.actorRole);
    if (!isActionAllowedInState(attempt.state, attempt.action)) throw notAllowedInState(attempt.state, attempt.action);
    definition.extraRules?.(attempt);
  };
  return {
    ...definition,
    isState: (value): value is S => typeof value === 'string' && (definition.states as readonly string[]).includes(value),
    isAction: (value): value is A => typeof value === 'string' && (definition.actions as readonly string[]).includes(value),
    isTerminal: (state) => definition.terminalStates.includes(state),
    isActionAllowedInState,
    isActorPermitted,
    nextState(state, action) {
      if (!isActionAllowedInState(state, action)) throw notAllowedInState(state, action);
      const { to } = transitions[action];
      return to === 'same' ? state : to;
    },
    allowedActions: (state, actor) =>
      definition.actions.filter((action) => isActionAllowedInState(state, action) && isActorPermitted(action, actor)),
    assertRolePermitted,
    assertAllowed,
    allowedActionsFor: (attempt) =>
      definition.actions.filter((action) => {
        try {
          assertAllowed({ ...attempt, action });
          return true;
        } catch (error) {
          if (error instanceof DomainError) return false;
          throw error;
        }
      }),
  };
}

/**
 * The rule on a manager's cancel, shared by every process: only a manager at or above the office that owns
 * the case (named by the fact `ownerFact`) may end it; an office the case merely concerns may not.
 */
export function assertCancelByOwnersManager(attempt: CaseActionAttempt<string, string>, ownerFact: string): void {
  const owner = attempt.facts?.[ownerFact];
  const actorOffice = attempt.actorOfficeCode;
  if (!owner || !actorOffice || !isAncestorOrSelf(actorOffice, owner)) {
    throw new DomainError(DomainErrorCode.ROLE_NOT_PERMITTED, `Only a manager at or above the office that owns the case may ${attempt.action} it`, {
      action: attempt.action,
      role: attempt.actorRole,
      rule: 'owning-office-manager',
    });
  }
}
