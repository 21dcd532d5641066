#!/usr/bin/env bash
# The hostile-input test (issue 14; tests/hostile/README.md): the malformed-input corpus
# through `dateline analyze` (each file alone, then all as one batch) and `dateline ingest`
# (one batch into a fresh store). Every file must give its documents or one clear error, the
# batch must go on, nothing may be lost from the good files, the exit status must say that
# some failed; no panic, no hang (time limits), peak memory under 1 GB, and the store's
# `PRAGMA integrity_check` ok. Prints one row per file and fails (exit 1) listing every
# broken expectation.
#
#   scripts/hostile-test.sh                      # about a minute on 2 cores
#   HOSTILE_KEEP=/tmp/hostile scripts/hostile-test.sh   # keep generated files, outputs, store
#
# Settings (environment): HOSTILE_MAX_RSS_MB (1024), HOSTILE_FILE_LIMIT (120 s for one file),
# HOSTILE_BATCH_LIMIT (300 s for a batch), HOSTILE_BUDGET (600 s for the whole test).
#
# Builds nothing: needs target/release/dateline (scripts/setup.sh builds it) and python3.
# Peak memory comes from /usr/bin/time -v (Debian package `time`, installed with apt-get
# when missing; without it, from the kernel's wait4 accounting).
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=target/release/dateline
say() { echo "hostile-test: $*" >&2; }
die() { say "$*"; exit 1; }

[ -x "$BIN" ] || die "$BIN not found: run scripts/setup.sh first (it builds the release binary and the knowledge base)"
command -v python3 >/dev/null 2>&1 || die "python3 is needed (it generates the large cases and checks the outputs)"
command -v timeout >/dev/null 2>&1 || die "timeout (coreutils) is needed"
if [ ! -x /usr/bin/time ]; then
  say "installing /usr/bin/time (apt-get install time)"
  apt-get install -y time >/dev/null 2>&1 \
    || { apt-get update >/dev/null 2>&1 && apt-get install -y time >/dev/null 2>&1; } \
    || say "could not install time; peak memory comes from wait4 instead"
fi

started=$(date +%s)
if [ -n "${HOSTILE_KEEP:-}" ]; then
  WORK=$HOSTILE_KEEP
  rm -rf "$WORK"
  mkdir -p "$WORK"
else
  WORK=$(mktemp -d -t dateline-hostile.XXXXXX)
  trap 'rm -rf "$WORK"' EXIT
fi
trap 'exit 130' INT TERM

say "generating the large cases in $WORK/generated"
python3 tests/hostile/generate.py large "$WORK/generated"
status=0
python3 tests/hostile/run.py --bin "$BIN" --cases tests/hostile/cases \
  --generated "$WORK/generated" --work "$WORK" || status=$?
say "$(( $(date +%s) - started )) s in all"
exit "$status"
