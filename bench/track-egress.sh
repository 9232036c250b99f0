#!/usr/bin/env bash
# Track egress at scale: N concurrent track egresses (each its own `egress record` process, as the worker's
# handlers are) from the room simulator, for a fixed time. Prints CPU seconds per media minute per track, the
# peak RSS of each egress process, its final status and the duration ffprobe reads from its file. Runs inside
# scripts/netns (needs root or passwordless sudo) and a build.
#
#   bench/track-egress.sh [N] [seconds]      defaults: 4 egresses, 30 s
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/bench/lib.sh"
N="${1:-4}"
DURATION="${2:-30}"
WORK="$(mktemp -d -t egress4j-track-bench-XXXXXX)"
PORT=$((20000 + RANDOM % 20000))
trap 'kill "$SIM" 2>/dev/null || true; rm -rf "$WORK"' EXIT

start_simulator "Ctrl-C"
mapfile -t TRACKS < <(awk '$1 ~ /^(alice|bob)$/ { print $2 " " $3 }' "$WORK/simulator.out")

echo "$N concurrent track egresses for $DURATION s each, on $(nproc) cores (simulator CPU not counted)"
printf '%-4s %-6s %-18s %9s %14s %10s %-15s %s\n' "#" "codec" "track" "cpu s" "cpu s/media min" "peak RSS" "status" \
  "file (ffprobe)"
run_one() {
  local i="$1" codec="$2" track="$3" dir="$WORK/egress-$1"
  mkdir -p "$dir"
  printf '{"roomName": "demo", "trackId": "%s", "file": {"filepath": "bench/"}}\n' "$track" > "$dir/request.json"
  (
    cd "$dir"
    # The CPU of the egress's process tree, and the largest resident set in it (the JVM's).
    "$ROOT/bench/tree-cpu" usage.txt "$ROOT/scripts/netns" exec "$ROOT/bin/egress" record \
      --config "$WORK/egress.yaml" --request request.json --duration "$DURATION" > result.json 2> egress.log || true
  )
  local cpu status location probed
  cpu="$(cpu_seconds "$dir/usage.txt")"
  status="$(egress_status "$dir/result.json")"
  location="$(file_location "$dir/result.json")"
  probed="$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$location" 2>/dev/null || true)"
  printf '%-4s %-6s %-18s %9s %14s %8s MB %-15s %s\n' "$i" "$codec" "$track" "$cpu" \
    "$(awk -v c="$cpu" -v d="$DURATION" 'BEGIN { printf "%.1f", c * 60 / d }')" \
    "$(( $(peak_kib "$dir/usage.txt") / 1024 ))" "${status:-none}" "${probed:-unreadable}${probed:+ s}"
}
RUNS=()
for i in $(seq "$N"); do
  read -r codec track <<<"${TRACKS[$(( (i - 1) % ${#TRACKS[@]} ))]}"
  run_one "$i" "$codec" "$track" &
  RUNS+=("$!")
done
wait "${RUNS[@]}"
echo "CPU includes each egress's JVM start (about 3-5 CPU s); longer runs give steadier per-minute figures"
