import { Transform, plainToInstance } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateBy, validateSync } from 'class-validator';
import { MAX_WEBHOOK_ATTEMPTS_PER_ROUND, worstCaseWebhookAttempts } from '../domain/webhook-retry';
import { IsOriginList } from './cors-origins';
import { IsSocketAddress } from './is-socket-address';
import { oidcProblems } from './oidc';
import { IsStateThresholds } from './state-thresholds';
import { temporalTlsProblems } from './temporal-tls';
import { IsNetworkList } from './webhook-allowed-networks';
import { IsPayloadKey, IsPayloadKeyId, payloadKeyProblems } from './payload-keys';

const toBoolean = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? ['1', 'true', 'yes', 'on'].includes(value.trim().toLowerCase()) : value;
const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number.parseInt(value, 10) : value;

/**
 * Every setting of the api and the worker, read from the environment once at start-up.
 * The property names are the environment variable names, so an error message names the variable.
 * Defaults are the embedded development defaults documented in README.md.
 */
export class PassageConfig {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @IsString()
  HOST = '127.0.0.1';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** Public address of the api, printed in certificate QR codes and links. */
  @IsString()
  PUBLIC_BASE_URL = 'http://127.0.0.1:3000';

  /** Largest JSON request body the api reads, in bytes; a larger one answers 413 before it is parsed. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(10 * 1024 * 1024)
  HTTP_BODY_LIMIT_BYTES = 64 * 1024;

  /**
   * Proxies in front of the api whose X-Forwarded-For is believed (comma-separated CIDRs or addresses, e.g.
   * `10.0.0.0/8,::1`). The client address the audit records (and public verification is rate limited by) is
   * the nearest address in the chain not from one of them. Empty: nobody's, the socket's peer is the client.
   */
  @IsNetworkList()
  HTTP_TRUSTED_PROXIES = '';

  /**
   * Browser origins allowed to call the api across origins (comma-separated exact origins, e.g.
   * `https://desk.example.gov.cn,http://localhost:5173`). Empty: no CORS headers, only same-origin pages.
   */
  @IsOriginList()
  CORS_ALLOWED_ORIGINS = '';

  /** The runtime connection: the api's and the worker's rows. With DATABASE_MIGRATION_URL, a role that owns nothing. */
  @IsString()
  DATABASE_URL = 'postgres://passage:passage@127.0.0.1:5432/passage';

  /**
   * Where migrations run: a role that owns the tables (e.g. passage_migrator), used at start-up only.
   * Unset: DATABASE_URL (one role for both, development).
   */
  @IsOptional()
  @IsString()
  DATABASE_MIGRATION_URL?: string;

