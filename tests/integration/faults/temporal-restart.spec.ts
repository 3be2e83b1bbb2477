/**
 * The Temporal server goes away and comes back: a dev server of this file's own, keeping its state in a
 * SQLite file (tests/support/temporal-dev-server.ts; the run's shared server is never touched), stopped
 * with SIGTERM and later with SIGKILL, and started again on the same port and file each time. The api and
 * the worker (in process) keep running against it throughout.
 *
 * Cases are in every kind of waiting state when it goes: opening (registry check in flight), waiting for
 * a person's review or approval (an update), and notifications waiting on a timer between webhook attempts
 * (the receiver refuses each first attempt, WEBHOOK_INITIAL_RETRY_INTERVAL_SECONDS is a few seconds).
 * Afterwards nothing is lost: the workflows are all there, pending openings finish, waiting cases take
 * their actions, timers fire and every notification reaches the receiver exactly once as one thing; a case
 * opened while the server was away is accepted (its workflow started by its first action if need be).
 * Requests meanwhile answer 503 or succeed late, never 500.
 *
 * The destination office is 湓浦街道 (360403002), which no other spec uses: its webhook is this file's alone.
 * Seeded (printed; PASSAGE_FAULT_SEED replays the order of events).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DefaultLogger, makeTelemetryFilterString, Runtime } from '@temporalio/worker';
import { certificateApplicationWorkflowId, notificationDeliveryWorkflowId } from '../../../libs/contracts';
import { WebhooksRepository } from '../../../libs/db';
import type { CaseView } from '../../support/case-view';
import { LI_NA } from '../../support/demo-applicants';
import { ENV_TEMPORAL_CLI } from '../../support/integration-run';
import { startDevServer, tail, type DevServer } from '../../support/temporal-dev-server';
import { STACK_START_TIMEOUT_MS, startTestStack, type TestStack } from '../../support/test-app';
import { failFirst, startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver';
import { ApiClient, CASES, duplicateNotifications, faultLog, faultSeed, issuanceRecords, seededRandom, sleep } from './fault-helpers';

const SPEC = 'temporal-restart';
const OFFICE = '360403002';
const SECRET = 'whsec-integration-temporal-restart';
/** How long a case may take to move on after the server is back (a workflow task, a retried activity). */
const STEP_TIMEOUT_MS = 60_000;
const REQUEST_DEADLINE_MS = 120_000;

