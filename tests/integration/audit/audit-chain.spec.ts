/**
 * The audit is one hash chain the database builds: intact after a mix of actions, one line under
 * concurrent writers, and a rewrite (with the append-only trigger switched off, as only the owner can)
 * is found by GET /api/v1/audit/verify, naming the entry. Every tamper here is undone before the test
 * ends: other files share the database.
 */
import type { EntityManager } from 'typeorm';
import { AuditEventsRepository } from '../../../libs/db';
import { WANG_QIANG, ZHANG_WEI } from '../../support/demo-applicants';
import { as, expectProblem, type AuthedClient } from '../../support/http';
import { useTestStack } from '../../support/test-app';
import { CASES, DESTINATION_OFFICE, expectStatus, openCase, waitForState } from '../certificate-applications/case-helpers';

interface Verification {
  intact: boolean;
  entries: number;
  verifiedEntries: number;
  lastHash: string;
  firstBrokenEntryId?: string | null;
  broken?: { rule: string; entryId: string | null; chainSeq: number | null; caseActionId: string | null };
}

describe('audit chain', () => {
  const stack = useTestStack({ listen: true });
  let auditor: AuthedClient;
  let caseworker: AuthedClient;

  beforeAll(async () => {
    auditor = await as(stack(), 'donghu.auditor');
    caseworker = await as(stack(), 'tengwangge.caseworker');
  });

  const verify = async (client: AuthedClient = auditor): Promise<Verification> => expectStatus(await client.get('/api/v1/audit/verify'), 200).body as Verification;

  /** Rewrites rows as the table's owner can: the append-only trigger off for one transaction only. */
  const asOwner = (table: 'audit_event' | 'case_action', work: (tx: EntityManager) => Promise<void>): Promise<void> =>
    stack().db.transaction(async (tx) => {
      await tx.query(`ALTER TABLE ${table} DISABLE TRIGGER ${table}_append_only`);
      await work(tx);
      await tx.query(`ALTER TABLE ${table} ENABLE TRIGGER ${table}_append_only`);
    });

  it('is intact after a mix of actions, and every case action is in it with who, when and the states', async () => {
    const approver = await as(stack(), 'tengwangge.approver');
    const opened = await openCase(caseworker, { applicant: ZHANG_WEI, destinationOfficeCode: DESTINATION_OFFICE });
    await waitForState(caseworker, opened.id, 'under-review');
    expectStatus(await caseworker.post(`${CASES}/${opened.id}/review`).send({}), 200);
    expectStatus(await approver.post(`${CASES}/${opened.id}/approve`).send({}), 200);
    expectStatus(await caseworker.get(CASES), 200);
    expectStatus(await caseworker.get('/api/v1/search').query({ q: opened.caseNumber }), 200);

    const head = (await stack().db.query(`SELECT last_seq::int AS seq FROM audit_chain_head`))[0] as { seq: number };
    const result = await verify();
    expect(result).toMatchObject({ intact: true, lastHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(result.entries).toBeGreaterThanOrEqual(head.seq); // and more, when others append meanwhile
    expect(result.verifiedEntries).toBe(result.entries);

    const logged: Array<{ id: string; action: string; from_state: string | null; to_state: string; actor_user_id: string | null }> = await stack().db.query(
      `SELECT id::text, action, from_state, to_state, actor_user_id FROM case_action WHERE case_id = $1 ORDER BY id`,
      [opened.id],
    );
    expect(logged.map((a) => a.action)).toEqual(expect.arrayContaining(['submit', 'review', 'approve']));
    const audited: Array<{ case_action_id: string; action: string; details: Record<string, unknown>; actor_user_id: string | null; office_code: string; person_ids: string[] }> =
      await stack().db.query(
        `SELECT case_action_id::text, action, details, actor_user_id, office_code, person_ids::text[] FROM audit_event WHERE case_action_id = ANY($1::bigint[]) ORDER BY case_action_id`,
        [logged.map((a) => a.id)],
      );
    expect(audited.map((e) => e.case_action_id)).toEqual(logged.map((a) => a.id));
    audited.forEach((e, i) => {
      expect(e).toMatchObject({ action: `case.${logged[i]!.action}`, actor_user_id: logged[i]!.actor_user_id, details: { fromState: logged[i]!.from_state, toState: logged[i]!.to_state } });
      expect(e.office_code).toBe('360102002');
      expect(e.person_ids).toHaveLength(1);
    });
  });

  // The head is written once per transaction, at commit (migration 1764480000000): many entries of one
  // transaction, one rolled back at a savepoint, still make one line, and the head ends at the last.
  it('numbers many entries of one transaction in a line, the head at the last one after commit', async () => {
    const [manager] = (await stack().db.query(`SELECT id FROM app_user WHERE username = 'donghu.manager'`)) as Array<{ id: string }>;
    const insert = (tx: EntityManager, n: number) =>
      tx.query(
        `INSERT INTO audit_event (actor_user_id, actor_role, action, subject_type, subject_id, reason) VALUES ($1, 'manager', 'test.batched', 'test', NULL, $2)`,
        [manager!.id, `b${n}`],
      );
    let mid = 0;
    await stack().db.transaction(async (tx) => {
      for (let n = 0; n < 300; n++) await insert(tx, n);
      await tx.query('SAVEPOINT undone');
      for (let n = 300; n < 310; n++) await insert(tx, n);
      await tx.query('ROLLBACK TO SAVEPOINT undone');
      for (let n = 310; n < 320; n++) await insert(tx, n);
      mid = Number(((await tx.query(`SELECT last_seq::text AS seq FROM audit_chain_head`)) as Array<{ seq: string }>)[0]!.seq);
    });
    const rows: Array<{ chain_seq: string; reason: string }> = await stack().db.query(
      `SELECT e.chain_seq::text AS chain_seq, e.reason FROM audit_event e WHERE e.action = 'test.batched' ORDER BY e.chain_seq`,
    );
    expect(rows.map((r) => r.reason)).toEqual([...Array.from({ length: 300 }, (_, n) => `b${n}`), ...Array.from({ length: 10 }, (_, n) => `b${310 + n}`)]);
    rows.forEach((r, i) => expect(Number(r.chain_seq)).toBe(Number(rows[0]!.chain_seq) + i));
    const [head] = (await stack().db.query(`SELECT last_seq::text AS seq FROM audit_chain_head`)) as Array<{ seq: string }>;
    expect(Number(head!.seq)).toBeGreaterThanOrEqual(Number(rows[rows.length - 1]!.chain_seq));
    expect(mid).toBe(Number(rows[0]!.chain_seq) - 1); // inside the transaction the head had not moved yet
    expect((await verify()).intact).toBe(true);
  });

  it('stays one line when many write at once', async () => {
    const before = (await stack().db.query(`SELECT last_seq::int AS seq FROM audit_chain_head`))[0] as { seq: number };
    const token = await stack().loginAs('tengwangge.caseworker');
    // 20 searches that each find a person, in parallel over real connections, and 20 direct inserts.
    const searches = Array.from({ length: 20 }, () =>
      fetch(`${stack().baseUrl}/api/v1/search?q=${WANG_QIANG.identityNumber}`, { headers: { authorization: `Bearer ${token}` } }),
    );
    const [manager] = (await stack().db.query(`SELECT id FROM app_user WHERE username = 'donghu.manager'`)) as Array<{ id: string }>;
    const events = new AuditEventsRepository(stack().db);
    const inserts = Array.from({ length: 20 }, (_, i) =>
      events.record({ actorUserId: manager!.id, actorRole: 'manager', officeCode: '360102', action: 'test.concurrent', subjectType: 'test', subjectId: null, reason: `n${i}` }),
    );
    await Promise.all([...searches.map(async (r) => expect((await r).status).toBe(200)), ...inserts]);

    const mine: Array<{ chain_seq: string; previous_hash: string; hash: string }> = await stack().db.query(
      `SELECT chain_seq::text, previous_hash, hash FROM audit_event WHERE chain_seq > $1 ORDER BY chain_seq`,
      [before.seq],
    );
    expect(mine.length).toBeGreaterThanOrEqual(20);
    // No two entries claim the same predecessor; the numbers have no gap.
    expect(new Set(mine.map((e) => e.previous_hash)).size).toBe(mine.length);
    mine.forEach((e, i) => expect(Number(e.chain_seq)).toBe(before.seq + 1 + i));
    expect((await verify()).intact).toBe(true);
  });

  it('numbers and hashes every insert itself, and refuses UPDATE and DELETE', async () => {
    const [manager] = (await stack().db.query(`SELECT id FROM app_user WHERE username = 'donghu.manager'`)) as Array<{ id: string }>;
    const [forged] = (await stack().db.query(
      `INSERT INTO audit_event (actor_user_id, actor_role, action, subject_type, chain_seq, previous_hash, hash)
       VALUES ($1, 'manager', 'test.forged', 'test', 1, repeat('a', 64), repeat('b', 64)) RETURNING id::text, chain_seq::int, previous_hash, hash`,
      [manager!.id],
    )) as Array<{ id: string; chain_seq: number; previous_hash: string; hash: string }>;
    expect(forged!.chain_seq).toBeGreaterThan(1);
    expect(forged!.hash).not.toBe('b'.repeat(64));
    expect(forged!.previous_hash).not.toBe('a'.repeat(64));
    for (const sql of [`UPDATE audit_event SET hash = repeat('0', 64) WHERE id = $1`, `DELETE FROM audit_event WHERE id = $1`]) {
      await expect(stack().db.query(sql, [forged!.id])).rejects.toMatchObject({ code: '42501' });
    }
    await expect(stack().db.query(`DELETE FROM audit_chain_head`)).rejects.toMatchObject({ code: '42501' });
    expect((await verify()).intact).toBe(true);
  });

  it('names the first entry that was rewritten, and a case log entry that was', async () => {
    const opened = await openCase(caseworker, { applicant: WANG_QIANG });
    const [entry] = (await stack().db.query(
      `SELECT e.id::text, e.reason, e.case_action_id::text AS "caseActionId" FROM audit_event e WHERE e.case_ids @> ARRAY[$1]::uuid[] AND e.action = 'case.submit'`,
      [opened.id],
    )) as Array<{ id: string; reason: string | null; caseActionId: string }>;
    expect(entry).toBeDefined();

    await asOwner('audit_event', (tx) => tx.query(`UPDATE audit_event SET reason = 'rewritten' WHERE id = $1`, [entry!.id]).then(() => undefined));
    try {
      const broken = await verify();
      expect(broken).toMatchObject({ intact: false, firstBrokenEntryId: entry!.id, broken: { rule: 'hash', entryId: entry!.id } });
    } finally {
      await asOwner('audit_event', (tx) => tx.query(`UPDATE audit_event SET reason = $2 WHERE id = $1`, [entry!.id, entry!.reason]).then(() => undefined));
    }
    expect((await verify()).intact).toBe(true);

    // The case log is covered too: its entry's digest is in the chain.
    const [action] = (await stack().db.query(`SELECT reason FROM case_action WHERE id = $1`, [entry!.caseActionId])) as Array<{ reason: string | null }>;
    await asOwner('case_action', (tx) => tx.query(`UPDATE case_action SET reason = 'rewritten' WHERE id = $1`, [entry!.caseActionId]).then(() => undefined));
    try {
      expect(await verify()).toMatchObject({ intact: false, firstBrokenEntryId: entry!.id, broken: { rule: 'case-action' } });
    } finally {
      await asOwner('case_action', (tx) => tx.query(`UPDATE case_action SET reason = $2 WHERE id = $1`, [entry!.caseActionId, action!.reason]).then(() => undefined));
    }

    // An entry removed from the middle breaks the next one's link.
    // (The row as text, microseconds and all, to put it back exactly.)
    const [victim] = (await stack().db.query(`SELECT row_to_json(e)::text AS row, chain_seq::text AS seq FROM audit_event e WHERE id = $1`, [entry!.id])) as Array<{ row: string; seq: string }>;
    const [next] = (await stack().db.query(`SELECT id::text FROM audit_event WHERE chain_seq = $1::bigint + 1`, [victim!.seq])) as Array<{ id: string }>;
    expect(next).toBeDefined(); // the audit of the request that opened the case, at least
    {
      await asOwner('audit_event', (tx) => tx.query(`DELETE FROM audit_event WHERE id = $1`, [entry!.id]).then(() => undefined));
      try {
        expect(await verify()).toMatchObject({ intact: false, firstBrokenEntryId: next!.id, broken: { rule: 'sequence' } });
      } finally {
        await stack().db.transaction(async (tx) => {
          // Put back as it was: neither numbered again nor moving the head (whose write is deferred to commit).
          await tx.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_chain, DISABLE TRIGGER audit_chain_head_written`);
          await tx.query(`INSERT INTO audit_event SELECT (jsonb_populate_record(NULL::audit_event, $1::jsonb)).*`, [victim!.row]);
          await tx.query(`ALTER TABLE audit_event ENABLE TRIGGER audit_event_chain, ENABLE TRIGGER audit_chain_head_written`);
        });
      }
    }
    expect((await verify()).intact).toBe(true);
  });

  it('is verified by auditors and managers only', async () => {
    expectProblem(await caseworker.get('/api/v1/audit/verify'), 403, 'ROLE_NOT_PERMITTED');
    expect((await verify(await as(stack(), 'donghu.manager'))).intact).toBe(true);
  });
});
