import { Inject, Injectable } from '@nestjs/common';
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

  record(actor: ActingUser, event: StaffAuditEvent): Promise<void> {
    return this.events.record({ ...event, actorUserId: actor.userId, actorRole: actor.role, officeCode: actor.officeCode, origin: currentOrigin() });
  }
}
