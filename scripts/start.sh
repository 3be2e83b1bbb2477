#!/usr/bin/env bash
# The first command of the README: installs what is missing, then runs Passage on embedded defaults:
# a Temporal dev server (persistent, under .data/), the local PostgreSQL (or DATABASE_URL), migrations,
# demo offices and users, the worker and the api. Ctrl-C stops all of it.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

ensure_node_modules
ensure_fonts
ensure_postgres
build

# Least privilege on the local cluster (scripts/postgres.sh): migrations as passage_migrator, which owns the
# tables; the api and the worker as passage, which may only read and write rows (granted at start-up). A
# database from before the migrator role keeps one role for both until handed over. DATABASE_URL set: yours.
if [[ -z "${DATABASE_URL:-}" ]]; then
  export DATABASE_URL=postgres://passage:passage@127.0.0.1:5432/passage
  db_owner="$(PGPASSWORD=passage psql -h 127.0.0.1 -U passage -d passage -qAtc "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'passage'")"
  if [[ "$db_owner" == passage_migrator ]]; then
    export DATABASE_MIGRATION_URL="${DATABASE_MIGRATION_URL:-postgres://passage_migrator:passage_migrator@127.0.0.1:5432/passage}"
    export DATABASE_RUNTIME_ROLE="${DATABASE_RUNTIME_ROLE:-passage}"
  else
    echo "The passage database is owned by $db_owner (set up before the migrator role): migrations and rows share one role." >&2
    echo "To separate them: PASSAGE_PG_HANDOVER=1 bash scripts/postgres.sh" >&2
  fi
fi

export NODE_ENV="${NODE_ENV:-development}"
export DEV_LOGIN_ENABLED="${DEV_LOGIN_ENABLED:-true}"
export SEED_DEMO_DATA="${SEED_DEMO_DATA:-true}"
export TEMPORAL_PORT="${TEMPORAL_PORT:-7233}"
export TEMPORAL_UI_PORT="${TEMPORAL_UI_PORT:-8233}"
export PORT="${PORT:-3000}"
# The worker's Temporal SDK metrics for Prometheus; set it empty (WORKER_METRICS_ADDRESS=) to turn them off.
export WORKER_METRICS_ADDRESS="${WORKER_METRICS_ADDRESS-127.0.0.1:9464}"
# Webhooks may reach a receiver on this machine (development only); set it empty to refuse loopback too.
export WEBHOOK_ALLOWED_NETWORKS="${WEBHOOK_ALLOWED_NETWORKS-127.0.0.1/32,::1/128}"

pids=()
stop_all() {
  trap - INT TERM EXIT
  echo >&2
  step "Stopping"
  # Reverse order: the api first, Temporal last, so the worker can finish what it holds.
  for (( i=${#pids[@]}-1; i>=0; i-- )); do kill -TERM "${pids[i]}" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop_all INT TERM EXIT

wait_for_port() { # host port what
  for _ in $(seq 1 120); do
    (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null && return 0
    sleep 0.5
  done
  echo "$3 did not open $1:$2" >&2
  return 1
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in "$PORT" "$TEMPORAL_PORT" "$TEMPORAL_UI_PORT"; do
  if [[ "$port" != "$TEMPORAL_PORT" || -z "${TEMPORAL_ADDRESS:-}" ]] && port_in_use "$port"; then
    echo "Port $port is already in use (another Passage still running?). Stop it, or choose PORT / TEMPORAL_PORT / TEMPORAL_UI_PORT." >&2
    exit 1
  fi
done
if [[ -n "$WORKER_METRICS_ADDRESS" ]] && port_in_use "${WORKER_METRICS_ADDRESS##*:}"; then
  echo "Port ${WORKER_METRICS_ADDRESS##*:} (WORKER_METRICS_ADDRESS) is already in use. Choose another, or set WORKER_METRICS_ADDRESS= to turn worker metrics off." >&2
  exit 1
fi

if [[ -z "${TEMPORAL_ADDRESS:-}" ]]; then
  ensure_temporal_cli
  step "Temporal dev server on 127.0.0.1:$TEMPORAL_PORT (UI http://127.0.0.1:$TEMPORAL_UI_PORT)"
  bash scripts/temporal-dev-server.sh &
  pids+=($!)
  wait_for_port 127.0.0.1 "$TEMPORAL_PORT" "Temporal"
  export TEMPORAL_ADDRESS="127.0.0.1:$TEMPORAL_PORT"
fi

step "Worker and api"
node dist/apps/worker/src/main.js &
pids+=($!)
node dist/apps/api/src/main.js &
pids+=($!)
wait_for_port 127.0.0.1 "$PORT" "The api"
cat >&2 <<MSG

Passage is running.
  API        http://127.0.0.1:$PORT/api/v1   (OpenAPI UI: http://127.0.0.1:$PORT/docs)
  Health     http://127.0.0.1:$PORT/health
  Metrics    http://127.0.0.1:$PORT/metrics${WORKER_METRICS_ADDRESS:+   (worker: http://$WORKER_METRICS_ADDRESS/metrics)}
  Temporal   http://127.0.0.1:$TEMPORAL_UI_PORT
  Try:       curl -s -X POST http://127.0.0.1:$PORT/api/v1/auth/dev-login -H 'content-type: application/json' -d '{"username":"tengwangge.caseworker"}'
Press Ctrl-C to stop.
MSG
# Any child exiting ends the whole run, so a crash is not hidden behind a half-working service.
wait -n "${pids[@]}"
