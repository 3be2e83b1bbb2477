import type { EntityManager } from 'typeorm';
import { NotificationsRepository, ServiceReportsRepository, WorkingCalendarRepository, type NewNotification, type ServiceReportRow } from '../../libs/db';
import { SERVICE_REPORT_CASE_TYPE, type CaseSnapshot, type CaseTimer } from '../../libs/contracts';
import {
  SERVICE_REPORT_PROCESS,
  serviceReportClock,
  toChinaCalendarDate,
  validateServiceReportPayload,
  type ServiceReportAction,
  type WorkingCalendar,
} from '../../libs/domain';
import type { ActionBeingRecorded, CaseTypeHandler } from '../case-engine';
import { caseNotifier } from '../case-engine/case-notifier';
import type { ActivityDependencies } from '../dependencies';

/** The notifications that ask the registration office for an answer; acknowledging or contesting answers them. */
const ASKING_KINDS = ['service-report-received', 'service-report-corrected'];
/** The one that asks the arbitrator for a decision. */
const ARBITRATION_KINDS = ['service-report-arbitration-requested'];

/**
 * The service report's part of recording an action. Delivery starts the acknowledgement clock and asks
 * the registration office for an answer (a notification that expects one, due at the deadline); its
 * answer (acknowledge or contest) marks that notification answered in the same transaction, so the
 * feedback rate counts what really happened. Reminders go before and at the deadline; silence until the
 * final deadline is deemed acceptance, and both offices are told. A correction asks again with a fresh deadline.
 */
