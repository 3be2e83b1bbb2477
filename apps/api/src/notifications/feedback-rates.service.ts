import { Inject, Injectable } from '@nestjs/common';
import { NotificationsRepository, OfficesRepository } from '../../../../libs/db';
import {
  chinaStartOfDay,
  DomainError,
  isCalendarDate,
  isWithinJurisdiction,
  jurisdictionOf,
  validationFailed,
  type ActingUser,
  type FieldViolation,
  type Jurisdiction,
} from '../../../../libs/domain';
import type { FeedbackRatesQuery } from './notification.dto';
import { OfficeFeedbackRateView, type FeedbackRatesView } from './notification.view';

/**
 * The feedback rate (反馈率): of the notifications created in a period that expected an answer, the share
 * answered by their due time, per office within the caller's jurisdiction. The period is a range of
 * China calendar days, [from, to).
 */
@Injectable()
export class FeedbackRatesService {
  constructor(
    @Inject(NotificationsRepository) private readonly notifications: NotificationsRepository,
    @Inject(OfficesRepository) private readonly offices: OfficesRepository,
  ) {}

  async rates(actor: ActingUser, query: FeedbackRatesQuery): Promise<FeedbackRatesView> {
    const violations: FieldViolation[] = [];
    for (const field of ['from', 'to'] as const) {
      if (!isCalendarDate(query[field])) violations.push({ field, rule: 'calendar-date', message: `${field} must be a real date as YYYY-MM-DD` });
    }
    if (violations.length === 0 && query.from >= query.to) {
      violations.push({ field: 'to', rule: 'after-from', message: 'to must be a later date than from (the period is [from, to))' });
    }
    if (violations.length > 0) throw validationFailed(violations, 'The period is not valid.');

    const jurisdiction = await this.scope(actor, query.officeCode);
    const rows = await this.notifications.feedbackRates(jurisdiction, chinaStartOfDay(query.from), chinaStartOfDay(query.to));
    const expectingAnswer = rows.reduce((sum, r) => sum + r.expectingAnswer, 0);
    const answeredOnTime = rows.reduce((sum, r) => sum + r.answeredOnTime, 0);
    return {
      from: query.from,
      to: query.to,
      offices: rows.map(OfficeFeedbackRateView.of),
      total: { expectingAnswer, answeredOnTime, rate: expectingAnswer === 0 ? null : answeredOnTime / expectingAnswer },
    };
  }

  /** The caller's jurisdiction, narrowed to one office (and, for those who oversee subtrees, the offices below it). */
  private async scope(actor: ActingUser, officeCode: string | undefined): Promise<Jurisdiction> {
    const jurisdiction = jurisdictionOf(actor);
    if (!officeCode) return jurisdiction;
    if (!isWithinJurisdiction(jurisdiction, officeCode) || !(await this.offices.findByCode(officeCode))) {
      throw new DomainError('NOT_FOUND', `No office has code ${officeCode}.`);
    }
    return { officeCode, includeSubtree: jurisdiction.includeSubtree };
  }
}
