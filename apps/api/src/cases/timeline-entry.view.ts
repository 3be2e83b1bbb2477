import { ApiProperty } from '@nestjs/swagger';
import type { CaseActionRow } from '../../../../libs/db';
import {
  CERTIFICATE_APPLICATION_ACTIONS,
  CERTIFICATE_APPLICATION_STATES,
  RESIDENCE_REGISTRATION_ACTIONS,
  RESIDENCE_REGISTRATION_STATES,
  ROLES,
  SERVICE_REPORT_ACTIONS,
  SERVICE_REPORT_STATES,
  SYSTEM_ACTOR,
} from '../../../../libs/domain';

/** Every case type's actions and states: one timeline entry shape serves every process of the engine. */
const ACTIONS = [...new Set<string>([...CERTIFICATE_APPLICATION_ACTIONS, ...SERVICE_REPORT_ACTIONS, ...RESIDENCE_REGISTRATION_ACTIONS])];
const STATES = [...new Set<string>([...CERTIFICATE_APPLICATION_STATES, ...SERVICE_REPORT_STATES, ...RESIDENCE_REGISTRATION_STATES])];

/** One entry of a case's log (case_action), as every case view shows it. */
export class TimelineEntryView {
  @ApiProperty({ enum: ACTIONS, description: 'An action of the case’s process' }) action!: string;
  @ApiProperty({ nullable: true, enum: STATES, description: 'Null for the first entry' }) fromState!: string | null;
  @ApiProperty({ enum: STATES }) toState!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'Null for the system' }) actorUserId!: string | null;
  @ApiProperty({ enum: [...ROLES, SYSTEM_ACTOR], description: 'A staff role, or system' }) actorRole!: string;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ type: Object }) payload!: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;

  static of(a: CaseActionRow): TimelineEntryView {
    return {
      action: a.action, fromState: a.fromState, toState: a.toState, actorUserId: a.actorUserId, actorRole: a.actorRole,
      reason: a.reason, payload: a.payload, occurredAt: a.occurredAt.toISOString(),
    };
  }
}
