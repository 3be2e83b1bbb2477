import { proxyActivities } from '@temporalio/workflow';
import type { NotificationActivities } from '../../activities/notifications';
import { toChinaCalendarDate } from '../../libs/domain';
import { DELIVERY_DATABASE_ACTIVITY } from '../notification-delivery/delivery-activity-options';
import { deliverNotifications } from '../deliver-notifications';

const { createDailyDigests } = proxyActivities<NotificationActivities>(DELIVERY_DATABASE_ACTIVITY);

/**
 * Run by a Temporal schedule once a day: each office with digests on and something overdue gets one
 * digest of it, instead of one message per item. Keyed by the China date, so a second run that day adds nothing.
 */
export async function dailyDigestWorkflow(): Promise<{ date: string; digests: number }> {
  const now = new Date();
  const date = toChinaCalendarDate(now);
  const ids = await createDailyDigests({ date, now: now.toISOString() });
  await deliverNotifications(ids);
  return { date, digests: ids.length };
}
