#!/usr/bin/env bash
# Runs a local Temporal dev server (`temporal server start-dev`) in the foreground for development.
#
#   bash scripts/temporal-dev-server.sh [extra start-dev flags, e.g. --headless]
#
# - State persists across restarts in ${PASSAGE_DATA_DIR:-<repo>/.data}/temporal/temporal.db
#   (.data/ is git-ignored). Delete that file to start from an empty server.
# - gRPC on 127.0.0.1:${TEMPORAL_PORT:-7233}, Web UI on http://127.0.0.1:${TEMPORAL_UI_PORT:-8233}.
# - Registers Passage's custom search attributes, read from libs/contracts/search-attributes.txt
#   (one `Name=Type` per line). That file is the single list used here; a unit test
#   (tests/unit/search-attributes.spec.ts) keeps it equal to SEARCH_ATTRIBUTE_REGISTRATIONS in
#   libs/contracts/search-attributes.ts, which the TypeScript code uses. Re-registering on restart
#   against an existing db is fine: start-dev skips attributes that already exist with that type.
#
# The CLI comes from scripts/temporal-cli.sh (cached v1.5.1 build, or TEMPORAL_CLI=/path); if that
# cannot provide one (no Go toolchain), `temporal` from PATH is used
# (brew install temporal, or https://docs.temporal.io/cli#install).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly REPO_ROOT
readonly DATA_DIR="${PASSAGE_DATA_DIR:-${REPO_ROOT}/.data}"
readonly DB_FILE="${DATA_DIR}/temporal/temporal.db"
readonly SEARCH_ATTRIBUTES_FILE="${REPO_ROOT}/libs/contracts/search-attributes.txt"

log() { printf 'temporal-dev-server.sh: %s\n' "$*" >&2; }

# `if` around the substitution: under `set -e` a failing $(...) in a plain assignment would abort
# before we could look at the exit code.
if temporal_cli_out="$(bash "${REPO_ROOT}/scripts/temporal-cli.sh")"; then
  temporal="$(tail -n 1 <<<"$temporal_cli_out")"
else
  rc=$?
  if [[ $rc -eq 3 ]] && command -v temporal >/dev/null 2>&1; then
    temporal="$(command -v temporal)"
    log "using temporal from PATH: ${temporal} ($("$temporal" --version 2>/dev/null || true))"
  else
    log "no Temporal CLI available (scripts/temporal-cli.sh exit ${rc}); install Go or the Temporal CLI"
    exit 1
  fi
fi

search_attribute_args=()
while IFS= read -r line || [[ -n "$line" ]]; do
  line="${line%$'\r'}"
  [[ -z "$line" ]] && continue
  if [[ ! "$line" =~ ^[A-Za-z][A-Za-z0-9_]*=(Keyword|Text|Int|Double|Bool|Datetime|KeywordList)$ ]]; then
    log "bad line in ${SEARCH_ATTRIBUTES_FILE}: '${line}' (expected Name=Type)"
    exit 1
  fi
  search_attribute_args+=(--search-attribute "$line")
done <"$SEARCH_ATTRIBUTES_FILE"

mkdir -p "$(dirname "$DB_FILE")"

# Write-ahead log, synced at checkpoints rather than at every commit: ~3x the workflow starts per second
# of the default (rollback journal, full sync) on the 2-core development machine (docs/benchmarks.md).
# The trade: an OS crash or power loss can lose the last transactions (a Passage or server crash cannot).
# Fine for a development server; production runs Temporal on PostgreSQL (docker-compose.yml).
sqlite_pragma_args=(--sqlite-pragma journal_mode=wal --sqlite-pragma synchronous=normal)

log "starting Temporal dev server: gRPC 127.0.0.1:${TEMPORAL_PORT:-7233}, UI http://127.0.0.1:${TEMPORAL_UI_PORT:-8233}, db ${DB_FILE}"
# exec: the server becomes this process, so Ctrl-C / SIGTERM from a process manager reach it
# directly and it shuts down cleanly (flushing the sqlite db).
exec "$temporal" server start-dev \
  --db-filename "$DB_FILE" \
  --ip 127.0.0.1 \
  --port "${TEMPORAL_PORT:-7233}" \
  --ui-port "${TEMPORAL_UI_PORT:-8233}" \
  --namespace default \
  --log-level "${TEMPORAL_LOG_LEVEL:-error}" \
  "${sqlite_pragma_args[@]}" \
  "${search_attribute_args[@]}" \
  "$@"
