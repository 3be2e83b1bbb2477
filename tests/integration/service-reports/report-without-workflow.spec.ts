/**
 * A service report, like every case, always gets its workflow: here the api's workflow start is made to
 * fail. The report is still accepted (201, in its opening state 'filed'); the first action on it starts
 * the workflow (which delivers it) and is carried out, and the case reconciler starts the workflow of a
 * report still waiting for one. Also: the OpenAPI document lists every service-report route.
 */
import { Client, type WorkflowClientInterceptor } from '@temporalio/client';
import type { NestExpressApplication } from '@nestjs/platform-express';
import supertest from 'supertest';
import { createApp } from '../../../apps/api/src/create-app';
import { serviceReportWorkflowId, taskQueueName } from '../../../libs/contracts';
import { as, type AuthedClient } from '../../support/http';
import { useTestStack } from '../../support/test-app';
import { aReport, expectStatus, REPORTS, reportNotifications, waitForReportState, type ReportView } from './report-helpers';
import { temporalDataConverter } from '../../../libs/temporal';

const refuseEveryStart: WorkflowClientInterceptor = {
  start: () => Promise.reject(new Error('injected: workflow start refused')),
  startWithDetails: () => Promise.reject(new Error('injected: workflow start refused')),
};

describe('service reports: no report without its workflow', () => {
  const stack = useTestStack();
  let brokenApi: NestExpressApplication;
  let registration: AuthedClient;

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
    registration = await as(stack(), 'tengwangge.caseworker');
  });
  afterAll(async () => {
    await brokenApi?.close();
  });

  async function fileWithoutWorkflow(): Promise<ReportView> {
    const token = await stack().loginAs('xinan.caseworker');
    const response = await supertest(brokenApi.getHttpServer()).post(REPORTS).set('Authorization', `Bearer ${token}`).send(aReport());
    const view = expectStatus(response, 201).body as ReportView;
    expect(view).toMatchObject({ state: 'filed', waitingOn: { officeCode: '360102002', for: 'delivery' } });
    await expect(stack().client.workflow.getHandle(serviceReportWorkflowId(view.id)).describe()).rejects.toThrow(/not found/i);
    expect(await reportNotifications(stack().db, view.id)).toEqual([]);
    return view;
  }

  it('starts the missing workflow on the first action, which delivers the report and then takes the action', async () => {
    const filed = await fileWithoutWorkflow();
    const response = await registration.post(`${REPORTS}/${filed.id}/acknowledge`).send({});
    const view = expectStatus(response, 200).body as ReportView;
    expect(view.state).toBe('acknowledged');
    expect(view.timeline.map((t) => t.action)).toEqual(['file', 'deliver', 'acknowledge']);
    expect((await reportNotifications(stack().db, filed.id, 'service-report-received'))[0]).toMatchObject({ state: 'answered' });
  });

  it('has the reconciler start the workflow of a report still waiting for one', async () => {
    const filed = await fileWithoutWorkflow();
    // The reconciler leaves alone cases younger than its grace period (their start may still be under way).
    await stack().db.query(`UPDATE service_report SET created_at = created_at - interval '2 minutes' WHERE id = $1`, [filed.id]);
    const result = await stack().client.workflow.execute('caseReconcilerWorkflow', {
      workflowId: `case-reconciler-test-${filed.id}`,
      taskQueue: taskQueueName(stack().taskQueuePrefix, 'cases'),
      args: [],
    });
    expect((result as { started: number }).started).toBeGreaterThanOrEqual(1);
    await waitForReportState(registration, filed.id, 'awaiting-acknowledgement');
    const description = await stack().client.workflow.getHandle(serviceReportWorkflowId(filed.id)).describe();
    expect(description.status.name).toBe('RUNNING');
  });

  it('documents every service-report route in the OpenAPI document', async () => {
    const doc = (await stack().http.get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /api/v1/service-reports',
        'GET /api/v1/service-reports',
        'GET /api/v1/service-reports/{id}',
        ...['acknowledge', 'contest', 'uphold-contest', 'dismiss-contest', 'correct', 'withdraw'].map((a) => `POST /api/v1/service-reports/{id}/${a}`),
        'GET /api/v1/service-report-types',
        'GET /api/v1/cooperation-agreements',
        'GET /api/v1/cooperation-agreements/{officeCodeA}/{officeCodeB}',
        'PUT /api/v1/cooperation-agreements/{officeCodeA}/{officeCodeB}',
      ]),
    );
  });
});
