import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { STUCK_REASONS } from '../../../../libs/domain';
import { MONITORED_CASE_TYPES } from './monitoring.dto';

/** One listed item of the stuck list: which case, why it is listed, and since when. No personal data. */
export class StuckItemView {
  @ApiProperty({ enum: STUCK_REASONS }) reason!: string;
  @ApiProperty({ description: 'Why, in words a manager acts on' }) explanation!: string;
  @ApiProperty({ format: 'date-time', description: 'Since when the reason holds (for a deadline, the deadline; for a wait, when the case entered its state)' }) since!: string;
  @ApiProperty({ nullable: true, enum: MONITORED_CASE_TYPES }) caseType!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) caseId!: string | null;
  @ApiProperty({ nullable: true, type: String }) caseNumber!: string | null;
  @ApiProperty({ description: 'The office whose turn it is' }) officeCode!: string;
  @ApiProperty({ nullable: true, type: String }) counterpartOfficeCode!: string | null;
  @ApiProperty({ nullable: true, type: String }) state!: string | null;
  @ApiPropertyOptional({ description: 'deadline-breached: working days since the deadline day' }) workingDaysOver?: number;
  @ApiPropertyOptional({ description: 'deadline-near: working days left' }) workingDaysLeft?: number;
  @ApiPropertyOptional({ description: 'activity-failing: attempts so far' }) attempts?: number;
  @ApiPropertyOptional({ description: 'waiting-too-long: seconds in the current state' }) waitedSeconds?: number;
  @ApiPropertyOptional({ type: String, format: 'uuid', description: 'notification-dead-lettered: the notification' }) notificationId?: string;
}

export class StuckListPage {
  @ApiProperty({ type: [StuckItemView] }) items!: StuckItemView[];
  @ApiProperty({ description: 'Items listed, up to the cap of each source' }) total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}

export class NotifiedView {
  @ApiProperty({ format: 'uuid' }) notificationId!: string;
  @ApiProperty() officeCode!: string;
  @ApiProperty() kind!: string;
}

/** What a manager's action on a listed case did. */
export class ManagerActionView {
  @ApiProperty() caseType!: string;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ description: 'The case’s state after the action' }) state!: string;
  @ApiPropertyOptional({ description: 'retry: how many failing steps were started again' }) stepsRetried?: number;
  @ApiPropertyOptional({ type: [NotifiedView], description: 'nudge and escalate: the notifications sent' }) notified?: NotifiedView[];
}
