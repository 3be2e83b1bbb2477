#!/usr/bin/env bash
# Installs schemathesis (property-based OpenAPI testing) and openapi-spec-validator, both from PyPI, into a
# project-local virtual environment and prints the path of its `st` command as the last line (the
# validator is `openapi-spec-validator` beside it). Idempotent: instant when the pinned version is
# already there. The api contract test (tests/integration/api-contract/schemathesis.spec.ts) runs it, and
# `npm test` runs it once before jest so the first integration file does not wait for pip.
#
# Needs python3 with the venv module (Debian: python3-venv, installed here via apt when it is missing).
# Overrides: PASSAGE_PYTHON=/path/python3   build the venv with that interpreter
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PASSAGE_DATA_DIR="${PASSAGE_DATA_DIR:-$REPO_ROOT/.data}"
readonly SCHEMATHESIS_VERSION="4.32.5"
readonly VALIDATOR_VERSION="0.9.0"
readonly VENV="$PASSAGE_DATA_DIR/venv"
readonly PYTHON="${PASSAGE_PYTHON:-python3}"

log() { printf 'schemathesis.sh: %s\n' "$*" >&2; }

installed_versions() {
  [[ -x "$VENV/bin/python" ]] || return 1
  "$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("schemathesis"), m.version("openapi-spec-validator"))' 2>/dev/null
}

make_venv() {
  if "$PYTHON" -m venv "$VENV" >&2; then return 0; fi
  rm -rf "$VENV"
  if command -v apt-get >/dev/null; then
    log "python3 -m venv failed: installing python3-venv"
    apt-get install -y -q python3-venv >&2 || { apt-get update -q >&2 && apt-get install -y -q python3-venv >&2; }
    "$PYTHON" -m venv "$VENV" >&2
  else
    log "python3 -m venv failed and there is no apt-get: install the venv module of $PYTHON"
    return 1
  fi
}

if [[ "$(installed_versions || true)" != "$SCHEMATHESIS_VERSION $VALIDATOR_VERSION" ]]; then
  command -v "$PYTHON" >/dev/null || { log "$PYTHON not found (Debian: apt-get install python3 python3-venv)"; exit 1; }
  mkdir -p "$PASSAGE_DATA_DIR"
  [[ -x "$VENV/bin/python" ]] || make_venv
  log "installing schemathesis $SCHEMATHESIS_VERSION and openapi-spec-validator $VALIDATOR_VERSION into $VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    "schemathesis==$SCHEMATHESIS_VERSION" "openapi-spec-validator==$VALIDATOR_VERSION" >&2
fi
echo "$VENV/bin/st"
