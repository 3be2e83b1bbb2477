/**
 * The webhook retry settings are refused at start-up when they allow more attempts per delivery round than
 * the delivery workflow's history can hold (libs/config/passage-config.ts, libs/domain/webhook-retry.ts).
 */
import { ConfigError, loadConfig } from '../../../libs/config/passage-config';
import { MAX_WEBHOOK_ATTEMPTS_PER_ROUND, retryDelayMs, worstCaseWebhookAttempts, type WebhookRetrySchedule } from '../../../libs/domain/webhook-retry';

/** An independent count: simulate the workflow's loop with every jittered wait at its shortest. */
function simulatedAttempts(schedule: WebhookRetrySchedule): number {
  let now = 0;
  let attempts = 1;
  for (;;) {
    const delay = Math.min(retryDelayMs(schedule, attempts, 0), schedule.budgetMs - now);
    if (delay <= 0) return attempts;
    now += delay;
    attempts += 1;
  }
}

describe('worstCaseWebhookAttempts', () => {
  it('counts what the workflow would make with the shortest waits, for schedules of every shape', () => {
    const schedules: WebhookRetrySchedule[] = [
      { budgetMs: 24 * 3_600_000, initialIntervalMs: 5_000, maxIntervalMs: 30 * 60_000 },
      { budgetMs: 60_000, initialIntervalMs: 1_000, maxIntervalMs: 2_000 },
      { budgetMs: 1_000, initialIntervalMs: 5_000, maxIntervalMs: 5_000 },
      { budgetMs: 2 * 24 * 3_600_000, initialIntervalMs: 60_000, maxIntervalMs: 3_600_000 },
      { budgetMs: 600_000, initialIntervalMs: 7_000, maxIntervalMs: 7_000 },
    ];
    for (const schedule of schedules) expect(worstCaseWebhookAttempts(schedule)).toBe(simulatedAttempts(schedule));
  });

  it('is about a hundred for the defaults (24 h, 5 s doubling to 30 min)', () => {
    const attempts = worstCaseWebhookAttempts({ budgetMs: 24 * 3_600_000, initialIntervalMs: 5_000, maxIntervalMs: 30 * 60_000 });
    expect(attempts).toBeGreaterThan(90);
    expect(attempts).toBeLessThan(120);
  });

  it('stops counting past the limit, at once, however long the budget', () => {
    const started = Date.now();
    const attempts = worstCaseWebhookAttempts({ budgetMs: 365 * 24 * 3_600_000, initialIntervalMs: 1_000, maxIntervalMs: 1_000 });
    expect(attempts).toBe(MAX_WEBHOOK_ATTEMPTS_PER_ROUND + 1);
    expect(Date.now() - started).toBeLessThan(100);
  });
});

describe('config: webhook retry settings and the history limit', () => {
  const env = (vars: Record<string, string>): NodeJS.ProcessEnv => ({ NODE_ENV: 'test', ...vars });

  it('accepts the defaults', () => {
    expect(() => loadConfig(env({}))).not.toThrow();
  });

  it('refuses a budget that, at the max interval, needs more than 500 attempts, naming the three variables', () => {
    // A week at 1 s doubling to 5 min: at least 150 s apart, about 4,000 attempts.
    const load = () =>
      loadConfig(
        env({ WEBHOOK_RETRY_BUDGET_SECONDS: String(7 * 24 * 3600), WEBHOOK_INITIAL_RETRY_INTERVAL_SECONDS: '1', WEBHOOK_MAX_RETRY_INTERVAL_SECONDS: '300' }),
      );
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/WEBHOOK_RETRY_BUDGET_SECONDS=604800.*WEBHOOK_INITIAL_RETRY_INTERVAL_SECONDS=1.*WEBHOOK_MAX_RETRY_INTERVAL_SECONDS=300.*more than 500 webhook attempts/s);
  });

  it('accepts the same week with a max interval long enough, and the boundary on either side', () => {
    expect(() =>
      loadConfig(env({ WEBHOOK_RETRY_BUDGET_SECONDS: String(7 * 24 * 3600), WEBHOOK_INITIAL_RETRY_INTERVAL_SECONDS: '1', WEBHOOK_MAX_RETRY_INTERVAL_SECONDS: '3600' })),
    ).not.toThrow();
    // Capped at 2 s: every wait at least 1 s, so 499 s of budget make 500 attempts and 500 s make 501.
    const at = (budget: number) => () =>
      loadConfig(env({ WEBHOOK_RETRY_BUDGET_SECONDS: String(budget), WEBHOOK_INITIAL_RETRY_INTERVAL_SECONDS: '2', WEBHOOK_MAX_RETRY_INTERVAL_SECONDS: '2' }));
    expect(at(499)).not.toThrow();
    expect(at(500)).toThrow(ConfigError);
  });

  it('refuses a max interval below the initial one', () => {
    expect(() => loadConfig(env({ WEBHOOK_INITIAL_RETRY_INTERVAL_SECONDS: '60', WEBHOOK_MAX_RETRY_INTERVAL_SECONDS: '10' }))).toThrow(
      /WEBHOOK_MAX_RETRY_INTERVAL_SECONDS=10: must be at least WEBHOOK_INITIAL_RETRY_INTERVAL_SECONDS=60/,
    );
  });
});
