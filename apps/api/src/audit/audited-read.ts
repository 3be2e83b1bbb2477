import { SetMetadata } from '@nestjs/common';
import type { AuditedRecordKind } from '../../../../libs/db';

export const AUDITED_READ = 'passage:auditedRead';

/**
 * Where a read finds the records it shows: the `:id` route parameter (one case), the `:number` one (one
 * certificate), or the `items` of the page it answers (a list: one audit entry naming every row shown).
 */
export type AuditedReadSource = 'id' | 'number' | 'items';

export interface AuditedReadMetadata {
  kind: AuditedRecordKind;
  source: AuditedReadSource;
}

/** Marks a GET that shows people's personal data: the AuditInterceptor records who read which, from where. */
export const AuditedRead = (kind: AuditedRecordKind, source: AuditedReadSource): MethodDecorator =>
  SetMetadata(AUDITED_READ, { kind, source } satisfies AuditedReadMetadata);