  /**
   * The role (as PostgreSQL names it, unquoted) that the migrations grant row access to: SELECT, INSERT,
   * UPDATE, DELETE on the tables, only SELECT, INSERT on the append-only logs, no DDL (migration
   * 1764465000000). Usually the user of DATABASE_URL. Unset: nothing granted.
   */
  @IsOptional()
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/, { message: '$property must be a PostgreSQL role name: lower-case letters, digits and _, not starting with a digit' })
  DATABASE_RUNTIME_ROLE?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  /** How long a query waits for a pooled connection before it fails (an activity retries; the api answers 503). */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60000)
  DATABASE_CONNECT_TIMEOUT_MS = 10000;

  @IsString()
  TEMPORAL_ADDRESS = '127.0.0.1:7233';

  @IsString()
  TEMPORAL_NAMESPACE = 'default';

  /**
   * TLS to the Temporal frontend, for the api and the worker alike: on as soon as any of these or
   * TEMPORAL_API_KEY is set. CERT and KEY (PEM files, together) are the client's certificate for mTLS; CA
   * (PEM) is the server's root, else the system's roots; SERVER_NAME the name the server's certificate must
   * carry, else the host of TEMPORAL_ADDRESS. The files are checked at start-up.
   */
  @IsOptional()
  @IsString()
  TEMPORAL_TLS_CERT_PATH?: string;

  @IsOptional()
  @IsString()
  TEMPORAL_TLS_KEY_PATH?: string;

  @IsOptional()
  @IsString()
  TEMPORAL_TLS_CA_PATH?: string;

  @IsOptional()
  @IsString()
  TEMPORAL_TLS_SERVER_NAME?: string;

  /** API key sent as a bearer token to Temporal (e.g. Temporal Cloud); implies TLS. */
  @IsOptional()
  @IsString()
  TEMPORAL_API_KEY?: string;

  /**
   * AES-256-GCM key of the Temporal payload codec (32 random bytes in base64: `openssl rand -base64 32`).
   * Every payload the api, the worker and the scripts hand to Temporal (workflow and activity arguments and
   * results, signals, updates, queries, memos) is encrypted with it, so notes, reasons and missing-item texts
   * are not readable in workflow histories. Required in production; unset elsewhere: nothing is encrypted
   * (a warning says so) and payloads encrypted earlier cannot be read.
   */
  @IsOptional()
  @IsPayloadKey()
  TEMPORAL_PAYLOAD_KEY?: string;

  /** Id written beside each payload encrypted with TEMPORAL_PAYLOAD_KEY; default: derived from the key (`sha256-<16 hex>`). */
  @IsOptional()
  @IsPayloadKeyId()
  TEMPORAL_PAYLOAD_KEY_ID?: string;

  /** The key before the last rotation: decrypts what it encrypted, encrypts nothing. */
  @IsOptional()
  @IsPayloadKey()
  TEMPORAL_PAYLOAD_PREVIOUS_KEY?: string;

  /** Its id, if it was given one (default: derived from it, as for TEMPORAL_PAYLOAD_KEY_ID). */
  @IsOptional()
  @IsPayloadKeyId()
  TEMPORAL_PAYLOAD_PREVIOUS_KEY_ID?: string;

  /**
   * The origin of the Temporal UI (e.g. `http://127.0.0.1:8233`) allowed to call the codec endpoints
   * (/codec/encode, /codec/decode) from the browser: CORS answers for that origin only. It authenticates
   * nobody: a staff bearer token of a manager or an auditor is still required. Unset: no CORS answers.
   */
  @IsOptional()
  @IsOrigin()
  CODEC_ALLOWED_ORIGIN?: string;

  /** Prefix of every task queue name, so several deployments can share one Temporal namespace. */
  @IsString()
  @MinLength(1)
  TEMPORAL_TASK_QUEUE_PREFIX = 'passage';

  /** HMAC secret for bearer tokens. Must be set (32+ characters) in production. */
  @IsOptional()
  @IsString()
  @MinLength(32)
  JWT_SECRET?: string;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  JWT_TTL_SECONDS = 8 * 3600;

  /**
   * An external identity provider (OIDC) whose RS256 or ES256 tokens the api accepts besides its own: the
   * issuer (the tokens' `iss`), the audience they must be for (`aud`) and the URL of its key set (JWKS). All
   * three or none.
   */
  @IsOptional()
  @IsString()
  OIDC_ISSUER?: string;

  @IsOptional()
  @IsString()
  OIDC_AUDIENCE?: string;

  @IsOptional()
  @IsString()
  OIDC_JWKS_URL?: string;

  /** The claims of a provider's token that carry the user's Passage role and office code. */
  @IsString()
  @MinLength(1)
  OIDC_ROLE_CLAIM = 'passage_role';

  @IsString()
  @MinLength(1)
  OIDC_OFFICE_CLAIM = 'passage_office';

  /** Leeway for clock skew with the provider when checking a token's exp and nbf. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(300)
  OIDC_CLOCK_TOLERANCE_SECONDS = 30;

  /** How long the provider's key set is kept before it is fetched again (sooner for a key it does not hold). */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(86400)
  OIDC_JWKS_CACHE_SECONDS = 600;

  /** Enables POST /api/v1/auth/dev-login (demo users without a password). Never in production. */
  @Transform(toBoolean)
  @IsBoolean()
  DEV_LOGIN_ENABLED = false;

  /** Loads the demo office subtree, demo users and demo registry records at start-up (idempotent). Never in production. */
  @Transform(toBoolean)
  @IsBoolean()
  SEED_DEMO_DATA = false;

  /** Serves the OpenAPI document and its UI at /docs and /docs-json. Absent: on, except in production. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  DOCS_ENABLED?: boolean;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** How long a webhook delivery is retried before it is dead-lettered. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  WEBHOOK_RETRY_BUDGET_SECONDS = 24 * 3600;

  /** First retry interval; it doubles (with jitter) up to WEBHOOK_MAX_RETRY_INTERVAL_SECONDS. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  WEBHOOK_INITIAL_RETRY_INTERVAL_SECONDS = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  WEBHOOK_MAX_RETRY_INTERVAL_SECONDS = 30 * 60;

  /** How long one webhook request may take. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(120000)
  WEBHOOK_TIMEOUT_MS = 10000;

  /**
   * Networks beyond the public internet that webhooks may reach (comma-separated CIDRs, e.g.
   * `10.20.0.0/16,fd00:1::/48`). Empty: loopback, private, link-local and other internal addresses are all
   * refused, at registration and at every connection. Metadata, unspecified, multicast and broadcast
   * addresses are refused whatever this says.
   */
  @IsNetworkList()
  WEBHOOK_ALLOWED_NETWORKS = '';

  /**
   * How long the api waits for a case's workflow to answer a person's action before it answers 503 (the
   * same Idempotency-Key may be sent again: a recorded action answers as it first did). Longer than a
   * recording's own budget (30 s), so it only ends a wait the engine itself cannot end.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(300000)
  CASE_ACTION_ANSWER_TIMEOUT_MS = 40000;

  /** Working days a registration office has to answer a service report, where no cooperation agreement says otherwise. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(250)
  SERVICE_REPORT_ACKNOWLEDGEMENT_WORKING_DAYS = 10;

  /** Working days after that deadline before an unanswered service report is deemed accepted. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60)
  SERVICE_REPORT_GRACE_WORKING_DAYS = 5;

  /** Months between feedbacks a residence office owes, where no cooperation agreement says otherwise. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24)
  FEEDBACK_INTERVAL_MONTHS = 6;

  /** Calendar days before a feedback due date that the residence office is first reminded (0: only on the day). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60)
  FEEDBACK_REMINDER_LEAD_DAYS = 14;

  /** Working days after a feedback due date before missing feedback goes to the residence office's manager. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60)
  FEEDBACK_ESCALATION_WORKING_DAYS = 5;

  /**
   * Actions a residence registration's workflow records in one run before it continues as new (a file
   * lives for years; its history must not grow with it). Tests set a small one.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  RESIDENCE_ACTIONS_PER_RUN = 100;

  /**
   * Public verifications one address may ask for per minute: enough for a counter clerk, far too few to
   * guess a verification code. Counted in PostgreSQL, so every api replica shares the count.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100000)
  PUBLIC_VERIFICATIONS_PER_MINUTE = 30;

  /**
   * Requests to /api/v1 one authenticated user may make per minute, and one client address (per
   * HTTP_TRUSTED_PROXIES), whoever it is, before the api answers 429 with Retry-After. The address limit
   * covers unauthenticated requests too (dev login, public verification, bad tokens). Counted in
   * PostgreSQL per one-minute window, so every api replica shares the count.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  RATE_LIMIT_PER_USER_PER_MINUTE = 600;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  RATE_LIMIT_PER_IP_PER_MINUTE = 1200;

  /** Working days ahead within which a manager's stuck list shows a deadline as near. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(30)
  MONITORING_DEADLINE_HORIZON_WORKING_DAYS = 2;

  /** Seconds a case may stay in its opening step (registry check, delivery, announcement) before it is listed as stuck. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(86400)
  MONITORING_OPENING_GRACE_SECONDS = 300;

  /**
   * Changes to how long a case may wait in one state before the stuck list shows it (defaults in
   * libs/domain/state-thresholds.ts), e.g. `certificate-application.awaiting-approval=1d,service-report.contested=off`.
   */
  @IsStateThresholds()
  MONITORING_STATE_THRESHOLDS = '';

  /**
   * Bearer token Prometheus sends to the api's /metrics. Without it /metrics is open in development and
   * test and off (404) in production: the api's port faces users, and operational totals are not theirs.
   */
  @IsOptional()
  @IsString()
  @MinLength(32)
  METRICS_TOKEN?: string;

  /**
   * Seconds a reading of the record (the case and notification totals of /metrics) is reused by later
   * scrapes, so several Prometheus servers or a short scrape interval cost one set of queries. 0: every
   * scrape reads (scrapes that arrive while a reading is under way still share it).
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(300)
  METRICS_CACHE_SECONDS = 10;

  /**
   * Where the worker's Temporal runtime serves its own Prometheus metrics (workflow and activity task
   * latencies, slots, pollers, …), as IP:port, e.g. 127.0.0.1:9464. Unset: not served.
   */
  @IsOptional()
  @IsSocketAddress()
  WORKER_METRICS_ADDRESS?: string;

  /** Daily digest time, as a cron expression in Asia/Shanghai. */
  @IsString()
  DAILY_DIGEST_CRON = '0 8 * * *';

  /** PEM file holding the Ed25519 key that signs certificate QR payloads; created on first use in development. */
  @IsString()
  CERTIFICATE_SIGNING_KEY_FILE = '.data/keys/certificate-signing.pem';

  /**
   * Fault injection for crash tests only: the issuing transaction waits this long before it commits, so a
   * test can kill the worker mid-issuance. Refused in production.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(600000)
  FAULT_ISSUANCE_DELAY_MS = 0;

  /** Ed25519 private key as PEM text; takes precedence over the file (for containers and secret stores). */
  @IsOptional()
  @IsString()
  CERTIFICATE_SIGNING_KEY_PEM?: string;
}

