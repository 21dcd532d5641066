#!/usr/bin/env bash
# Fuzzes dateline with cargo-fuzz (libFuzzer): each target of fuzz/ runs until it has
# executed FUZZ_RUNS inputs (default 10,000,000) or for FUZZ_SECONDS (default 3600),
# whichever comes first, starting from the malformed-input corpus and the test fixtures.
#
#   scripts/fuzz.sh                 # every target, one after the other
#   scripts/fuzz.sh html analyze    # some targets
#   FUZZ_SECONDS=60 scripts/fuzz.sh # a quick pass
#
# The properties each target checks are in crates/dateline-props. An input that fails is
# copied into fuzz/regressions/TARGET/, which `cargo test` replays (so it fails until the
# bug is fixed, and stays fixed after). Needs cargo-fuzz (installed from crates.io when
# missing); runs on the stable toolchain without sanitizers (`-s none`). The corpus grows in
# fuzz/corpus/TARGET/ (not committed). A table of executions per target is printed at the
# end and kept in target/fuzz-report.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
runs=${FUZZ_RUNS:-10000000}
seconds=${FUZZ_SECONDS:-3600}
all=(html feed warc jsonl normalize analyze ingest server_query)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz from crates.io" >&2
  cargo install cargo-fuzz --locked --quiet
fi
# The real knowledge base and lexicon when setup built them (else the built-in fixtures).
[ -f data/kb/dateline.kb ] && export DATELINE_KB="$root/data/kb/dateline.kb"
lexicon=$(ls data/sources/vadersentiment/vader_lexicon.txt 2>/dev/null || true)
[ -n "$lexicon" ] && export DATELINE_LEXICON="$root/$lexicon"
[ -f data/sources/textblob-aptagger/pos-perceptron.bin ] &&
  export DATELINE_POS_MODEL="$root/data/sources/textblob-aptagger/pos-perceptron.bin"

(cd fuzz && cargo fuzz build -s none --release)

seeds_for() {
  local t=$1 dir=fuzz/seeds/$t
  rm -rf "$dir" && mkdir -p "$dir"
  local cases=tests/hostile/cases fixtures=crates/dateline/tests/fixtures
  case $t in
    html) cp $cases/*.html $fixtures/page.html "$dir"/ ;;
    feed) cp $cases/*.rss $cases/*.xml $fixtures/feed.xml "$dir"/ ;;
    warc) cp $cases/*.warc $cases/*.warc.gz "$dir"/ ;;
    jsonl | ingest) cp $cases/*.jsonl $fixtures/docs.jsonl "$dir"/ ;;
    normalize) cp $cases/*.txt "$dir"/ ;;
    analyze) cp $cases/*.txt examples/*.txt "$dir"/ ;;
    server_query)
      # First byte: the route; then `segment?key=value&…`.
      local i=0
      for q in "q=talks" "q=Biden%20Putin&from=2024-01-01&to=2024-12-31" "speaker=Biden&about=talks" \
        "format=csv&limit=5" "format=jsonl&offset=1" "by=week&q=Geneva" "source=USA&root=04" \
        "type=person&country=USA" "top=3" "place=Paris" "all_copies=true&limit=0"; do
        printf "\\x$(printf %02x $i)joe-biden?%s" "$q" >"$dir/seed-$i"
        i=$((i + 1))
      done
      ;;
  esac
}

report=target/fuzz-report.txt
mkdir -p target
printf "%-14s %12s %10s %8s  %s\n" target executions seconds exec/s findings | tee -a "$report"
status=0
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t" "fuzz/regressions/$t" "fuzz/artifacts/$t"
  seeds_for "$t"
  log=$(mktemp)
  start=$(date +%s)
  set +e
  (cd fuzz && cargo fuzz run -s none --release "$t" "corpus/$t" "seeds/$t" -- \
    -runs="$runs" -max_total_time="$seconds" -max_len=65536 -timeout=20 -rss_limit_mb=4096 \
    -print_final_stats=1 -artifact_prefix="artifacts/$t/") >"$log" 2>&1
  code=$?
  set -e
  elapsed=$(( $(date +%s) - start ))
  executed=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1)
  executed=${executed:-0}
  found=0
  for a in fuzz/artifacts/"$t"/*; do
    [ -f "$a" ] || continue
    mv "$a" "fuzz/regressions/$t/" && found=$((found + 1))
  done
  if [ $code -ne 0 ] || [ $found -gt 0 ]; then
    status=1
    echo "fuzz: $t failed; the input is in fuzz/regressions/$t/, the log's end:" >&2
    tail -30 "$log" >&2
  fi
  printf "%-14s %12s %10s %8s  %s\n" "$t" "$executed" "$elapsed" "$(( executed / (elapsed > 0 ? elapsed : 1) ))" "$found" | tee -a "$report"
  rm -f "$log"
done
exit $status
