/**
 * The business series of /metrics over a reading of the record (apps/api/src/metrics/record-metrics.ts):
 * absent until the first reading, set from each reading, and kept (with passage_metrics_record_up 0) when
 * the database does not answer, so that no counter drops to zero and reads as a reset.
 */
import pino from 'pino';
import { Registry } from 'prom-client';
import { RecordMetrics, type RecordSnapshot } from '../../../apps/api/src/metrics/record-metrics';
import type { CachedReading } from '../../../apps/api/src/metrics/cached-reading';
import { countCaseEvents } from '../../../libs/domain';

function snapshot(opened: number): RecordSnapshot {
  return {
    cases: countCaseEvents([{ caseType: 'certificate-application', action: 'submit', fromState: null, toState: 'submitted', actorRole: 'system', count: opened }]),
    overdue: [{ caseType: 'service-report', count: 2 }],
    notifications: { delivered: 9, deadLetterings: 1, deadLetteredNow: 1 },
    attempts: [{ outcome: 'retry', count: 4 }],
    readSeconds: 0.01,
  };
}

function setUp(read: () => Promise<RecordSnapshot>) {
  const registry = new Registry();
  const metrics = new RecordMetrics(registry, { get: read } as unknown as CachedReading<RecordSnapshot>, pino({ level: 'silent' }));
  return { registry, metrics };
}

describe('RecordMetrics', () => {
  it('has only passage_metrics_record_up until the record has been read once', async () => {
    const { registry, metrics } = setUp(() => Promise.reject(new Error('database away')));
    await metrics.update();
    const text = await registry.metrics();
    expect(text).toContain('passage_metrics_record_up 0');
    expect(text).not.toContain('passage_cases_opened_total');
    expect(text).not.toContain('passage_notifications_delivered_total');
  });

  it('sets every series from a reading, zero for case types and outcomes without entries', async () => {
    const { registry, metrics } = setUp(() => Promise.resolve(snapshot(3)));
    await metrics.update();
    const text = await registry.metrics();
    expect(text).toContain('passage_cases_opened_total{case_type="certificate-application"} 3');
    expect(text).toContain('passage_cases_opened_total{case_type="residence-registration"} 0');
    expect(text).toContain('passage_cases_overdue{case_type="service-report"} 2');
    expect(text).toContain('passage_notifications_delivered_total 9');
    expect(text).toContain('passage_notification_delivery_attempts_total{outcome="retry"} 4');
    expect(text).toContain('passage_notification_delivery_attempts_total{outcome="delivered"} 0');
    expect(text).toContain('passage_metrics_record_up 1');
  });

  it('replaces the values with each reading, and keeps the last ones when a reading fails', async () => {
    const readings: Array<() => Promise<RecordSnapshot>> = [() => Promise.resolve(snapshot(3)), () => Promise.resolve(snapshot(5)), () => Promise.reject(new Error('away'))];
    const { registry, metrics } = setUp(() => readings.shift()!());
    await metrics.update();
    await metrics.update();
    expect(await registry.metrics()).toContain('passage_cases_opened_total{case_type="certificate-application"} 5');
    await metrics.update();
    const text = await registry.metrics();
    expect(text).toContain('passage_cases_opened_total{case_type="certificate-application"} 5');
    expect(text).toContain('passage_metrics_record_up 0');
  });
});
