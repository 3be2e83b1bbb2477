import type { DataSource } from 'typeorm';

const WINDOW_MS = 60_000;

/** Fixed one-minute windows counted in PostgreSQL: one statement per request, shared by every replica. */
export class RateLimitsRepository {
  constructor(private readonly db: DataSource) {}

  /** Counts a request of `key` now; answers the count in this minute and the seconds until the next one. */
  async hit(key: string, now = new Date()): Promise<{ hits: number; retryAfterSeconds: number }> {
    const windowStart = new Date(Math.floor(now.getTime() / WINDOW_MS) * WINDOW_MS);
    const rows: Array<{ hits: number }> = await this.db.query(
      `INSERT INTO rate_limit_window (key, window_start, hits) VALUES ($1, $2, 1)
       ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limit_window.hits + 1
       RETURNING hits`,
      [key, windowStart],
    );
    // Windows past are of no use: the first request of each new window clears them, for every key.
    if (rows[0]!.hits === 1) await this.db.query(`DELETE FROM rate_limit_window WHERE window_start < $1`, [windowStart]);
    return { hits: rows[0]!.hits, retryAfterSeconds: Math.max(1, Math.ceil((windowStart.getTime() + WINDOW_MS - now.getTime()) / 1000)) };
  }
}
