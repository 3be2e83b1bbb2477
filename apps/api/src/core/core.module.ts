import { type DynamicModule, Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import type { Client, Connection } from '@temporalio/client';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { PassageConfig } from '../../../../libs/config';
import {
  AuditEventsRepository,
  CaseActionsRepository,
  CasePartiesRepository,
  CertificateApplicationsRepository,
  CertificatesRepository,
  CooperationAgreementsRepository,
  MonitoringRepository,
  NotificationsRepository,
  OfficesRepository,
  PeopleRepository,
  RateLimitsRepository,
  RecordMetricsRepository,
  ResidenceRegistrationsRepository,
  SearchRepository,
  ServiceReportsRepository,
  UsersRepository,
  WebhooksRepository,
  WorkingCalendarRepository,
} from '../../../../libs/db';
import { systemHostResolver, type HostResolver } from '../../../../libs/network';
import { CONFIG, DATA_SOURCE, HOST_RESOLVER, JWT_AUDIENCE, JWT_ISSUER, LOGGER, MONITORING_CLOCK, TEMPORAL_CLIENT, TEMPORAL_CONNECTION, type MonitoringClock } from './tokens';

export interface CoreDependencies {
  config: PassageConfig;
  db: DataSource;
  temporal: { client: Client; connection: Connection };
  logger: Logger;
  /** Where the stuck list reads the time; the machine's clock unless a test's time-skipping server says otherwise. */
  monitoringClock?: MonitoringClock;
  /** How webhook host names are resolved when they are registered; the system resolver by default. */
  resolveHost?: HostResolver;
}

/**
 * The process-wide values (config, database, Temporal client, logger) are built once outside Nest and
 * handed in, so the api, the worker and the tests share one way of creating them. Repositories are
 * plain classes over the data source.
 */
@Global()
@Module({})
export class CoreModule {
  static register(deps: CoreDependencies): DynamicModule {
    const repositories = [
      OfficesRepository,
      UsersRepository,
      WorkingCalendarRepository,
      CaseActionsRepository,
      CertificateApplicationsRepository,
      CertificatesRepository,
      NotificationsRepository,
      WebhooksRepository,
      CasePartiesRepository,
      ServiceReportsRepository,
      CooperationAgreementsRepository,
      PeopleRepository,
      ResidenceRegistrationsRepository,
      MonitoringRepository,
      AuditEventsRepository,
      SearchRepository,
      RecordMetricsRepository,
      RateLimitsRepository,
    ].map((Repository) => ({
      provide: Repository,
      useFactory: (db: DataSource) => new Repository(db),
      inject: [DATA_SOURCE],
    }));
    return {
      module: CoreModule,
      imports: [
        JwtModule.register({
          global: true,
          secret: deps.config.JWT_SECRET,
          // Passage's own tokens say who issued them and for whom, and expire; a token without them is refused.
          signOptions: { expiresIn: deps.config.JWT_TTL_SECONDS, algorithm: 'HS256', issuer: JWT_ISSUER, audience: JWT_AUDIENCE },
          verifyOptions: { algorithms: ['HS256'], issuer: JWT_ISSUER, audience: JWT_AUDIENCE },
        }),
      ],
      providers: [
        { provide: CONFIG, useValue: deps.config },
        { provide: DATA_SOURCE, useValue: deps.db },
        { provide: TEMPORAL_CLIENT, useValue: deps.temporal.client },
        { provide: TEMPORAL_CONNECTION, useValue: deps.temporal.connection },
        { provide: LOGGER, useValue: deps.logger },
        { provide: MONITORING_CLOCK, useValue: deps.monitoringClock ?? (async () => new Date()) },
        { provide: HOST_RESOLVER, useValue: deps.resolveHost ?? systemHostResolver },
        ...repositories,
      ],
      exports: [CONFIG, DATA_SOURCE, TEMPORAL_CLIENT, TEMPORAL_CONNECTION, LOGGER, MONITORING_CLOCK, HOST_RESOLVER, JwtModule, ...repositories.map((r) => r.provide)],
    };
  }
}
