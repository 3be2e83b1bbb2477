import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Request counts per caller and minute, for limits every api replica must share (public verification by
 * address). One row per key and window; old windows are cleared as new ones are counted.
 */
export class RateLimits1764429000000 implements MigrationInterface {
  name = 'RateLimits1764429000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rate_limit_window (
        key varchar(120) NOT NULL,
        window_start timestamptz NOT NULL,
        hits integer NOT NULL,
        PRIMARY KEY (key, window_start)
      )`);
    await q.query(`CREATE INDEX rate_limit_window_start_idx ON rate_limit_window (window_start)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rate_limit_window`);
  }
}
