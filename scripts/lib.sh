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
