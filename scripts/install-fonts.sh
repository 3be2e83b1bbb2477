#!/usr/bin/env bash
# Makes sure a CJK TrueType font is there for certificate PDFs (libs/certificate-document/cjk-font.ts),
# idempotently: returns at once when a usable font is present, otherwise installs the Debian package
# fonts-wqy-microhei (≈1.6 MB download; Chinese and Latin glyphs in one face that pdfkit embeds and
# subsets). `apt-get update` runs only when apt does not know the package yet (fresh images ship with
# empty package lists), so a machine with the font never touches the network.
#
# Overrides:
#   PASSAGE_CJK_FONT=/path/font.ttf or /path/fonts.ttc#PostScriptName   use that font; nothing installed
set -euo pipefail

readonly PACKAGE=fonts-wqy-microhei
# Keep in step with KNOWN_CJK_FONTS in libs/certificate-document/cjk-font.ts.
readonly KNOWN_FONTS=(
  /usr/share/fonts/truetype/wqy/wqy-microhei.ttc
  /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc
)

log() { printf 'install-fonts.sh: %s\n' "$*" >&2; }

if [[ -n "${PASSAGE_CJK_FONT:-}" ]]; then
  configured="${PASSAGE_CJK_FONT%%#*}"
  [[ -f "$configured" ]] || { log "PASSAGE_CJK_FONT=${PASSAGE_CJK_FONT}: no such file"; exit 1; }
  log "using PASSAGE_CJK_FONT=${PASSAGE_CJK_FONT}"
  exit 0
fi

for font in "${KNOWN_FONTS[@]}"; do
  if [[ -f "$font" ]]; then
    log "found ${font}"
    exit 0
  fi
done

as_root() {
  if [[ "$(id -u)" == 0 ]]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else log "need root to run: $*"; return 1
  fi
}

if ! command -v apt-get >/dev/null 2>&1; then
  log "no apt-get here: install a CJK TrueType font yourself and set PASSAGE_CJK_FONT"
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# `apt-cache show` succeeds only when the package lists already name the package.
if ! apt-cache show "$PACKAGE" >/dev/null 2>&1; then
  log "updating package lists"
  as_root apt-get update -qq
fi
log "installing ${PACKAGE}"
as_root apt-get install -y -qq --no-install-recommends "$PACKAGE" >/dev/null

[[ -f "${KNOWN_FONTS[0]}" ]] || { log "${PACKAGE} installed but ${KNOWN_FONTS[0]} is missing"; exit 1; }
log "installed ${KNOWN_FONTS[0]}"
