# Shared by start.sh and test.sh: make the machine ready, installing only what is missing.
# Each step is idempotent and fast when its result already exists.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PASSAGE_DATA_DIR="${PASSAGE_DATA_DIR:-$REPO_ROOT/.data}"

# Each step says when it began (seconds since the script started), so a slow run shows where its time went.
step() { printf '\n\033[1m==> %s\033[0m (at %ss)\n' "$*" "$SECONDS" >&2; }

ensure_node_modules() {
  # npm ci when node_modules is missing or older than the lock file. Install scripts stay off (npm 11's
  # default): none of our dependencies needs one (Temporal's core bridge and swc ship prebuilt binaries).
  if [[ ! -f "$REPO_ROOT/node_modules/.package-lock.json" || "$REPO_ROOT/package-lock.json" -nt "$REPO_ROOT/node_modules/.package-lock.json" ]]; then
    step "Installing npm packages"
    (cd "$REPO_ROOT" && npm ci --no-audit --no-fund)
  fi
}

ensure_fonts() {
  step "Fonts for certificate PDFs"
  bash "$REPO_ROOT/scripts/install-fonts.sh"
}

ensure_postgres() {
  step "PostgreSQL"
  bash "$REPO_ROOT/scripts/postgres.sh"
}

ensure_temporal_cli() {
  step "Temporal CLI"
  local path
  if path="$(bash "$REPO_ROOT/scripts/temporal-cli.sh" | tail -n 1)" && [[ -n "$path" ]]; then
    export TEMPORAL_CLI="$path"
  else
    echo "No Go toolchain: the Temporal SDK will download its own dev server where the network allows." >&2
  fi
}

ensure_temporal_test_server() {
  step "Temporal time-skipping test server"
  bash "$REPO_ROOT/scripts/temporal-test-server.sh" >/dev/null
}

ensure_schemathesis() {
  step "schemathesis (OpenAPI contract tests, in .data/venv)"
  bash "$REPO_ROOT/scripts/schemathesis.sh" >/dev/null
}

build() {
  step "Building (TypeScript and the workflow bundle)"
  (cd "$REPO_ROOT" && npm run --silent build)
}

# --- Setup steps that wait on the network or a compiler, run side by side -------------------------------
# On a fresh machine the Temporal CLI is compiled from source (minutes of Go), the time-skipping server
# and schemathesis are downloaded: none needs the others, nor node_modules. `start_in_background NAME CMD…`
# runs one with its output in .data/setup-NAME.log; `await_background` waits for all of them and, if one
# failed, prints its log and fails.
declare -a BACKGROUND_PIDS=() BACKGROUND_NAMES=()

start_in_background() {
  local name="$1"; shift
  mkdir -p "$PASSAGE_DATA_DIR"
  ("$@") >"$PASSAGE_DATA_DIR/setup-$name.log" 2>&1 &
  BACKGROUND_PIDS+=("$!")
  BACKGROUND_NAMES+=("$name")
  echo "started in the background: $name (log: .data/setup-$name.log)" >&2
}

await_background() {
  local i failed=0
  for i in "${!BACKGROUND_PIDS[@]}"; do
    if wait "${BACKGROUND_PIDS[$i]}"; then
      echo "done: ${BACKGROUND_NAMES[$i]}" >&2
    else
      failed=1
      echo "FAILED: ${BACKGROUND_NAMES[$i]}; its output:" >&2
      cat "$PASSAGE_DATA_DIR/setup-${BACKGROUND_NAMES[$i]}.log" >&2
    fi
  done
  BACKGROUND_PIDS=() BACKGROUND_NAMES=()
  return "$failed"
}

# The Temporal CLI's path, found (or built) in the background: its last line, in .data/temporal-cli.path.
# Exit 3 of temporal-cli.sh (no Go toolchain, no cached binary) leaves the file empty: the SDK's own download is
# the fallback there, not a failure.
temporal_cli_path_to_file() {
  local out="$PASSAGE_DATA_DIR/temporal-cli.path" status=0
  : >"$out"
  bash "$REPO_ROOT/scripts/temporal-cli.sh" >"$out.all" || status=$?
  tail -n 1 "$out.all" >"$out"
  rm -f "$out.all"
  if [[ $status -eq 3 ]]; then : >"$out"; return 0; fi
  return "$status"
}

export_temporal_cli_from_file() {
  local path
  path="$(cat "$PASSAGE_DATA_DIR/temporal-cli.path" 2>/dev/null || true)"
  if [[ -n "$path" ]]; then
    export TEMPORAL_CLI="$path"
  else
    echo "No Go toolchain: the Temporal SDK will download its own dev server where the network allows." >&2
  fi
}
