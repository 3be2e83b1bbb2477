#!/usr/bin/env bash
# Makes the local PostgreSQL ready for Passage, idempotently: starts Debian's cluster if it is down and
# creates two roles and the `passage` database:
#   passage_migrator  owns the `passage` database and its tables; migrations run as it (DATABASE_MIGRATION_URL).
#                     May create databases: the least-privilege test makes one owned by it, as `passage` is.
#   passage           the runtime role (DATABASE_URL): rows only, as the migrations grant it
#                     (DATABASE_RUNTIME_ROLE=passage). Also creates the per-run test databases, which it then
#                     owns (the tests use one role for both).
# A `passage` database from before the migrator role (owned by `passage`) is left as it is, and
# scripts/start.sh keeps running it with one role; PASSAGE_PG_HANDOVER=1 hands it over instead: the database
# and what `passage` owns in its schema public go to passage_migrator, data untouched, and the next
# `npm start` grants `passage` its row access. Running it again changes nothing.
# Skipped when DATABASE_URL points somewhere else: then that server is the user's to run.
set -euo pipefail

PG_VERSION="${PASSAGE_PG_VERSION:-15}"
PG_CLUSTER="${PASSAGE_PG_CLUSTER:-main}"

if [[ -n "${DATABASE_URL:-}" && ! "${DATABASE_URL}" =~ @(127\.0\.0\.1|localhost)(:5432)?/ ]]; then
  echo "postgres: DATABASE_URL points to another server; not starting a local one" >&2
  exit 0
fi

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "postgres: pg_ctlcluster not found. Install PostgreSQL 15 (apt-get install postgresql-15) or set DATABASE_URL." >&2
  exit 1
fi

if ! pg_lsclusters --no-header 2>/dev/null | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1==v && $2==c && $4=="online" {found=1} END {exit !found}'; then
  echo "postgres: starting cluster $PG_VERSION/$PG_CLUSTER" >&2
  pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start
fi

as_postgres() {
  if [[ "$(id -un)" == postgres ]]; then "$@"; elif [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

for _ in $(seq 1 30); do
  as_postgres psql -qAtc 'SELECT 1' >/dev/null 2>&1 && break
  sleep 0.5
done

as_postgres psql -v ON_ERROR_STOP=1 -qAt <<'SQL' >/dev/null
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'passage') THEN
    CREATE ROLE passage LOGIN CREATEDB PASSWORD 'passage';
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'passage_migrator') THEN
    CREATE ROLE passage_migrator LOGIN CREATEDB PASSWORD 'passage_migrator';
  ELSE
    ALTER ROLE passage_migrator LOGIN CREATEDB;
  END IF;
END
$$;
SELECT 'CREATE DATABASE passage OWNER passage_migrator' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'passage')
\gexec
SQL

if [[ "${PASSAGE_PG_HANDOVER:-}" == 1 ]]; then
  # Tables first (their indexes and identity sequences follow), then other sequences, then routines.
  as_postgres psql -v ON_ERROR_STOP=1 -qAt -d passage <<'SQL' >/dev/null
ALTER DATABASE passage OWNER TO passage_migrator;
DO $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT c.oid::regclass AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relowner = 'passage'::regrole AND c.relkind IN ('r', 'p', 'v', 'm', 'f') LOOP
    EXECUTE format('ALTER TABLE %s OWNER TO passage_migrator', r.name);
  END LOOP;
  FOR r IN SELECT c.oid::regclass AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relowner = 'passage'::regrole AND c.relkind = 'S' LOOP
    EXECUTE format('ALTER SEQUENCE %s OWNER TO passage_migrator', r.name);
  END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE n.nspname = 'public' AND p.proowner = 'passage'::regrole LOOP
    EXECUTE format('ALTER ROUTINE %s OWNER TO passage_migrator', r.name);
  END LOOP;
END
$$;
SQL
  echo "postgres: database passage handed over to passage_migrator" >&2
fi

owner="$(as_postgres psql -qAtc "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'passage'")"
echo "postgres: ready (roles passage_migrator and passage, database passage owned by $owner)" >&2
