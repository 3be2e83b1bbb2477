#!/usr/bin/env bash
# The second command of the README, and what CI runs: installs what is missing, builds (which bundles the
# workflows, so a non-deterministic import fails here), lints, then runs every jest suite: unit,
# integration (real PostgreSQL + real Temporal dev server, and schemathesis against the api's OpenAPI
# document) and workflow (Temporal time-skipping server).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

ensure_node_modules
ensure_fonts
ensure_postgres
ensure_temporal_cli
ensure_temporal_test_server
ensure_schemathesis
build

step "Lint"
npx eslint .

step "Tests"
mkdir -p "$PASSAGE_DATA_DIR"
results="$PASSAGE_DATA_DIR/jest-results.json"
status=0
npx jest --ci --json --outputFile="$results" "$@" || status=$?
# One plain closing line, whatever the runner printed above it.
node -e '
  const r = require(process.argv[1]);
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`);
' "$results" || true
exit "$status"
