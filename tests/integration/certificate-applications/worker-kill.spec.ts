/**
 * Nothing is lost, nothing is done twice: the worker is SIGKILLed while the approval's transaction (the
 * certificate, its number, the log entry) is open in PostgreSQL. The transaction dies with the process;
 * a fresh worker takes the retried activity (after its 30 s start-to-close timeout) and issues exactly one
 * certificate, and the caller's approve request, which waited all along, is answered.
 *
 * The worker runs as a separate process from dist/ (tests/support/worker-process.ts): build first.
 * FAULT_ISSUANCE_DELAY_MS=4000 makes the first worker hold the issuing transaction open for 4 s.
 */
import type { Response } from 'supertest';
import { verifyVerificationPayload } from '../../../libs/certificate-document';
import type { CaseView } from '../../support/case-view';
import { LI_NA } from '../../support/demo-applicants';
import { authed, type AuthedClient } from '../../support/http';
import { STACK_START_TIMEOUT_MS, startTestStack, type TestStack } from '../../support/test-app';
import { startWorkerProcess, type WorkerProcess } from '../../support/worker-process';
import { actionsOf, CASES, count, DESTINATION_OFFICE, expectStatus, openCase, sleep, waitForState } from './case-helpers';

/** The activity's start-to-close timeout (workflows/activity-options.ts) plus room for the retry. */
const RECOVERY_TIMEOUT_MS = 75_000;

describe('certificate applications: the worker is killed during issuance', () => {
  let stack: TestStack;
  let caseworker: AuthedClient;
  let approver: AuthedClient;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    stack = await startTestStack({ worker: false });
    caseworker = authed(stack, await stack.loginAs('tengwangge.caseworker'));
    approver = authed(stack, await stack.loginAs('tengwangge.approver'));
  }, STACK_START_TIMEOUT_MS);

  afterAll(async () => {
    for (const worker of workers) await worker.stop();
    await stack?.stop();
  });

  /** Sessions of the worker process holding a transaction open in this run's database. */
  async function workerTransactionsOpen(): Promise<number> {
    return count(
      stack.db,
      `SELECT count(*) AS n FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'passage-worker' AND state LIKE 'idle in transaction%'`,
    );
  }

  /** The issuing transaction, held open by the fault delay right after it wrote the certificate row. */
  async function issuanceHeldOpen(): Promise<boolean> {
    return (
      (await count(
        stack.db,
        `SELECT count(*) AS n FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = 'passage-worker' AND state = 'idle in transaction'
            AND query LIKE 'INSERT INTO certificate (%' AND state_change < now() - interval '500 milliseconds'`,
      )) === 1
    );
  }

  it('one certificate, one approve action, and the approve request answered', async () => {
    const slow = await startWorkerProcess({ stack, env: { FAULT_ISSUANCE_DELAY_MS: '4000' } });
    workers.push(slow);

    const opened = await openCase(caseworker, { applicant: LI_NA, destinationOfficeCode: DESTINATION_OFFICE });
    await waitForState(caseworker, opened.id, 'under-review');
    expectStatus(await caseworker.post(`${CASES}/${opened.id}/review`).send({}), 200);

    // Sent, not awaited: it waits for the workflow update, which waits for the issuing activity.
    const started = Date.now();
    const approving: Promise<Response> = (async () => approver.post(`${CASES}/${opened.id}/approve`).send({}))();
    approving.catch(() => undefined); // awaited below

    // The issuing transaction is open, the certificate row written but not committed, …
    const deadline = Date.now() + 15_000;
    while (!(await issuanceHeldOpen())) {
      if (Date.now() > deadline) throw new Error(`the issuing transaction was never seen open; worker output:\n${slow.output()}`);
      await sleep(50);
    }
    expect(await count(stack.db, `SELECT count(*) AS n FROM certificate WHERE case_id = $1`, [opened.id])).toBe(0);

    // … when the worker dies.
    await slow.kill();
    const killedAt = Date.now() - started;

    // PostgreSQL notices the closed connection and rolls the transaction back: nothing of it remains.
    const rollbackDeadline = Date.now() + 10_000;
    while ((await workerTransactionsOpen()) > 0) {
      if (Date.now() > rollbackDeadline) throw new Error('the killed worker’s transaction is still open');
      await sleep(50);
    }
    expect(await count(stack.db, `SELECT count(*) AS n FROM certificate WHERE case_id = $1`, [opened.id])).toBe(0);
    expect((await actionsOf(stack.db, opened.id)).filter((a) => a.action === 'approve')).toEqual([]);
    const [row] = (await stack.db.query(`SELECT state FROM certificate_application WHERE id = $1`, [opened.id])) as Array<{ state: string }>;
    expect(row!.state).toBe('awaiting-approval');

    const fresh = await startWorkerProcess({ stack });
    workers.push(fresh);

    let timer: NodeJS.Timeout | undefined;
    const response = await Promise.race([
      approving,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`approve not answered within ${RECOVERY_TIMEOUT_MS} ms of the kill; worker output:\n${fresh.output()}`)),
          RECOVERY_TIMEOUT_MS,
        );
      }),
    ]).finally(() => clearTimeout(timer));
    const answeredAt = Date.now() - started;
    process.stderr.write(`[worker-kill] killed at ${killedAt} ms, approve answered at ${answeredAt} ms\n`);

    const view = expectStatus(response, 200).body as CaseView;
    expect(view.state).toBe('issued');
    expect(view.certificates).toHaveLength(1);

    expect(await count(stack.db, `SELECT count(*) AS n FROM certificate WHERE case_id = $1`, [opened.id])).toBe(1);
    const approvals = (await actionsOf(stack.db, opened.id)).filter((a) => a.action === 'approve');
    expect(approvals).toHaveLength(1);
    const [after] = (await stack.db.query(`SELECT state, closed_at FROM certificate_application WHERE id = $1`, [opened.id])) as Array<{
      state: string;
      closed_at: Date | null;
    }>;
    expect(after!.state).toBe('issued');
    expect(after!.closed_at).not.toBeNull();
    expect(
      await count(stack.db, `SELECT count(*) AS n FROM notification WHERE case_id = $1 AND kind = 'certificate-issued'`, [opened.id]),
    ).toBe(1);

    // The certificate the second worker signed verifies with the key the api publishes.
    const certificate = expectStatus(await approver.get(`/api/v1/certificates/${view.certificates[0]!.number}`), 200).body as {
      signedToken: string;
    };
    const keys = expectStatus(await stack.http.get('/api/v1/public/certificate-signing-keys'), 200).body as Array<{ keyId: string; publicKeyPem: string }>;
    const verified = verifyVerificationPayload(certificate.signedToken, Object.fromEntries(keys.map((k) => [k.keyId, k.publicKeyPem])));
    expect(verified).toMatchObject({ valid: true, fields: { certificateNumber: view.certificates[0]!.number } });

    expect(slow.isRunning()).toBe(false);
    expect(fresh.isRunning()).toBe(true);
  }, 150_000);
});
