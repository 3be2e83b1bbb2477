/**
 * Who may change the working calendar. There is one national calendar (the State Council's holidays and
 * make-up working days), and every open case counts its deadlines in it, so a change moves deadlines in
 * every office: it is not a street office's to make. Only an office admin of a province-level office (the
 * top of the hierarchy) may add, correct or remove a day. Reading the calendar stays open to all staff.
 */
import { DomainError, DomainErrorCode } from './errors';
import { levelForCode, OFFICE_LEVELS, type OfficeLevel } from './office-level';
import type { Role } from './roles';

/** The lowest office level whose admins maintain the calendar; every level above it may too. */
export const WORKING_CALENDAR_EDITOR_LEVEL: OfficeLevel = 'province';

/** The role that maintains the calendar (at an office of WORKING_CALENDAR_EDITOR_LEVEL or above). */
export const WORKING_CALENDAR_EDITOR_ROLE: Role = 'office-admin';

export type WorkingCalendarEditRefusal = 'role' | 'office-level';

/**
 * Why the actor may not change the calendar, or null when they may: the wrong role, or an office below
 * province level (an invalid office code counts as below: the rule fails closed).
 */
export function workingCalendarEditRefusal(actor: { role: Role; officeCode: string }): WorkingCalendarEditRefusal | null {
  if (actor.role !== WORKING_CALENDAR_EDITOR_ROLE) return 'role';
  const level = levelForCode(actor.officeCode);
  if (level === undefined) return 'office-level';
  return OFFICE_LEVELS.indexOf(level) <= OFFICE_LEVELS.indexOf(WORKING_CALENDAR_EDITOR_LEVEL) ? null : 'office-level';
}

export function mayEditWorkingCalendar(actor: { role: Role; officeCode: string }): boolean {
  return workingCalendarEditRefusal(actor) === null;
}

/** Throws ROLE_NOT_PERMITTED (403) saying which part of the rule the actor misses. */
export function assertMayEditWorkingCalendar(actor: { role: Role; officeCode: string }): void {
  const refusal = workingCalendarEditRefusal(actor);
  if (refusal === null) return;
  const officeLevel = levelForCode(actor.officeCode) ?? null;
  throw new DomainError(
    DomainErrorCode.ROLE_NOT_PERMITTED,
    refusal === 'role'
      ? 'Only an office admin of a province-level office maintains the working calendar.'
      : `The working calendar is national: only an office admin of a province-level office maintains it, not one of a ${officeLevel ?? 'unknown'}-level office.`,
    { role: actor.role, officeLevel, rule: 'province-office-admin', action: 'edit-working-calendar' },
  );
}
