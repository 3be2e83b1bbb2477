#!/bin/bash
# Runs once, when the postgres container initialises an empty data volume (docker-entrypoint-initdb.d).
# Creates one role per consumer, each owning its databases (PostgreSQL 15 grants CREATE on the public
# schema to the database owner only):
#   temporal  -> temporal, temporal_visibility   (temporalio/auto-setup creates the schemas in them)
#   passage_migrator -> passage                 (the api and the worker run their migrations as it)
#   passage                                     (their runtime role: rows only, granted by the migrations)
# Passwords come from TEMPORAL_DB_PASSWORD, PASSAGE_MIGRATOR_DB_PASSWORD and PASSAGE_DB_PASSWORD
# (docker-compose.yml). Changing them
# later has no effect on an existing volume: ALTER ROLE ... PASSWORD by hand, then update the variables.
set -euo pipefail

: "${TEMPORAL_DB_PASSWORD:?TEMPORAL_DB_PASSWORD must be set}"
: "${PASSAGE_DB_PASSWORD:?PASSAGE_DB_PASSWORD must be set}"
: "${PASSAGE_MIGRATOR_DB_PASSWORD:?PASSAGE_MIGRATOR_DB_PASSWORD must be set}"

# Passwords are passed as psql variables and quoted by psql (:'name'), never spliced into the SQL text.
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "${POSTGRES_DB:-$POSTGRES_USER}" \
  -v temporal_password="$TEMPORAL_DB_PASSWORD" \
  -v passage_password="$PASSAGE_DB_PASSWORD" \
  -v migrator_password="$PASSAGE_MIGRATOR_DB_PASSWORD" <<'SQL'
CREATE ROLE temporal LOGIN PASSWORD :'temporal_password';
CREATE DATABASE temporal OWNER temporal;
CREATE DATABASE temporal_visibility OWNER temporal;

CREATE ROLE passage_migrator LOGIN PASSWORD :'migrator_password';
CREATE DATABASE passage OWNER passage_migrator;
CREATE ROLE passage LOGIN PASSWORD :'passage_password';
SQL
