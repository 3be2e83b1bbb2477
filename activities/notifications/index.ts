import type { ActivityDependencies } from '../dependencies';
import { createDeliveryActivities } from './delivery-activities';
import { createDigestActivities } from './digest-activities';
import { createWebhookRequestActivity } from './webhook-request-activity';

export { signWebhookBody, verifyWebhookSignature, SIGNATURE_HEADER } from './webhook-signature';

export function createNotificationActivities(deps: ActivityDependencies) {
  return { ...createDeliveryActivities(deps), ...createWebhookRequestActivity(deps), ...createDigestActivities(deps) };
}

export type NotificationActivities = ReturnType<typeof createNotificationActivities>;
