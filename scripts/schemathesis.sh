#!/usr/bin/env bash
# Installs schemathesis (property-based OpenAPI testing, from PyPI) into a project-local virtual environment
# and prints the path of its `st` command as the last line. Idempotent: instant when the pinned version is
# already there. The api contract test (tests/integration/api-contract/schemathesis.spec.ts) runs it.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PASSAGE_DATA_DIR="${PASSAGE_DATA_DIR:-$REPO_ROOT/.data}"
SCHEMATHESIS_VERSION="4.32.5"
VENV="$PASSAGE_DATA_DIR/venv"
ST="$VENV/bin/st"

installed_version() {
  [[ -x "$VENV/bin/python" ]] || return 1
  "$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("schemathesis"))' 2>/dev/null
}

if [[ "$(installed_version || true)" != "$SCHEMATHESIS_VERSION" ]]; then
  if ! command -v python3 >/dev/null; then
    echo "python3 is needed for schemathesis (apt-get install python3 python3-venv)" >&2
    exit 1
  fi
  mkdir -p "$PASSAGE_DATA_DIR"
  [[ -x "$VENV/bin/python" ]] || python3 -m venv "$VENV"
  echo "Installing schemathesis $SCHEMATHESIS_VERSION into $VENV" >&2
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION" >&2
fi
echo "$ST"