export class ConfigError extends Error {}

/** Variables whose values are secrets: an error names them and says how long the value was, never what it was. */
const SECRET_VARIABLES = new Set(['JWT_SECRET', 'METRICS_TOKEN', 'CERTIFICATE_SIGNING_KEY_PEM', 'TEMPORAL_PAYLOAD_KEY', 'TEMPORAL_PAYLOAD_PREVIOUS_KEY']);

/** `scheme://host[:port]`, nothing more: what a browser sends as Origin. */
function IsOrigin(): PropertyDecorator {
  return ValidateBy({
    name: 'isOrigin',
    validator: {
      validate: (value) => {
        if (typeof value !== 'string') return false;
        try {
          const url = new URL(value);
          return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
        } catch {
          return false;
        }
      },
      defaultMessage: () => '$property must be an origin: scheme, host and port only, e.g. http://127.0.0.1:8233',
    },
  });
}

/**
 * The webhook retry settings must imply a bounded number of attempts per delivery round. Every attempt
 * is recorded in the delivery workflow's history, which Temporal ends at 51,200 events: a long budget over
 * a short interval (say a week at 1 s, capped at 1 s) would break the workflow mid-delivery. Refusing such a
 * combination at start-up keeps one workflow per round simple (no continue-as-new bookkeeping of attempt
 * numbers and budget across runs) and is a limit no sensible schedule reaches (MAX_WEBHOOK_ATTEMPTS_PER_ROUND:
 * 500, about 17 history events each; the defaults make ~105).
 */
