import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { CertificateActionResult, CertificateActionWorkflowInput } from '../../libs/contracts';
import { DATABASE_ACTIVITY } from '../activity-options';
import { deliverNotifications } from '../deliver-notifications';

const { applyCertificateAction } = proxyActivities<Pick<Activities, 'applyCertificateAction'>>(DATABASE_ACTIVITY);

/**
 * Renew, replace or revoke one certificate. A workflow of one step, so that it has a business-key id
 * (starting it twice is harmless), is retried through database outages, and shows in Temporal with the rest.
 */
export async function certificateActionWorkflow(input: CertificateActionWorkflowInput): Promise<CertificateActionResult> {
  const { result, notificationIds } = await applyCertificateAction(input);
  await deliverNotifications(notificationIds);
  return result;
}
