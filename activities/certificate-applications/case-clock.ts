import {
  computeDeadline,
  reminderInstants,
  type PauseInterval,
  type WorkingCalendar,
} from '../../libs/domain';
import type { CaseActionRow, CertificateApplicationRow } from '../../libs/db';

/** Pause intervals read off the action log: each request for information until the information supplied. */
export function pausesFromLog(log: readonly Pick<CaseActionRow, 'action' | 'occurredAt'>[]): PauseInterval[] {
  const pauses: PauseInterval[] = [];
  let open: Date | null = null;
  for (const entry of log) {
    if (entry.action === 'request-information') open = entry.occurredAt;
    if (entry.action === 'supply-information' && open) {
      pauses.push({ pausedAt: open, resumedAt: entry.occurredAt });
      open = null;
    }
  }
  if (open) pauses.push({ pausedAt: open, resumedAt: null });
  return pauses;
}

/** The statutory deadline and the reminders still to send, from the case, its log and the calendar. */
export function caseClock(
  application: Pick<CertificateApplicationRow, 'submittedAt' | 'deadlineWorkingDays' | 'remindersSent'>,
  log: readonly Pick<CaseActionRow, 'action' | 'occurredAt'>[],
  calendar: WorkingCalendar,
  now: Date,
  onUnknownYear: (year: number) => void,
): { deadlineAt: Date; pendingReminderAts: Date[]; paused: boolean } {
  const input = {
    calendar,
    startedAt: application.submittedAt,
    workingDays: application.deadlineWorkingDays,
    pauses: pausesFromLog(log),
    now,
    onUnknownYear,
  };
  const deadline = computeDeadline(input);
  const reminders = reminderInstants(input).map((r) => r.at);
  return { deadlineAt: deadline.deadline, pendingReminderAts: reminders.slice(application.remindersSent), paused: deadline.paused };
}
