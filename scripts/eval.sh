#!/usr/bin/env bash
# Runs dateline on the gold files in ../shared/eval/gold and scores it with the shared
# scorer. Prints figures; asserts nothing (accuracy is measured, not pinned).
# Usage: scripts/eval.sh [EVAL_DIR]   (needs target/release/dateline and the knowledge base:
# scripts/setup.sh)
set -uo pipefail
cd "$(dirname "$0")/.."
eval_dir="${1:-../shared/eval}"
gold="$eval_dir/gold"
bin=target/release/dateline
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
if [ ! -x "$bin" ]; then echo "eval: $bin missing; run scripts/setup.sh" >&2; exit 1; fi
if [ ! -d "$gold" ]; then echo "eval: no gold data at $gold; nothing to measure" >&2; exit 0; fi

# analyze NAME GOLD_FILE [analyze args...]: runs dateline once on a gold file.
analyze() {
  local name=$1 file=$2; shift 2
  local start=$EPOCHREALTIME
  "$bin" analyze --quiet --format jsonl "$@" "$file" > "$out/$name.jsonl"
  local status=$?
  local secs
  secs=$(python3 -c "print(round($EPOCHREALTIME - $start, 2))")
  echo "== $name ($(basename "$file"); dateline exit $status, $secs s)"
}

# score NAME GOLD_FILE LAYER [scorer args...]: prints the scorer's SCORE line.
score() {
  local name=$1 file=$2 layer=$3; shift 3
  python3 "$eval_dir/score.py" "$file" "$out/$name.jsonl" --layers "$layer" "$@" | grep -E '^SCORE'
}

have() { [ -f "$gold/$1" ] || { echo "eval: $gold/$1 missing, skipped" >&2; return 1; }; }

if have conll2003-dev.jsonl; then
  analyze conll "$gold/conll2003-dev.jsonl"
  score conll "$gold/conll2003-dev.jsonl" sentences
  score conll "$gold/conll2003-dev.jsonl" entities --coarse
fi
if have gum-wikinews-train.jsonl && have gum-wikinews-dev.jsonl; then
  cat "$gold/gum-wikinews-train.jsonl" "$gold/gum-wikinews-dev.jsonl" > "$out/gum-gold.jsonl"
  analyze gum "$out/gum-gold.jsonl"
  score gum "$out/gum-gold.jsonl" entities --coarse
  score gum "$out/gum-gold.jsonl" times
fi
if have tempeval3-dev.jsonl; then
  analyze tempeval "$gold/tempeval3-dev.jsonl" --layers times
  score tempeval "$gold/tempeval3-dev.jsonl" times
fi
for set in polnear-dev polnear-train; do
  if have "$set.jsonl"; then
    analyze "$set" "$gold/$set.jsonl" --layers quotes
    score "$set" "$gold/$set.jsonl" quotes
  fi
done
for set in lgl-dev geovirus-dev; do
  if have "$set.jsonl"; then
    analyze "$set" "$gold/$set.jsonl" --layers places
    score "$set" "$gold/$set.jsonl" places
  fi
done
for set in petrarch2-gsr-dev petrarch2-unittest-dev; do
  if have "$set.jsonl"; then
    analyze "$set" "$gold/$set.jsonl" --layers events
    score "$set" "$gold/$set.jsonl" events
  fi
done
# The project's own event sentences (data/eval/README.md): written for dateline, coded by
# hand in CAMEO; they measure how the event coder does on sentences of the PETRARCH kind
# that no gold source holds.
for set in events-probe-dev events-probe-heldout events-probe-heldout2; do
  analyze "$set" "data/eval/$set.jsonl" --layers events
  score "$set" "data/eval/$set.jsonl" events
done
if have html-extraction-dev.jsonl; then
  analyze html "$gold/html-extraction-dev.jsonl" --layers sentences
  score html "$gold/html-extraction-dev.jsonl" body
fi

# Pass-through: every input line comes out with the same id and text.
if have polnear-dev.jsonl; then
  python3 - "$gold/polnear-dev.jsonl" "$out/polnear-dev.jsonl" <<'PY'
import json, sys
gold = [json.loads(l) for l in open(sys.argv[1])]
out = [json.loads(l) for l in open(sys.argv[2])]
same = sum(1 for g, s in zip(gold, out) if g["id"] == s["id"] and g["text"] == s["text"])
print(f"== passthrough (polnear-dev.jsonl): {same}/{len(gold)} documents with the same id and text, {len(out)} written")
PY
fi
