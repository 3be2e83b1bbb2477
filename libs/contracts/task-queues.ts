/** Task queues, named by what they carry; the configured prefix keeps deployments apart in one namespace. */
export const TASK_QUEUES = {
  /** Case workflows (certificate applications, …) and the activities that record their actions. */
  cases: 'cases',
} as const;

export type TaskQueue = keyof typeof TASK_QUEUES;

export function taskQueueName(prefix: string, queue: TaskQueue): string {
  return `${prefix}.${TASK_QUEUES[queue]}`;
}
