#!/bin/sh
# One-shot registration of Passage's custom Temporal search attributes (the temporal-setup service of
# docker-compose.yml, on the temporalio/admin-tools image, whose `temporal` CLI this uses).
#
# The list is libs/contracts/search-attributes.txt, one `Name=Type` per line: the same file
# scripts/temporal-dev-server.sh uses, kept equal to the TypeScript registrations by
# tests/unit/search-attributes.spec.ts. Compose mounts it at $SEARCH_ATTRIBUTES_FILE.
#
# Idempotent: an attribute that already exists with the same type is fine (the CLI says so and exits 0;
# a concurrent registration's "already exists" error is accepted too). One that exists with a different
# type is an error: workflows would fail to upsert it, so the setup fails and the api/worker do not start.
#
# Environment:
#   TEMPORAL_ADDRESS         host:port of the frontend (required)
#   TEMPORAL_NAMESPACE       namespace to register in (default: default)
#   SEARCH_ATTRIBUTES_FILE   the Name=Type list (default: /etc/passage/search-attributes.txt)
#   TEMPORAL_CLI             the CLI binary (default: temporal)
#   WAIT_ATTEMPTS / WAIT_SECONDS   how long to wait for the namespace (default: 90 x 2 s)
set -eu

: "${TEMPORAL_ADDRESS:?TEMPORAL_ADDRESS must be set (e.g. temporal:7233)}"
namespace="${TEMPORAL_NAMESPACE:-default}"
file="${SEARCH_ATTRIBUTES_FILE:-/etc/passage/search-attributes.txt}"
cli="${TEMPORAL_CLI:-temporal}"
wait_attempts="${WAIT_ATTEMPTS:-90}"
wait_seconds="${WAIT_SECONDS:-2}"

log() { printf 'register-search-attributes: %s\n' "$*" >&2; }

if [ ! -r "$file" ]; then
  log "cannot read ${file} (is libs/contracts/search-attributes.txt mounted there?)"
  exit 1
fi

# Validate the whole file before touching the server.
entries=""
while IFS= read -r line || [ -n "$line" ]; do
  line="$(printf '%s' "$line" | tr -d '\r')"
  [ -z "$line" ] && continue
  if ! printf '%s\n' "$line" | grep -Eq '^[A-Za-z][A-Za-z0-9_]*=(Keyword|Text|Int|Double|Bool|Datetime|KeywordList)$'; then
    log "bad line in ${file}: '${line}' (expected Name=Type)"
    exit 1
  fi
  entries="${entries}${line}
"
done <"$file"
if [ -z "$entries" ]; then
  log "${file} lists no search attributes"
  exit 1
fi

# The server reports healthy before auto-setup has created the namespace; listing the namespace's search
# attributes succeeds once the namespace exists and the frontend's namespace cache has it.
attempt=1
until "$cli" operator search-attribute list --address "$TEMPORAL_ADDRESS" --namespace "$namespace" >/dev/null 2>&1; do
  if [ "$attempt" -ge "$wait_attempts" ]; then
    log "namespace '${namespace}' not available at ${TEMPORAL_ADDRESS} after ${attempt} attempts"
    exit 1
  fi
  log "waiting for namespace '${namespace}' at ${TEMPORAL_ADDRESS} (${attempt}/${wait_attempts})"
  attempt=$((attempt + 1))
  sleep "$wait_seconds"
done

register() {
  name="$1"
  type="$2"
  tries=1
  while :; do
    if out="$("$cli" operator search-attribute create --address "$TEMPORAL_ADDRESS" --namespace "$namespace" \
      --name "$name" --type "$type" 2>&1)"; then
      log "${name} (${type}): ok${out:+ - $(printf '%s' "$out" | tr '\n' ' ')}"
      return 0
    fi
    case "$out" in
      *"different type"*)
        log "${name} already exists in '${namespace}' with another type than ${type}: ${out}"
        return 1
        ;;
      *"already exists"* | *"AlreadyExists"*)
        log "${name} (${type}): already exists"
        return 0
        ;;
    esac
    if [ "$tries" -ge 5 ]; then
      log "${name} (${type}): failed: ${out}"
      return 1
    fi
    log "${name} (${type}): attempt ${tries} failed, retrying: ${out}"
    tries=$((tries + 1))
    sleep "$wait_seconds"
  done
}

# A here-document, not a pipe, so a failure exits this shell rather than a subshell.
while IFS='=' read -r name type; do
  [ -z "$name" ] && continue
  register "$name" "$type"
done <<ENTRIES
$entries
ENTRIES

# Confirm every attribute is now listed in the namespace.
listed="$("$cli" operator search-attribute list --address "$TEMPORAL_ADDRESS" --namespace "$namespace" 2>&1)"
missing=""
while IFS='=' read -r name type; do
  [ -z "$name" ] && continue
  printf '%s\n' "$listed" | grep -qw -- "$name" || missing="${missing} ${name}"
done <<ENTRIES
$entries
ENTRIES
if [ -n "$missing" ]; then
  log "not listed in '${namespace}' after registration:${missing}"
  exit 1
fi
log "all search attributes registered in '${namespace}'"
