/**
 * Where a person's name and identity number must never be: a person nobody else has (a marker name and
 * identity number made for this run, put in the household registry) is taken through a whole case — opened
 * by the registration office for a receiving office, information requested and supplied, reviewed,
 * approved, the certificate issued and the receiving office told through its webhook — and then every
 * place the run left traces is scanned for the two markers:
 *
 *   - the api's and the worker's logs (pino, at trace) and the Temporal SDK's and core's (at DEBUG), all captured;
 *   - Temporal's visibility records of the stack's workflows: as the client lists them (memos decoded,
 *     search attributes) and as the server answers (ListWorkflowExecutions, raw);
 *   - every one of those workflows' histories, raw (as stored: encrypted payloads) and decoded with the
 *     stack's codec (what the Temporal UI shows through /codec/decode): histories carry ids and codes only,
 *     so even decoded there is no name;
 *   - every webhook request the receiving office got (headers and bodies).
 *
 * What the receiving office is entitled to: once the certificate is issued, the holder's name, identity
 * number and the other details in Passage's counterpart view (GET /certificate-applications/{id},
 * `access: "counterpart"`), which this test reads as that office to show the markers are there. The webhook
 * body itself carries ids, codes and times only (activities/notifications/webhook-request-activity.ts,
 * docs/webhooks.md), so the markers must not be in it. The scanner is shown to find a marker wherever one
 * hides (plain, in a payload's bytes, in base64) before its "nothing found" is believed.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { DefaultLogger, makeTelemetryFilterString, Runtime } from '@temporalio/worker';
import { taskQueueName } from '../../../libs/contracts';
import { WebhooksRepository } from '../../../libs/db';
import { payloadCodecFromConfig } from '../../../libs/temporal';
import type { CaseView } from '../../support/case-view';
import { decodedCopy, markersIn, payloadsOf, rawHistory, textOf } from '../../support/history-scan';
import { authed } from '../../support/http';
import { STACK_START_TIMEOUT_MS, startTestStack, type TestStack } from '../../support/test-app';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver';
import { CASES, expectStatus, openCase, waitForState, withCheckCharacter } from '../certificate-applications/case-helpers';

/** 坂田街道 (Shenzhen): a receiving office no other test file sends to, so its webhook is this file's alone. */
const RECEIVING_OFFICE = '440307013';
const SECRET = `whsec-marker-${randomBytes(8).toString('hex')}`;
const DELIVERY_TIMEOUT_MS = 30_000;

/** A name no demo person has: 标记 and four random CJK ideographs. */
const MARKER_NAME = `标记${Array.from({ length: 4 }, () => String.fromCodePoint(0x4e00 + randomInt(0x5000))).join('')}`;
/** Born 1991-04-15 at 东湖区 (360102), a random sequence with an even digit (female), a valid check character. */
const MARKER_ID = withCheckCharacter(`36010219910415${String(randomInt(0, 50) * 2).padStart(3, '0')}`);
const MARKERS = [MARKER_NAME, MARKER_ID];

