import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type Client, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import type { PassageConfig } from '../../../../libs/config';
import {
  NOTIFICATION_DELIVERY_WORKFLOW,
  notificationRedeliveryWorkflowId,
  taskQueueName,
  type NotificationDeliveryInput,
  type NotificationRedeliveryMemo,
} from '../../../../libs/contracts';
import { NotificationsRepository, type NotificationRow } from '../../../../libs/db';
import { DomainError, jurisdictionOf, type ActingUser } from '../../../../libs/domain';
import { CONFIG, TEMPORAL_CLIENT } from '../core/tokens';
import type { ListNotificationsQuery } from './notification.dto';
import { DeliveryAttemptView, NotificationView, type NotificationDetailView, type NotificationPage, type RedeliveryView } from './notification.view';

/**
 * Inboxes: every office reads its own; managers and auditors read the offices below them. Reading marks
 * a notification read for its office only when someone of that office reads it; redelivery of a
 * dead-lettered notification is for the recipient office's admin or a manager above it.
 */
@Injectable()
export class NotificationsService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(CONFIG) private readonly config: PassageConfig,
    @Inject(NotificationsRepository) private readonly notifications: NotificationsRepository,
  ) {}

  async inbox(actor: ActingUser, query: ListNotificationsQuery): Promise<NotificationPage> {
    const { items, total, totalIsCapped } = await this.notifications.inbox(jurisdictionOf(actor), {
      ...(query.officeCode ? { officeCode: query.officeCode } : {}),
      ...(query.unread ? { unread: true } : {}),
      ...(query.needsAnswer ? { needsAnswer: true } : {}),
      ...(query.overdue ? { overdueAt: new Date() } : {}),
      ...(query.after ? { afterId: query.after } : {}),
      limit: query.limit,
      offset: query.offset,
    });
    return {
      items: items.map(NotificationView.of),
      total,
      totalIsCapped,
      nextAfter: items.length === query.limit ? items[items.length - 1]!.id : null,
      limit: query.limit,
      offset: query.offset,
    };
  }

  async detail(actor: ActingUser, id: string): Promise<NotificationDetailView> {
    const notification = await this.findOrThrow(actor, id);
    const attempts = await this.notifications.attemptHistory(notification.id);
    return { ...NotificationView.of(notification), deliveryRound: notification.deliveryRound, attempts: attempts.map(DeliveryAttemptView.of) };
  }

  /**
   * Marks a notification read for its office. Idempotent: the first reading time stays. Only staff of the
   * recipient office may do so: a manager looking at an office below must not empty that office's unread
   * list, and auditors change nothing.
   */
  async markRead(actor: ActingUser, id: string): Promise<NotificationView> {
    const notification = await this.findOrThrow(actor, id);
    if (actor.role === 'auditor' || actor.officeCode !== notification.recipientOfficeCode) {
      throw new DomainError('ROLE_NOT_PERMITTED', 'Only staff of the recipient office may mark its notifications read.', {
        role: actor.role,
        action: 'read',
      });
    }
    await this.notifications.markRead(notification.id, new Date());
    return NotificationView.of((await this.notifications.findById(notification.id))!);
  }

  /**
   * Delivers a dead-lettered notification again, in the next delivery round, through the same workflow as
   * the first delivery. The workflow id is the notification and round, so two requests at the same moment
   * are one redelivery whatever their keys: the one that loses the start is answered 202 if it carries the
   * same Idempotency-Key as the one running (its repeat), else 409. The key's hash is kept in the
   * workflow's memo, so the same key is the same redelivery also after it has finished.
   */
  async redeliver(actor: ActingUser, id: string, idempotencyKey?: string): Promise<RedeliveryView> {
    const notification = await this.findOrThrow(actor, id);
    const officeAdmin = actor.role === 'office-admin' && actor.officeCode === notification.recipientOfficeCode;
    // findOrThrow has already confined a manager to the offices at and below their own.
    if (!officeAdmin && actor.role !== 'manager') {
      throw new DomainError('ROLE_NOT_PERMITTED', 'Only the recipient office’s admin or a manager above it may redeliver a notification.', {
        role: actor.role,
        action: 'redeliver',
      });
    }
    const keyHash = sha256(idempotencyKey ?? randomUUID());
    // Dead-lettered: its push gave up and nothing has delivered it since (it may have been read in the inbox).
    if (notification.deadLetteredAt === null || notification.deliveredAt !== null) {
      // The repeat of an accepted request answers as the first did, although the state has moved on.
      const current = notificationRedeliveryWorkflowId(notification.id, notification.deliveryRound);
      if (idempotencyKey && (await this.requestKeyHashOf(current)) === keyHash) return { notificationId: notification.id, workflowId: current };
      throw new DomainError('ACTION_NOT_ALLOWED_IN_STATE', `Only a dead-lettered notification can be redelivered; this one is ${notification.state}.`, {
        state: notification.state,
        action: 'redeliver',
      });
    }
    const round = notification.deliveryRound + 1;
    const workflowId = notificationRedeliveryWorkflowId(notification.id, round);
    const input: NotificationDeliveryInput = { notificationId: notification.id, round };
    const memo: NotificationRedeliveryMemo = { requestKeySha256: keyHash };
    try {
      await this.temporal.workflow.start(NOTIFICATION_DELIVERY_WORKFLOW, {
        workflowId,
        taskQueue: taskQueueName(this.config.TEMPORAL_TASK_QUEUE_PREFIX, 'cases'),
        args: [input],
        memo: { ...memo },
        workflowIdConflictPolicy: 'FAIL',
        // A round whose workflow failed or was terminated before it began may be asked for again.
        workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      if ((await this.requestKeyHashOf(workflowId)) !== keyHash) {
        throw new DomainError('CONFLICT', 'This notification is being redelivered already, by another request.', {
          action: 'redeliver',
          workflowId,
        });
      }
    }
    return { notificationId: notification.id, workflowId };
  }

  /** The hashed Idempotency-Key a redelivery workflow was started with; null when there is no such workflow. */
  private async requestKeyHashOf(workflowId: string): Promise<string | null> {
    try {
      const { memo } = await this.temporal.workflow.getHandle(workflowId).describe();
      const hash = (memo as Partial<NotificationRedeliveryMemo> | undefined)?.requestKeySha256;
      return typeof hash === 'string' ? hash : null;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return null;
      throw error;
    }
  }

  private async findOrThrow(actor: ActingUser, id: string): Promise<NotificationRow> {
    const notification = await this.notifications.findWithin(jurisdictionOf(actor), id);
    if (!notification) throw new DomainError('NOT_FOUND', 'No such notification.');
    return notification;
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
