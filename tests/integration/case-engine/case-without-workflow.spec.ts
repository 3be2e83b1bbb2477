/**
 * A case can never be left without its workflow. Opening writes the case (with its 'submit' entry) before
 * its workflow starts; here the api's workflow start is made to fail. The case is still accepted (201, the
 * record is durable) and then mended two ways: the first action on it starts the missing workflow and is
 * carried out, and the reconciler (run every minute by a Temporal schedule; run directly here) starts the
 * workflow of any case still waiting for one, which then runs its registry check as usual.
 */
import { Client, type WorkflowClientInterceptor } from '@temporalio/client';
import type { NestExpressApplication } from '@nestjs/platform-express';
import supertest from 'supertest';
import { createApp } from '../../../apps/api/src/create-app';
import { certificateApplicationWorkflowId, taskQueueName } from '../../../libs/contracts';
import type { CaseView } from '../../support/case-view';
import { LI_NA } from '../../support/demo-applicants';
import { useTestStack } from '../../support/test-app';
import { CASES, expectStatus } from '../certificate-applications/case-helpers';
import { temporalDataConverter } from '../../../libs/temporal';

const refuseEveryStart: WorkflowClientInterceptor = {
  start: () => Promise.reject(new Error('injected: workflow start refused')),
  startWithDetails: () => Promise.reject(new Error('injected: workflow start refused')),
};

describe('case engine: no case without its workflow', () => {
  const stack = useTestStack();
  let brokenApi: NestExpressApplication;

  beforeAll(async () => {
    const { config, db, logger, client } = stack();
    const failing = new Client({
      connection: client.connection,
      namespace: config.TEMPORAL_NAMESPACE,
      dataConverter: temporalDataConverter(config),
      interceptors: { workflow: [refuseEveryStart] },
    });
    brokenApi = await createApp({ config, db, logger, temporal: { client: failing, connection: client.connection as never } });
    await brokenApi.init();
  });
  afterAll(async () => {
    await brokenApi?.close();
  });

  async function openWithoutWorkflow(): Promise<CaseView> {
    const token = await stack().loginAs('tengwangge.caseworker');
    const response = await supertest(brokenApi.getHttpServer()).post(CASES).set('Authorization', `Bearer ${token}`).send({ applicant: LI_NA });
    const view = expectStatus(response, 201).body as CaseView;
    expect(view.state).toBe('submitted');
    await expect(stack().client.workflow.getHandle(certificateApplicationWorkflowId(view.id)).describe()).rejects.toThrow(/not found/i);
    return view;
  }

  async function waitForState(id: string, state: string): Promise<CaseView> {
    const token = await stack().loginAs('tengwangge.caseworker');
    const until = Date.now() + 30_000;
    for (;;) {
      const view = expectStatus(await stack().http.get(`${CASES}/${id}`).set('Authorization', `Bearer ${token}`), 200).body as CaseView;
      if (view.state === state) return view;
      if (Date.now() > until) throw new Error(`case stayed ${view.state}, expected ${state}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('starts the missing workflow on the first action, and carries the action out', async () => {
    const opened = await openWithoutWorkflow();
    const token = await stack().loginAs('tengwangge.caseworker');
    // The registry check comes first (the workflow opens the case), then the review it waited for.
    const response = await stack().http.post(`${CASES}/${opened.id}/withdraw`).set('Authorization', `Bearer ${token}`).send({ reason: 'moved away' });
    expect(expectStatus(response, 200).body.state).toBe('withdrawn');
    const actions = (response.body as CaseView).timeline.map((t) => t.action);
    expect(actions).toEqual(['submit', 'start-registry-check', 'record-registry-result', 'withdraw']);
  });

  it('has the reconciler start the workflow of a case still waiting for one', async () => {
    const opened = await openWithoutWorkflow();
    // The reconciler leaves alone cases younger than its grace period (their start may still be under way).
    await stack().db.query(`UPDATE certificate_application SET created_at = created_at - interval '2 minutes' WHERE id = $1`, [opened.id]);
    const result = await stack().client.workflow.execute('caseReconcilerWorkflow', {
      workflowId: `case-reconciler-test-${opened.id}`,
      taskQueue: taskQueueName(stack().taskQueuePrefix, 'cases'),
      args: [],
    });
    expect((result as { started: number }).started).toBeGreaterThanOrEqual(1);
    await waitForState(opened.id, 'under-review');
    const description = await stack().client.workflow.getHandle(certificateApplicationWorkflowId(opened.id)).describe();
    expect(description.status.name).toBe('RUNNING');
  });
});
