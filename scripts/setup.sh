#!/usr/bin/env bash
# Sets dateline up on a fresh machine: builds the release binary (target/release/dateline).
# Needs only the Rust toolchain and the crates.io registry.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v cargo >/dev/null 2>&1; then
  echo "setup: cargo not found; install the Rust toolchain (https://rustup.rs) first" >&2
  exit 1
fi
cargo build --release --locked -p dateline
echo "setup: built $(pwd)/target/release/dateline" >&2