describe('personal data: a marker person appears in no log, visibility record, history or webhook body', () => {
  const logs: string[] = [];
  let stack: TestStack;
  let receiver: WebhookReceiver;
  let caseId: string;
  let receivingStaff: string;

  beforeAll(async () => {
    // Before the stack's first Temporal connection: the SDK's and core's own logs, captured too.
    Runtime.install({
      logger: new DefaultLogger('DEBUG', (entry) => logs.push(`${entry.level} ${entry.message} ${textOf(entry.meta ?? {})}`)),
      telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'DEBUG' }), forward: {} } },
    });
    stack = await startTestStack({ env: { LOG_LEVEL: 'trace' }, logDestination: { write: (line: string) => void logs.push(line) } });
    receiver = await startWebhookReceiver({ secret: SECRET });
    await new WebhooksRepository(stack.db).put(RECEIVING_OFFICE, receiver.url, SECRET);
    receivingStaff = `it.marker.bantian.${stack.taskQueuePrefix}`;
    await stack.db.query(
      `INSERT INTO app_user (username, display_name, role, office_code) VALUES ($1, 'Marker test, 坂田街道', 'caseworker', $2)`,
      [receivingStaff, RECEIVING_OFFICE],
    );
    await stack.db.query(
      `INSERT INTO household_registry_record (identity_number, full_name, sex, date_of_birth, household_office_code, marital_status)
       VALUES ($1, $2, 'female', '1991-04-15', '360102002', 'unmarried')`,
      [MARKER_ID, MARKER_NAME],
    );

    const caseworker = authed(stack, await stack.loginAs('tengwangge.caseworker'));
    const approver = authed(stack, await stack.loginAs('tengwangge.approver'));
    const opened = await openCase(caseworker, {
      applicant: {
        fullName: MARKER_NAME,
        identityNumber: MARKER_ID,
        sex: 'female',
        dateOfBirth: '1991-04-15',
        householdOfficeCode: '360102002',
        maritalStatus: 'unmarried',
      },
      destinationOfficeCode: RECEIVING_OFFICE,
    });
    caseId = opened.id;
    await waitForState(caseworker, caseId, 'under-review');
    expectStatus(await caseworker.post(`${CASES}/${caseId}/request-information`).send({ missing: ['household-register-copy'], note: 'bring the household register' }), 200);
    expectStatus(await caseworker.post(`${CASES}/${caseId}/supply-information`).send({ note: 'copy received at the counter' }), 200);
    expectStatus(await caseworker.post(`${CASES}/${caseId}/review`).send({}), 200);
    const issued = expectStatus(await approver.post(`${CASES}/${caseId}/approve`).send({}), 200).body as CaseView;
    expect(issued.state).toBe('issued');
    await receiver.waitForRequest(
      (r) => r.signatureValid && (JSON.parse(r.rawBody) as { kind?: string; caseId?: string }).caseId === caseId,
      DELIVERY_TIMEOUT_MS,
      'the certificate-issued webhook to the receiving office',
    );
  }, STACK_START_TIMEOUT_MS + 2 * DELIVERY_TIMEOUT_MS);

  afterAll(async () => {
    await stack?.db.query(`DELETE FROM office_webhook WHERE office_code = $1`, [RECEIVING_OFFICE]).catch(() => undefined);
    await stack?.db.query(`UPDATE app_user SET active = false WHERE username = $1`, [receivingStaff]).catch(() => undefined);
    await stack?.stop();
    await receiver?.close();
  });

  it('the scanner finds a marker plainly, in a payload’s bytes and in base64 (so "none found" means none)', () => {
    expect(markersIn([`{"msg":"opened","fullName":"${MARKER_NAME}"}`], MARKERS)).toEqual([MARKER_NAME]);
    const payload = { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(JSON.stringify({ identityNumber: MARKER_ID })) };
    expect(markersIn([textOf({ events: [{ input: { payloads: [payload] } }] })], MARKERS)).toEqual([MARKER_ID]);
    const base64 = Buffer.from(JSON.stringify({ holder: MARKER_NAME, id: MARKER_ID })).toString('base64');
    expect(markersIn([`{"data":"${base64}"}`], MARKERS)).toEqual(MARKERS);
    expect(markersIn(['李娜 360102199003072423 and other people'], MARKERS)).toEqual([]);
  });

  it('the receiving office, which is entitled to them, sees the holder in Passage’s counterpart view', async () => {
    const staff = authed(stack, await stack.loginAs(receivingStaff));
    const view = expectStatus(await staff.get(`${CASES}/${caseId}`), 200).body as { access: string };
    expect(view.access).toBe('counterpart');
    expect(markersIn([JSON.stringify(view)], MARKERS)).toEqual(MARKERS);
  });

  it('no webhook request carries them (bodies: ids, codes and times)', () => {
    const requests = receiver.requests();
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((r) => r.signatureValid)).toBe(true);
    const kinds = requests.map((r) => (JSON.parse(r.rawBody) as { kind: string }).kind);
    expect(kinds).toContain('certificate-issued');
    expect(markersIn(requests.map((r) => `${JSON.stringify(r.headers)}\n${r.path}\n${r.rawBody}`), MARKERS)).toEqual([]);
  });

  it('no log line carries them: the api, the worker, the Temporal SDK and core', () => {
    // The capture works: the run's work is in it, by id.
    expect(logs.length).toBeGreaterThan(20);
    expect(logs.some((line) => line.includes(caseId))).toBe(true);
    expect(logs.filter((line) => markersIn([line], MARKERS).length > 0)).toEqual([]);
  });

  describe('Temporal', () => {
    const query = (): string => `TaskQueue = '${taskQueueName(stack.taskQueuePrefix, 'cases')}'`;
    let workflowIds: string[] = [];

    beforeAll(async () => {
      // Visibility trails the histories slightly: wait until the case's and the delivery's workflows are listed.
      const deadline = Date.now() + DELIVERY_TIMEOUT_MS;
      for (;;) {
        workflowIds = [];
        for await (const execution of stack.client.workflow.list({ query: query() })) workflowIds.push(execution.workflowId);
        if (workflowIds.some((id) => id.includes(caseId)) && workflowIds.some((id) => id.startsWith('notification-delivery/'))) break;
        if (Date.now() > deadline) throw new Error(`visibility lists only ${workflowIds.join(', ')}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    });

    it('visibility records (memos, search attributes, ids, types), decoded and raw, carry neither', async () => {
      const decoded: string[] = [];
      for await (const execution of stack.client.workflow.list({ query: query() })) {
        decoded.push(textOf({ ...execution, raw: undefined, typedSearchAttributes: execution.typedSearchAttributes.getAll() }));
      }
      const raw = await stack.client.workflowService.listWorkflowExecutions({ namespace: stack.config.TEMPORAL_NAMESPACE, query: query(), pageSize: 1000 });
      expect(raw.executions?.length).toBe(workflowIds.length);
      expect(decoded.join('\n')).toContain(caseId);
      expect(markersIn(decoded, MARKERS)).toEqual([]);
      expect(markersIn([textOf(raw)], MARKERS)).toEqual([]);
    });

    it('no workflow history carries them, raw or decoded with the codec', async () => {
      const codec = payloadCodecFromConfig(stack.config);
      let payloads = 0;
      for (const workflowId of workflowIds) {
        const history = await rawHistory(stack.client.connection, stack.config.TEMPORAL_NAMESPACE, workflowId);
        const decoded = await decodedCopy(history, codec);
        payloads += payloadsOf(decoded).length;
        expect({ workflowId, raw: markersIn([textOf(history)], MARKERS), decoded: markersIn([textOf(decoded)], MARKERS) }).toEqual({
          workflowId,
          raw: [],
          decoded: [],
        });
      }
      expect(payloads).toBeGreaterThan(10);
    });
  });
});
