/**
 * PostgreSQL goes away for 10–15 s (stopped as if it crashed: `pg_ctl stop -m immediate`) while cases are
 * being opened, reviewed and approved, and comes back. The cluster is this file's own
 * (tests/support/throwaway-postgres.ts), so stopping it disturbs no other test file; the api (in process,
 * listening) and the worker (a separate process from dist/, its own pool) use it, Temporal is the run's.
 *
 *  - Every request answered while the database is down is a 503 problem (SERVICE_UNAVAILABLE), never a 500,
 *    and a case opened then is not accepted: sent again afterwards with the same Idempotency-Key, it is
 *    opened once.
 *  - Work accepted before the outage and in flight during it (registry checks, reviews, approvals waiting
 *    for their recording activity, which Temporal retries) completes afterwards: every case issued, one
 *    certificate each, numbered 1..N without a gap, one log entry per step, nothing notified twice.
 *  - The api's and the worker's pools recover by themselves: the same processes answer and work afterwards.
 *
 * Seeded (printed; PASSAGE_FAULT_SEED replays the outage's length and the requests' order).
 */
import { certificateApplicationWorkflowId } from '../../../libs/contracts';
import type { CaseView } from '../../support/case-view';
import { LI_NA } from '../../support/demo-applicants';
import { STACK_START_TIMEOUT_MS, startTestStack, type TestStack } from '../../support/test-app';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../support/throwaway-postgres';
import { startWorkerProcess, type WorkerProcess } from '../../support/worker-process';
import {
  ApiClient,
  applicationBody,
  CASES,
  count,
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

const SPEC = 'postgres-outage';
/** Cases opened before the outage, whose review and approval are sent just as it begins. */
const BEFORE = 12;
/** Cases opened after it. */
const AFTER = 5;
/** Concurrent request loops while the database is down. */
const OUTAGE_LOOPS = 3;
/**
 * A request may keep answering 503 through the outage and the retries after it: a recording activity is
 * retried with backoff (1, 2, 4, 8, 16 s, …: up to ~16 s after the database is back); a person's action
 * that waited for one answers 503 after CASE_ACTION_ANSWER_TIMEOUT_MS (10 s here) and is sent again.
 */
const REQUEST_DEADLINE_MS = 120_000;
const RECOVERY_TIMEOUT_MS = 30_000;

interface OutageAnswer {
  what: string;
  status: number;
  contentType: string | null;
  code: unknown;
}

describe('faults: PostgreSQL stops for a while during processing and comes back', () => {
  let pg: ThrowawayPostgres;
  let stack: TestStack;
  let worker: WorkerProcess | undefined;
  let caseworker: ApiClient;
  let approver: ApiClient;

  beforeAll(async () => {
    pg = await startThrowawayPostgres();
    // Actions held up by the outage answer 503 after 10 s rather than 40 s and are sent again: the same test, sooner.
    stack = await startTestStack({ worker: false, listen: true, env: { DATABASE_URL: pg.url, CASE_ACTION_ANSWER_TIMEOUT_MS: '10000' } });
    worker = await startWorkerProcess({ stack });
    caseworker = new ApiClient(stack.baseUrl!, await stack.loginAs('tengwangge.caseworker'));
    approver = new ApiClient(stack.baseUrl!, await stack.loginAs('tengwangge.approver'));
  }, STACK_START_TIMEOUT_MS);

  afterAll(async () => {
    await worker?.stop();
    await stack?.stop();
    await pg?.destroy();
  });

  it('answers 503 while it is down, loses nothing accepted, and the pools recover', async () => {
    const seed = faultSeed(SPEC);
    const random = seededRandom(seed);
    const outageMs = 10_000 + Math.floor(random() * 5_000);
    const runTag = `${seed.toString(36)}-${Date.now().toString(36)}`;
    faultLog(SPEC, `outage of ${outageMs} ms; database ${pg.url}`);
    const clients = { caseworker, approver };

    // Before: cases accepted (201), their workflows opening them (registry checks) …
    const before = await Promise.all(
      Array.from({ length: BEFORE }, (_, i) =>
        caseworker.untilAnswered<CaseView>('POST', CASES, {
          body: applicationBody(LI_NA),
          idempotencyKey: `open-${runTag}-before-${i}`,
          expected: 201,
          deadlineMs: 10_000,
        }),
      ),
    );
    // … and their review and approval on the way (sent again while they answer 503) as the database stops.
    const finishing = before.map((opened, i) => issueThroughApi(clients, LI_NA, `${runTag}-before-${i}`, REQUEST_DEADLINE_MS).then((view) => {
      expect(view.id).toBe(opened.id);
      return view;
    }));
    const finishingAll = Promise.all(finishing);
    finishingAll.catch(() => undefined); // awaited below
    await sleep(Math.floor(random() * 300));
    const stoppedAt = Date.now();
    await pg.stop('immediate');
    faultLog(SPEC, `stopped in ${Date.now() - stoppedAt} ms`);

    // During: requests of every kind, one after the other in a few loops, all answered before it is back.
    const outageAnswers: OutageAnswer[] = [];
    const outageKeys: string[] = [];
    const outageEnds = Date.now() + outageMs;
    const probe = async (loop: number): Promise<void> => {
      for (let n = 0; Date.now() < outageEnds - 500; n++) {
        const pick = Math.floor(random() * 5);
        const target = before[Math.floor(random() * before.length)]!;
        let what: string;
        let answer;
        if (pick === 0 || pick === 1) {
          const key = `open-${runTag}-during-${loop}-${n}`;
          outageKeys.push(key);
          what = `open ${key}`;
          answer = await caseworker.once('POST', CASES, applicationBody(LI_NA), key);
        } else if (pick === 2) {
          what = `get ${target.id}`;
          answer = await caseworker.once('GET', `${CASES}/${target.id}`);
        } else if (pick === 3) {
          what = 'list';
          answer = await caseworker.once('GET', `${CASES}?state=under-review`);
        } else {
          what = `withdraw ${target.id}`;
          // Refused or not, it must not be a 500; it is sent once only, so it changes nothing later.
          answer = await caseworker.once('POST', `${CASES}/${target.id}/withdraw`, {}, `withdraw-${runTag}-${loop}-${n}`);
        }
        outageAnswers.push({ what, status: answer.status, contentType: answer.contentType, code: (answer.body as { code?: unknown } | undefined)?.code });
        await sleep(100 + Math.floor(random() * 300));
      }
    };
    const health = await fetch(`${stack.baseUrl}/health`);
    expect(health.status).toBe(503);
    await Promise.all(Array.from({ length: OUTAGE_LOOPS }, (_, loop) => probe(loop)));
    const statuses = new Map<number, number>();
    for (const a of outageAnswers) statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
    faultLog(SPEC, `${outageAnswers.length} requests while down: ${JSON.stringify([...statuses])}`);

    await pg.start();
    const startedAt = Date.now();
    faultLog(SPEC, `database back after ${startedAt - stoppedAt} ms`);

    // The api's pool is usable again without a restart of anything.
    for (;;) {
      const response = await fetch(`${stack.baseUrl}/health`);
      if (response.status === 200) break;
      if (Date.now() - startedAt > RECOVERY_TIMEOUT_MS) throw new Error(`/health still ${response.status} ${RECOVERY_TIMEOUT_MS} ms after the database came back`);
      await sleep(200);
    }
    faultLog(SPEC, `api healthy ${Date.now() - startedAt} ms after the restart`);

    // Every request answered while the database was down said so: 503, problem details, never a 500.
    expect(outageAnswers.length).toBeGreaterThanOrEqual(10);
    for (const a of outageAnswers) {
      expect({ what: a.what, status: a.status, code: a.code, problem: /^application\/problem\+json\b/.test(a.contentType ?? '') }).toEqual({
        what: a.what,
        status: 503,
        code: 'SERVICE_UNAVAILABLE',
        problem: true,
      });
    }
    expect(outageKeys.length).toBeGreaterThan(0);

    // Nothing opened during the outage was accepted: no case carries any of their keys. Sent again (all at
    // once, and again while the busy api answers 503, as a client is told to: a 503 may come after the
    // case was written, and the next attempt finds it, 200), each opens its case now, once.
    expect(await count(stack.db, `SELECT count(*) AS n FROM certificate_application WHERE idempotency_key = ANY($1)`, [outageKeys])).toBe(0);
    const during = await Promise.all(
      outageKeys.map(async (key) => {
        await caseworker.untilAnswered('POST', CASES, { body: applicationBody(LI_NA), idempotencyKey: key, expected: [200, 201], deadlineMs: REQUEST_DEADLINE_MS });
        return issueThroughApi(clients, LI_NA, key.replace(/^open-/, ''), REQUEST_DEADLINE_MS);
      }),
    );
    const after = await Promise.all(Array.from({ length: AFTER }, (_, i) => issueThroughApi(clients, LI_NA, `${runTag}-after-${i}`, REQUEST_DEADLINE_MS)));
    let finished: CaseView[];
    try {
      finished = await finishingAll;
    } catch (error) {
      throw new Error(`${(error as Error).message}\nworker output:\n${worker!.output()}\nserver log:\n${pg.log()}`, { cause: error });
    }
    faultLog(SPEC, `all issued ${Date.now() - startedAt} ms after the restart; statuses caseworker ${JSON.stringify([...caseworker.statuses])}, approver ${JSON.stringify([...approver.statuses])}`);
    expect(caseworker.statuses.get(500) ?? 0).toBe(0);
    expect(approver.statuses.get(500) ?? 0).toBe(0);

    // The record: every case accepted, once; each issued once, with one entry per step.
    const views = [...finished, ...during, ...after];
    const caseIds = views.map((v) => v.id);
    const total = BEFORE + outageKeys.length + AFTER;
    expect(new Set(caseIds).size).toBe(total);
    expect(await count(stack.db, `SELECT count(*) AS n FROM certificate_application`)).toBe(total);
    const records = await issuanceRecords(stack.db, caseIds);
    for (const record of records) {
      expect({ caseId: record.caseId, state: record.state, certificates: record.certificates.length, issuedNotifications: record.issuedNotifications, ...record.actions }).toEqual({
        caseId: record.caseId,
        state: 'issued',
        certificates: 1,
        issuedNotifications: 1,
        submit: 1,
        'start-registry-check': 1,
        'record-registry-result': 1,
        review: 1,
        approve: 1,
      });
    }
    expect(await duplicateNotifications(stack.db, caseIds)).toBe(0);
    // This database holds this file's certificates only: numbered 1..N, no gap, none twice.
    const year = Number(records[0]!.certificates[0]!.split('-')[1]);
    const { lastValue, sequences } = await officeNumbering(stack.db, ISSUING_OFFICE, year);
    expect({ lastValue, sequences }).toEqual({ lastValue: total, sequences: Array.from({ length: total }, (_, i) => i + 1) });
    for (const id of caseIds) {
      const description = await stack.client.workflow.getHandle(certificateApplicationWorkflowId(id)).describe();
      expect({ id, status: description.status.name }).toEqual({ id, status: 'COMPLETED' });
    }

    // The same worker process worked through it (its pool reconnected), and holds connections again.
    expect(worker!.isRunning()).toBe(true);
    expect(await count(stack.db, `SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'passage-worker'`)).toBeGreaterThan(0);
  }, 240_000);
});
