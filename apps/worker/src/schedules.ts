import { Client, Connection, ScheduleAlreadyRunning, ScheduleOverlapPolicy, type ScheduleOptions } from '@temporalio/client';
import type { PassageConfig } from '../../../libs/config';
import { clientConnectionOptions } from '../../../libs/temporal';
import { CASE_RECONCILER_SCHEDULE_ID, DAILY_DIGEST_SCHEDULE_ID, taskQueueName } from '../../../libs/contracts';
import { temporalDataConverter } from '../../../libs/temporal';

/**
 * Passage's recurring work runs from Temporal schedules (never a home-made timer): created once, by whichever
 * worker starts first; later starts find them and leave them, so an operator's pause or edit survives restarts.
 * - the daily digest of overdue work per office;
 * - the case reconciler, every minute: starts the workflow of any case whose start never happened.
 */
export async function ensureSchedules(config: PassageConfig): Promise<void> {
  const connection = await Connection.connect(clientConnectionOptions(config));
  const taskQueue = taskQueueName(config.TEMPORAL_TASK_QUEUE_PREFIX, 'cases');
  const scheduleId = (id: string): string => `${config.TEMPORAL_TASK_QUEUE_PREFIX}.${id}`;
  const schedules: ScheduleOptions[] = [
    {
      scheduleId: scheduleId(DAILY_DIGEST_SCHEDULE_ID),
      spec: { cronExpressions: [config.DAILY_DIGEST_CRON], timezone: 'Asia/Shanghai' },
      action: { type: 'startWorkflow', workflowType: 'dailyDigestWorkflow', taskQueue, args: [] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
    },
    {
      scheduleId: scheduleId(CASE_RECONCILER_SCHEDULE_ID),
      spec: { intervals: [{ every: '1 minute' }] },
      action: { type: 'startWorkflow', workflowType: 'caseReconcilerWorkflow', taskQueue, args: [] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' },
    },
  ];
  try {
    const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: temporalDataConverter(config) });
    for (const schedule of schedules) {
      try {
        await client.schedule.create(schedule);
      } catch (error) {
        if (!(error instanceof ScheduleAlreadyRunning)) throw error;
      }
    }
  } finally {
    await connection.close();
  }
}
