/**
 * A person who sees a state can take the action it allows: under load, the case view (PostgreSQL) runs
 * ahead of the workflow's own snapshot for a moment (the activity commits before the workflow takes in
 * its result). 50 cases driven by 16 concurrent clients through open → review → approve, each step sent
 * as soon as GET shows the state that allows it (and lists the action as allowed), all reach `issued`
 * without a single 409. Over a real listening port, with real concurrency.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { CaseView } from '../../support/case-view';
import { LI_NA } from '../../support/demo-applicants';
import { useTestStackOnOwnDatabase } from '../../support/test-app';
import { CASES } from '../certificate-applications/case-helpers';

const CASE_COUNT = 50;
const CLIENTS = 16;

describe('case engine: acting on what GET shows', () => {
  // On a database of its own (16 clients at once: on the shared one they would queue on the audit chain with
  // every other file), with a connection for each client: what is tested is the 409s, not a small pool's wait.
  const stack = useTestStackOnOwnDatabase('passage_it_act', { env: { DATABASE_POOL_SIZE: String(CLIENTS) } });

  it('takes 50 cases through open → review → approve with 16 concurrent clients and no 409', async () => {
    const app = stack().app;
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    const base = `http://127.0.0.1:${port}`;
    const caseworker = await stack().loginAs('tengwangge.caseworker');
    const approver = await stack().loginAs('tengwangge.approver');

    const refusals: string[] = [];
    const call = async (token: string, method: string, path: string, body?: object): Promise<{ status: number; body: CaseView }> => {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const parsed = (await response.json()) as CaseView;
      if (response.status === 409) refusals.push(`${method} ${path}: ${JSON.stringify(parsed)}`);
      return { status: response.status, body: parsed };
    };
    const waitUntil = async (id: string, state: string, action: string): Promise<void> => {
      const until = Date.now() + 60_000;
      for (;;) {
        const { body } = await call(caseworker, 'GET', `${CASES}/${id}`);
        if (body.state === state) return;
        if (Date.now() > until) throw new Error(`case ${id} never reached ${state} for ${action} (is ${body.state})`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };

    const issued: string[] = [];
    const drive = async (): Promise<void> => {
      const opened = await call(caseworker, 'POST', CASES, { applicant: LI_NA });
      expect(opened.status).toBe(201);
      const id = opened.body.id;
      await waitUntil(id, 'under-review', 'review');
      expect((await call(caseworker, 'POST', `${CASES}/${id}/review`, {})).status).toBe(200);
      await waitUntil(id, 'awaiting-approval', 'approve');
      const view = await call(approver, 'GET', `${CASES}/${id}`);
      expect(view.body.allowedActions).toContain('approve');
      const approved = await call(approver, 'POST', `${CASES}/${id}/approve`, {});
      expect(approved.status).toBe(200);
      expect(approved.body.state).toBe('issued');
      issued.push(id);
    };

    let next = 0;
    const client = async (): Promise<void> => {
      while (next < CASE_COUNT) {
        next++;
        await drive();
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, client));

    expect(refusals).toEqual([]);
    expect(issued).toHaveLength(CASE_COUNT);
    const [row] = (await stack().db.query(
      `SELECT count(*)::int AS n FROM certificate_application WHERE id = ANY($1) AND state = 'issued'`,
      [issued],
    )) as Array<{ n: number }>;
    expect(row!.n).toBe(CASE_COUNT);
  }, 300_000);
});
