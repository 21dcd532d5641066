#!/usr/bin/env bash
# Load test of `dateline serve` (issue 11): wrk on loopback against a 100k-document store.
#
#   scripts/load-test.sh                                   # builds a 100k store (~3-4 min), then 3 × 30 s of load
#   DATELINE_LOAD_DB=/tmp/load100k/bench-100000.db scripts/load-test.sh   # reuse a store
#   DATELINE_LOAD_KEEP=/tmp/load100k scripts/load-test.sh  # build the store there and keep it
#   LOAD_SECONDS=3 scripts/load-test.sh                    # a quick smoke run
#
# Settings (environment): LOAD_SECONDS (30), LOAD_CONNECTIONS (64), LOAD_THREADS (2),
# LOAD_P99_MS (50: the limit for /api routes), LOAD_DOCS (100000: size of a built store),
# LOAD_SERVE_ARGS ("--no-cache": the server's response cache is off, so that every request
# runs its query and renders its answer; set it to "" to measure the server as it runs by
# default, with the cache).
#
# For each route in ROUTES it runs `wrk --latency` with a small Lua script whose `done`
# hook prints requests, socket errors, p50/p99/max latency and the HTTP status codes seen.
# It fails (exit 1) if any route had socket errors, timeouts or a status other than 2xx, or
# if an /api route's p99 latency reached LOAD_P99_MS. The server's current and peak RSS
# (VmRSS, VmHWM from /proc) are reported. Needs target/release/dateline (scripts/setup.sh)
# and wrk (installed with apt-get when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=target/release/dateline
SECS=${LOAD_SECONDS:-30}
CONNS=${LOAD_CONNECTIONS:-64}
THREADS=${LOAD_THREADS:-2}
P99_LIMIT_MS=${LOAD_P99_MS:-50}
DOCS=${LOAD_DOCS:-100000}
SERVE_ARGS=${LOAD_SERVE_ARGS---no-cache}

say() { echo "load-test: $*" >&2; }
die() { say "$*"; exit 1; }

if [ ! -x "$BIN" ]; then
  die "$BIN not found: run scripts/setup.sh first (it builds the release binary and the knowledge base)"
fi
if ! command -v wrk >/dev/null 2>&1; then
  say "installing wrk (apt-get)"
  if ! apt-get install -y wrk >/dev/null; then
    apt-get update >/dev/null && apt-get install -y wrk >/dev/null
  fi
fi
command -v python3 >/dev/null 2>&1 || die "python3 is needed (to read JSON and percent-encode ids)"

TMP=$(mktemp -d -t dateline-load.XXXXXX)
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- the store ---------------------------------------------------------------------------
if [ -n "${DATELINE_LOAD_DB:-}" ]; then
  [ -f "$DATELINE_LOAD_DB" ] || die "DATELINE_LOAD_DB=$DATELINE_LOAD_DB: no such file"
  DB=$DATELINE_LOAD_DB
  say "using the store $DB"
else
  KEEP=${DATELINE_LOAD_KEEP:-$TMP/store}
  say "building a $DOCS-document store with 'dateline bench ingest' in $KEEP (a few minutes; output in $KEEP/bench.log)"
  mkdir -p "$KEEP"
  started=$(date +%s)
  if ! "$BIN" bench ingest --docs "$DOCS" --keep "$KEEP" >"$KEEP/bench.log" 2>&1; then
    tail -n 20 "$KEEP/bench.log" >&2
    die "dateline bench ingest failed"
  fi
  DB=$KEEP/bench-$DOCS.db
  [ -f "$DB" ] || die "bench ingest left no store at $DB"
  say "store built in $(($(date +%s) - started)) s: $DB"
  if [ -n "${DATELINE_LOAD_KEEP:-}" ]; then
    say "kept: reuse it with DATELINE_LOAD_DB=$DB"
  fi
fi

# --- the server --------------------------------------------------------------------------
# shellcheck disable=SC2086 # SERVE_ARGS is a list of flags
"$BIN" serve --db "$DB" --addr 127.0.0.1:0 $SERVE_ARGS >"$TMP/serve.log" 2>&1 &
SERVER_PID=$!
BASE=
for _ in $(seq 1 300); do
  BASE=$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$TMP/serve.log" | head -n 1 || true)
  [ -n "$BASE" ] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$TMP/serve.log" >&2; die "the server exited"; }
  sleep 0.1
done
[ -n "$BASE" ] || { cat "$TMP/serve.log" >&2; die "the server printed no address within 30 s"; }
say "server pid $SERVER_PID at $BASE"

# A real document id, percent-encoded for a path segment.
DOC_ID_ENC=$(curl -sf "$BASE/api/docs?limit=1" | python3 -c '
import json, sys, urllib.parse
items = json.load(sys.stdin)["items"]
if not items:
    sys.exit("the store holds no documents")
print(urllib.parse.quote(items[0]["id"], safe=""))
') || die "GET /api/docs?limit=1 gave no document id"
say "document id (encoded): $DOC_ID_ENC"

# The routes under load: edit this list to add or remove one.
ROUTES=(
  "/api/quotes"
  "/api/docs/$DOC_ID_ENC"
  "/doc/$DOC_ID_ENC"
)

cat >"$TMP/report.lua" <<'LUA'
-- Counts status codes per thread; the done hook sums them and prints one RESULT line.
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) codes = {} end
function response(status, headers, body) codes[status] = (codes[status] or 0) + 1 end
function done(summary, latency, requests)
  local all = {}
  for _, t in ipairs(threads) do
    local c = t:get("codes")
    if c then for k, v in pairs(c) do all[k] = (all[k] or 0) + v end end
  end
  local keys = {}
  for k in pairs(all) do table.insert(keys, k) end
  table.sort(keys)
  local parts = {}
  for _, k in ipairs(keys) do table.insert(parts, k .. "x" .. all[k]) end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d connect=%d read=%d write=%d timeout=%d status_errors=%d p50_us=%d p99_us=%d max_us=%d codes=%s\n",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(50), latency:percentile(99), latency.max, table.concat(parts, ",")))