export function createServiceReportHandler(deps: ActivityDependencies): CaseTypeHandler<ServiceReportRow> {
  const reports = new ServiceReportsRepository(deps.db);
  const notifications = new NotificationsRepository(deps.db);
  const calendars = new WorkingCalendarRepository(deps.db);
  const logger = deps.logger.child({ activity: 'recordCaseAction', caseType: SERVICE_REPORT_CASE_TYPE });

  const facts = (row: ServiceReportRow): Record<string, string | null> => ({
    filingOfficeCode: row.filingOfficeCode,
    registrationOfficeCode: row.registrationOfficeCode,
    arbitratorOfficeCode: row.arbitratorOfficeCode,
  });

  async function calendar(tx: EntityManager, caseId: string): Promise<WorkingCalendar> {
    return calendars.load(
      (year) => logger.warn({ caseId, year }, 'working calendar has no entries for this year; counting Monday to Friday'),
      tx,
    );
  }

  async function clockOf(tx: EntityManager, row: ServiceReportRow) {
    return serviceReportClock({
      calendar: await calendar(tx, row.id),
      startedAt: row.clockStartedAt,
      acknowledgementWorkingDays: row.acknowledgementWorkingDays,
      graceWorkingDays: row.graceWorkingDays,
    });
  }

  async function snapshot(tx: EntityManager, row: ServiceReportRow): Promise<CaseSnapshot> {
    const timers: CaseTimer[] = [];
    const awaiting = row.state === 'awaiting-acknowledgement';
    if (awaiting && row.finalDeadlineAt) {
      const clock = await clockOf(tx, row);
      for (const at of clock.reminderAts.slice(row.remindersSent)) timers.push({ at: at.toISOString(), action: 'send-reminder' });
      timers.push({ at: row.finalDeadlineAt.toISOString(), action: 'deem-accept' });
    }
    return {
      caseId: row.id,
      caseType: SERVICE_REPORT_CASE_TYPE,
      state: row.state,
      deadlineAt: awaiting && row.deadlineAt ? row.deadlineAt.toISOString() : null,
      escalated: false,
      timers,
      facts: facts(row),
    };
  }

  const tell = caseNotifier(notifications, SERVICE_REPORT_CASE_TYPE);
  const notify = (a: ActionBeingRecorded, row: ServiceReportRow, kind: string, recipientOfficeCode: string, extra: Partial<NewNotification> = {}) =>
    tell(a, row.id, kind, recipientOfficeCode, extra);


  /** Starts the acknowledgement clock now and asks the registration office for its answer, due at the deadline. */
  async function ask(a: ActionBeingRecorded, after: ServiceReportRow, kind: string): Promise<void> {
    after.clockStartedAt = a.now;
    after.remindersSent = 0;
    const clock = await clockOf(a.tx, after);
    after.deadlineAt = clock.deadlineAt;
    after.finalDeadlineAt = clock.finalDeadlineAt;
    await notify(a, after, kind, after.registrationOfficeCode, { expectsAnswer: true, answerDueAt: clock.deadlineAt });
  }

  async function apply(a: ActionBeingRecorded, row: ServiceReportRow): Promise<ServiceReportRow> {
    const after: ServiceReportRow = { ...row };
    const { payload } = a.input;
    switch (a.input.action as ServiceReportAction) {
      case 'deliver':
        await ask(a, after, 'service-report-received');
        break;
      case 'send-reminder':
        after.remindersSent = row.remindersSent + 1;
        await notify(a, row, 'service-report-reminder', row.registrationOfficeCode);
        break;
      case 'acknowledge':
        await notifications.markAnswered(a.tx, row.id, ASKING_KINDS, a.now);
        await notify(a, row, 'service-report-acknowledged', row.filingOfficeCode);
        break;
      case 'contest':
        after.contestReason = payload['reason'] as string;
        await notifications.markAnswered(a.tx, row.id, ASKING_KINDS, a.now);
        await notify(a, row, 'service-report-contested', row.filingOfficeCode);
        if (row.arbitratorOfficeCode) {
          await notify(a, row, 'service-report-arbitration-requested', row.arbitratorOfficeCode, { expectsAnswer: true });
        }
        break;
      case 'uphold-contest':
      case 'dismiss-contest': {
        const kind = a.input.action === 'uphold-contest' ? 'service-report-contest-upheld' : 'service-report-contest-dismissed';
        await notifications.markAnswered(a.tx, row.id, ARBITRATION_KINDS, a.now);
        await notify(a, row, kind, row.filingOfficeCode);
        await notify(a, row, kind, row.registrationOfficeCode);
        break;
      }
      case 'correct':
        for (const field of ['serviceType', 'serviceDate', 'outcome', 'note'] as const) {
          const value = payload[field];
          if (typeof value === 'string') after[field] = value;
        }
        after.contestReason = null;
        await notifications.markExpired(a.tx, row.id, [...ASKING_KINDS, ...ARBITRATION_KINDS]);
        await ask(a, after, 'service-report-corrected');
        break;
      case 'withdraw':
        await notifications.markExpired(a.tx, row.id, [...ASKING_KINDS, ...ARBITRATION_KINDS]);
        await notify(a, row, 'service-report-withdrawn', row.registrationOfficeCode);
        break;
      case 'cancel':
        await notifications.markExpired(a.tx, row.id, [...ASKING_KINDS, ...ARBITRATION_KINDS]);
        await notify(a, row, 'service-report-cancelled', row.filingOfficeCode);
        await notify(a, row, 'service-report-cancelled', row.registrationOfficeCode);
        break;
      case 'deem-accept':
        // Silence is consent: the question stops waiting and stays unanswered in the registration office's feedback rate.
        await notifications.markExpired(a.tx, row.id, ASKING_KINDS);
        await notify(a, row, 'service-report-deemed-accepted', row.filingOfficeCode);
        await notify(a, row, 'service-report-deemed-accepted', row.registrationOfficeCode);
        break;
      default:
        break;
    }
    if (a.closes) after.closedAt = a.now;
    return after;
  }

  async function save(tx: EntityManager, before: ServiceReportRow, after: ServiceReportRow): Promise<CaseSnapshot> {
    await reports.update(tx, before.id, {
      state: after.state,
      serviceType: after.serviceType,
      serviceDate: after.serviceDate,
      outcome: after.outcome,
      note: after.note,
      clockStartedAt: after.clockStartedAt,
      deadlineAt: after.deadlineAt,
      finalDeadlineAt: after.finalDeadlineAt,
      remindersSent: after.remindersSent,
      contestReason: after.contestReason,
      closedAt: after.closedAt,
    });
    return snapshot(tx, after);
  }

  /**
   * While the report awaits its answer: the deadline and the final deadline counted again from the same
   * start in the calendar as it is now, and the question to the registration office due at the new deadline.
   */
  async function recompute(tx: EntityManager, row: ServiceReportRow): Promise<CaseSnapshot> {
    if (row.state !== 'awaiting-acknowledgement' || !row.finalDeadlineAt) return snapshot(tx, row);
    const clock = await clockOf(tx, row);
    const moved = clock.deadlineAt.getTime() !== row.deadlineAt?.getTime() || clock.finalDeadlineAt.getTime() !== row.finalDeadlineAt.getTime();
    const after: ServiceReportRow = { ...row, deadlineAt: clock.deadlineAt, finalDeadlineAt: clock.finalDeadlineAt };
    if (moved) {
      await reports.update(tx, row.id, { deadlineAt: after.deadlineAt, finalDeadlineAt: after.finalDeadlineAt });
      await notifications.moveAnswerDue(tx, row.id, ASKING_KINDS, clock.deadlineAt);
    }
    return snapshot(tx, after);
  }

  return {
    process: SERVICE_REPORT_PROCESS,
    lock: (tx, caseId) => reports.lock(tx, caseId),
    facts,
    validatePayload: (action, payload, now) => validateServiceReportPayload(action as ServiceReportAction, payload, toChinaCalendarDate(now)),
    apply,
    save: (tx, before, after) => save(tx, before, after),
    snapshot: (tx, row) => snapshot(tx, row),
    recompute: (tx, row) => recompute(tx, row),
  };
}
