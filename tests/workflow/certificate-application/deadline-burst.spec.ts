/**
 * Deadlines fall at the same end-of-day instant for every case opened on one day, so escalations come in
 * bursts. With the stack's pool of 5 connections, 50 cases reaching their deadline at one instant all
 * escalate: no activity reads outside the transaction it holds (which could wait for a connection held by
 * another activity waiting in turn), and the worker never runs more activities than the pool has connections.
 */
import { WANG_QIANG } from '../../support/demo-applicants';
import { CASES, expectStatus, HOUR_MS, skipTo, useStackWithCaseworker } from './support';

const CASE_COUNT = 50;

describe('certificate application: a burst of escalations on a small pool (time skipping)', () => {
  const started = useStackWithCaseworker('passage_wf_burst');

  it('escalates 50 cases whose deadline falls at the same instant, with a pool of 5', async () => {
    const { stack, caseworker } = started();
    expect(stack.config.DATABASE_POOL_SIZE).toBe(5);
    const ids: string[] = [];
    for (let i = 0; i < CASE_COUNT; i++) {
      const response = await caseworker.post(CASES, { applicant: WANG_QIANG });
      expectStatus(response, 201);
      ids.push((response.body as { id: string }).id);
    }
    const deadlines: Array<{ deadline: Date }> = await stack.db.query(
      `SELECT DISTINCT deadline_at AS deadline FROM certificate_application WHERE id = ANY($1)`,
      [ids],
    );
    expect(deadlines).toHaveLength(1); // one instant for all of them
    await waitFor(async () => (await countWhere(stack.db, ids, `state = 'under-review'`)) === CASE_COUNT, 'all 50 under review');

    await skipTo(stack.env, deadlines[0]!.deadline.getTime(), HOUR_MS);
    await waitFor(async () => (await countWhere(stack.db, ids, `escalated`)) === CASE_COUNT, 'all 50 escalated', 90_000);
    const [notices] = (await stack.db.query(
      `SELECT count(*)::int AS n FROM notification WHERE kind = 'case-escalated' AND case_id = ANY($1)`,
      [ids],
    )) as Array<{ n: number }>;
    expect(notices!.n).toBe(CASE_COUNT);
  }, 240_000);
});

async function countWhere(db: { query: (sql: string, params: unknown[]) => Promise<unknown> }, ids: string[], condition: string): Promise<number> {
  const [row] = (await db.query(`SELECT count(*)::int AS n FROM certificate_application WHERE id = ANY($1) AND ${condition}`, [ids])) as Array<{ n: number }>;
  return row!.n;
}

async function waitFor(predicate: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