end
LUA

rss() { awk -v k="$1:" '$1 == k {printf "%.0f MB", $2 / 1024}' "/proc/$SERVER_PID/status"; }
say "server RSS before load: $(rss VmRSS)"

ms() { awk -v us="$1" 'BEGIN {printf "%.1f", us / 1000}'; }
# Busy CPU time (clock ticks) of the whole machine, and of the server process.
machine_cpu() { awk '$1 == "cpu" {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
server_cpu() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }

status=0
ROWS=()
# The server must live through every run; wrk swallows Ctrl-C (it stops the run and prints
# its figures), so this is also where an interrupted run ends.
server_alive() {
  kill -0 "$SERVER_PID" 2>/dev/null && return 0
  tail -n 20 "$TMP/serve.log" >&2
  die "the server exited ($1); its log's end is above"
}

for route in "${ROUTES[@]}"; do
  server_alive "before the run on $route"
  code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE$route" || true)
  say "GET $route -> $code (one request before the run)"
  [ "$code" = 200 ] || say "  note: $route does not answer 200; the run below will count it as failing"
  say "wrk -t$THREADS -c$CONNS -d${SECS}s --latency $route"
  # CPU used meanwhile by the whole machine, the server and wrk: the rest is other work
  # sharing the cores, which skews the figures (shown as "other CPU").
  machine_before=$(machine_cpu)
  server_before=$(server_cpu)
  TIMEFORMAT='%U %S'
  { time wrk -t"$THREADS" -c"$CONNS" -d"${SECS}s" --latency -s "$TMP/report.lua" "$BASE$route" \
      >"$TMP/wrk.out" 2>&1; } 2>"$TMP/wrk.time" \
    || { cat "$TMP/wrk.out" >&2; die "wrk failed on $route"; }
  server_alive "during the run on $route"
  out=$(cat "$TMP/wrk.out")
  other=$(awk -v m0="$machine_before" -v m1="$(machine_cpu)" -v s0="$server_before" -v s1="$(server_cpu)" \
    -v tck="$(getconf CLK_TCK)" -v cores="$(nproc)" -v secs="$SECS" '
      NR == 1 {
        o = (m1 - m0) / tck - (s1 - s0) / tck - ($1 + $2)
        if (o < 0) o = 0
        printf "%.0f%%", 100 * o / (cores * secs)
      }' "$TMP/wrk.time")
  echo "$out" | sed -n '/Latency Distribution/,/Requests\/sec/p' | sed 's/^/    /' >&2
  line=$(echo "$out" | grep '^RESULT ' || true)
  [ -n "$line" ] || { echo "$out" >&2; die "no RESULT line from wrk on $route"; }
  # Fields of the RESULT line into variables.
  declare -A r=()
  for kv in ${line#RESULT }; do r[${kv%%=*}]=${kv#*=}; done
  socket=$((r[connect] + r[read] + r[write] + r[timeout]))
  non2xx=0
  IFS=',' read -ra pairs <<<"${r[codes]}"
  for p in "${pairs[@]}"; do
    [ -n "$p" ] || continue
    case "${p%%x*}" in 2??) ;; *) non2xx=$((non2xx + ${p#*x})) ;; esac
  done
  rps=$(awk -v n="${r[requests]}" -v us="${r[duration_us]}" 'BEGIN {printf "%.0f", n / (us / 1e6)}')
  verdict=ok
  why=()
  [ "$socket" -eq 0 ] || why+=("socket errors")
  [ "$non2xx" -eq 0 ] || why+=("non-2xx")
  if [[ $route == /api/* ]] && [ "${r[p99_us]}" -ge $((P99_LIMIT_MS * 1000)) ]; then
    why+=("p99 >= ${P99_LIMIT_MS} ms")
  fi
  if [ "${#why[@]}" -gt 0 ]; then
    verdict="FAIL ($(IFS=';'; echo "${why[*]}"))"
    status=1
  fi
  shown=$route
  [ "${#shown}" -le 36 ] || shown="${shown:0:33}..."
  ROWS+=("$(printf '%-36s %9s %8s %7s %7s %7s %7s %-18s %6s  %s' "$shown" "${r[requests]}" "$rps" \
    "$(ms "${r[p50_us]}")" "$(ms "${r[p99_us]}")" "$(ms "${r[max_us]}")" "$socket" "${r[codes]}" "$other" "$verdict")")
  unset r
done

echo
echo "dateline serve under load: $DB; wrk -t$THREADS -c$CONNS -d${SECS}s on loopback ($(nproc) cores shared by wrk and the server)"
printf '%-36s %9s %8s %7s %7s %7s %7s %-18s %6s  %s\n' route requests req/s "p50 ms" "p99 ms" "max ms" "sock.e" "status codes" "other" verdict
for row in "${ROWS[@]}"; do echo "$row"; done
echo "server RSS: now $(rss VmRSS), peak $(rss VmHWM)"
echo "(other: CPU used by processes other than the server and wrk during the run, as a share of all cores; well above 0% means the figures are skewed)"
if [ "$status" -ne 0 ]; then
  echo "load-test: FAILED (limits: no socket errors, only 2xx, p99 < ${P99_LIMIT_MS} ms for /api routes)"
else
  echo "load-test: passed"
fi
exit "$status"
