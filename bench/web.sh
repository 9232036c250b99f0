#!/usr/bin/env bash
# A web egress against its floor, in one run. `egress record --url PAGE` records the demo page (720p30 H.264 + AAC
# into MP4) while its process tree's CPU is sampled every second; the floor is the same work without Java
# (bench/web-floor: Xvfb, PulseAudio, Chromium and a gst-launch capture with the core's encoder settings), sampled
# the same way. Prints, per run, the steady CPU per second of both (the slope from STEADY_FROM s after launch, free of
# start and end) and their ratio, then the whole run's CPU beyond what the steady rate explains: the start-up,
# which for the egress includes the JVM and Felix (issue 17's "Java's share" is the egress's figure minus the
# floor's). Then the medians. Needs a build (scripts/setup).
#
#   bench/web.sh [seconds] [runs]      defaults: 30 s, 3 runs
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/bench/lib.sh"
DURATION="${1:-30}"
RUNS="${2:-3}"
STEADY_FROM=8
(( DURATION >= 20 )) || { echo "seconds must be at least 20" >&2; exit 2; }
PAGE="file://$ROOT/templates/demo/index.html"
WORK="$(mktemp -d -t egress4j-web-bench-XXXXXX)"
trap 'rm -rf "$WORK"' EXIT


echo "web egress of $PAGE, $DURATION s, 720p30 H.264 + AAC, on $(nproc) cores, $RUNS runs"
printf '%-4s %-16s %9s %9s %7s %9s %9s %10s\n' "run" "status" "cpu/s" "floor/s" "ratio" "start s" "floor st" \
  "java share"
for run in $(seq "$RUNS"); do
  dir="$WORK/run-$run"
  mkdir -p "$dir"
  (cd "$dir" && "$ROOT/bench/tree-cpu" --series egress.series egress.txt "$ROOT/bin/egress" record --url "$PAGE" \
    --output web.mp4 --duration "$DURATION" > result.json 2> egress.log) || true
  "$ROOT/bench/tree-cpu" --series "$dir/floor.series" "$dir/floor.txt" "$ROOT/bench/web-floor" "$PAGE" \
    "$DURATION" "$dir/floor.mp4"
  egress_media="$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$(file_location "$dir/result.json")" \
    2>/dev/null || echo 0)"
  floor_media="$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$dir/floor.mp4" 2>/dev/null || echo 0)"
  awk -v run="$run" -v status="$(egress_status "$dir/result.json")" \
    -v steady="$(slope "$dir/egress.series" "$STEADY_FROM" "$DURATION")" \
    -v floor="$(slope "$dir/floor.series" "$STEADY_FROM" "$DURATION")" -v whole="$(cpu_seconds "$dir/egress.txt")" \
    -v floor_whole="$(cpu_seconds "$dir/floor.txt")" -v media="$egress_media" -v floor_media="$floor_media" 'BEGIN {
      start = whole - steady * media; floor_start = floor_whole - floor * floor_media
      printf "%-4s %-16s %9.3f %9.3f %6.2fx %9.1f %9.1f %10.1f\n", run, status, steady, floor, steady / floor, start,
        floor_start, start - floor_start
      print steady / floor, start - floor_start > "/dev/stderr"
    }' 2>> "$WORK/figures"
done
printf '%-4s %-16s %9s %9s %6.2fx %9s %9s %10.1f\n' "med" "" "" "" "$(cut -d' ' -f1 "$WORK/figures" | median)" "" "" \
  "$(cut -d' ' -f2 "$WORK/figures" | median)"
echo "goals: steady ratio <= 1.05; java share (CPU-s beyond the floor's over the run) <= 2"
