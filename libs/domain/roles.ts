/**
 * The roles a person can hold in an office. The api checks them; the domain's transition table says
 * which role may perform which action.
 */
export const ROLES = ['caseworker', 'approver', 'manager', 'auditor', 'office-admin'] as const;

export type Role = (typeof ROLES)[number];

/** Actions taken by workflows and timers rather than by a person are recorded with this actor. */
export const SYSTEM_ACTOR = 'system';

export type Actor = Role | typeof SYSTEM_ACTOR;

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Roles that read and change nothing: the api refuses them every request but a read (403). */
export const READ_ONLY_ROLES: readonly Role[] = ['auditor'];

/** Who reads the audit trail; verifying its chain (which reveals no one's data) is also open to managers. */
export const AUDIT_READER_ROLES: readonly Role[] = ['auditor'];
export const AUDIT_VERIFIER_ROLES: readonly Role[] = ['auditor', 'manager'];

export function mayChangeRecords(role: Role): boolean {
  return !READ_ONLY_ROLES.includes(role);
}
