#!/usr/bin/env bash
# The dashboard in a real terminal: `aerodb serve` inside tmux (100x30), driven with send-keys and
# read back with capture-pane. Asserts that every view shows live data, that an insert made over
# HTTP appears in the oplog view within 1 s, that the layout follows a resize to 80x24, and that
# quitting (q) and SIGTERM both give the terminal back (alternate screen off, cursor visible).
#
#   test/e2e/dashboard-tmux.sh              (needs tmux and a built dist/: npm run build)
#   DASHBOARD_CAPTURE_DIR=dir test/e2e/...  also writes each view's screen to dir/<view>.txt
#
# Run by test/e2e/dashboard-tmux.test.ts when tmux is on PATH.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BIN="$REPO/bin/run.js"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/aerodb-dash-tmux-XXXXXX")"
SOCKET="aerodb-dash-$$"
SESSION="dash"
CAPTURES="${DASHBOARD_CAPTURE_DIR:-}"
tmx() { tmux -L "$SOCKET" -f /dev/null "$@"; }
cleanup() {
  tmx kill-server >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  echo "---- screen ----" >&2
  tmx capture-pane -t "$SESSION" -p >&2 || true
  exit 1
}
screen() { tmx capture-pane -t "${SESSION}" -p; }
now_ms() { node -e 'process.stdout.write(String(Date.now()))'; }
# waits (up to $2 ms, default 5000) until the screen matches the extended regex $1
wait_for() {
  local pattern="$1" limit="${2:-10000}" start
  start=$(now_ms)
  until screen | grep -Eq -- "$pattern"; do
    if (($(now_ms) - start > limit)); then fail "no match for /$pattern/ within ${limit} ms"; fi
    sleep 0.05
  done
}
keys() {
  for k in "$@"; do
    tmx send-keys -t "$SESSION" -- "$k"
    sleep 0.1
  done
}
# every screen is one frame: one header, one frame top, nothing drawn twice
check_frame() {
  local text
  text=$(screen)
  [ "$(grep -c ' AeroDB ' <<<"$text")" = 1 ] || fail "the header is drawn more than once"
  [ "$(grep -c '^┌' <<<"$text")" = 1 ] || fail "the frame is drawn more than once"
}
save() {
  check_frame
  [ -n "$CAPTURES" ] && screen >"$CAPTURES/$1.txt" || true
}

cd "$WORK"
node "$BIN" init app >/dev/null
cd app
node "$BIN" migrate up >/dev/null
# the template's example function, deployed, for the functions view
node "$BIN" deploy-function hello >/dev/null

# CI must not be set inside: the dashboard would step aside for plain log lines
tmx new-session -d -s "$SESSION" -x 100 -y 30 "env -u CI -u CONTINUOUS_INTEGRATION NODE_ENV=production TERM=xterm-256color node '$BIN' serve --port 0; echo EXITED \$?; sleep 60"
[ -n "$CAPTURES" ] && mkdir -p "$CAPTURES"

for _ in $(seq 1 100); do [ -f .aerodb/server.json ] && break; sleep 0.1; done
[ -f .aerodb/server.json ] || fail "server.json never appeared"
URL=$(node -e 'process.stdout.write(require("./.aerodb/server.json").url)')
KEY=$(node -e 'process.stdout.write(require("./.aerodb/keys.json").service)')
post() {
  node -e '
    const [url, key, body] = process.argv.slice(1);
    fetch(url, { method: "POST", headers: { apikey: key, "content-type": "application/json" }, body }).then(async (r) => {
      if (r.status !== 201) { console.error(r.status, await r.text()); process.exit(1); }
    });' "$URL/api/collections/users" "$KEY" "$1"
}

echo "overview"
wait_for "AeroDB +$URL .* serving" 30000
wait_for "Storage +lsn [0-9]+"
wait_for "anon key +aero_anon_.{4}•+"
screen | grep -q "aero_anon_[0-9a-f]\{8\}" && fail "the anon key is shown unmasked"
screen | grep -Eq "Collections +3 · 0 documents" || fail "overview: no collection count"

echo "oplog: an insert over HTTP shows within 1 s"
keys 4
wait_for "● live"
keys / users Enter
wait_for "filter: users"
post '{"_id":"u_tmux","email":"tmux@example.com","name":"Tmux","created_at":"2026-11-28T09:30:00Z"}'
START=$(now_ms)
wait_for "insert +users +[0-9.]+ +0/1 +- +ok" 1000
echo "  shown after $(($(now_ms) - START)) ms"
keys Escape
save oplog
keys Space
wait_for "❚❚ paused"
keys Space
wait_for "● live"

echo "collections"
keys 2
wait_for "users +1 +v1 +_id, email_unique"
save collections
keys Down Down Enter
wait_for "users · page 1 · 1 document"
wait_for "u_tmux +\\{\"created_at\":\"2026-11-28T09:30:00.000Z\",\"email\":\"tmux@example.com\""
keys f C-u '{"filter":{"email":"tmux@example.com"}}' Enter
wait_for "RESULT 1 document, scanned 1"
wait_for "INDEX_EQ on email_unique"
save collections-query
keys Escape

