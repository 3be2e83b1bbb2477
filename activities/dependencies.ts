import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { LoadedSigningKey } from '../libs/certificate-document';
import type { WebhookRetryPolicy } from '../libs/contracts';
import type { HouseholdRegistry } from '../libs/db';
import type { IpNetwork } from '../libs/domain';
import type { HostResolver } from '../libs/network';

/** What activities are built from; the worker passes real ones, tests may pass their own. */
export interface ActivityDependencies {
  db: DataSource;
  logger: Logger;
  signingKey: LoadedSigningKey;
  householdRegistry: HouseholdRegistry;
  webhooks: {
    policy: WebhookRetryPolicy;
    timeoutMs: number;
    /** WEBHOOK_ALLOWED_NETWORKS; none when left out (only public addresses are reached). */
    allowedNetworks?: readonly IpNetwork[];
    /** How webhook host names are resolved before connecting; the system resolver when left out. */
    resolveHost?: HostResolver;
  };
  /** Crash tests only (FAULT_ISSUANCE_DELAY_MS): how long issuance holds its transaction open before committing. */
  issuanceDelayMs?: number;
}
