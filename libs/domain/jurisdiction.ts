import type { Role } from './roles';

/** The member of staff on whose behalf something is done. */
export interface ActingUser {
  userId: string;
  role: Role;
  officeCode: string;
}

/** The offices an actor may see and act in: their own office, or its whole subtree. */
export interface Jurisdiction {
  officeCode: string;
  includeSubtree: boolean;
}

/**
 * Managers oversee the offices below them and auditors read across the same subtree; everyone else works
 * within their own office only. Division codes nest by prefix, so a subtree is a code prefix.
 */
export function jurisdictionOf(actor: Pick<ActingUser, 'role' | 'officeCode'>): Jurisdiction {
  const includeSubtree = actor.role === 'manager' || actor.role === 'auditor';
  return { officeCode: actor.officeCode, includeSubtree };
}

export function isWithinJurisdiction(jurisdiction: Jurisdiction, officeCode: string): boolean {
  return jurisdiction.includeSubtree
    ? officeCode.startsWith(jurisdiction.officeCode)
    : officeCode === jurisdiction.officeCode;
}
