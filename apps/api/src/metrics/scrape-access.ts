import { sameSecret } from '../common/same-secret';
import type { PassageConfig } from '../../../../libs/config';

export type ScrapeAccess = 'allowed' | 'token-required' | 'off';

/**
 * Who may read /metrics. Staff bearer tokens do not fit a scraper (they expire, and name a person), so
 * it has its own: with METRICS_TOKEN set, the request must carry `Authorization: Bearer <METRICS_TOKEN>`.
 * Without it, /metrics is open in development and test (npm start, the tests) and off in production,
 * where the api's port faces users and operational totals are not theirs to read.
 */
export function scrapeAccess(config: Pick<PassageConfig, 'NODE_ENV' | 'METRICS_TOKEN'>, authorization: string | undefined): ScrapeAccess {
  if (!config.METRICS_TOKEN) return config.NODE_ENV === 'production' ? 'off' : 'allowed';
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  return match && sameSecret(match[1]!, config.METRICS_TOKEN) ? 'allowed' : 'token-required';
}
