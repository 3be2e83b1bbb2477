import { proxyActivities } from '@temporalio/workflow';
import type { CertificateApplicationActivities } from '../../activities/certificate-applications';
import type { CaseSnapshot, CertificateApplicationWorkflowInput } from '../../libs/contracts';
import { CERTIFICATE_APPLICATION_PROCESS } from '../../libs/domain';
import { SYSTEM_RECORDING } from '../activity-options';
import { runCaseWorkflow } from '../case-engine/case-workflow';

const { checkHouseholdRegistry } = proxyActivities<CertificateApplicationActivities>(SYSTEM_RECORDING);

/**
 * One certificate application (婚育证明), from submission to a final state, on the shared case engine.
 * The api records 'submit' with the case row; this workflow opens the case by running the registry check
 * (or skipping it for a self-declaration), then takes staff actions and runs the timers the recorded
 * snapshot names: reminders at fractions of the statutory deadline, escalation when it passes, lapse when
 * the applicant never answers a request for information.
 */
export async function certificateApplicationWorkflow(input: CertificateApplicationWorkflowInput): Promise<CaseSnapshot> {
  return runCaseWorkflow({
    caseId: input.caseId,
    process: CERTIFICATE_APPLICATION_PROCESS,
    open: async (record) => {
      if (input.selfDeclared) {
        await record('skip-registry-check');
        return;
      }
      await record('start-registry-check');
      const outcome = await checkHouseholdRegistry({ caseId: input.caseId });
      await record('record-registry-result', { payload: { ...outcome } });
    },
  });
}
