import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class AuditEventView {
  @ApiProperty({ example: '1042' }) id!: string;
  @ApiProperty({ description: 'Its place in the chain: 1, 2, 3 … without gaps' }) chainSeq!: number;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null: the system (a timer, a workflow step)' }) actorUserId!: string | null;
  @ApiProperty({ example: 'caseworker', description: 'The role acted in, or system' }) actorRole!: string;
  @ApiProperty({ nullable: true, type: String, description: 'The acting office (for the system, the case’s office)' }) officeCode!: string | null;
  @ApiProperty({
    example: 'read',
    description:
      '`read` (personal data shown), `request` (a change asked for, done or refused), `case.<action>` (a case action or state change, ' +
      'copied from the case log by the database), `search.person-found`, `monitoring.<action>`, `audit.read`',
  })
  action!: string;
  @ApiProperty({ example: 'certificate-application' }) subjectType!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) subjectId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why, where the action takes a reason' }) reason!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Codes, ids and counts: never personal data' }) details!: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String, example: '203.0.113.7', description: 'The client address (see HTTP_TRUSTED_PROXIES); null for the system' })
  clientIp!: string | null;
  @ApiProperty({ nullable: true, type: String }) userAgent!: string | null;
  @ApiProperty({ type: [String], description: 'The cases it concerns' }) caseIds!: string[];
  @ApiProperty({ type: [String], description: 'The people whose data it concerns' }) personIds!: string[];
  @ApiProperty({ nullable: true, type: String, description: 'For case.<action>: the case log entry' }) caseActionId!: string | null;
  @ApiProperty({ example: '9f2c…', description: 'sha256 of the entry before it (64 zeros for the first)' }) previousHash!: string;
  @ApiProperty({ description: 'sha256 of this entry’s canonical form, which includes previousHash' }) hash!: string;
}

export class AuditEventPage {
  @ApiProperty({ type: [AuditEventView] }) items!: AuditEventView[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `after` for the next page; null on the last page' }) nextAfter!: string | null;
}

export class ChainBreakView {
  @ApiProperty({ enum: ['sequence', 'previous-hash', 'hash', 'case-action', 'head', 'case-action-unaudited'] }) rule!: string;
  @ApiProperty({ nullable: true, type: String }) entryId!: string | null;
  @ApiProperty({ nullable: true, type: Number }) chainSeq!: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'case-action-unaudited: the case log entry with no audit entry' }) caseActionId!: string | null;
}

export class AuditChainView {
  @ApiProperty() intact!: boolean;
  @ApiProperty({ description: 'Entries in the chain (its head when verification began)' }) entries!: number;
  @ApiProperty({ description: 'Entries checked before the first break (all of them when intact)' }) verifiedEntries!: number;
  @ApiProperty({ description: 'Hash of the last entry: record it elsewhere to prove later that nothing before it changed' }) lastHash!: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'When broken: the first entry that does not check' }) firstBrokenEntryId?: string | null;
  @ApiPropertyOptional({ type: ChainBreakView }) broken?: ChainBreakView;
}
