import { Foundation1764360000000 } from './1764360000000-foundation';
import { CertificateIssuance1764370000000 } from './1764370000000-certificate-issuance';
import { NotificationDelivery1764380000000 } from './1764380000000-notification-delivery';
import { CaseEngine1764390000000 } from './1764390000000-case-engine';
import { CaseParties1764395000000 } from './1764395000000-case-parties';
import { CertificateCase1764396000000 } from './1764396000000-certificate-case';
import { ServiceReports1764400000000 } from './1764400000000-service-reports';
import { ResidenceRegistrations1764410000000 } from './1764410000000-residence-registrations';
import { Monitoring1764420000000 } from './1764420000000-monitoring';
import { AuditEvents1764425000000 } from './1764425000000-audit-events';
import { Search1764426000000 } from './1764426000000-search';
import { Metrics1764427000000 } from './1764427000000-metrics';
import { AppendOnlyLogs1764428000000 } from './1764428000000-append-only-logs';
import { RateLimits1764429000000 } from './1764429000000-rate-limits';
import { ListIndexes1764430000000 } from './1764430000000-list-indexes';
import { StateWaits1764440000000 } from './1764440000000-state-waits';
import { AuditChain1764450000000 } from './1764450000000-audit-chain';
import { ExternalIdentities1764455000000 } from './1764455000000-external-identities';
import { WorkingCalendarChanges1764460000000 } from './1764460000000-working-calendar-changes';
import { RuntimeRole1764465000000 } from './1764465000000-runtime-role';
import { DailyTally1764470000000 } from './1764470000000-daily-tally';
import { AuditChainBatched1764480000000 } from './1764480000000-audit-chain-batched';

/** In order of their timestamps. */
export const MIGRATIONS = [
  Foundation1764360000000,
  CertificateIssuance1764370000000,
  NotificationDelivery1764380000000,
  CaseEngine1764390000000,
  CaseParties1764395000000,
  CertificateCase1764396000000,
  ServiceReports1764400000000,
  ResidenceRegistrations1764410000000,
  Monitoring1764420000000,
  AuditEvents1764425000000,
  Search1764426000000,
  Metrics1764427000000,
  AppendOnlyLogs1764428000000,
  RateLimits1764429000000,
  ListIndexes1764430000000,
  StateWaits1764440000000,
  AuditChain1764450000000,
  ExternalIdentities1764455000000,
  WorkingCalendarChanges1764460000000,
  RuntimeRole1764465000000,
  DailyTally1764470000000,
  AuditChainBatched1764480000000,
];
