import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { CertificateActionResult, CertificateActionWorkflowInput } from '../../libs/contracts';
import { STAFF_RECORDING } from '../activity-options';
import { deliverNotifications } from '../deliver-notifications';
import { asCallerFailure } from '../domain-failure';

const { applyCertificateAction } = proxyActivities<Pick<Activities, 'applyCertificateAction'>>(STAFF_RECORDING);

/**
 * Renew, replace or revoke one certificate. A workflow of one step, so that it has a business-key id
 * (starting it twice is harmless) and shows in Temporal with the rest.
 */
export async function certificateActionWorkflow(input: CertificateActionWorkflowInput): Promise<CertificateActionResult> {
  // The api waits for this workflow's result: the action is tried briefly, then answered as unavailable
  // (a retry with the same key finds what was recorded, if anything was).
  const { result, notificationIds } = await applyCertificateAction(input).catch((error: unknown) => {
    throw asCallerFailure(error);
  });
  await deliverNotifications(notificationIds);
  return result;
}
