#!/usr/bin/env bash
# Makes the local PostgreSQL ready for Passage, idempotently: starts Debian's cluster if it is down and
# creates the `passage` role (allowed to create the per-run test databases) and the `passage` database.
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
END
$$;
SELECT 'CREATE DATABASE passage OWNER passage' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'passage')
\gexec
SQL
echo "postgres: ready (role passage, database passage)" >&2
