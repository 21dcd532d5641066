#!/usr/bin/env bash
# Browser tests of the dateline web UI (issue 11): Debian's Chromium driven by
# playwright-core (web/ui-test.mjs) against `dateline serve` on a small fixture store.
#
#   scripts/ui-test.sh            # screenshots in target/ui-screens/
#
# Installs what is missing: Debian's chromium and chromium-driver (apt-get, as root) and the
# npm packages pinned in web/package-lock.json (npm ci). Never downloads a browser of its
# own. Builds a store from the test fixtures, examples/harbor-talks.txt and a hostile
# article (markup in its text), serves it on a free loopback port, runs the scenario, and
# stops the server. Exit status 1 on any failure. Needs target/release/dateline and
# data/kb/dateline.kb, which scripts/setup.sh builds.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=target/release/dateline
SCREENS=target/ui-screens

say() { echo "ui-test: $*" >&2; }
die() { say "$*"; exit 1; }

if [ ! -x "$BIN" ]; then
  die "$BIN not found: run scripts/setup.sh first (it builds the release binary and the knowledge base)"
fi
if [ ! -f data/kb/dateline.kb ]; then
  die "data/kb/dateline.kb not found: run scripts/setup.sh first (the fixture store needs the knowledge base for places)"
fi

# --- what the test needs -----------------------------------------------------------------
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  say "installing Debian's chromium and chromium-driver (apt-get)"
  if ! apt-get install -y chromium chromium-driver >/dev/null; then
    say "apt-get install failed; running apt-get update and trying again"
    apt-get update >/dev/null
    apt-get install -y chromium chromium-driver >/dev/null
  fi
fi
command -v node >/dev/null 2>&1 || die "node not found: install Node.js (20 or later) and npm"
if [ ! -d web/node_modules/playwright-core ] || [ ! -d web/node_modules/axe-core ] \
  || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then
  say "installing the npm packages of web/ (npm ci)"
  npm ci --prefix web --no-audit --no-fund >/dev/null
fi

TMP=$(mktemp -d -t dateline-ui.XXXXXX)
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
# A hostile article: markup inside ordinary news sentences, in the title, the text and a
# quotation. The UI must show it as text; nothing in it may run or load.
cat >"$TMP/hostile.jsonl" <<'EOF'
{"id": "hostile-1", "published": "2025-08-18", "title": "Officials meet in Geneva <script>window.__pwned=1</script>", "source": "Hostile Wire", "url": "https://hostile.example/2025/08/18/geneva", "text": "GENEVA — Officials said on Monday that talks on the Black Sea grain corridor would resume in Geneva next week. <script>window.__pwned=1</script> The delegations met for three hours.\n\n“We are ready to meet <img src=x onerror=\"window.__pwned=1\"> at any moment,” Vladimir Putin said in Moscow.\n\nOfficials said <img src=x onerror=\"window.__pwned=1\"> the talks would cost about 2 million dollars and that NATO observers would not attend."}
EOF
say "building the fixture store"
"$BIN" ingest --quiet --db "$TMP/ui.db" \
  crates/dateline/tests/fixtures/corpus/articles.jsonl \
  crates/dateline/tests/fixtures/corpus/copies.jsonl \
  examples/harbor-talks.txt \
  "$TMP/hostile.jsonl" || die "dateline ingest failed"

# --- the server --------------------------------------------------------------------------
# serve prints "dateline: serving DB on http://127.0.0.1:PORT/ (...)" on stdout once bound.
"$BIN" serve --db "$TMP/ui.db" --addr 127.0.0.1:0 >"$TMP/serve.log" 2>&1 &
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

# --- the browser -------------------------------------------------------------------------
rm -rf "$SCREENS"
mkdir -p "$SCREENS"
status=0
node web/ui-test.mjs "$BASE" "$SCREENS" || status=$?
if ! kill -0 "$SERVER_PID" 2>/dev/null; then
  say "the server died during the test; its log:"
  cat "$TMP/serve.log" >&2
  status=1
fi
if [ "$status" -ne 0 ]; then
  say "FAILED (screenshots in $SCREENS/)"
  exit 1
fi
say "passed (screenshots in $SCREENS/)"
