/**
 * The recorder of the workflow histories that replay.spec.ts replays. Regenerate them all with one command:
 *
 *   npm run record-workflow-histories
 *
 * (= RECORD_WORKFLOW_HISTORIES=1 jest --selectProjects workflow-history-recorder; the jest project exists
 * only with that variable set, so `npm test` never records.) It drives real scenarios through the whole
 * stack on the time-skipping server — the api over HTTP, the real worker and activities, PostgreSQL — and
 * writes each finished execution's history to tests/workflow/replay/histories/<workflow type>/<scenario>.json,
 * overwriting the file of the same scenario and leaving every other file alone (so fixtures of older
 * workflow versions, kept under other scenario names, survive a re-recording).
 *
 * Each group of scenarios gets its own stack (a fresh time-skipping server, clock and database): the api
 * counts deadlines from real time and the workflows from server time, so a group that skips weeks must not
 * share a server with the others (and on one shared server, time skipping was seen to stall after a few
 * scenarios). Names are fixed: the same command always writes the same files.
 * Only demo people (fictional) are used, and every file is checked for their names and identity numbers
 * before it is written: histories carry ids, codes and states only.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import {
  certificateActionWorkflowId,
  certificateApplicationWorkflowId,
  notificationDeliveryWorkflowId,
  residenceRegistrationWorkflowId,
  serviceReportWorkflowId,
  taskQueueName,
  workingCalendarRecomputeWorkflowId,
} from '../../../libs/contracts';
import { WebhooksRepository } from '../../../libs/db';
import type { CaseView } from '../../support/case-view';
import { LI_NA, WANG_QIANG, ZHANG_WEI } from '../../support/demo-applicants';
import { useStarted } from '../../support/use-started';
import { failFirst, startWebhookReceiver } from '../../support/webhook-receiver';
import { startWorkflowStack, STACK_TIMEOUT_MS, type LoggedInUser } from '../../support/workflow-stack';
import { deliveryResult, insertNotification, startDelivery, XIXIANG_OFFICE } from '../../integration/notification-delivery/delivery-helpers';
import { actionsOf, CASES, expectStatus, HOUR_MS, skipTo, waitForCase } from '../certificate-application/support';
import { historyFile, personalDataIn } from './history-files';
import { historyToJsonText } from './history-json';

const DESTINATION_OFFICE = '440306017'; // 新安街道, Shenzhen
const WEBHOOK_SECRET = 'whsec-history-recorder';
const RESULT_TIMEOUT_MS = 60_000;

if (process.env.RECORD_WORKFLOW_HISTORIES !== '1') {
  throw new Error('This file records workflow histories: run it with `npm run record-workflow-histories`.');
}

/** One stack per group of scenarios: each group starts on a fresh server, clock and database. */
function useRecordingStack(databasePrefix: string) {
  const stack = useStarted('the workflow stack', () => startWorkflowStack({ databasePrefix, encryptPayloads: false }), (s) => s.stop(), STACK_TIMEOUT_MS);
  const users = new Map<string, LoggedInUser>();
  beforeAll(async () => {
    for (const username of ['tengwangge.caseworker', 'tengwangge.approver']) users.set(username, await stack().loginAs(username));
  });
  const caseworker = (): LoggedInUser => users.get('tengwangge.caseworker')!;
  const approver = (): LoggedInUser => users.get('tengwangge.approver')!;

  async function open(body: object): Promise<CaseView> {
    const response = await caseworker().post(CASES, body);
    expectStatus(response, 201);
    const opened = response.body as CaseView;
    return waitForCase(caseworker(), opened.id, (c) => c.state === 'under-review', 'the registry check');
  }

  async function act(user: LoggedInUser, caseId: string, action: string, body: object): Promise<CaseView> {
    const response = await user.post(`${CASES}/${caseId}/${action}`, body);
    expectStatus(response, 200);
    return response.body as CaseView;
  }

  function caseHandle(caseId: string): WorkflowHandle {
    return stack().env.client.workflow.getHandle(certificateApplicationWorkflowId(caseId));
  }

  async function notificationIds(caseId: string, kind: string): Promise<string[]> {
    const rows = (await stack().db.query(`SELECT id FROM notification WHERE case_id = $1 AND kind = $2 ORDER BY created_at`, [caseId, kind])) as Array<{
      id: string;
    }>;
    if (rows.length === 0) throw new Error(`no ${kind} notification for case ${caseId}`);
    return rows.map((r) => r.id);
  }

  /** Waits for the execution to finish, checks its type and that it carries no personal data, and writes it. */
  async function save(handle: WorkflowHandle, workflowType: string, scenario: string): Promise<void> {
    await withTimeout(handle.result(), `${workflowType} ${handle.workflowId} did not finish`);
    const history = await handle.fetchHistory();
    const events = history.events ?? [];
    const startedType = events[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name;
    if (startedType !== workflowType) throw new Error(`${handle.workflowId} is a ${String(startedType)}, not a ${workflowType}`);
    if (!events[events.length - 1]?.workflowExecutionCompletedEventAttributes) {
      throw new Error(`${handle.workflowId} did not complete: a fixture must be a finished execution`);
    }
    const json = historyToJsonText(history);
    const leaked = personalDataIn(json);
    if (leaked.length > 0) throw new Error(`the history of ${handle.workflowId} carries personal data (${leaked.join(', ')}): not written`);
    const file = historyFile(workflowType, scenario);
    mkdirSync(path.dirname(file.path), { recursive: true });
    writeFileSync(file.path, json);
    progress(`${file.name}: ${events.length} events`);
  }

  return { stack, caseworker, approver, open, act, caseHandle, notificationIds, save };
}

describe('record workflow histories (tests/workflow/replay/histories)', () => {
  describe('cases decided by staff, and a certificate action', () => {
    const { stack, caseworker, approver, open, act, caseHandle, notificationIds, save } = useRecordingStack('passage_wf_record_cases');
    let issued: { caseId: string; certificateNumber: string } | undefined;

    it('certificateApplicationWorkflow/issued: open → registry check → review → approve; its certificate-issued delivery (inbox only)', async () => {
      const opened = await open({ applicant: LI_NA, destinationOfficeCode: DESTINATION_OFFICE });
      await act(caseworker(), opened.id, 'review', {});
      const view = await act(approver(), opened.id, 'approve', {});
      expect(view.state).toBe('issued');
      issued = { caseId: opened.id, certificateNumber: view.certificates[0]!.number };
      await save(caseHandle(opened.id), 'certificateApplicationWorkflow', 'issued');

      const [notification] = await notificationIds(opened.id, 'certificate-issued');
      await save(stack().env.client.workflow.getHandle(notificationDeliveryWorkflowId(notification!)), 'notificationDeliveryWorkflow', 'inbox-only');
    });

    it('certificateActionWorkflow/revoke: the certificate just issued, revoked with a reason', async () => {
      if (!issued) throw new Error('the issued scenario did not run');
      const key = 'history-recorder-revoke';
      const response = await approver()
        .post(`/api/v1/certificates/${issued.certificateNumber}/revoke`, { reason: 'issued in error' })
        .set('Idempotency-Key', key);
      expectStatus(response, 200);
      const [certificate] = (await stack().db.query(`SELECT id FROM certificate WHERE number = $1`, [issued.certificateNumber])) as Array<{ id: string }>;
      // The workflow id the api gives a certificate action (CertificatesService.act): the certificate and the action's key.
      await save(stack().env.client.workflow.getHandle(certificateActionWorkflowId(certificate!.id, `revoke:${key}`)), 'certificateActionWorkflow', 'revoke');
    });

    it('certificateApplicationWorkflow/information-supplied-then-rejected: request information, supply it, review, reject', async () => {
      const opened = await open({ applicant: ZHANG_WEI });
      await act(caseworker(), opened.id, 'request-information', { missing: ['household-register-copy'] });
      await act(caseworker(), opened.id, 'supply-information', {});
      await act(caseworker(), opened.id, 'review', {});
      const view = await act(approver(), opened.id, 'reject', { reason: 'documents incomplete' });
      expect(view.state).toBe('rejected');
      await save(caseHandle(opened.id), 'certificateApplicationWorkflow', 'information-supplied-then-rejected');
    });
  });

  describe('a case left alone: reminders, escalation, lapse (time skipping)', () => {
    const { stack, caseworker, open, act, caseHandle, save } = useRecordingStack('passage_wf_record_timers');

    it('certificateApplicationWorkflow/escalated-then-lapsed: two reminders, escalated at the deadline, information requested, lapsed', async () => {
      const { env } = stack();
      const inReview = await open({ applicant: WANG_QIANG });
      progress(`skipping past the deadline ${inReview.deadlineAt!}`);
      await skipTo(env, Date.parse(inReview.deadlineAt!), -HOUR_MS);
      await skipTo(env, Date.parse(inReview.deadlineAt!), HOUR_MS);
      await waitForCase(caseworker(), inReview.id, (c) => c.escalated && actionsOf(c, 'send-reminder').length === 2, 'both reminders and the escalation');
      const waiting = await act(caseworker(), inReview.id, 'request-information', { missing: ['household-register-copy'] });
      progress(`skipping past the lapse ${waiting.lapseAt!}`);
      await skipTo(env, Date.parse(waiting.lapseAt!), -HOUR_MS);
      await skipTo(env, Date.parse(waiting.lapseAt!), HOUR_MS);
      await waitForCase(caseworker(), inReview.id, (c) => c.state === 'lapsed', 'the lapse');
      await save(caseHandle(inReview.id), 'certificateApplicationWorkflow', 'escalated-then-lapsed');
    });
  });

  describe('working calendar change', () => {
    const { stack, caseworker, approver, open, act, caseHandle, save } = useRecordingStack('passage_wf_record_calendar');

    it('workingCalendarRecomputeWorkflow/one-case-signalled, certificateApplicationWorkflow/calendar-changed-then-rejected', async () => {
      const admin = await stack().loginAs('jiangxi.admin');
      const opened = await open({ applicant: LI_NA });
      // A working day a week on (a Wednesday, inside the case's 20 working days): made a holiday.
      const day = new Date(Date.parse(opened.submittedAt) + 8 * HOUR_MS + 7 * 24 * HOUR_MS);
      while (day.getUTCDay() !== 3) day.setUTCDate(day.getUTCDate() + 1);
      const date = day.toISOString().slice(0, 10);
      expectStatus(await admin.put(`/api/v1/working-calendar/${date}`, { kind: 'holiday', name: '记录假期', reason: 'history recorder' }), 200);
      const [change] = (await stack().db.query(`SELECT id::text AS id FROM working_calendar_change WHERE date = $1`, [date])) as Array<{ id: string }>;
      const recompute = stack().env.client.workflow.getHandle(workingCalendarRecomputeWorkflowId(change!.id));
      expect(((await withTimeout(recompute.result(), 'the recompute did not finish')) as { signalled: number }).signalled).toBe(1);
      await save(recompute, 'workingCalendarRecomputeWorkflow', 'one-case-signalled');
      await waitForCase(caseworker(), opened.id, (c) => c.deadlineAt !== opened.deadlineAt, 'the deadline counted again');
      await act(caseworker(), opened.id, 'review', {});
      const view = await act(approver(), opened.id, 'reject', { reason: 'documents incomplete' });
      expect(view.state).toBe('rejected');
      await save(caseHandle(opened.id), 'certificateApplicationWorkflow', 'calendar-changed-then-rejected');
    });
  });

  describe('webhook delivery', () => {
    const { stack, save } = useRecordingStack('passage_wf_record_webhook');

    it('notificationDeliveryWorkflow/webhook-retried-then-delivered: the endpoint answers 503 twice, then 200', async () => {
      const { db, env, worker } = stack();
      const receiver = await startWebhookReceiver({ secret: WEBHOOK_SECRET, script: failFirst(2, 503) });
      try {
        await new WebhooksRepository(db).put(XIXIANG_OFFICE, receiver.url, WEBHOOK_SECRET);
        const id = await insertNotification(db, { recipientOfficeCode: XIXIANG_OFFICE, kind: 'certificate-issued', payload: {} });
        const handle = await startDelivery(env.client, worker.options.taskQueue, id);
        expect(await deliveryResult(handle, RESULT_TIMEOUT_MS)).toBe('delivered');
        expect(receiver.requestsFor(id)).toHaveLength(3);
        await save(handle, 'notificationDeliveryWorkflow', 'webhook-retried-then-delivered');
      } finally {
        await new WebhooksRepository(db).remove(XIXIANG_OFFICE);
        await receiver.close();
      }
    });

  });

  describe('daily digest', () => {
    const { stack, save } = useRecordingStack('passage_wf_record_digest');

    it('dailyDigestWorkflow/overdue-answer: one office has an answer overdue and gets its digest', async () => {
      const { db, env, config } = stack();
      // As a report awaiting acknowledgement leaves it once its answer is two days late (no case process is needed for it).
      await db.query(
        `INSERT INTO notification (recipient_office_code, kind, expects_answer, answer_due_at, idempotency_key, created_at)
         VALUES ('360102002', 'report-awaiting-acknowledgement', true, now() - interval '2 days', 'history-recorder-overdue', now() - interval '10 days')`,
      );
      const digest = await env.client.workflow.start('dailyDigestWorkflow', {
        workflowId: 'daily-digest-history-recorder',
        taskQueue: taskQueueName(config.TEMPORAL_TASK_QUEUE_PREFIX, 'cases'),
        args: [],
      });
      expect(((await withTimeout(digest.result(), 'the daily digest did not finish')) as { digests: number }).digests).toBe(1);
      await save(digest, 'dailyDigestWorkflow', 'overdue-answer');
    });
  });

  describe('case reconciler', () => {
    const { stack, open, save } = useRecordingStack('passage_wf_record_reconciler');

    it('caseReconcilerWorkflow/started-one: a case written without its workflow gets one', async () => {
      const { db, env, config } = stack();
      const model = await open({ applicant: LI_NA });
      // A case as the api leaves it when its workflow start failed: written, still in its opening state.
      const [orphan] = (await db.query(
        `INSERT INTO certificate_application (id, case_number, office_code, person_id, marital_status, marriage_date, spouse_name,
           spouse_identity_number, number_of_children, destination_office_code, self_declared, state, assignee_user_id,
           submitted_at, deadline_working_days, deadline_at, created_by_user_id, applicant_full_name, applicant_sex,
           applicant_date_of_birth, applicant_household_office_code, created_at)
         SELECT gen_random_uuid(), case_number || '-R', office_code, person_id, marital_status, marriage_date, spouse_name,
           spouse_identity_number, number_of_children, destination_office_code, self_declared, 'submitted', assignee_user_id,
           submitted_at, deadline_working_days, deadline_at, created_by_user_id, applicant_full_name, applicant_sex,
           applicant_date_of_birth, applicant_household_office_code, now() - interval '2 minutes'
         FROM certificate_application WHERE id = $1 RETURNING id`,
        [model.id],
      )) as Array<{ id: string }>;
      expect(orphan).toBeDefined();
      const reconciler = await env.client.workflow.start('caseReconcilerWorkflow', {
        workflowId: 'case-reconciler-history-recorder',
        taskQueue: taskQueueName(config.TEMPORAL_TASK_QUEUE_PREFIX, 'cases'),
        args: [],
      });
      expect(((await withTimeout(reconciler.result(), 'the reconciler did not finish')) as { started: number }).started).toBe(1);
      await save(reconciler, 'caseReconcilerWorkflow', 'started-one');
    });
  });

  describe('service report', () => {
    const { stack, caseworker, save } = useRecordingStack('passage_wf_record_report');

    it('serviceReportWorkflow/acknowledged: filed by the residence office, delivered, acknowledged by the registration office', async () => {
      const residence = await stack().loginAs('xinan.caseworker');
      const filed = await residence.post('/api/v1/service-reports', {
        personIdentityNumber: LI_NA.identityNumber,
        serviceType: 'free-health-check',
        serviceDate: '2025-11-03',
        outcome: 'completed',
        note: 'annual check',
      });
      expectStatus(filed, 201);
      const id = (filed.body as { id: string }).id;
      const until = Date.now() + RESULT_TIMEOUT_MS;
      for (;;) {
        const view = await residence.get(`/api/v1/service-reports/${id}`);
        if ((view.body as { state: string }).state === 'awaiting-acknowledgement') break;
        if (Date.now() > until) throw new Error('the report was never delivered');
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
      expectStatus(await caseworker().post(`/api/v1/service-reports/${id}/acknowledge`, { note: 'entered in the register' }), 200);
      await save(stack().env.client.workflow.getHandle(serviceReportWorkflowId(id)), 'serviceReportWorkflow', 'acknowledged');
    });
  });

  describe('residence registration', () => {
    const { stack, save } = useRecordingStack('passage_wf_record_residence');

    it('residenceRegistrationWorkflow/feedback-transfer-return: arrival announced, feedback given, transferred, returned', async () => {
      const residence = await stack().loginAs('xinan.caseworker');
      const arrived = await residence.post('/api/v1/residence-registrations', {
        verification: 'self-declaration',
        identityNumber: LI_NA.identityNumber,
        arrivedOn: new Date(Date.now() + 8 * HOUR_MS).toISOString().slice(0, 10),
      });
      expectStatus(arrived, 201);
      const id = (arrived.body as { id: string }).id;
      const until = Date.now() + RESULT_TIMEOUT_MS;
      for (;;) {
        const view = await residence.get(`/api/v1/residence-registrations/${id}`);
        if ((view.body as { state: string }).state === 'registered') break;
        if (Date.now() > until) throw new Error('the arrival was never announced');
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
      expectStatus(await residence.post(`/api/v1/residence-registrations/${id}/feedback`, { situation: 'changed', note: 'new address in the street' }), 200);
      expectStatus(await residence.post(`/api/v1/residence-registrations/${id}/transfer`, { toOfficeCode: '440306018' }), 200);
      const newOffice = await stack().loginAs('xixiang.caseworker');
      expectStatus(await newOffice.post(`/api/v1/residence-registrations/${id}/return`, {}), 200);
      await save(stack().env.client.workflow.getHandle(residenceRegistrationWorkflowId(id)), 'residenceRegistrationWorkflow', 'feedback-transfer-return');
    });
  });
});

function progress(message: string): void {
  process.stderr.write(`[record-workflow-histories] ${new Date().toISOString()} ${message}\n`);
}

async function withTimeout<T>(promise: Promise<T>, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${message} within ${RESULT_TIMEOUT_MS} ms`)), RESULT_TIMEOUT_MS);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
