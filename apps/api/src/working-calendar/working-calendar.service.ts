import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import type { PassageConfig } from '../../../../libs/config';
import { taskQueueName, workingCalendarRecomputeStart } from '../../../../libs/contracts';
import { inTransaction, WorkingCalendarRepository, type CalendarChangeRow, type CalendarDayRow } from '../../../../libs/db';
import { assertMayEditWorkingCalendar, DomainError, isCalendarDate, isWeekend, validationFailed, type ActingUser } from '../../../../libs/domain';
import { AuditTrail } from '../audit/audit-trail.service';
import { rethrowAsDomainError } from '../common/temporal-errors';
import { CONFIG, DATA_SOURCE, TEMPORAL_CLIENT } from '../core/tokens';

/** How long a change waits for Temporal to take its recompute before it is given up (503, nothing changed). */
const RECOMPUTE_START_TIMEOUT_MS = 10_000;

export interface CalendarChangeResult {
  day: CalendarDayRow | null;
  change: CalendarChangeRow;
}

/**
 * The working calendar deadlines are counted in: one, national. Public holidays and make-up working days
 * are published yearly, so an office admin of a province-level office enters them; dates past the last
 * entered year count Monday to Friday. Every change is a row of its own and an audit entry (who, from
 * where, the day as it was and as it became, and why), written in one transaction with the change, and
 * starts the recompute that has open cases count their deadlines again (workingCalendarRecomputeWorkflow).
 */
@Injectable()
export class WorkingCalendarService {
  constructor(
    @Inject(WorkingCalendarRepository) private readonly calendar: WorkingCalendarRepository,
    @Inject(AuditTrail) private readonly audit: AuditTrail,
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(CONFIG) private readonly config: PassageConfig,
  ) {}

  list(year?: number): Promise<CalendarDayRow[]> {
    return this.calendar.days(year);
  }

  async put(actor: ActingUser, day: CalendarDayRow, reason: string): Promise<CalendarChangeResult> {
    assertMayEditWorkingCalendar(actor);
    if (!isCalendarDate(day.date)) {
      throw validationFailed([{ field: 'date', rule: 'calendar-date', message: 'date must be a real calendar date' }]);
    }
    if (day.kind === 'workday' && !isWeekend(day.date)) {
      throw validationFailed([{ field: 'kind', rule: 'workday-must-be-weekend', message: 'a make-up working day must be a Saturday or Sunday' }]);
    }
    return this.change(actor, day.date, { kind: day.kind, name: day.name }, reason);
  }

  async remove(actor: ActingUser, date: string, reason: string): Promise<CalendarChangeResult> {
    assertMayEditWorkingCalendar(actor);
    return this.change(actor, date, null, reason);
  }

  /**
   * One change, in one transaction: the day held, changed, the change and its audit entry written, and its
   * recompute started before the commit, so a change never goes without one. Should the commit then fail,
   * the recompute finds no change row and does nothing; should Temporal not take it, nothing is changed (503).
   */
  private async change(actor: ActingUser, date: string, after: Omit<CalendarDayRow, 'date'> | null, reason: string): Promise<CalendarChangeResult> {
    const changeId = randomUUID();
    return inTransaction(this.db, async (tx) => {
      const stored = await this.calendar.lockDay(tx, date);
      if (after === null && stored === null) throw new DomainError('NOT_FOUND', 'That date has no calendar entry.');
      const before = stored ? { kind: stored.kind, name: stored.name } : null;
      if (after) await this.calendar.upsert({ date, ...after }, tx);
      else await this.calendar.remove(date, tx);
      const change = await this.calendar.recordChange(tx, { id: changeId, date, before, after, reason, actorUserId: actor.userId });
      await this.startRecompute(changeId);
      await this.audit.record(
        actor,
        {
          action: after ? 'working-calendar.put' : 'working-calendar.remove',
          subjectType: 'working-calendar-day',
          subjectId: changeId,
          reason,
          details: { changeId, date, before, after },
        },
        tx,
      );
      return { day: after ? { date, ...after } : null, change };
    });
  }

  private async startRecompute(changeId: string): Promise<void> {
    const { workflowType, options } = workingCalendarRecomputeStart(changeId, taskQueueName(this.config.TEMPORAL_TASK_QUEUE_PREFIX, 'cases'));
    try {
      await this.temporal.withAbortSignal(AbortSignal.timeout(RECOMPUTE_START_TIMEOUT_MS), () => this.temporal.workflow.start(workflowType, options));
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return;
      rethrowAsDomainError(error);
    }
  }
}
