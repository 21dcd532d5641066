#!/usr/bin/env bash
# Runs dateline on the gold files in ../shared/eval/gold and scores it with the shared
# scorer. Prints figures; asserts nothing (accuracy is measured, not pinned).
# Usage: scripts/eval.sh [GOLD_DIR]   (needs target/release/dateline: scripts/setup.sh)
set -uo pipefail
cd "$(dirname "$0")/.."
eval_dir="${1:-../shared/eval}"
gold="$eval_dir/gold"
bin=target/release/dateline
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
if [ ! -x "$bin" ]; then echo "eval: $bin missing; run scripts/setup.sh" >&2; exit 1; fi
if [ ! -d "$gold" ]; then echo "eval: no gold data at $gold; nothing to measure" >&2; exit 0; fi

run() { # NAME GOLD_FILE LAYERS [extra analyze args...]
  local name=$1 file=$2 layers=$3; shift 3
  [ -f "$gold/$file" ] || { echo "eval: $gold/$file missing, skipped" >&2; return; }
  local start end
  start=$EPOCHREALTIME
  "$bin" analyze --quiet --format jsonl "$@" "$gold/$file" > "$out/$name.jsonl"
  local status=$?
  end=$EPOCHREALTIME
  echo "== $name ($file, layers: $layers; dateline exit $status, $(python3 -c "print(round($end - $start, 2))") s)"
  python3 "$eval_dir/score.py" "$gold/$file" "$out/$name.jsonl" --layers "$layers" | grep -E '^SCORE'
}

run sentences-conll conll2003-dev.jsonl sentences --layers sentences
run body-html html-extraction-dev.jsonl body --layers sentences

# Pass-through: every input line comes out with the same id and text.
if [ -f "$gold/polnear-dev.jsonl" ]; then
  "$bin" analyze --quiet --format jsonl "$gold/polnear-dev.jsonl" > "$out/polnear.jsonl"
  python3 - "$gold/polnear-dev.jsonl" "$out/polnear.jsonl" <<'PY'
import json, sys
gold = [json.loads(l) for l in open(sys.argv[1])]
sys_ = [json.loads(l) for l in open(sys.argv[2])]
same = sum(1 for g, s in zip(gold, sys_) if g["id"] == s["id"] and g["text"] == s["text"])
print(f"== passthrough (polnear-dev.jsonl): {same}/{len(gold)} documents with the same id and text, {len(sys_)} written")
PY
fi
