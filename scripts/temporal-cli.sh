#!/usr/bin/env bash
# Prints (last stdout line only) the absolute path of a real Temporal CLI binary, v1.5.1.
#
# Why: the Temporal TS SDK's TestWorkflowEnvironment.createLocal() and `temporal server start-dev`
# need the CLI. The SDK would normally download it from temporal.download at test time, which is
# not reachable on CI (only package registries are). The Go module proxy *is* reachable, so we
# build the CLI from source once with `go install` and cache it.
#
# Exit codes:
#   0  path printed on stdout (last line)
#   3  no Go toolchain and no cached binary: nothing printed. Callers then fall back to their own
#      way of getting the CLI. This is the normal case on a developer laptop with internet access
#      and no Go: tests/support/temporal-server.ts lets the SDK download the CLI itself
#      ({ type: 'cached-download' }), scripts/temporal-dev-server.sh uses `temporal` from PATH.
#   1  anything else (e.g. the go build failed)
#
# Idempotent: a cached binary is printed instantly. Progress messages go to stderr.
#
# Overrides:
#   TEMPORAL_CLI=/path/to/temporal   use that binary instead (must be executable); nothing is built
set -euo pipefail

readonly VERSION=v1.5.1
readonly MODULE=github.com/temporalio/cli/cmd/temporal
readonly CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/passage/temporal-cli/${VERSION}"
readonly BIN="${CACHE_DIR}/temporal"
# Matches any `go install` of this module+version, including one that installs straight into the
# cache dir (the CI image kicks one off in the background while provisioning; `go install` then
# writes the binary in place, so a present-and-executable file is NOT proof that it is complete
# while that process is still alive).
readonly BUILD_PATTERN="go install ${MODULE}@${VERSION}"

log() { printf 'temporal-cli.sh: %s\n' "$*" >&2; }

if [[ -n "${TEMPORAL_CLI:-}" ]]; then
  [[ -x "$TEMPORAL_CLI" ]] || { log "TEMPORAL_CLI=${TEMPORAL_CLI} is not an executable file"; exit 1; }
  # Absolute path, as callers may chdir.
  printf '%s\n' "$(cd "$(dirname "$TEMPORAL_CLI")" && pwd)/$(basename "$TEMPORAL_CLI")"
  exit 0
fi

build_running() { pgrep -f "$BUILD_PATTERN" >/dev/null 2>&1; }

# Fast path: cached and no build writing to it right now.
if [[ -x "$BIN" ]] && ! build_running; then
  printf '%s\n' "$BIN"
  exit 0
fi

# Another `go install` of the same thing is in flight (the background CI provisioning one, or a
# concurrent run of this script): wait for it instead of starting a second build that would fight
# for the same 2 CPUs and the same module cache. A cold build takes several minutes.
if build_running; then
  log "a '${BUILD_PATTERN}' is already running; waiting for it to finish (this can take minutes)"
  waited=0
  while build_running; do
    sleep 2
    waited=$((waited + 2))
    if ((waited % 60 == 0)); then log "still waiting (${waited}s)"; fi
  done
  if [[ -x "$BIN" ]] && "$BIN" --version >/dev/null 2>&1; then
    log "ready: ${BIN}"
    printf '%s\n' "$BIN"
    exit 0
  fi
  log "the concurrent build finished without producing a working ${BIN}; building it myself"
fi

if ! command -v go >/dev/null 2>&1; then
  # No Go toolchain (typically a developer laptop): print nothing, exit 3, caller falls back.
  log "no cached Temporal CLI and no 'go' on PATH; caller should fall back to the SDK download"
  exit 3
fi

mkdir -p "$CACHE_DIR"
# Leftovers of builds that were SIGKILLed (the EXIT trap below could not run). No build of ours is
# running at this point (checked above), so any of them is garbage.
find "$CACHE_DIR" -maxdepth 1 -name '.gobin.*' -type d -exec rm -rf {} + 2>/dev/null || true
# Build into a private GOBIN on the same filesystem, then rename: rename(2) is atomic, so a build
# that is killed half-way never leaves a truncated binary at $BIN for the fast path to pick up.
tmp_bin="$(mktemp -d "${CACHE_DIR}/.gobin.XXXXXX")"
trap 'rm -rf "$tmp_bin"' EXIT

log "building Temporal CLI ${VERSION} with '$(command -v go)' (first run only; takes minutes)"
# The command line deliberately contains BUILD_PATTERN so concurrent runs of this script see it.
if ! GOBIN="$tmp_bin" go install "${MODULE}@${VERSION}" >&2; then
  log "go install failed (is the Go module proxy reachable? GOPROXY=$(go env GOPROXY))"
  exit 1
fi
"$tmp_bin/temporal" --version >&2
mv -f "$tmp_bin/temporal" "$BIN"
log "ready: ${BIN}"
printf '%s\n' "$BIN"