export function webhookAttemptsProblem(config: Pick<PassageConfig, WebhookRetryVariable>): string | null {
  const schedule = {
    budgetMs: config.WEBHOOK_RETRY_BUDGET_SECONDS * 1000,
    initialIntervalMs: config.WEBHOOK_INITIAL_RETRY_INTERVAL_SECONDS * 1000,
    maxIntervalMs: config.WEBHOOK_MAX_RETRY_INTERVAL_SECONDS * 1000,
  };
  if (schedule.maxIntervalMs < schedule.initialIntervalMs) {
    return `WEBHOOK_MAX_RETRY_INTERVAL_SECONDS=${config.WEBHOOK_MAX_RETRY_INTERVAL_SECONDS}: must be at least WEBHOOK_INITIAL_RETRY_INTERVAL_SECONDS=${config.WEBHOOK_INITIAL_RETRY_INTERVAL_SECONDS}`;
  }
  const attempts = worstCaseWebhookAttempts(schedule);
  if (attempts <= MAX_WEBHOOK_ATTEMPTS_PER_ROUND) return null;
  return (
    `WEBHOOK_RETRY_BUDGET_SECONDS=${config.WEBHOOK_RETRY_BUDGET_SECONDS}, WEBHOOK_INITIAL_RETRY_INTERVAL_SECONDS=${config.WEBHOOK_INITIAL_RETRY_INTERVAL_SECONDS}, ` +
    `WEBHOOK_MAX_RETRY_INTERVAL_SECONDS=${config.WEBHOOK_MAX_RETRY_INTERVAL_SECONDS}: allow more than ${MAX_WEBHOOK_ATTEMPTS_PER_ROUND} webhook attempts ` +
    `per delivery round (Temporal's history limit); shorten the budget or raise the max interval`
  );
}

type WebhookRetryVariable = 'WEBHOOK_RETRY_BUDGET_SECONDS' | 'WEBHOOK_INITIAL_RETRY_INTERVAL_SECONDS' | 'WEBHOOK_MAX_RETRY_INTERVAL_SECONDS';

/** Settings without a default (absent from a fresh PassageConfig's keys on some compilers): read by name. */
const OPTIONAL_VARIABLES = [
  'JWT_SECRET',
  'CERTIFICATE_SIGNING_KEY_PEM',
  'METRICS_TOKEN',
  'WORKER_METRICS_ADDRESS',
  'DOCS_ENABLED',
  'TEMPORAL_TLS_CERT_PATH',
  'TEMPORAL_TLS_KEY_PATH',
  'TEMPORAL_TLS_CA_PATH',
  'TEMPORAL_TLS_SERVER_NAME',
  'TEMPORAL_API_KEY',
  'OIDC_ISSUER',
  'OIDC_AUDIENCE',
  'OIDC_JWKS_URL',
  'CODEC_ALLOWED_ORIGIN',
  'DATABASE_MIGRATION_URL',
  'DATABASE_RUNTIME_ROLE',
  'TEMPORAL_PAYLOAD_KEY',
  'TEMPORAL_PAYLOAD_KEY_ID',
  'TEMPORAL_PAYLOAD_PREVIOUS_KEY',
  'TEMPORAL_PAYLOAD_PREVIOUS_KEY_ID',
];

