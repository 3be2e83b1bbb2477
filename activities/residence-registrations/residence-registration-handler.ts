import type { EntityManager } from 'typeorm';
import {
  CooperationAgreementsRepository,
  NotificationsRepository,
  OfficesRepository,
  ResidenceRegistrationsRepository,
  UsersRepository,
  WorkingCalendarRepository,
  type NewNotification,
  type ResidenceRegistrationRow,
} from '../../libs/db';
import { RESIDENCE_REGISTRATION_CASE_TYPE, type CaseSnapshot, type CaseTimer } from '../../libs/contracts';
import {
  DomainError,
  feedbackClock,
  nextFeedbackDueOn,
  RESIDENCE_REGISTRATION_PROCESS,
  toChinaCalendarDate,
  validateResidenceRegistrationPayload,
  type ResidenceRegistrationAction,
} from '../../libs/domain';
import type { ActionBeingRecorded, CaseTypeHandler } from '../case-engine';
import { caseNotifier } from '../case-engine/case-notifier';
import type { ActivityDependencies } from '../dependencies';

/** The notification that asks the residence office for a period's feedback; feedback (or the person moving on) answers it. */
const FEEDBACK_ASKED = ['feedback-requested'];

/**
 * The residence registration's part of recording an action. The announcement tells the registration
 * office of the arrival and asks the residence office for its first feedback (a notification that
 * expects an answer, due at the end of the due day). Feedback answers that notification in the same
 * transaction, tells the registration office, and asks for the next period's, one agreed interval on.
 * Reminders go ahead of the due date and on it; once feedback is some working days overdue it goes to
 * the residence office's nearest manager and the registration office is told it is missing.
 * A transfer, a departure or a return is news the registration office is owed too (DOMAIN: feedback is
 * due "whenever the person's status changes or they move on"), so it answers the open request as well;
 * a transfer then asks the new office for feedback by the same due date, and all three offices are told.
 */
