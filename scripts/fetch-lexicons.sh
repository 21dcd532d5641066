#!/usr/bin/env bash
# Fetches the tone lexicon (VADER's vader_lexicon.txt, from the vaderSentiment package on
# PyPI), checks the artifact against a pinned sha256, and extracts the lexicon into
# data/sources/vadersentiment/vader_lexicon.txt, where dateline-tone looks for it
# (dateline_tone::DEFAULT_LEXICON).
#
# Needs: python3 with pip. No root. Only PyPI is contacted (through pip, so pip's own index
# configuration applies). Idempotent: an artifact already in data/sources/downloads/ with
# the right checksum is not downloaded again, and an extracted lexicon is rewritten only
# when it differs.
#
#   scripts/fetch-lexicons.sh
#
# License and attribution: THIRD-PARTY-DATA.md (VADER lexicon, MIT, C.J. Hutto).
set -euo pipefail
cd "$(dirname "$0")/.."

for arg in "$@"; do
  case "$arg" in
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "fetch-lexicons: unknown argument: $arg" >&2; exit 2 ;;
  esac
done

SOURCES=data/sources
DL="$SOURCES/downloads"
mkdir -p "$DL"

PYTHON="${PYTHON:-python3}"
TAG=fetch-lexicons
# shellcheck source=lib/pypi-fetch.sh
source scripts/lib/pypi-fetch.sh
require_pip

REQ="vaderSentiment==3.3.2"
FILE="vaderSentiment-3.3.2-py2.py3-none-any.whl"
WANT="3bf1d243b98b1afad575b9f22bc2cb1e212b94ff89ca74f8a23a588d024ea311"

fetch_pinned "$REQ" "$FILE" "$WANT" "$DL"

extract_members "$DL/$FILE" "$SOURCES/vadersentiment" "vaderSentiment 3.3.2" \
  "vaderSentiment/vader_lexicon.txt=vader_lexicon.txt" \
  "vaderSentiment-3.3.2.dist-info/LICENSE.txt=LICENSE.txt"
echo "fetch-lexicons: lexicon in $SOURCES/vadersentiment/vader_lexicon.txt" >&2