const DEV_JWT_SECRET = 'passage-development-secret-not-for-production-use';

/** Reads and validates the environment; throws ConfigError naming every bad variable and its rule. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): PassageConfig {
  const known = Object.keys(new PassageConfig());
  const present: Record<string, string> = {};
  for (const name of [...known, ...OPTIONAL_VARIABLES]) {
    const value = env[name];
    if (value !== undefined && value !== '') present[name] = value;
  }
  const config = plainToInstance(PassageConfig, present);
  const errors = validateSync(config, { forbidUnknownValues: true });
  if (errors.length > 0) {
    const lines = errors.map(
      (e) =>
        `  ${e.property}=${SECRET_VARIABLES.has(e.property) ? `<secret, ${String(e.value).length} characters>` : JSON.stringify(e.value)}: ` +
        Object.values(e.constraints ?? {}).join('; '),
    );
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  if (config.NODE_ENV === 'production') {
    if (!config.JWT_SECRET) throw new ConfigError('Invalid configuration:\n  JWT_SECRET: required in production');
    if (config.JWT_SECRET === DEV_JWT_SECRET)
      throw new ConfigError('Invalid configuration:\n  JWT_SECRET: the published development secret is refused in production');
    if (config.SEED_DEMO_DATA) throw new ConfigError('Invalid configuration:\n  SEED_DEMO_DATA: must be false in production');
    if (usesDefaultDatabasePassword(config.DATABASE_URL))
      throw new ConfigError('Invalid configuration:\n  DATABASE_URL: the default password is refused in production');
    if (config.DATABASE_MIGRATION_URL !== undefined && usesDefaultDatabasePassword(config.DATABASE_MIGRATION_URL))
      throw new ConfigError('Invalid configuration:\n  DATABASE_MIGRATION_URL: the default password is refused in production');
    if (config.DEV_LOGIN_ENABLED)
      throw new ConfigError('Invalid configuration:\n  DEV_LOGIN_ENABLED: must be false in production');
    if (config.FAULT_ISSUANCE_DELAY_MS > 0)
      throw new ConfigError('Invalid configuration:\n  FAULT_ISSUANCE_DELAY_MS: must be 0 in production');
  }
  const keyProblems = payloadKeyProblems(config);
  if (keyProblems.length > 0) throw new ConfigError(`Invalid configuration:\n${keyProblems.map((line) => `  ${line}`).join('\n')}`);
  const attempts = webhookAttemptsProblem(config);
  if (attempts) throw new ConfigError(`Invalid configuration:\n  ${attempts}`);
  const problems = [...temporalTlsProblems(config), ...oidcProblems(config)];
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n${problems.map((line) => `  ${line}`).join('\n')}`);
  config.JWT_SECRET ??= DEV_JWT_SECRET;
  config.DOCS_ENABLED ??= config.NODE_ENV !== 'production';
  return Object.freeze(config) as PassageConfig;
}

/**
 * What a process should say loudly at start-up about a configuration that is fine for development and
 * dangerous anywhere else: never silent, never a secret's value.
 */
export function configWarnings(config: PassageConfig): string[] {
  const warnings: string[] = [];
  if (config.JWT_SECRET === DEV_JWT_SECRET) warnings.push('JWT_SECRET is not set: tokens are signed with the published development secret');
  if (config.DEV_LOGIN_ENABLED) warnings.push('DEV_LOGIN_ENABLED: anyone can log in as any user without a password');
  if (usesDefaultDatabasePassword(config.DATABASE_URL)) warnings.push('DATABASE_URL uses the default password');
  if (config.DATABASE_MIGRATION_URL !== undefined && usesDefaultDatabasePassword(config.DATABASE_MIGRATION_URL))
    warnings.push('DATABASE_MIGRATION_URL uses the default password');
  if (!config.TEMPORAL_PAYLOAD_KEY)
    warnings.push('TEMPORAL_PAYLOAD_KEY is not set: notes, reasons and the other payloads travel in Temporal workflow histories unencrypted');
  return warnings;
}

function usesDefaultDatabasePassword(url: string): boolean {
  try {
    // The passwords scripts/postgres.sh gives the local roles (passage, passage_migrator).
    return ['passage', 'passage_migrator'].includes(new URL(url).password);
  } catch {
    return false;
  }
}
