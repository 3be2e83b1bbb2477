/**
 * The webhook retry schedule: exponential from an initial interval, capped at a maximum, with "equal
 * jitter" (half fixed, half random) so that many failed deliveries do not retry in lock-step, for a budget
 * of time. Pure: the workflow passes its (replay-safe) random number, config checks the worst case.
 */
export interface WebhookRetrySchedule {
  budgetMs: number;
  initialIntervalMs: number;
  maxIntervalMs: number;
}

/**
 * The most webhook attempts one delivery round may make. Each attempt costs the workflow about a dozen
 * history events (two activities, a timer, the workflow tasks between them), so 1,000 attempts stay well
 * inside Temporal's hard limit of 51,200 events per execution (it warns at 10,240) — and a schedule that
 * needs more than 1,000 tries is retrying far more often than any receiver can benefit from.
 */
export const MAX_WEBHOOK_ATTEMPTS_PER_ROUND = 1_000;

/** The wait before retry number `attempt` (1-based), for a random number in [0, 1). */
export function retryDelayMs(schedule: WebhookRetrySchedule, attempt: number, random: number): number {
  const exponential = Math.min(schedule.maxIntervalMs, schedule.initialIntervalMs * 2 ** (attempt - 1));
  return Math.round(exponential / 2 + (exponential / 2) * random);
}

/**
 * How many attempts a round makes at most: every jittered wait at its shortest (half its interval), the
 * last one cut short at the end of the budget, as the workflow does. Counting stops once `limit` is passed,
 * so a huge budget over a tiny interval answers at once instead of looping through it.
 */
export function worstCaseWebhookAttempts(schedule: WebhookRetrySchedule, limit = MAX_WEBHOOK_ATTEMPTS_PER_ROUND): number {
  let elapsed = 0;
  let attempts = 1;
  while (attempts <= limit) {
    const wait = retryDelayMs(schedule, attempts, 0);
    if (wait <= 0) return Number.POSITIVE_INFINITY;
    if (elapsed >= schedule.budgetMs) return attempts;
    elapsed += wait;
    attempts += 1;
  }
  return attempts;
}
