import pino, { type Logger } from 'pino';
import { safeError } from './safe-error';

/**
 * Field names that may carry personal data. Logs identify people by ids and codes only; if a payload
 * slips into a log line anyway, these keys are censored at any depth we know of.
 */
const PERSONAL_DATA_KEYS = [
  'fullName',
  'holderName',
  'identityNumber',
  'dateOfBirth',
  'spouseName',
  'spouseIdentityNumber',
  'marriageDate',
  'numberOfChildren',
  'password',
  'token',
  'accessToken',
  'authorization',
  'secret',
];

export const REDACT_PATHS = [
  ...PERSONAL_DATA_KEYS,
  ...PERSONAL_DATA_KEYS.map((k) => `*.${k}`),
  ...PERSONAL_DATA_KEYS.map((k) => `*.*.${k}`),
  'req.headers.authorization',
  'req.headers.cookie',
];

/** One structured JSON logger per process; children add a `component`. */
export function createLogger(options: { level: string; name: string; destination?: pino.DestinationStream }): Logger {
  return pino(
    {
      name: options.name,
      level: options.level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      // Errors under these keys (ours, and the Temporal runtime's activity-failure meta) are logged by safeError.
      serializers: { err: safeError, error: safeError },
      base: { service: options.name },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}

export type { Logger };
