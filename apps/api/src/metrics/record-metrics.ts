import { Counter, Gauge, type Registry } from 'prom-client';
import type { Logger } from 'pino';
import { WEBHOOK_ATTEMPT_OUTCOMES } from '../../../../libs/contracts';
import type { NotificationTotals, OverdueCases, RecordMetricsRepository } from '../../../../libs/db';
import { COUNTED_CASE_TYPES, countCaseEvents, type CaseEventCounts } from '../../../../libs/domain';
import type { CachedReading } from './cached-reading';

/** What one reading of the record says; totals of the whole record, whoever (which api or worker replica) wrote it. */
export interface RecordSnapshot {
  cases: Record<string, CaseEventCounts>;
  overdue: OverdueCases[];
  notifications: NotificationTotals;
  attempts: Array<{ outcome: string; count: number }>;
  readSeconds: number;
}

export async function readRecordSnapshot(repository: RecordMetricsRepository, now: Date): Promise<RecordSnapshot> {
  const started = performance.now();
  // One after the other: a scrape holds one pool connection at a time, never several.
  const cases = countCaseEvents(await repository.caseActionGroups());
  const overdue = await repository.overdueCases(now);
  const notifications = await repository.notificationTotals();
  const attempts = await repository.deliveryAttemptsByOutcome();
  return { cases, overdue, notifications, attempts, readSeconds: (performance.now() - started) / 1000 };
}

/**
 * The business metrics, counted from the record rather than in this process. A count kept in memory
 * would see only what this replica did (the worker records most actions, several replicas share the
 * work) and restart from zero with it; the record holds every action and delivery once. So each scrape
 * sets these from a reading of the record, and every api replica reports the same totals: aggregate
 * them across instances with max(), not sum().
 *
 * They are counters where the record only grows (the log is append-only, a delivery stays delivered),
 * so rate() and increase() apply; gauges for what stands now. Labels are the case type and the attempt
 * outcome, fixed lists from code: never an office, a case or a person (unbounded, and personal).
 */
export class RecordMetrics {
  private readonly opened: Counter<'case_type'>;
  private readonly closed: Counter<'case_type'>;
  private readonly breaches: Counter<'case_type'>;
  private readonly overdue: Gauge<'case_type'>;
  private readonly delivered: Counter;
  private readonly attempts: Counter<'outcome'>;
  private readonly deadLetterings: Counter;
  private readonly awaitingRedelivery: Gauge;
  private readonly readSeconds: Gauge;
  private readonly up: Gauge;
  /** The record's series join the registry with the first reading: until then they are absent, not zero. */
  private registered = false;

  constructor(
    private readonly registry: Registry,
    private readonly reading: CachedReading<RecordSnapshot>,
    private readonly logger: Logger,
  ) {
    const registers: Registry[] = [];
    this.opened = new Counter({
      name: 'passage_cases_opened_total',
      help: 'Cases opened (submitted, filed, registered), by case type',
      labelNames: ['case_type'],
      registers,
    });
    this.closed = new Counter({
      name: 'passage_cases_closed_total',
      help: 'Cases that reached a final state (issued, rejected, acknowledged, departed, ...), by case type',
      labelNames: ['case_type'],
      registers,
    });
    this.breaches = new Counter({
      name: 'passage_case_deadline_breaches_total',
      help: 'Deadlines that passed unanswered: certificate applications escalated at their deadline, service reports deemed accepted, missing feedback escalated',
      labelNames: ['case_type'],
      registers,
    });
    this.overdue = new Gauge({
      name: 'passage_cases_overdue',
      help: 'Open cases whose deadline has passed, by case type (as the managers\u2019 stuck list counts them)',
      labelNames: ['case_type'],
      registers,
    });
    this.delivered = new Counter({
      name: 'passage_notifications_delivered_total',
      help: 'Notifications delivered to the office\u2019s webhook, or to its inbox when it has none',
      registers,
    });
    this.attempts = new Counter({
      name: 'passage_notification_delivery_attempts_total',
      help: 'Webhook delivery attempts by outcome: delivered, retry (failed, tried again later), permanent (refused, not tried again)',
      labelNames: ['outcome'],
      registers,
    });
    this.deadLetterings = new Counter({
      name: 'passage_notifications_dead_lettered_total',
      help: 'Notifications given up on (dead-lettered), once per delivery round; the office\u2019s manager is told',
      registers,
    });
    this.awaitingRedelivery = new Gauge({
      name: 'passage_notifications_awaiting_redelivery',
      help: 'Notifications dead-lettered now and not yet redelivered',
      registers,
    });
    this.readSeconds = new Gauge({
      name: 'passage_metrics_record_read_seconds',
      help: 'How long the last reading of the record took (it is reused for METRICS_CACHE_SECONDS)',
      registers,
    });
    this.up = new Gauge({
      name: 'passage_metrics_record_up',
      help: '1 when the last reading of the record succeeded; 0 when the database did not answer, and the record\u2019s series keep their last values',
      registers: [registry],
    });
  }

  /** Sets every series from a (possibly cached) reading; called before each scrape is rendered. */
  async update(): Promise<void> {
    let snapshot: RecordSnapshot;
    try {
      snapshot = await this.reading.get();
    } catch (error) {
      // The last values stay: a counter that dropped to zero would read as a reset, and rate() would count
      // the whole total again once the database answers. The error's name only: a driver message can quote SQL.
      this.logger.warn({ error: error instanceof Error ? error.name : typeof error }, 'metrics: the record could not be read');
      this.up.set(0);
      return;
    }
    // Synchronous from here on: a scrape rendering meanwhile never sees half of one reading and half of another.
    if (!this.registered) {
      for (const metric of this.recordSeries()) this.registry.registerMetric(metric);
      this.registered = true;
    }
    for (const metric of this.recordSeries()) metric.reset();
    for (const caseType of COUNTED_CASE_TYPES) {
      const counts = snapshot.cases[caseType]!;
      this.opened.inc({ case_type: caseType }, counts.opened);
      this.closed.inc({ case_type: caseType }, counts.closed);
      this.breaches.inc({ case_type: caseType }, counts.deadlineBreaches);
      this.overdue.set({ case_type: caseType }, snapshot.overdue.find((o) => o.caseType === caseType)?.count ?? 0);
    }
    this.delivered.inc(snapshot.notifications.delivered);
    this.deadLetterings.inc(snapshot.notifications.deadLetterings);
    this.awaitingRedelivery.set(snapshot.notifications.deadLetteredNow);
    for (const outcome of WEBHOOK_ATTEMPT_OUTCOMES) {
      this.attempts.inc({ outcome }, snapshot.attempts.find((a) => a.outcome === outcome)?.count ?? 0);
    }
    this.readSeconds.set(snapshot.readSeconds);
    this.up.set(1);
  }

  private recordSeries(): Array<Counter<string> | Gauge<string>> {
    return [this.opened, this.closed, this.breaches, this.overdue, this.delivered, this.attempts, this.deadLetterings, this.awaitingRedelivery, this.readSeconds];
  }
}
