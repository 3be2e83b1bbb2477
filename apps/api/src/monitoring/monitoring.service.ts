import { Inject, Injectable } from '@nestjs/common';
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import type { Logger } from 'pino';
import { monitoringStateThresholds, type PassageConfig } from '../../../../libs/config';
import { caseWorkflowId } from '../../../../libs/contracts';
import {
  isUuid,
  MonitoringRepository,
  WorkingCalendarRepository,
  type CaseInOpening,
  type CaseWaiting,
  type MonitoredCase,
} from '../../../../libs/db';
import {
  activityTroubleInWords,
  CERTIFICATE_APPLICATION_PROCESS,
  deadlineStanding,
  DomainError,
  durationInWords,
  jurisdictionOf,
  MONITORING_ROLES,
  RESIDENCE_REGISTRATION_PROCESS,
  SERVICE_REPORT_PROCESS,
  type ActingUser,
  type Jurisdiction,
  type StateThresholds,
  type StuckReason,
} from '../../../../libs/domain';
import { CONFIG, LOGGER, MONITORING_CLOCK, TEMPORAL_CLIENT, type MonitoringClock } from '../core/tokens';
import type { StuckListQuery } from './monitoring.dto';
import type { StuckItemView } from './stuck-item.view';

/** Each source lists at most this many items: the list shows the oldest trouble first, and a manager works down it. */
const SOURCE_CAP = 500;
/** Workflows described per request (one call each): the cases stuck in their opening step, oldest first. */
const DESCRIBE_CAP = 50;
/** How long the list waits for Temporal's answers: a slow or missing visibility store must not hold it. */
const TEMPORAL_ANSWER_MS = 3000;

const WAITING_FOR: Readonly<Record<string, string>> = {
  'certificate-application': 'the decision on the application',
  'service-report': 'the registration office’s answer to the report',
  'residence-registration': 'the residence office’s feedback',
};

const OPENING_STEP: Readonly<Record<string, string>> = {
  'certificate-application': 'the household registry check',
  'service-report': 'the delivery of the report',
  'residence-registration': 'the announcement of the arrival',
};

/**
 * The managers' stuck and overdue list over their subtree. The record answers what is late and what never
 * left its opening step (from partial indexes); Temporal answers why such a case does not move (one
 * describe per listed case, at most DESCRIBE_CAP) and which case workflows ended in failure or were
 * terminated while their case is open (one visibility query). Nothing scans every workflow.
 */
