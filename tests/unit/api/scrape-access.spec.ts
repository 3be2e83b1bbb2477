/** Who may read the api's /metrics (apps/api/src/metrics/scrape-access.ts). */
import { scrapeAccess } from '../../../apps/api/src/metrics/scrape-access';

const TOKEN = 'a-metrics-token-of-at-least-32-characters';

describe('scrapeAccess', () => {
  it('without METRICS_TOKEN: open in development and test, off in production', () => {
    expect(scrapeAccess({ NODE_ENV: 'development' }, undefined)).toBe('allowed');
    expect(scrapeAccess({ NODE_ENV: 'test' }, 'Bearer anything')).toBe('allowed');
    expect(scrapeAccess({ NODE_ENV: 'production' }, undefined)).toBe('off');
    expect(scrapeAccess({ NODE_ENV: 'production' }, `Bearer ${TOKEN}`)).toBe('off');
  });

  it('with METRICS_TOKEN, in every environment: the bearer token and nothing else', () => {
    for (const NODE_ENV of ['development', 'test', 'production'] as const) {
      const config = { NODE_ENV, METRICS_TOKEN: TOKEN };
      expect(scrapeAccess(config, `Bearer ${TOKEN}`)).toBe('allowed');
      expect(scrapeAccess(config, `bearer ${TOKEN}`)).toBe('allowed');
      expect(scrapeAccess(config, undefined)).toBe('token-required');
      expect(scrapeAccess(config, '')).toBe('token-required');
      expect(scrapeAccess(config, `Bearer ${TOKEN}x`)).toBe('token-required');
      expect(scrapeAccess(config, `Bearer ${TOKEN.slice(0, -1)}`)).toBe('token-required');
      expect(scrapeAccess(config, `Basic ${Buffer.from(`prometheus:${TOKEN}`).toString('base64')}`)).toBe('token-required');
      expect(scrapeAccess(config, TOKEN)).toBe('token-required');
    }
  });
});
