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
 * The most webhook attempts one delivery round may make. Each attempt costs the delivery workflow about 17
 * history events (two activities of three events each, a timer of two, and the three workflow tasks
 * between them; an activity's own retries add none), so 500 attempts stay under 8,500 events: below the
 * 10,240 at which Temporal starts warning, and far from its hard limit of 51,200 events (or 50 MB) per
 * execution, past which it terminates the workflow. A schedule that needs more tries than that retries
 * far more often than a receiver can benefit from; the defaults make about 105.
 */
export const MAX_WEBHOOK_ATTEMPTS_PER_ROUND = 500;

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