export function createResidenceRegistrationHandler(deps: ActivityDependencies): CaseTypeHandler<ResidenceRegistrationRow> {
  const registrations = new ResidenceRegistrationsRepository(deps.db);
  const notifications = new NotificationsRepository(deps.db);
  const agreements = new CooperationAgreementsRepository(deps.db);
  const calendars = new WorkingCalendarRepository(deps.db);
  const users = new UsersRepository(deps.db);
  const offices = new OfficesRepository(deps.db);
  const logger = deps.logger.child({ activity: 'recordCaseAction', caseType: RESIDENCE_REGISTRATION_CASE_TYPE });

  const facts = (row: ResidenceRegistrationRow): Record<string, string | null> => ({
    residenceOfficeCode: row.residenceOfficeCode,
    registrationOfficeCode: row.registrationOfficeCode,
  });

  async function clockOf(tx: EntityManager, row: ResidenceRegistrationRow) {
    const calendar = await calendars.load(
      (year) => logger.warn({ caseId: row.id, year }, 'working calendar has no entries for this year; counting Monday to Friday'),
      tx,
    );
    return feedbackClock({
      calendar,
      dueOn: row.nextFeedbackDueOn,
      reminderLeadDays: row.feedbackReminderLeadDays,
      escalationWorkingDays: row.feedbackEscalationWorkingDays,
    });
  }

  async function snapshot(tx: EntityManager, row: ResidenceRegistrationRow): Promise<CaseSnapshot> {
    const timers: CaseTimer[] = [];
    let deadlineAt: string | null = null;
    if (row.state === 'registered') {
      const clock = await clockOf(tx, row);
      deadlineAt = clock.dueAt.toISOString();
      for (const at of clock.reminderAts.slice(row.feedbackRemindersSent)) timers.push({ at: at.toISOString(), action: 'send-feedback-reminder' });
      if (!row.feedbackEscalated) timers.push({ at: clock.escalateAt.toISOString(), action: 'escalate-feedback' });
    }
    return {
      caseId: row.id,
      caseType: RESIDENCE_REGISTRATION_CASE_TYPE,
      state: row.state,
      deadlineAt,
      escalated: row.feedbackEscalated,
      timers,
      facts: facts(row),
      officeCode: row.residenceOfficeCode,
    };
  }

  const tell = caseNotifier(notifications, RESIDENCE_REGISTRATION_CASE_TYPE);
  const notify = (a: ActionBeingRecorded, row: ResidenceRegistrationRow, kind: string, recipientOfficeCode: string, extra: Partial<NewNotification> = {}) =>
    tell(a, row.id, kind, recipientOfficeCode, extra);


  /** Asks the office holding the file for the feedback due on the file's next due date. */
  async function askForFeedback(a: ActionBeingRecorded, after: ResidenceRegistrationRow): Promise<void> {
    const clock = await clockOf(a.tx, after);
    await notify(a, after, 'feedback-requested', after.residenceOfficeCode, { expectsAnswer: true, answerDueAt: clock.dueAt });
  }

  /** The interval the two offices agreed on, read when it is needed; the file's own (from the defaults) where they agreed none. */
  async function intervalMonths(tx: EntityManager, row: ResidenceRegistrationRow): Promise<number> {
    const agreement = await agreements.find(row.residenceOfficeCode, row.registrationOfficeCode, tx);
    return agreement?.feedbackIntervalMonths ?? row.feedbackIntervalMonths;
  }

  async function transferTarget(tx: EntityManager, row: ResidenceRegistrationRow, toOfficeCode: string): Promise<void> {
    const rule = (message: string, name: string): DomainError =>
      new DomainError('BUSINESS_RULE_VIOLATED', message, { field: 'toOfficeCode', rule: name });
    if (toOfficeCode === row.residenceOfficeCode) throw rule('The person already lives at this office.', 'another-office');
    if (toOfficeCode === row.registrationOfficeCode) throw rule('A move to the registration office is a return, not a transfer.', 'not-the-registration-office');
    const office = await offices.findByCode(toOfficeCode, tx);
    if (!office) throw rule(`No office has code ${toOfficeCode}.`, 'known-office');
  }

  async function apply(a: ActionBeingRecorded, row: ResidenceRegistrationRow): Promise<ResidenceRegistrationRow> {
    const after: ResidenceRegistrationRow = { ...row };
    const { payload } = a.input;
    switch (a.input.action as ResidenceRegistrationAction) {
      case 'announce-arrival':
        await notify(a, row, 'arrival-registered', row.registrationOfficeCode);
        await askForFeedback(a, after);
        break;
      case 'send-feedback-reminder':
        after.feedbackRemindersSent = row.feedbackRemindersSent + 1;
        await notify(a, row, 'feedback-reminder', row.residenceOfficeCode);
        break;
      case 'escalate-feedback': {
        after.feedbackEscalated = true;
        const manager = await users.nearestManager(row.residenceOfficeCode, a.tx);
        await notify(a, row, 'feedback-overdue', manager?.officeCode ?? row.residenceOfficeCode, { recipientUserId: manager?.id ?? null });
        await notify(a, row, 'feedback-missing', row.registrationOfficeCode);
        break;
      }
      case 'submit-feedback':
        await notifications.markAnswered(a.tx, row.id, FEEDBACK_ASKED, a.now);
        await notify(a, row, 'feedback-received', row.registrationOfficeCode);
        after.feedbacksGiven = row.feedbacksGiven + 1;
        after.lastFeedbackAt = a.now;
        after.feedbackIntervalMonths = await intervalMonths(a.tx, row);
        after.nextFeedbackDueOn = nextFeedbackDueOn(row.nextFeedbackDueOn, toChinaCalendarDate(a.now), after.feedbackIntervalMonths);
        after.feedbackRemindersSent = 0;
        after.feedbackEscalated = false;
        await askForFeedback(a, after);
        break;
      case 'transfer': {
        const toOfficeCode = payload['toOfficeCode'] as string;
        await transferTarget(a.tx, row, toOfficeCode);
        await notifications.markAnswered(a.tx, row.id, FEEDBACK_ASKED, a.now);
        after.residenceOfficeCode = toOfficeCode;
        after.feedbackIntervalMonths = await intervalMonths(a.tx, after);
        for (const office of [row.residenceOfficeCode, toOfficeCode, row.registrationOfficeCode]) {
          await notify(a, row, 'residence-transferred', office, { payload: { fromOfficeCode: row.residenceOfficeCode, toOfficeCode } });
        }
        await askForFeedback(a, after);
        break;
      }
      case 'cancel':
        // A file opened in error: its request stops waiting, and both offices are told.
        await notifications.markExpired(a.tx, row.id, FEEDBACK_ASKED);
        await notify(a, row, 'residence-registration-cancelled', row.residenceOfficeCode);
        await notify(a, row, 'residence-registration-cancelled', row.registrationOfficeCode);
        break;
      case 'depart':
      case 'return':
        await notifications.markAnswered(a.tx, row.id, FEEDBACK_ASKED, a.now);
        await notify(a, row, a.input.action === 'depart' ? 'residence-departed' : 'residence-returned', row.registrationOfficeCode);
        break;
      default:
        break;
    }
    if (a.closes) after.closedAt = a.now;
    return after;
  }

  async function save(tx: EntityManager, before: ResidenceRegistrationRow, after: ResidenceRegistrationRow): Promise<CaseSnapshot> {
    await registrations.update(tx, before.id, {
      state: after.state,
      residenceOfficeCode: after.residenceOfficeCode,
      feedbackIntervalMonths: after.feedbackIntervalMonths,
      nextFeedbackDueOn: after.nextFeedbackDueOn,
      feedbackRemindersSent: after.feedbackRemindersSent,
      feedbackEscalated: after.feedbackEscalated,
      feedbacksGiven: after.feedbacksGiven,
      lastFeedbackAt: after.lastFeedbackAt,
      closedAt: after.closedAt,
    });
    return snapshot(tx, after);
  }

  return {
    process: RESIDENCE_REGISTRATION_PROCESS,
    lock: (tx, caseId) => registrations.lock(tx, caseId),
    facts,
    validatePayload: (action, payload) => validateResidenceRegistrationPayload(action as ResidenceRegistrationAction, payload),
    apply,
    save: (tx, before, after) => save(tx, before, after),
    snapshot: (tx, row) => snapshot(tx, row),
    // The file keeps no working-day instant: its escalation is counted from the due date whenever the
    // snapshot is made, so counting again is reading it again (the due date itself is in calendar months).
    recompute: (tx, row) => snapshot(tx, row),
  };
}
