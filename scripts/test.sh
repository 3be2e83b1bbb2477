#!/usr/bin/env bash
# The second command of the README, and what CI runs: installs what is missing, builds (which bundles the
# workflows, so a non-deterministic import fails here), lints, then runs every jest suite: unit,
# integration (real PostgreSQL + real Temporal dev server, and schemathesis against the api's OpenAPI
# document) and workflow (Temporal time-skipping server).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

step "Temporal CLI, time-skipping server, schemathesis: in the background"
start_in_background temporal-cli temporal_cli_path_to_file
start_in_background temporal-test-server bash "$REPO_ROOT/scripts/temporal-test-server.sh"
start_in_background schemathesis bash "$REPO_ROOT/scripts/schemathesis.sh"
ensure_node_modules
ensure_fonts
ensure_postgres
build

step "Lint"
npx eslint .

step "Waiting for the background setup"
await_background
export_temporal_cli_from_file

step "Tests"
mkdir -p "$PASSAGE_DATA_DIR"
results="$PASSAGE_DATA_DIR/jest-results.json"
status=0
# Two test files at a time: most of an integration file's time is waiting (on Temporal's timers and
# retries, on PostgreSQL), so two share the 2 CPUs of the development and CI machines well.
npx jest --ci --maxWorkers=2 --json --outputFile="$results" "$@" || status=$?
# One plain closing line, whatever the runner printed above it.
node -e '
  const r = require(process.argv[1]);
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`);
' "$results" || true
exit "$status"
