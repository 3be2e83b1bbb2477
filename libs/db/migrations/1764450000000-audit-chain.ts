import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit becomes one tamper-evident chain that covers every writer, present and future, because the
 * database builds it:
 *
 * - **Who, from where, about whom.** Each entry names the acting office (the system's actions: the case's
 *   office), the client address and user agent when a request caused it, the cases and people it concerns
 *   (`case_ids`, `person_ids`: a list view is one entry naming every row shown) and the offices party to
 *   those cases (`case_office_codes`, for the auditors' jurisdiction).
 * - **The chain.** A BEFORE INSERT trigger numbers each entry (`chain_seq`, 1, 2, 3 … without gaps) and
 *   sets `previous_hash` and `hash` = sha256 of the entry's canonical form (`audit_event_canonical`: a jsonb
 *   array of every column but `hash`, whose text form PostgreSQL fixes). Whatever `INSERT` sends for them
 *   is overwritten. Writers are serialised on the one row of `audit_chain_head` (SELECT … FOR UPDATE waits
 *   for the previous writer to commit and then reads its head, in READ COMMITTED; a REPEATABLE READ writer
 *   that raced gets a serialisation failure instead of a fork), so concurrent writers make one line.
 * - **Every case action is in it.** An AFTER INSERT trigger on `case_action` appends a `case.<action>`
 *   entry (who, when, from and to state, the reason) with the action's id and the sha256 of the action row,
 *   so verifying the chain also proves the case logs unchanged. Existing rows are chained here, in id order,
 *   then every existing case action is appended.
 *
 * The trigger functions are SECURITY DEFINER (owner's rights, fixed search_path): a login role that may
 * only INSERT into audit_event and case_action still moves the head.
 */
export class AuditChain1764450000000 implements MigrationInterface {
  name = 'AuditChain1764450000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_event
      ALTER COLUMN actor_user_id DROP NOT NULL,
      ALTER COLUMN subject_id DROP NOT NULL,
      ADD COLUMN office_code varchar(12),
      ADD COLUMN client_ip inet,
      ADD COLUMN user_agent varchar(256),
      ADD COLUMN case_ids uuid[] NOT NULL DEFAULT '{}',
      ADD COLUMN person_ids uuid[] NOT NULL DEFAULT '{}',
      ADD COLUMN case_office_codes varchar(12)[] NOT NULL DEFAULT '{}',
      ADD COLUMN case_action_id bigint,
      ADD COLUMN case_action_digest char(64),
      ADD COLUMN chain_seq bigint,
      ADD COLUMN previous_hash char(64),
      ADD COLUMN hash char(64)`);
    await q.query(`
      CREATE TABLE audit_chain_head (
        id int PRIMARY KEY CHECK (id = 1),
        last_seq bigint NOT NULL,
        last_hash char(64) NOT NULL
      )`);
    await q.query(`INSERT INTO audit_chain_head VALUES (1, 0, repeat('0', 64))`);

    // The canonical form: fixed order, nulls kept, times in UTC to the microsecond.
    await q.query(`
      CREATE FUNCTION audit_event_canonical(e audit_event) RETURNS text LANGUAGE sql STABLE AS $$
        SELECT jsonb_build_array(
          e.chain_seq, e.previous_hash, e.id, to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
          e.actor_user_id, e.actor_role, e.office_code, e.action, e.subject_type, e.subject_id, e.reason, e.details,
          host(e.client_ip), e.user_agent, e.case_ids, e.person_ids, e.case_office_codes, e.case_action_id, e.case_action_digest
        )::text
      $$`);
    await q.query(`
      CREATE FUNCTION audit_event_digest(e audit_event) RETURNS char(64) LANGUAGE sql STABLE AS $$
        SELECT encode(sha256(convert_to(audit_event_canonical(e), 'UTF8')), 'hex')
      $$`);
    await q.query(`
      CREATE FUNCTION case_action_digest(a case_action) RETURNS char(64) LANGUAGE sql STABLE AS $$
        SELECT encode(sha256(convert_to(jsonb_build_array(
          a.id, a.case_id, a.case_type, a.action, a.from_state, a.to_state, a.actor_user_id, a.actor_role, a.reason,
          a.payload, a.transaction_id, to_char(a.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
        )::text, 'UTF8')), 'hex')
      $$`);
    await q.query(`
      CREATE FUNCTION audit_event_chain() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
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
    // The case, its person and the offices party to it, by case type (a certificate's own log: the certificate).
    await q.query(`
      CREATE FUNCTION audit_case_action(a case_action) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
      DECLARE
        person uuid;
        offices varchar(12)[] := '{}';
        actor_office varchar(12);
      BEGIN
        IF a.case_type = 'certificate-application' THEN
          SELECT person_id, array_remove(ARRAY[office_code, destination_office_code], NULL) INTO person, offices FROM certificate_application WHERE id = a.case_id;
        ELSIF a.case_type = 'service-report' THEN
          SELECT person_id, ARRAY[filing_office_code, registration_office_code] INTO person, offices FROM service_report WHERE id = a.case_id;
        ELSIF a.case_type = 'residence-registration' THEN
          SELECT person_id, ARRAY[residence_office_code, registration_office_code] INTO person, offices FROM residence_registration WHERE id = a.case_id;
        ELSIF a.case_type = 'certificate' THEN
          SELECT person_id, ARRAY[office_code] INTO person, offices FROM certificate WHERE id = a.case_id;
        END IF;
        IF a.actor_user_id IS NOT NULL THEN
          SELECT office_code INTO actor_office FROM app_user WHERE id = a.actor_user_id;
        END IF;
        INSERT INTO audit_event (occurred_at, actor_user_id, actor_role, office_code, action, subject_type, subject_id, reason, details,
                                 case_ids, person_ids, case_office_codes, case_action_id, case_action_digest)
        VALUES (a.occurred_at, a.actor_user_id, a.actor_role, coalesce(actor_office, offices[1]), left('case.' || a.action, 48), a.case_type,
                a.case_id, a.reason, jsonb_build_object('fromState', a.from_state, 'toState', a.to_state),
                ARRAY[a.case_id], CASE WHEN person IS NULL THEN '{}'::uuid[] ELSE ARRAY[person] END, coalesce(offices, '{}'),
                a.id, case_action_digest(a));
      END $$`);
    await q.query(`
      CREATE FUNCTION case_action_audited() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
      BEGIN
        PERFORM audit_case_action(NEW);
        RETURN NULL;
      END $$`);

    // Chain what is there: the rows written so far, in the order they were written, then every case action.
    await q.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only`);
    await q.query(`
      UPDATE audit_event e SET office_code = u.office_code,
        case_ids = CASE WHEN e.subject_type IN ('certificate-application', 'service-report', 'residence-registration') THEN ARRAY[e.subject_id] ELSE '{}' END,
        person_ids = CASE WHEN e.subject_type = 'person' THEN ARRAY[e.subject_id] ELSE '{}' END
      FROM app_user u WHERE u.id = e.actor_user_id`);
    await q.query(`
      DO $$
      DECLARE
        r audit_event;
        seq bigint := 0;
        prev char(64) := repeat('0', 64);
      BEGIN
        FOR r IN SELECT * FROM audit_event ORDER BY id LOOP
          seq := seq + 1;
          r.chain_seq := seq;
          r.previous_hash := prev;
          prev := audit_event_digest(r);
          UPDATE audit_event SET chain_seq = seq, previous_hash = r.previous_hash, hash = prev WHERE id = r.id;
        END LOOP;
        UPDATE audit_chain_head SET last_seq = seq, last_hash = prev WHERE id = 1;
      END $$`);
    await q.query(`ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only`);
    await q.query(`CREATE TRIGGER audit_event_chain BEFORE INSERT ON audit_event FOR EACH ROW EXECUTE FUNCTION audit_event_chain()`);
    await q.query(`
      DO $$
      DECLARE
        a case_action;
      BEGIN
        FOR a IN SELECT * FROM case_action ORDER BY id LOOP
          PERFORM audit_case_action(a);
        END LOOP;
      END $$`);
    await q.query(`CREATE TRIGGER case_action_audited AFTER INSERT ON case_action FOR EACH ROW EXECUTE FUNCTION case_action_audited()`);

    await q.query(`ALTER TABLE audit_event ALTER COLUMN chain_seq SET NOT NULL, ALTER COLUMN previous_hash SET NOT NULL, ALTER COLUMN hash SET NOT NULL`);
    // Verification walks the chain; each of the auditors' filters has its index in the chain's order.
    await q.query(`CREATE UNIQUE INDEX audit_event_chain_seq_idx ON audit_event (chain_seq)`);
    await q.query(`CREATE UNIQUE INDEX audit_event_case_action_idx ON audit_event (case_action_id) WHERE case_action_id IS NOT NULL`);
    await q.query(`DROP INDEX audit_event_actor_idx`);
    await q.query(`CREATE INDEX audit_event_actor_seq_idx ON audit_event (actor_user_id, chain_seq)`);
    await q.query(`CREATE INDEX audit_event_office_seq_idx ON audit_event (office_code, chain_seq)`);
    await q.query(`CREATE INDEX audit_event_case_ids_idx ON audit_event USING gin (case_ids)`);
    await q.query(`CREATE INDEX audit_event_person_ids_idx ON audit_event USING gin (person_ids)`);
    await q.query(`CREATE TRIGGER audit_chain_head_kept BEFORE TRUNCATE OR DELETE ON audit_chain_head FOR EACH STATEMENT EXECUTE FUNCTION refuse_rewrite()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER audit_chain_head_kept ON audit_chain_head`);
    await q.query(`DROP TRIGGER case_action_audited ON case_action`);
    await q.query(`DROP TRIGGER audit_event_chain ON audit_event`);
    for (const index of ['audit_event_person_ids_idx', 'audit_event_case_ids_idx', 'audit_event_office_seq_idx', 'audit_event_actor_seq_idx', 'audit_event_case_action_idx', 'audit_event_chain_seq_idx']) {
      await q.query(`DROP INDEX ${index}`);
    }
    await q.query(`CREATE INDEX audit_event_actor_idx ON audit_event (actor_user_id, occurred_at)`);
    await q.query(`DROP FUNCTION case_action_audited()`);
    await q.query(`DROP FUNCTION audit_case_action(case_action)`);
    await q.query(`DROP FUNCTION audit_event_chain()`);
    await q.query(`DROP FUNCTION case_action_digest(case_action)`);
    await q.query(`DROP FUNCTION audit_event_digest(audit_event)`);
    await q.query(`DROP FUNCTION audit_event_canonical(audit_event)`);
    await q.query(`DROP TABLE audit_chain_head`);
    // The copies of the case log, and the entries the old columns cannot hold (the system's, list views), go with the chain.
    await q.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only`);
    await q.query(`DELETE FROM audit_event WHERE case_action_id IS NOT NULL OR actor_user_id IS NULL OR subject_id IS NULL`);
    await q.query(`ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only`);
    await q.query(`ALTER TABLE audit_event
      DROP COLUMN hash, DROP COLUMN previous_hash, DROP COLUMN chain_seq, DROP COLUMN case_action_digest, DROP COLUMN case_action_id,
      DROP COLUMN case_office_codes, DROP COLUMN person_ids, DROP COLUMN case_ids, DROP COLUMN user_agent, DROP COLUMN client_ip,
      DROP COLUMN office_code, ALTER COLUMN subject_id SET NOT NULL, ALTER COLUMN actor_user_id SET NOT NULL`);
  }
}
