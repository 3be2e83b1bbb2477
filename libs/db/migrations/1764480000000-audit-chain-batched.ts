import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit chain's head is written once per transaction, not once per entry.
 *
 * Until now every entry's BEFORE INSERT trigger updated the one `audit_chain_head` row. Inside one
 * transaction each update leaves a row version nobody may prune until it commits, and the next entry's
 * lookup walks all of them: a transaction of n entries cost n² (2,000 case actions in one statement 2.6 s,
 * 8,000 45.8 s; seeding 100,000 cases for the plan test never finished).
 *
 * Now the first entry of a transaction locks the head (FOR UPDATE, as before: writers still make one line)
 * and keeps the running number and hash in transaction-local settings; later entries of the same
 * transaction read them there. A deferred constraint trigger writes the head once, at commit, from the
 * entry that is last; `audit_chain_lock()` takes the lock ahead, for writers of cases (see unit-of-work.ts).
 * The settings are transactional like the rows: a rolled-back savepoint takes back
 * both its entries and the running values (and its lock, so the next entry locks again). The chain each
 * entry carries, and what /audit/verify checks, are unchanged.
 */
export class AuditChainBatched1764480000000 implements MigrationInterface {
  name = 'AuditChainBatched1764480000000';

  async up(q: QueryRunner): Promise<void> {
    // Locks the head for this transaction (once) and keeps its values in the transaction's settings. A
    // transaction that writes cases calls it first, before any other row lock, so every such writer takes
    // its locks in the same order (head, then case rows and counts): they queue, never deadlock.
    await q.query(`
      CREATE FUNCTION audit_chain_lock() RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
      DECLARE
        xact text := txid_current()::text;
        seq bigint;
        prev char(64);
      BEGIN
        IF current_setting('passage.audit_chain_xact', true) IS DISTINCT FROM xact THEN
          SELECT last_seq, last_hash INTO STRICT seq, prev FROM audit_chain_head WHERE id = 1 FOR UPDATE;
          PERFORM set_config('passage.audit_chain_xact', xact, true);
          PERFORM set_config('passage.audit_chain_seq', seq::text, true);
          PERFORM set_config('passage.audit_chain_hash', prev, true);
        END IF;
      END $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION audit_event_chain() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
      BEGIN
        PERFORM audit_chain_lock();
        NEW.chain_seq := current_setting('passage.audit_chain_seq')::bigint + 1;
        NEW.previous_hash := current_setting('passage.audit_chain_hash');
        NEW.hash := audit_event_digest(NEW);
        PERFORM set_config('passage.audit_chain_seq', NEW.chain_seq::text, true);
        PERFORM set_config('passage.audit_chain_hash', NEW.hash, true);
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE FUNCTION audit_chain_head_write() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
      BEGIN
        -- Every entry's trigger runs at commit; only the transaction's last entry moves the head.
        IF NEW.chain_seq = current_setting('passage.audit_chain_seq', true)::bigint THEN
          UPDATE audit_chain_head SET last_seq = NEW.chain_seq, last_hash = NEW.hash WHERE id = 1;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER audit_chain_head_written AFTER INSERT ON audit_event
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit_chain_head_write()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER audit_chain_head_written ON audit_event`);
    await q.query(`DROP FUNCTION audit_chain_head_write()`);
    await q.query(`
      CREATE OR REPLACE FUNCTION audit_event_chain() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
      DECLARE
        head audit_chain_head%ROWTYPE;
      BEGIN
        SELECT * INTO STRICT head FROM audit_chain_head WHERE id = 1 FOR UPDATE;
        NEW.chain_seq := head.last_seq + 1;
        NEW.previous_hash := head.last_hash;
        NEW.hash := audit_event_digest(NEW);
        UPDATE audit_chain_head SET last_seq = NEW.chain_seq, last_hash = NEW.hash WHERE id = 1;
        RETURN NEW;
      END $$`);
    await q.query(`DROP FUNCTION audit_chain_lock()`);
  }
}
