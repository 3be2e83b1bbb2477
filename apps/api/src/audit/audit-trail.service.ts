import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditEventsRepository, type NewAuditEvent } from '../../../../libs/db';
import type { ActingUser } from '../../../../libs/domain';
import { currentOrigin } from './request-origin';

export type StaffAuditEvent = Omit<NewAuditEvent, 'actorUserId' | 'actorRole' | 'officeCode' | 'origin'>;

/**
 * How the api writes to the audit: who (the acting user, role and office), from where (the request being
 * served), and what the caller says. The database adds when, the sequence number and the hashes.
 */
@Injectable()
export class AuditTrail {
  constructor(@Inject(AuditEventsRepository) private readonly events: AuditEventsRepository) {}

  /** With `tx`, the entry is written in that transaction: it stands or falls with the change it records. */
  record(actor: ActingUser, event: StaffAuditEvent, tx?: EntityManager): Promise<void> {
    return this.events.record({ ...event, actorUserId: actor.userId, actorRole: actor.role, officeCode: actor.officeCode, origin: currentOrigin() }, tx);
  }
}