describe('faults: the Temporal server is restarted (SIGTERM, then SIGKILL) while workflows wait', () => {
  let dir: string;
  let cliPath: string;
  let server: DevServer;
  let port: number;
  let stack: TestStack;
  let receiver: WebhookReceiver;
  let caseworker: ApiClient;
  let approver: ApiClient;

  const startServer = async (): Promise<DevServer> =>
    startDevServer({ cliPath, logFile: path.join(dir, 'temporal.log'), dbFilename: path.join(dir, 'temporal.db'), ...(port ? { port } : {}) });

  beforeAll(async () => {
    const cli = process.env[ENV_TEMPORAL_CLI];
    if (!cli) throw new Error(`${ENV_TEMPORAL_CLI} is not set: this file needs the Temporal CLI (scripts/temporal-cli.sh, which needs Go), not the SDK's download`);
    cliPath = cli;
    // The worker's core logs every failed poll while the server is away (WARN): errors only here.
    try {
      Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), forward: {} } } });
    } catch {
      // installed already in this file's process
    }
    dir = mkdtempSync(path.join(tmpdir(), 'passage-temporal-'));
    server = await startServer();
    port = server.port;
    receiver = await startWebhookReceiver({ secret: SECRET, script: failFirst(1, 503) });
    stack = await startTestStack({
      listen: true,
      env: {
        TEMPORAL_ADDRESS: server.address,
        // Each first attempt is refused: a timer of 3–6 s follows it (equal jitter), waiting across a restart.
        WEBHOOK_INITIAL_RETRY_INTERVAL_SECONDS: '6',
        WEBHOOK_MAX_RETRY_INTERVAL_SECONDS: '10',
        WEBHOOK_RETRY_BUDGET_SECONDS: '600',
      },
    });
    await new WebhooksRepository(stack.db).put(OFFICE, receiver.url, SECRET);
    caseworker = new ApiClient(stack.baseUrl!, await stack.loginAs('tengwangge.caseworker'));
    approver = new ApiClient(stack.baseUrl!, await stack.loginAs('tengwangge.approver'));
  }, STACK_START_TIMEOUT_MS);

  afterAll(async () => {
    if (stack) await new WebhooksRepository(stack.db).remove(OFFICE).catch(() => undefined);
    await stack?.stop();
    await receiver?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const body = { applicant: LI_NA, destinationOfficeCode: OFFICE };
  const open = (key: string) => caseworker.untilAnswered<CaseView>('POST', CASES, { body, idempotencyKey: `open-${key}`, expected: [200, 201], deadlineMs: REQUEST_DEADLINE_MS });
  const review = (id: string, key: string) =>
    caseworker.untilAnswered<CaseView>('POST', `${CASES}/${id}/review`, { body: {}, idempotencyKey: `review-${key}`, expected: 200, deadlineMs: REQUEST_DEADLINE_MS });
  const approve = (id: string, key: string) =>
    approver.untilAnswered<CaseView>('POST', `${CASES}/${id}/approve`, { body: {}, idempotencyKey: `approve-${key}`, expected: 200, deadlineMs: REQUEST_DEADLINE_MS });

  async function waitForState(id: string, state: string): Promise<CaseView> {
    const deadline = Date.now() + STEP_TIMEOUT_MS;
    for (;;) {
      const view = await caseworker.untilAnswered<CaseView>('GET', `${CASES}/${id}`, { expected: 200, deadlineMs: STEP_TIMEOUT_MS });
      if (view.state === state) return view;
      if (Date.now() > deadline) throw new Error(`case ${id} is '${view.state}', not '${state}', ${STEP_TIMEOUT_MS} ms on; server log:\n${tail(server.logFile)}`);
      await sleep(250);
    }
  }

  async function issuedNotificationOf(caseId: string): Promise<string> {
    const [row] = (await stack.db.query(`SELECT id FROM notification WHERE case_id = $1 AND kind = 'certificate-issued'`, [caseId])) as Array<{ id: string }>;
    if (!row) throw new Error(`case ${caseId} has no certificate-issued notification`);
    return row.id;
  }

  /** Stops the server, leaves it down for `downMs`, starts it again on the same port and file. */
  async function restart(signal: 'SIGTERM' | 'SIGKILL', downMs: number): Promise<void> {
    const at = Date.now();
    await server.stop(signal);
    faultLog(SPEC, `server stopped with ${signal} in ${Date.now() - at} ms`);
    await sleep(downMs);
    server = await startServer();
    faultLog(SPEC, `server back on port ${server.port} (same file) ${Date.now() - at} ms after the stop`);
  }

  it('loses no case, no timer and no waiting action across two restarts', async () => {
    const seed = faultSeed(SPEC);
    const random = seededRandom(seed);
    const tag = `${seed.toString(36)}-${Date.now().toString(36)}`;
    const downMs = [1_000 + Math.floor(random() * 3_000), 1_000 + Math.floor(random() * 3_000)];
    faultLog(SPEC, `server down ${downMs[0]} ms (SIGTERM), then ${downMs[1]} ms (SIGKILL)`);

    // Waiting for people: A0 and A1 under review; A1 reviewed, so awaiting approval; A0 issued, its
    // notification refused once and its delivery now on a timer.
    const a = await Promise.all([0, 1, 2, 3].map((i) => open(`${tag}-a${i}`)));
    for (const c of a) await waitForState(c.id, 'under-review');
    await review(a[0]!.id, `${tag}-a0`);
    await approve(a[0]!.id, `${tag}-a0`);
    await review(a[1]!.id, `${tag}-a1`);
    const a0Notification = await issuedNotificationOf(a[0]!.id);
    await receiver.waitForRequest((r) => r.idempotencyKey === a0Notification, STEP_TIMEOUT_MS, `the first delivery attempt of ${a0Notification}`);
    // Opening: B's registry checks are running as the server goes.
    const b = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => open(`${tag}-b${i}`)));
    await sleep(Math.floor(random() * 200));

    // SIGTERM. Meanwhile: reading works (PostgreSQL), a case is opened (accepted: it is written first, its
    // workflow started when the server answers, or later by its first action), and A2's review is sent: it
    // waits for the server, or answers 503 and is sent again later with the same key. Neither is a 500.
    const stopping = restart('SIGTERM', downMs[0]!);
    await sleep(200);
    expect((await caseworker.once('GET', `${CASES}/${a[2]!.id}`)).status).toBe(200);
    const [opened, reviewed] = await Promise.all([
      caseworker.once('POST', CASES, body, `open-${tag}-c0`),
      caseworker.once('POST', `${CASES}/${a[2]!.id}/review`, {}, `review-${tag}-a2`),
      stopping,
    ]);
    faultLog(SPEC, `sent during the first outage: open answered ${opened.status}, review ${reviewed.status}`);
    expect([201, 503]).toContain(opened.status);
    expect([200, 503]).toContain(reviewed.status);
    let c0 = opened.status === 201 ? (opened.body as CaseView) : undefined;
    c0 ??= await open(`${tag}-c0`);

    // Nothing lost: every workflow is there, the openings finish, the timer fires, waiting cases take actions.
    for (const c of [...a, ...b]) {
      await expect(stack.client.workflow.getHandle(certificateApplicationWorkflowId(c.id)).describe()).resolves.toBeDefined();
    }
    for (const c of b) await waitForState(c.id, 'under-review');
    await receiver.waitForRequest((r) => r.idempotencyKey === a0Notification && r.nthForKey === 2, STEP_TIMEOUT_MS, `the delivery of ${a0Notification} after its timer`);
    expect((await approve(a[1]!.id, `${tag}-a1`)).state).toBe('issued');
    expect((await review(a[2]!.id, `${tag}-a2`)).state).toBe('awaiting-approval');
    const a1Notification = await issuedNotificationOf(a[1]!.id);
    await receiver.waitForRequest((r) => r.idempotencyKey === a1Notification, STEP_TIMEOUT_MS, `the first delivery attempt of ${a1Notification}`);

    // SIGKILL, with A1's delivery on its timer and B's reviews and approvals on their way.
    const finishing = Promise.all([
      approve(a[2]!.id, `${tag}-a2`),
      review(a[3]!.id, `${tag}-a3`).then(() => approve(a[3]!.id, `${tag}-a3`)),
      ...b.map((c, i) => review(c.id, `${tag}-b${i}`).then(() => approve(c.id, `${tag}-b${i}`))),
      review(c0.id, `${tag}-c0`).then(() => approve(c0!.id, `${tag}-c0`)),
    ]);
    finishing.catch(() => undefined); // awaited below
    await sleep(Math.floor(random() * 500));
    await restart('SIGKILL', downMs[1]!);

    let finished: CaseView[];
    try {
      finished = await finishing;
    } catch (error) {
      throw new Error(`${(error as Error).message}\nserver log:\n${tail(server.logFile)}`, { cause: error });
    }
    for (const view of finished) expect(view.state).toBe('issued');
    faultLog(SPEC, `statuses caseworker ${JSON.stringify([...caseworker.statuses])}, approver ${JSON.stringify([...approver.statuses])}`);
    expect(caseworker.statuses.get(500) ?? 0).toBe(0);
    expect(approver.statuses.get(500) ?? 0).toBe(0);

    // Every case issued once, each step once; every workflow completed; every notification delivered, once.
    const caseIds = [...a, ...b, c0].map((c) => c.id);
    const records = await issuanceRecords(stack.db, caseIds);
    expect(records).toHaveLength(caseIds.length);
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
    for (const id of caseIds) {
      const description = await stack.client.workflow.getHandle(certificateApplicationWorkflowId(id)).describe();
      expect({ id, status: description.status.name }).toEqual({ id, status: 'COMPLETED' });
    }
    const notificationIds = await Promise.all(caseIds.map((id) => issuedNotificationOf(id)));
    for (const id of notificationIds) {
      const outcome = await stack.client.workflow.getHandle(notificationDeliveryWorkflowId(id)).result();
      expect({ id, outcome }).toEqual({ id, outcome: 'delivered' });
    }
    expect(receiver.acceptedIds().filter((id) => notificationIds.includes(id)).sort()).toEqual([...notificationIds].sort());
    const [row] = (await stack.db.query(`SELECT count(*) AS n FROM notification WHERE id = ANY($1::uuid[]) AND state <> 'delivered'`, [notificationIds])) as Array<{ n: string }>;
    expect(Number(row!.n)).toBe(0);
  }, 240_000);
});