@Injectable()
export class MonitoringService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(CONFIG) private readonly config: PassageConfig,
    @Inject(MonitoringRepository) private readonly monitoring: MonitoringRepository,
    @Inject(WorkingCalendarRepository) private readonly calendars: WorkingCalendarRepository,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(MONITORING_CLOCK) private readonly clock: MonitoringClock,
  ) {
    this.stateThresholds = monitoringStateThresholds(config);
  }

  private readonly stateThresholds: StateThresholds;

  async stuck(actor: ActingUser, query: StuckListQuery): Promise<{ items: StuckItemView[]; total: number; limit: number; offset: number }> {
    if (!(MONITORING_ROLES as readonly string[]).includes(actor.role)) {
      throw new DomainError('ROLE_NOT_PERMITTED', `Role ${actor.role} may not read the stuck list.`, { role: actor.role, action: 'monitor' });
    }
    const jurisdiction = jurisdictionOf(actor);
    const now = await this.clock();
    const [late, stalled, deadLettered, ended] = await Promise.all([
      this.lateItems(jurisdiction, now),
      this.stalledItems(jurisdiction, now),
      this.deadLetteredItems(jurisdiction),
      this.endedWorkflowItems(jurisdiction),
    ]);
    const direction = query.order === 'newest' ? -1 : 1;
    const all = uniqueByCaseAndReason([...late, ...stalled, ...deadLettered, ...ended])
      .filter((item) => (!query.reason || item.reason === query.reason) && (!query.caseType || item.caseType === query.caseType))
      .sort((a, b) => direction * (a.since.localeCompare(b.since) || (a.caseId ?? '').localeCompare(b.caseId ?? '')));
    return { items: all.slice(query.offset, query.offset + query.limit), total: all.length, limit: query.limit, offset: query.offset };
  }

  private async lateItems(jurisdiction: Jurisdiction, now: Date): Promise<StuckItemView[]> {
    const calendar = await this.calendars.load((year) => this.logger.warn({ year }, 'working calendar has no entries for this year; counting Monday to Friday'));
    const horizon = this.config.MONITORING_DEADLINE_HORIZON_WORKING_DAYS;
    const before = calendar.deadlineInstant(now, horizon);
    const items: StuckItemView[] = [];
    for (const c of await this.monitoring.deadlinesBefore(jurisdiction, before, SOURCE_CAP)) {
      const standing = deadlineStanding(new Date(c.deadlineAt), now, calendar, horizon);
      if (!standing) continue;
      const waiting = WAITING_FOR[c.caseType] ?? 'an answer';
      items.push({
        ...caseFields(c),
        reason: standing.reason,
        since: new Date(c.deadlineAt).toISOString(),
        ...(standing.reason === 'deadline-breached'
          ? { workingDaysOver: standing.workingDaysOver, explanation: `The deadline for ${waiting} has passed (${standing.workingDaysOver} working days over)` }
          : { workingDaysLeft: standing.workingDaysLeft, explanation: `The deadline for ${waiting} is near (${standing.workingDaysLeft} working days left)` }),
      });
    }
    return items;
  }

  /**
   * Cases that do not move: those that never left their opening step, and those that have waited in one
   * state longer than its threshold. Temporal is asked why (a failing step, a failing task, no process) for
   * at most DESCRIBE_CAP of them, the opening ones first, as those have no person to wait for.
   */
  private async stalledItems(jurisdiction: Jurisdiction, now: Date): Promise<StuckItemView[]> {
    const openingBefore = new Date(now.getTime() - this.config.MONITORING_OPENING_GRACE_SECONDS * 1000);
    const waits = [...this.stateThresholds].map(([key, seconds]) => {
      const [caseType, state] = key.split('.') as [string, string];
      return { caseType, state, before: new Date(now.getTime() - seconds * 1000) };
    });
    const [opening, waiting] = await Promise.all([
      this.monitoring.openingSince(jurisdiction, openingBefore, DESCRIBE_CAP),
      this.monitoring.waitingSince(jurisdiction, waits, SOURCE_CAP),
    ]);
    const describeWaiting = Math.max(0, DESCRIBE_CAP - opening.length);
    return Promise.all([
      ...opening.map((c) => this.openingItem(c)),
      ...waiting.map((c, i) => this.waitingItem(c, now, i < describeWaiting)),
    ]);
  }

  private async waitingItem(c: CaseWaiting, now: Date, describe: boolean): Promise<StuckItemView> {
    const since = new Date(c.stateEnteredAt);
    const threshold = this.stateThresholds.get(`${c.caseType}.${c.state}`) ?? 0;
    const waited = durationInWords((now.getTime() - since.getTime()) / 1000);
    const base = { ...caseFields(c), since: since.toISOString() };
    const why = describe ? await this.whyNotMoving(c) : { kind: 'waiting' as const };
    switch (why.kind) {
      case 'ended':
        return { ...base, reason: why.status === 'TERMINATED' ? 'workflow-terminated' : 'workflow-failed', explanation: `The case is ${c.state} in the record, but its process ended (${why.status.toLowerCase()}): nothing moves it on` };
      case 'missing':
        return { ...base, reason: 'workflow-missing', explanation: `The case is ${c.state} in the record, but no process runs it` };
      case 'task-failing':
        return { ...base, reason: 'workflow-task-failing', attempts: why.attempts, explanation: `The case’s process cannot go on: its code fails (tried ${why.attempts} times)` };
      case 'activity-failing':
        return { ...base, reason: 'activity-failing', attempts: why.attempts, explanation: `The case does not move: ${why.words}` };
      case 'unknown':
      case 'waiting':
        return {
          ...base,
          reason: 'waiting-too-long',
          waitedSeconds: Math.floor((now.getTime() - since.getTime()) / 1000),
          explanation: `The case has been ${c.state} for ${waited} (expected within ${durationInWords(threshold)})`,
        };
    }
  }

  /** A case that never left its opening step: what its workflow says (a failing step, a failing task), or that there is none. */
  private async openingItem(c: CaseInOpening): Promise<StuckItemView> {
    const base = { ...caseFields(c), since: new Date(c.createdAt).toISOString() };
    const step = OPENING_STEP[c.caseType] ?? 'its opening step';
    const why = await this.whyNotMoving(c);
    switch (why.kind) {
      case 'missing':
        return { ...base, reason: 'workflow-missing', explanation: `No process runs this case: ${step} never started (the reconciler starts it)` };
      case 'ended':
        return { ...base, reason: why.status === 'TERMINATED' ? 'workflow-terminated' : 'workflow-failed', explanation: `The case’s process ended (${why.status.toLowerCase()}) before ${step} was done` };
      case 'task-failing':
        return { ...base, reason: 'workflow-task-failing', attempts: why.attempts, explanation: `The case’s process cannot go on: its code fails (tried ${why.attempts} times)` };
      case 'activity-failing':
        return { ...base, reason: 'activity-failing', attempts: why.attempts, explanation: `The case does not move: ${why.words}` };
      case 'unknown':
        return { ...base, reason: 'opening-stuck', explanation: `The case has waited for ${step} since it was opened (its process could not be read)` };
      case 'waiting':
        return { ...base, reason: 'opening-stuck', explanation: `The case has waited for ${step} since it was opened` };
    }
  }

  private async whyNotMoving(c: MonitoredCase): Promise<
    | { kind: 'missing' | 'waiting' | 'unknown' }
    | { kind: 'ended'; status: string }
    | { kind: 'task-failing'; attempts: number }
    | { kind: 'activity-failing'; attempts: number; words: string }
  > {
    try {
      const description = await this.temporal.withAbortSignal(AbortSignal.timeout(TEMPORAL_ANSWER_MS), () =>
        this.temporal.workflow.getHandle(caseWorkflowId(c.caseType, c.caseId)).describe(),
      );
      if (description.status.name !== 'RUNNING') return { kind: 'ended', status: description.status.name };
      const task = description.raw.pendingWorkflowTask;
      if (task && (task.attempt ?? 0) >= 2) return { kind: 'task-failing', attempts: task.attempt ?? 0 };
      const failing = (description.raw.pendingActivities ?? []).find((a) => (a.attempt ?? 0) >= 2);
      if (failing) {
        const failure = failing.lastFailure;
        const words = activityTroubleInWords({
          activityType: failing.activityType?.name ?? 'unknown',
          attempt: failing.attempt ?? 0,
          lastFailure: failure ? { timeout: Boolean(failure.timeoutFailureInfo), type: failure.applicationFailureInfo?.type ?? null } : null,
        });
        return { kind: 'activity-failing', attempts: failing.attempt ?? 0, words };
      }
      return { kind: 'waiting' };
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return { kind: 'missing' };
      this.logger.warn({ caseId: c.caseId, error: error instanceof Error ? error.name : 'unknown' }, 'could not describe a case workflow');
      return { kind: 'unknown' };
    }
  }

  private async deadLetteredItems(jurisdiction: Jurisdiction): Promise<StuckItemView[]> {
    return (await this.monitoring.deadLettered(jurisdiction, SOURCE_CAP)).map((n) => ({
      reason: 'notification-dead-lettered' as StuckReason,
      explanation: `A ${n.kind} notification could not be delivered to the office’s system; it waits in the office’s inbox`,
      since: new Date(n.deadLetteredAt).toISOString(),
      caseType: n.caseType,
      caseId: n.caseId,
      caseNumber: n.caseNumber,
      officeCode: n.recipientOfficeCode,
      counterpartOfficeCode: null,
      state: null,
      notificationId: n.notificationId,
    }));
  }

  /** Case workflows that failed or were terminated while their case is still open: the record and the process disagree. */
  private async endedWorkflowItems(jurisdiction: Jurisdiction): Promise<StuckItemView[]> {
    const types = [...PROCESSES.keys()].map((t) => `'${t}'`).join(', ');
    const ended = new Map<string, { status: string; closedAt: Date | undefined }>();
    try {
      const query = `CaseType IN (${types}) AND (ExecutionStatus = 'Failed' OR ExecutionStatus = 'Terminated') AND OfficeCode STARTS_WITH '${jurisdiction.officeCode}'`;
      await this.temporal.withAbortSignal(AbortSignal.timeout(TEMPORAL_ANSWER_MS), async () => {
        for await (const execution of this.temporal.workflow.list({ query, pageSize: 100 })) {
          const caseId = execution.workflowId.slice(execution.workflowId.indexOf('/') + 1);
          if (!ended.has(caseId)) ended.set(caseId, { status: execution.status.name, closedAt: execution.closeTime });
          if (ended.size >= SOURCE_CAP) break;
        }
      });
    } catch (error) {
      this.logger.warn({ error: error instanceof Error ? error.name : 'unknown' }, 'could not list ended case workflows');
      return [];
    }
    const cases = await this.monitoring.casesByIds(jurisdiction, [...ended.keys()].filter(isUuid));
    const open = cases.filter((c) => !PROCESSES.get(c.caseType)?.isTerminal(c.state));
    return open.map((c) => {
      const { status, closedAt } = ended.get(c.caseId)!;
      const terminated = status === 'TERMINATED';
      return {
        ...caseFields(c),
        reason: terminated ? 'workflow-terminated' : 'workflow-failed',
        explanation: `The case is ${c.state} in the record, but its process ${terminated ? 'was terminated' : 'ended in failure'}: nothing moves it on`,
        since: (closedAt ?? new Date(0)).toISOString(),
      };
    });
  }
}

/** Each monitored case type's process: a case in one of its terminal states has nothing more to do. */
const PROCESSES: ReadonlyMap<string, { isTerminal(state: string): boolean }> = new Map(
  [CERTIFICATE_APPLICATION_PROCESS, SERVICE_REPORT_PROCESS, RESIDENCE_REGISTRATION_PROCESS].map((p) => [
    p.caseType,
    { isTerminal: (state: string) => (p.terminalStates as readonly string[]).includes(state) },
  ]),
);

/** A case listed twice for one reason (its process ended, seen by its state and by Temporal’s list) is listed once; each dead-lettered notification is its own item. */
function uniqueByCaseAndReason(items: StuckItemView[]): StuckItemView[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = `${item.notificationId ?? item.caseId}:${item.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function caseFields(c: MonitoredCase) {
  return { caseType: c.caseType, caseId: c.caseId, caseNumber: c.caseNumber, officeCode: c.officeCode, counterpartOfficeCode: c.counterpartOfficeCode, state: c.state };
}