echo "migrations: a new file is pending; u applies it after its version is typed"
cat >migrations/002_tags.aeromigration.json <<'EOF'
{ "version": "002", "name": "tags",
  "up": [{ "op": "create_collection", "schema": { "collection": "tags", "fields": { "_id": { "type": "string", "required": true } }, "indexes": [] } }],
  "down": [{ "op": "drop_collection", "collection": "tags" }] }
EOF
keys 3
wait_for "002 +tags +pending"
save migrations
keys u
wait_for "Type 002 and press enter to apply 002 tags"
keys 0 0 2 Enter
wait_for "applied 002 tags"
wait_for "002 +tags +applied"

echo "functions: the deployed hello, invoked with JSON input"
keys 5
wait_for "> hello +v1 +http POST /api/functions/hello"
keys i C-u '{"name":"tmux"}' Enter
wait_for "hello v1 → \\{\"message\":\"Hello, tmux!\"\\}" 10000
wait_for "inv_[0-9a-z]+ +[0-9.]+ ms +ok"
save functions

echo "realtime"
keys 6
wait_for "Realtime: not available yet."
save realtime

echo "problems: an edited applied migration, with its file and fix"
keys 7
wait_for "No problems"
sed -i 's/"collection": "tags"/"collection": "labels"/g' migrations/002_tags.aeromigration.json
wait_for "MODIFIED: 002 tags was edited after it was applied"
wait_for "file: migrations/002_tags.aeromigration.json"
wait_for "fix: see the edit: +git diff -- migrations/002_tags.aeromigration.json"
wait_for "7 Problems \\(1\\)"
save problems
keys ?
wait_for "Keys \\(any key closes this\\)"
save help
keys x

echo "overview after all that: rates, log lines, the open problem"
keys 1
wait_for "Ops/s +[0-9,]+/s now"
wait_for "Problems +1: see 7 Problems"
wait_for "POST /api/collections/users 201"
save overview

echo "resize to 80x24"
tmx resize-window -t "$SESSION" -x 80 -y 24
wait_for " 2 Colls "
screen | node -e 'const lines = require("fs").readFileSync(0, "utf8").split("\n"); process.exit(lines.some((l) => [...l].length > 80) ? 1 : 0)' || fail "a line is wider than 80 columns"
[ "$(screen | grep -c .)" -le 24 ] || fail "more than 24 lines"
tmx resize-window -t "$SESSION" -x 100 -y 30
wait_for " 2 Collections "

echo "aerodb dashboard attaches to the running server from another terminal"
tmx new-session -d -s attached -x 100 -y 30 "env -u CI -u CONTINUOUS_INTEGRATION NODE_ENV=production TERM=xterm-256color node '$BIN' dashboard; echo ATTACHED-EXITED \$?; sleep 60"
SESSION=attached wait_for "AeroDB +$URL .* attached to pid [0-9]+"
tmx send-keys -t attached 4
SESSION=attached wait_for "insert +users +[0-9.]+ +0/1 +- +ok"
SESSION=attached save attached-oplog
tmx send-keys -t attached q
SESSION=attached wait_for "ATTACHED-EXITED 0"
tmx kill-session -t attached

echo "q quits: the server stops and the terminal is back"
keys q
wait_for "stopped: database closed, server.json removed"
wait_for "EXITED 0"
[ "$(tmx display -p -t "$SESSION" '#{alternate_on}')" = 0 ] || fail "still on the alternate screen"
[ "$(tmx display -p -t "$SESSION" '#{cursor_flag}')" = 1 ] || fail "the cursor is still hidden"

echo "SIGTERM also restores the terminal"
tmx kill-session -t "$SESSION"
tmx new-session -d -s "$SESSION" -x 100 -y 30 "env -u CI -u CONTINUOUS_INTEGRATION NODE_ENV=production TERM=xterm-256color node '$BIN' serve --port 0; echo EXITED \$?; sleep 60"
wait_for "AeroDB .* serving" 30000
PID=$(node -e 'process.stdout.write(String(require("./.aerodb/server.json").pid))')
kill -TERM "$PID"
wait_for "SIGTERM: stopping"
wait_for "EXITED 0"
[ "$(tmx display -p -t "$SESSION" '#{alternate_on}')" = 0 ] || fail "still on the alternate screen after SIGTERM"

echo "CI=true: plain log lines even on a terminal"
tmx kill-session -t "$SESSION"
tmx new-session -d -s "$SESSION" -x 100 -y 30 "env CI=true NODE_ENV=production TERM=xterm-256color node '$BIN' serve --port 0; echo EXITED \$?; sleep 60"
wait_for "^Ready\\. Watching migrations/ and schemas/"
[ "$(tmx display -p -t "$SESSION" '#{alternate_on}')" = 0 ] || fail "CI=true still drew the dashboard"
kill -TERM "$(node -e 'process.stdout.write(String(require("./.aerodb/server.json").pid))')"
wait_for "EXITED 0"

echo "dashboard-tmux: ok"
