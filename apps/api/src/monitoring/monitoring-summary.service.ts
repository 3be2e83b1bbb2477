import { Inject, Injectable } from '@nestjs/common';
import { MonitoringRepository, NotificationsRepository } from '../../../../libs/db';
import { addCalendarDays, chinaStartOfDay, DomainError, jurisdictionOf, MONITORING_ROLES, toChinaCalendarDate, type ActingUser } from '../../../../libs/domain';
import type { MonitoringSummaryView } from './summary.view';

/** The summary's period: the last 90 China days, today included. */
const PERIOD_DAYS = 90;
const HOUR_S = 3600;

/** A manager's overview of their subtree, from the record alone (PostgreSQL), never from Temporal. */
@Injectable()
export class MonitoringSummaryService {
  constructor(
    @Inject(MonitoringRepository) private readonly monitoring: MonitoringRepository,
    @Inject(NotificationsRepository) private readonly notifications: NotificationsRepository,
  ) {}

  async summary(actor: ActingUser): Promise<MonitoringSummaryView> {
    if (!(MONITORING_ROLES as readonly string[]).includes(actor.role)) {
      throw new DomainError('ROLE_NOT_PERMITTED', `Role ${actor.role} may not read the monitoring summary.`, { role: actor.role, action: 'monitor' });
    }
    const jurisdiction = jurisdictionOf(actor);
    const to = addCalendarDays(toChinaCalendarDate(new Date()), 1);
    const from = addCalendarDays(to, -PERIOD_DAYS);
    const [counts, issuance, rates, daily] = await Promise.all([
      this.monitoring.countsByTypeStateOffice(jurisdiction),
      this.monitoring.issuance(jurisdiction, from),
      this.notifications.feedbackRates(jurisdiction, chinaStartOfDay(from), chinaStartOfDay(to)),
      this.monitoring.dailySeries(jurisdiction, from, to),
    ]);
    const expectingAnswer = rates.reduce((sum, r) => sum + r.expectingAnswer, 0);
    const answeredOnTime = rates.reduce((sum, r) => sum + r.answeredOnTime, 0);
    const hours = (seconds: number | null): number | null => (seconds === null ? null : Math.round((seconds / HOUR_S) * 10) / 10);
    return {
      from,
      to,
      counts,
      issuance: {
        issued: issuance.issued,
        onTimeRate: issuance.issued === 0 ? null : issuance.onTime / issuance.issued,
        medianHoursToIssue: hours(issuance.medianSeconds),
        p90HoursToIssue: hours(issuance.p90Seconds),
      },
      feedbackRate: { expectingAnswer, answeredOnTime, rate: expectingAnswer === 0 ? null : answeredOnTime / expectingAnswer },
      daily,
    };
  }
}
