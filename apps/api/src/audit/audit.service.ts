import { Inject, Injectable } from '@nestjs/common';
import { AuditEventsRepository, OfficesRepository, UsersRepository, type AuditEventRow, type AuditFilter } from '../../../../libs/db';
import {
  AUDIT_READER_ROLES,
  AUDIT_VERIFIER_ROLES,
  DomainError,
  finishChainWalk,
  isWithinJurisdiction,
  jurisdictionOf,
  startChainWalk,
  walkChain,
  type ActingUser,
  type ChainWalk,
} from '../../../../libs/domain';
import { AuditTrail } from './audit-trail.service';
import type { AuditChainView, AuditEventPage } from './audit.view';

/** Entries read per round trip while verifying: the walk holds one batch, however long the chain. */
export const VERIFY_BATCH_SIZE = 2000;

/** What auditors read of the audit, and the proof that it is whole. */
@Injectable()
export class AuditService {
  constructor(
    @Inject(AuditEventsRepository) private readonly events: AuditEventsRepository,
    @Inject(UsersRepository) private readonly users: UsersRepository,
    @Inject(OfficesRepository) private readonly offices: OfficesRepository,
    @Inject(AuditTrail) private readonly trail: AuditTrail,
  ) {}

  /**
   * Entries about a case, a person, by a user, or by an office's staff, newest first, within the auditor's
   * jurisdiction (the acting office or an office party to the case lies in their subtree). A user or an
   * office outside it answers 404. The reading is itself audited.
   */
  async page(actor: ActingUser, filter: AuditFilter, limit: number, after?: string): Promise<AuditEventPage> {
    requireRole(actor, AUDIT_READER_ROLES, 'read-audit');
    const jurisdiction = jurisdictionOf(actor);
    if ('userId' in filter) {
      if (!(await this.users.findWithin(jurisdiction, filter.userId))) throw new DomainError('NOT_FOUND', 'No such user within your jurisdiction.');
    }
    if ('officeCode' in filter) {
      const office = await this.offices.findByCode(filter.officeCode);
      if (!office || !isWithinJurisdiction(jurisdiction, office.code)) throw new DomainError('NOT_FOUND', 'No such office within your jurisdiction.');
    }
    const rows = await this.events.page(filter, jurisdiction, limit, after);
    await this.trail.record(actor, {
      action: 'audit.read',
      subjectType: 'audit',
      subjectId: null,
      reason: null,
      details: { filter: Object.keys(filter)[0], shown: rows.length, ...('userId' in filter ? filter : {}), ...('officeCode' in filter ? filter : {}) },
      caseIds: 'caseId' in filter ? [filter.caseId] : [],
      personIds: 'personId' in filter ? [filter.personId] : [],
    });
    return { items: rows.map(view), nextAfter: rows.length === limit ? rows[rows.length - 1]!.id : null };
  }

  /**
   * Walks the whole chain in order, batch by batch, up to the head read before the walk: every entry must
   * follow the one before it, link to its hash and still hash to what it says; every case action must be
   * in it, unchanged.
   */
  async verify(actor: ActingUser): Promise<AuditChainView> {
    requireRole(actor, AUDIT_VERIFIER_ROLES, 'verify-audit');
    const head = await this.events.head();
    let walk: ChainWalk = startChainWalk();
    for (;;) {
      const batch = await this.events.chainBatch(walk.lastSeq, head.lastSeq, VERIFY_BATCH_SIZE);
      walk = walkChain(walk, batch);
      if (walk.broken || batch.length < VERIFY_BATCH_SIZE) break;
    }
    walk = finishChainWalk(walk, head);
    const unaudited = walk.broken ? null : await this.events.firstUnauditedCaseAction();
    if (unaudited) walk = { ...walk, broken: { entryId: null, chainSeq: null, rule: 'case-action-unaudited' } };
    if (walk.broken) {
      return {
        intact: false,
        entries: head.lastSeq,
        verifiedEntries: walk.entries,
        lastHash: head.lastHash,
        firstBrokenEntryId: walk.broken.entryId,
        broken: { ...walk.broken, caseActionId: unaudited },
      };
    }
    return { intact: true, entries: walk.entries, verifiedEntries: walk.entries, lastHash: walk.lastHash };
  }
}

function requireRole(actor: ActingUser, roles: readonly string[], action: string): void {
  if (!roles.includes(actor.role)) throw new DomainError('ROLE_NOT_PERMITTED', `Role ${actor.role} may not ${action.replace('-', ' the ')}.`, { role: actor.role, action });
}

function view(row: AuditEventRow) {
  return {
    id: row.id,
    chainSeq: row.chainSeq,
    occurredAt: row.occurredAt.toISOString(),
    actorUserId: row.actorUserId,
    actorRole: row.actorRole,
    officeCode: row.officeCode,
    action: row.action,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    reason: row.reason,
    details: row.details,
    clientIp: row.clientIp,
    userAgent: row.userAgent,
    caseIds: row.caseIds,
    personIds: row.personIds,
    caseActionId: row.caseActionId,
    previousHash: row.previousHash,
    hash: row.hash,
  };
}
