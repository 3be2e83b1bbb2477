import { Client, Connection, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import type { PassageConfig } from '../../../libs/config';
import { DAILY_DIGEST_SCHEDULE_ID, taskQueueName } from '../../../libs/contracts';

/**
 * The daily digest runs from a Temporal schedule (never a home-made timer): created once, by whichever
 * worker starts first; later starts find it and leave it, so an operator's pause or edit survives restarts.
 */
export async function ensureDailyDigestSchedule(config: PassageConfig): Promise<void> {
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  try {
    const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
    await client.schedule.create({
      scheduleId: `${config.TEMPORAL_TASK_QUEUE_PREFIX}.${DAILY_DIGEST_SCHEDULE_ID}`,
      spec: { cronExpressions: [config.DAILY_DIGEST_CRON], timezone: 'Asia/Shanghai' },
      action: {
        type: 'startWorkflow',
        workflowType: 'dailyDigestWorkflow',
        taskQueue: taskQueueName(config.TEMPORAL_TASK_QUEUE_PREFIX, 'cases'),
        args: [],
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
    });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  } finally {
    await connection.close();
  }
}
