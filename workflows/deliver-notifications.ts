import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, startChild } from '@temporalio/workflow';
import { notificationDeliveryWorkflowId } from '../libs/contracts';
import { notificationDeliveryWorkflow } from './notification-delivery/notification-delivery.workflow';

/**
 * Starts one delivery workflow per notification an action caused. They outlive the caller (a case may
 * close while a webhook is still being retried), and their ids are the notification ids, so starting one
 * again after a retry or a replay is harmless.
 */
export async function deliverNotifications(notificationIds: readonly string[]): Promise<void> {
  for (const notificationId of notificationIds) {
    try {
      await startChild(notificationDeliveryWorkflow, {
        workflowId: notificationDeliveryWorkflowId(notificationId),
        args: [{ notificationId }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }
}
