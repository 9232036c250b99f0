#!/usr/bin/env bash
# How long a web egress takes to start, beside its floor. For each run:
#   - egress4j: `bin/egress record --url PAGE` from launch to the request planned (JVM and Felix up, the line
#     "recording web egress of ...") and to ACTIVE (the line "active (recording from here)": display, audio,
#     browser, page and pipeline up, the first media in);
#   - the floor: a cold Chromium (headless, same binary) loading the same page and printing its DOM.
# Then through a node (`egress serve`, driven with LiveKit's Node SDK): StartWebEgress to ACTIVE as ListEgress reports
# it, without spare handlers and with one (handlers.spares: 1, booted before each request).
# Prints each run and the medians. The page is served from loopback; needs a build (scripts/setup) and
# scripts/install-test-tools.
#
#   bench/start-latency.sh [runs]      default 3
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/bench/lib.sh"
RUNS="${1:-3}"
WORK="$(mktemp -d -t egress4j-start-bench-XXXXXX)"
PORT=$((20000 + RANDOM % 20000))
PAGES="$ROOT/tests/integration/src/test/resources/pages"
CHROMIUM="$(command -v chromium || command -v chromium-browser)"
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$PAGES" > /dev/null 2>&1 &
SERVER=$!
trap 'kill "$SERVER" "${NODE:-}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
PAGE="http://127.0.0.1:$PORT/tone.html"
for _ in $(seq 50); do curl -fs -o /dev/null "$PAGE" && break; sleep 0.1; done

now() { date +%s%N; }
seconds() { awk -v n="$1" 'BEGIN { printf "%.2f", n / 1e9 }'; }

echo "web egress start on $(nproc) cores, $RUNS runs; page $PAGE"
printf '%-4s %10s %10s %12s %12s\n' "run" "planned s" "active s" "chromium s" "over floor"
for run in $(seq "$RUNS"); do
  dir="$WORK/run-$run"
  mkdir -p "$dir"
  start=$(now)
  (cd "$dir" && "$ROOT/bin/egress" record --url "$PAGE" --output start.mp4 --duration 2 2>&1 >/dev/null) |
    while IFS= read -r line; do echo "$(( $(now) - start )) $line"; done > "$dir/timeline.txt"
  planned=$(awk '/: recording web egress/ { print $1; exit }' "$dir/timeline.txt")
  active=$(awk '/: active \(recording from here\)/ { print $1; exit }' "$dir/timeline.txt")
  [[ -n "$planned" && -n "$active" ]] || { cat "$dir/timeline.txt" >&2; exit 1; }

  start=$(now)
  "$CHROMIUM" --headless=new --no-sandbox --disable-gpu --no-first-run --user-data-dir="$dir/chromium" \
    --dump-dom "$PAGE" > /dev/null 2>&1
  chromium=$(( $(now) - start ))

  echo "$planned $active $chromium $(( active - chromium ))" >> "$WORK/figures.txt"
  printf '%-4s %10s %10s %12s %12s\n' "$run" "$(seconds "$planned")" "$(seconds "$active")" "$(seconds "$chromium")" \
    "$(seconds $(( active - chromium )))"
done
column_median() { cut -d' ' -f"$1" "$WORK/figures.txt" | median; }
printf '%-4s %10s %10s %12s %12s\n' "med" "$(seconds "$(column_median 1)")" "$(seconds "$(column_median 2)")" \
  "$(seconds "$(column_median 3)")" "$(seconds "$(column_median 4)")"
echo "Issue 17's goal without a spare: active within Chromium's cold start + 1.5 s (over floor <= 1.50)."

# Through a node: StartWebEgress → ACTIVE, without and with a spare handler.
API_PORT=$((PORT + 1))
api() { NODE_PATH="$ROOT/.tools/livekit-server-sdk/node_modules" node "$ROOT/bench/egress-api.js" \
  "http://127.0.0.1:$API_PORT" bench-key bench-secret-of-32-characters-or-more "$@"; }
through_node() {
  local spares="$1" dir="$WORK/node-$1"
  mkdir -p "$dir"
  printf 'api_key: bench-key\napi_secret: bench-secret-of-32-characters-or-more\nadmin: {port: %s}\n%s\n%s\n' \
    "$API_PORT" "cpu_cost: {web_cpu_cost: 1}" "handlers: {spares: $spares}" > "$dir/egress.yaml"
  (cd "$dir" && exec "$ROOT/bin/egress" serve --config egress.yaml > node.log 2>&1) &
  NODE=$!
  for _ in $(seq 300); do grep -q "ready: standalone" "$dir/node.log" 2>/dev/null && break; sleep 0.2; done
  for run in $(seq "$RUNS"); do
    if (( spares > 0 )); then
      for _ in $(seq 300); do (( $(grep -c "spare handler .* ready" "$dir/node.log") >= run )) && break; sleep 0.1; done
    fi
    read -r ms id < <(api web-latency "$PAGE")
    api stop "$id"
    echo "$ms" >> "$dir/figures"
  done
  kill "$NODE"
  wait "$NODE" 2>/dev/null || true
  printf '%-28s runs (ms): %s median %s s\n' "$2" "$(tr '\n' ' ' < "$dir/figures")" \
    "$(seconds "$(median < "$dir/figures")000000")"
}
echo "StartWebEgress to ACTIVE through a node (ms per run), floor: the cold Chromium above"
through_node 0 "without a spare"
through_node 1 "with a spare (JVM, browser up)"
