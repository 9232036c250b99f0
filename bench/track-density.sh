#!/usr/bin/env bash
# Track egress density: N concurrent track egresses (the simulator's VP8, H.264 and Opus tracks, round robin) through
# one egress4j node (`egress serve`: the worker, its handler processes, LiveKit's Egress API, driven with LiveKit's
# Node SDK). Once all are ACTIVE and have run 10 s, the handler processes are sampled for SECONDS: steady cores and
# resident memory per egress, beside the goal; then every egress is stopped and its file checked with ffprobe.
# Also prints the node's own resident memory while idle. Runs inside scripts/netns, after a build and
# scripts/install-test-tools.
#
# The simulator encodes every track once per subscriber, at 640x360: past about 40 egresses on 2 cores it is the
# simulator that runs out of CPU. A smaller VIDEO_SIZE lets it feed more (fewer RTP packets per frame make each
# video egress a little cheaper too, so compare per-egress figures at the same size).
#
#   bench/track-density.sh [N] [seconds] [egresses per process] [VIDEO_SIZE]    defaults: 20, 30, 16, 640x360
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/bench/lib.sh"
N="${1:-20}"
SECONDS_SAMPLED="${2:-30}"
PER_PROCESS="${3:-16}"
VIDEO_SIZE="${4:-640x360}"
WAVE=20
WORK="$(mktemp -d -t egress4j-density-bench-XXXXXX)"
PORT=$((20000 + RANDOM % 20000))
API_PORT=$((PORT + 1))
trap 'kill "$SIM" "${NODE:-}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT

start_simulator "Ctrl-C" --video-size "$VIDEO_SIZE"
mapfile -t TRACKS < <(awk '$1 ~ /^(alice|bob)$/ { print $3 }' "$WORK/simulator.out")
cat >> "$WORK/egress.yaml" <<YAML
admin: {port: $API_PORT}
cpu_cost: {track_cpu_cost: 0.01}
handlers: {light_egress_per_process: $PER_PROCESS}
YAML
(cd "$WORK" && exec "$ROOT/bin/egress" serve --config egress.yaml > node.log 2>&1) &
NODE=$!
for _ in $(seq 300); do grep -q "ready: standalone" "$WORK/node.log" 2>/dev/null && break; sleep 0.2; done
grep -q "ready: standalone" "$WORK/node.log" || { cat "$WORK/node.log" >&2; exit 1; }
NODE_JVM="$(pgrep -P "$NODE" java || echo "$NODE")"
sleep 5
idle_mib=$(( $(awk '/VmRSS/ { print $2 }' "/proc/$NODE_JVM/status") / 1024 ))

api() { NODE_PATH="$ROOT/.tools/livekit-server-sdk/node_modules" node "$ROOT/bench/egress-api.js" \
  "http://127.0.0.1:$API_PORT" devkey simulator-secret-change-me-0123456789 "$@"; }
handler_pids() { ps -o pid=,args= --ppid "$NODE_JVM" | awk '/run-handler/ { print $1 }'; }
# CPU ticks and resident KiB, summed over the handler processes.
handler_ticks() { for p in $(handler_pids); do awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null; done |
  awk '{ s += $1 } END { print s + 0 }'; }
handler_kib() { for p in $(handler_pids); do awk '/VmRSS/ { print $2 }' "/proc/$p/status" 2>/dev/null; done |
  awk '{ s += $1 } END { print s + 0 }'; }

echo "$N track egresses through one node, $PER_PROCESS per handler process, video at $VIDEO_SIZE, on $(nproc) cores"
# Waits until the node logged COUNT egresses ACTIVE, or TENTHS tenths of a second went by.
await_active() {
  for _ in $(seq "$2"); do
    [[ $(grep -c "EGRESS_ACTIVE" "$WORK/node.log") -ge $1 ]] && return
    sleep 0.1
  done
}

: > "$WORK/ids"
started=$(date +%s%N)
# In waves of WAVE concurrent StartEgress calls, each let settle (ACTIVE, then 5 s) before the next: a hundred at
# once on 2 cores start seven JVMs and a hundred WebRTC sessions together; the Node SDK gives up on a call after
# 10 s, and admission, which charges each egress what it was measured to use, sees the start-up as load.
for i in $(seq "$N"); do
  api track demo "${TRACKS[$(( (i - 1) % ${#TRACKS[@]} ))]}" "egress-$i" >> "$WORK/ids" &
  if (( i % WAVE == 0 || i == N )); then
    wait $(jobs -p | grep -v "^$NODE$" | grep -v "^$SIM$") 2>/dev/null || true
    await_active "$(wc -l < "$WORK/ids")" 300
    (( i == N )) || sleep 5
  fi
done
mapfile -t IDS < "$WORK/ids"
[[ ${#IDS[@]} -eq $N ]] || { echo "only ${#IDS[@]} of $N egresses started" >&2; tail -50 "$WORK/node.log" >&2; exit 1; }
await_active "$N" 600
echo "all started in $(awk -v n=$(( $(date +%s%N) - started )) 'BEGIN { printf "%.1f", n / 1e9 }') s;" \
  "$(handler_pids | wc -l) handler processes"
sleep 10
ticks_before=$(handler_ticks)
sleep "$SECONDS_SAMPLED"
ticks_after=$(handler_ticks)
kib=$(handler_kib)
cores=$(awk -v t=$(( ticks_after - ticks_before )) -v hz="$(getconf CLK_TCK)" -v s="$SECONDS_SAMPLED" -v n="$N" \
  'BEGIN { printf "%.4f", t / hz / s / n }')
mib=$(awk -v k="$kib" -v n="$N" 'BEGIN { printf "%.1f", k / 1024 / n }')
api stop "${IDS[@]}"
api results "${IDS[@]}" > "$WORK/results"
complete=0 valid=0
while read -r id status location; do
  [[ "$status" == EGRESS_COMPLETE ]] && complete=$((complete + 1))
  seconds="$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$location" 2>/dev/null || true)"
  if [[ "$seconds" =~ ^[0-9.]+$ ]]; then
    valid=$((valid + 1))
    echo "$seconds $id $location" >> "$WORK/durations"
  fi
done < "$WORK/results"
shortest="$(sort -n "$WORK/durations" 2>/dev/null | head -1)"

printf '%-34s %12s %12s\n' "figure" "measured" "goal"
printf '%-34s %12s %12s\n' "steady cores per track egress" "$cores" "0.01"
printf '%-34s %12s %12s\n' "resident MB per track egress" "$mib" "30"
printf '%-34s %12s %12s\n' "node idle resident MB" "$idle_mib" "200"
printf '%-34s %12s %12s\n' "COMPLETE" "$complete/$N" "$N/$N"
printf '%-34s %12s %12s\n' "files ffprobe reads" "$valid/$N" "$N/$N"
printf '%-34s %12s %12s\n' "shortest file, s" "$(cut -d' ' -f1 <<<"$shortest")" ">= $((SECONDS_SAMPLED + 10))"
echo "shortest: ${shortest#* }"
