/**
 * The time line of a report awaiting acknowledgement, in working days from when it was filed (or last
 * corrected): a reminder half way, a reminder at the deadline, and deemed acceptance when the final
 * deadline (the deadline plus a grace period) passes unanswered.
 */
import { computeDeadline, reminderInstants } from './sla';
import type { UnknownYearOptions, WorkingCalendar } from './working-calendar';

export interface ServiceReportClockInput extends UnknownYearOptions {
  readonly calendar: WorkingCalendar;
  /** Filing, or the last correction: the China date is day 0 and does not count. */
  readonly startedAt: Date;
  /** From the cooperation agreement between the two offices (or the configured default). */
  readonly acknowledgementWorkingDays: number;
  /** Working days after the deadline before silence counts as acceptance. */
  readonly graceWorkingDays: number;
}

export interface ServiceReportClock {
  /** The end of the last working day to answer on time. */
  readonly deadlineAt: Date;
  /** When silence becomes deemed acceptance. */
  readonly finalDeadlineAt: Date;
  /** Reminders to the registration office: before the deadline, and at it. */
  readonly reminderAts: readonly Date[];
}

export function serviceReportClock(input: ServiceReportClockInput): ServiceReportClock {
  const base = { calendar: input.calendar, startedAt: input.startedAt, onUnknownYear: input.onUnknownYear };
  const deadline = computeDeadline({ ...base, workingDays: input.acknowledgementWorkingDays });
  const finalDeadline = computeDeadline({ ...base, workingDays: input.acknowledgementWorkingDays + input.graceWorkingDays });
  const before = reminderInstants({ ...base, workingDays: input.acknowledgementWorkingDays, fractions: [0.5] })
    .map((r) => r.at)
    .filter((at) => at < deadline.deadline);
  return { deadlineAt: deadline.deadline, finalDeadlineAt: finalDeadline.deadline, reminderAts: [...before, deadline.deadline] };
}
