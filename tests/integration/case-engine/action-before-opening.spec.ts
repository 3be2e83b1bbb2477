/**
 * An action that reaches a case's workflow together with its start, in the workflow's first task (here
 * through update-with-start; in the field when the api starts a missing workflow and acts on it at once
 * while no worker has yet taken the first task), waits for the case to be opened, then is carried out.
 * The SDK runs such an update as soon as its handler is set, before the workflow body goes on: the opening
 * must already hold the engine's mutex by then, or the action meets a case with no snapshot.
 */
import { WithStartWorkflowOperation } from '@temporalio/client';
import { certificateApplicationStart, performCaseActionUpdate, taskQueueName, type CaseSnapshot } from '../../../libs/contracts';
import { CertificateApplicationsRepository } from '../../../libs/db';
import { LI_NA } from '../../support/demo-applicants';
import { as } from '../../support/http';
import { useTestStack } from '../../support/test-app';
import { CASES, expectStatus, getCase } from '../certificate-applications/case-helpers';
import type { CaseView } from '../../support/case-view';

describe('case engine: an action that comes with the workflow start', () => {
  const stack = useTestStack();

  it('waits for the opening, then is carried out', async () => {
    const { db, client, taskQueuePrefix } = stack();
    const caseworker = await as(stack(), 'tengwangge.caseworker');
    const opened = expectStatus(await caseworker.post(CASES).send({ applicant: LI_NA }), 201).body as CaseView;
    const row = (await new CertificateApplicationsRepository(db).findById(opened.id))!;
    // The case's workflow, ended and started anew (as the api would start a missing one), with the action in
    // its first task.
    const { options } = certificateApplicationStart(row, taskQueueName(taskQueuePrefix, 'cases'));
    await client.workflow.getHandle(options.workflowId).terminate('started anew by the test');
    const [{ id: userId }] = (await db.query(`SELECT id FROM app_user WHERE username = 'tengwangge.caseworker'`)) as Array<{ id: string }>;
    const transactionId = `${opened.id}:review:with-start`;

    const snapshot: CaseSnapshot = await client.workflow.executeUpdateWithStart(performCaseActionUpdate, {
      args: [{ action: 'review', actor: { userId: userId!, role: 'caseworker', officeCode: row.officeCode }, transactionId, payload: {} }],
      updateId: transactionId,
      startWorkflowOperation: new WithStartWorkflowOperation('certificateApplicationWorkflow', {
        ...options,
        workflowId: `${options.workflowId}:anew`, // the ended one's id stays taken (REJECT_DUPLICATE)
        workflowIdConflictPolicy: 'FAIL',
      }),
    });

    expect(snapshot.state).toBe('awaiting-approval');
    const after = await getCase(caseworker, opened.id);
    expect(after.timeline.map((t) => t.action)).toContain('review');
  });
});
