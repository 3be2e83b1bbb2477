/**
 * Fifty certificate applications opened, reviewed and approved at once through HTTP while the worker process
 * is SIGKILLed at random moments (2 to 4 times, each followed by a fresh worker) — in the middle of registry
 * checks, recordings, issuing transactions and the starts of delivery workflows, wherever the moment falls.
 * Clients do what the README tells them: a 503 is sent again with the same Idempotency-Key.
 *
 * In the end every case is issued, with exactly one certificate and one log entry per step; certificate
 * numbers are unique and the office's numbering has no gap (it promises none: the number is allocated in
 * the issuing transaction); each case told its destination office once; every case's workflow completed.
 *
 * The schedule of kills comes from a seeded random source: the seed is printed, PASSAGE_FAULT_SEED replays it.
 * The worker runs as a separate process from dist/ (tests/support/worker-process.ts): build first.
 */
import { certificateApplicationWorkflowId, notificationDeliveryWorkflowId } from '../../../libs/contracts';
import { LI_NA } from '../../support/demo-applicants';
import { STACK_START_TIMEOUT_MS, startTestStack, type TestStack } from '../../support/test-app';
import { startWorkerProcess, type WorkerProcess } from '../../support/worker-process';
import {
  ApiClient,
  duplicateNotifications,
  faultLog,
  faultSeed,
  issuanceRecords,
  issueThroughApi,
  ISSUING_OFFICE,
  officeNumbering,
  seededRandom,
  sleep,
} from './fault-helpers';

const SPEC = 'worker-kill-issuances';
const CASE_COUNT = 50;
/**
 * How long one request may keep answering 503. A request waiting for a dead worker's step answers 503 after
 * CASE_ACTION_ANSWER_TIMEOUT_MS (40 s); the step itself is taken again once its activity's start-to-close
 * timeout (10 s staff, 30 s system; workflows/activity-options.ts) has passed after the kill.
 */
const REQUEST_DEADLINE_MS = 150_000;

describe('faults: the worker is killed at random moments during 50 concurrent issuances', () => {
  let stack: TestStack;
  let caseworker: ApiClient;
  let approver: ApiClient;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    stack = await startTestStack({ worker: false, listen: true });
    caseworker = new ApiClient(stack.baseUrl!, await stack.loginAs('tengwangge.caseworker'));
    approver = new ApiClient(stack.baseUrl!, await stack.loginAs('tengwangge.approver'));
  }, STACK_START_TIMEOUT_MS);

  afterAll(async () => {
    for (const worker of workers) await worker.stop();
    await stack?.stop();
  });

  it('every case is issued once, numbers unique and without gaps, nothing notified twice', async () => {
    const seed = faultSeed(SPEC);
    const random = seededRandom(seed);
    const kills = 2 + Math.floor(random() * 3);
    // Before each kill the worker runs 0.5–5 s, after it the process stays dead 0–3 s.
    const schedule = Array.from({ length: kills }, () => ({ runMs: 500 + Math.floor(random() * 4_500), downMs: Math.floor(random() * 3_000) }));
    faultLog(SPEC, `${kills} kills: ${schedule.map((s) => `run ${s.runMs} ms, down ${s.downMs} ms`).join('; ')}`);

    let worker = await startWorkerProcess({ stack });
    workers.push(worker);
    const started = Date.now();
    const runTag = `${seed.toString(36)}-${Date.now().toString(36)}`;

    let finished = 0;
    const issuing = Array.from({ length: CASE_COUNT }, (_, i) =>
      issueThroughApi({ caseworker, approver }, LI_NA, `${runTag}-${i}`, REQUEST_DEADLINE_MS).then((view) => {
        finished++;
        return view;
      }),
    );
    // Observed below; a failure must not surface as an unhandled rejection meanwhile.
    const all = Promise.all(issuing);
    all.catch(() => undefined);

    const issuedAtKill: number[] = [];
    for (const [n, { runMs, downMs }] of schedule.entries()) {
      await sleep(runMs);
      issuedAtKill.push(finished);
      await worker.kill();
      faultLog(SPEC, `kill ${n + 1} at ${Date.now() - started} ms (worker ${worker.pid}); ${finished}/${CASE_COUNT} cases answered issued`);
      await sleep(downMs);
      worker = await startWorkerProcess({ stack });
      workers.push(worker);
      faultLog(SPEC, `worker ${worker.pid} polling at ${Date.now() - started} ms`);
    }
    // The first kill fell in the middle of the work, not after it: otherwise this test proves nothing.
    expect(issuedAtKill[0]).toBeLessThan(CASE_COUNT);

    let views;
    try {
      views = await all;
    } catch (error) {
      throw new Error(`${(error as Error).message}\nlast worker output:\n${worker.output()}`, { cause: error });
    }
    faultLog(
      SPEC,
      `all ${CASE_COUNT} answered issued at ${Date.now() - started} ms; statuses caseworker ${JSON.stringify([...caseworker.statuses])}, approver ${JSON.stringify([...approver.statuses])}`,
    );
    expect(caseworker.statuses.get(500) ?? 0).toBe(0);
    expect(approver.statuses.get(500) ?? 0).toBe(0);

    const caseIds = views.map((v) => v.id);
    expect(new Set(caseIds).size).toBe(CASE_COUNT);
    for (const view of views) {
      expect(view.state).toBe('issued');
      expect(view.certificates).toHaveLength(1);
    }

    // The record: one certificate per case, one log entry per step, one notification to the destination.
    const records = await issuanceRecords(stack.db, caseIds);
    expect(records).toHaveLength(CASE_COUNT);
    for (const record of records) {
      expect({ caseId: record.caseId, state: record.state, certificates: record.certificates.length, issuedNotifications: record.issuedNotifications }).toEqual({
        caseId: record.caseId,
        state: 'issued',
        certificates: 1,
        issuedNotifications: 1,
      });
      expect({ caseId: record.caseId, ...record.actions }).toEqual({
        caseId: record.caseId,
        submit: 1,
        'start-registry-check': 1,
        'record-registry-result': 1,
        review: 1,
        approve: 1,
      });
    }
    const numbers = records.flatMap((r) => r.certificates);
    expect(new Set(numbers).size).toBe(CASE_COUNT);
    expect(await duplicateNotifications(stack.db, caseIds)).toBe(0);

    // The office's numbering for the year: every number from 1 to the counter is a committed certificate.
    const year = Number(numbers[0]!.split('-')[1]);
    const { lastValue, sequences } = await officeNumbering(stack.db, ISSUING_OFFICE, year);
    expect(sequences).toEqual(Array.from({ length: lastValue }, (_, i) => i + 1));
    for (const number of numbers) expect(sequences).toContain(Number(number.split('-')[2]));

    // Every case's workflow ran to its end, and the start of its notification's delivery was not lost with
    // a worker (its workflow exists).
    const notificationIds = (await stack.db.query(
      `SELECT id FROM notification WHERE case_id = ANY($1::uuid[]) AND kind = 'certificate-issued'`,
      [caseIds],
    )) as Array<{ id: string }>;
    for (const id of caseIds) {
      const description = await stack.client.workflow.getHandle(certificateApplicationWorkflowId(id)).describe();
      expect({ id, status: description.status.name }).toEqual({ id, status: 'COMPLETED' });
    }
    for (const { id } of notificationIds) {
      await expect(stack.client.workflow.getHandle(notificationDeliveryWorkflowId(id)).describe()).resolves.toBeDefined();
    }
    expect(worker.isRunning()).toBe(true);
  }, 240_000);
});
