import { Inject, Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { Logger } from 'pino';
import type { PassageConfig } from '../../../../libs/config';
import { RecordMetricsRepository } from '../../../../libs/db';
import { CONFIG, LOGGER } from '../core/tokens';
import { CachedReading } from './cached-reading';
import { readRecordSnapshot, RecordMetrics } from './record-metrics';

/**
 * The api's Prometheus registry: the Node.js process metrics prom-client collects (CPU, memory, event
 * loop lag, GC, handles) and the business metrics read from the record. A registry per app rather than
 * prom-client's global one, so that several apps in one process (the tests) do not collide.
 */
@Injectable()
export class MetricsService {
  private readonly registry = new Registry();
  private readonly record: RecordMetrics;

  constructor(
    @Inject(RecordMetricsRepository) repository: RecordMetricsRepository,
    @Inject(CONFIG) config: PassageConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    collectDefaultMetrics({ register: this.registry });
    // Counting the record costs a few aggregate queries (index-only scans; the work grows with the log):
    // one reading serves every scrape for METRICS_CACHE_SECONDS, and concurrent scrapes share one reading,
    // so neither several Prometheus servers nor a short scrape interval multiply the load on the database.
    const reading = new CachedReading(() => readRecordSnapshot(repository, new Date()), config.METRICS_CACHE_SECONDS * 1000);
    this.record = new RecordMetrics(this.registry, reading, logger.child({ component: 'metrics' }));
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The exposition text: the record's series brought up to date first. */
  async render(): Promise<string> {
    await this.record.update();
    return this.registry.metrics();
  }
}
