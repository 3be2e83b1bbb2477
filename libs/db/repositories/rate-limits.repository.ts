import type { DataSource } from 'typeorm';

const WINDOW_MS = 60_000;

/** Fixed one-minute windows counted in PostgreSQL: one statement per request, shared by every replica. */
export class RateLimitsRepository {
  /** The window this process last cleared the older ones for (each replica clears once a minute). */
  private clearedBefore = 0;

  constructor(private readonly db: DataSource) {}

  /** Counts a request of `key` now; answers the count in this minute and the seconds until the next one. */
  async hit(key: string, now = new Date()): Promise<{ hits: number; retryAfterSeconds: number }> {
    const { hits, retryAfterSeconds } = await this.hitAll([key], now);
    return { hits: hits[0]!, retryAfterSeconds };
  }

  /**
   * Counts one request against each of `keys` (distinct) in a single upsert; answers the counts in this
   * minute, in the order of `keys`, and the seconds until the next minute.
   */
  async hitAll(keys: readonly string[], now = new Date()): Promise<{ hits: number[]; retryAfterSeconds: number }> {
    const windowStart = new Date(Math.floor(now.getTime() / WINDOW_MS) * WINDOW_MS);
    const rows: Array<{ key: string; hits: number }> = await this.db.query(
      `INSERT INTO rate_limit_window (key, window_start, hits) SELECT unnest($1::varchar[]), $2, 1
       ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limit_window.hits + 1
       RETURNING key, hits`,
      [keys, windowStart],
    );
    // Windows past are of no use: the first request this process counts in each new window clears them, for every key.
    if (this.clearedBefore < windowStart.getTime()) {
      this.clearedBefore = windowStart.getTime();
      await this.db.query(`DELETE FROM rate_limit_window WHERE window_start < $1`, [windowStart]);
    }
    const byKey = new Map(rows.map((row) => [row.key, row.hits]));
    return {
      hits: keys.map((key) => byKey.get(key)!),
      retryAfterSeconds: Math.max(1, Math.ceil((windowStart.getTime() + WINDOW_MS - now.getTime()) / 1000)),
    };
  }
}
