#!/usr/bin/env bash
# Soak: one long web egress of the demo page (720p30 H.264 + AAC into MP4), sampled every INTERVAL seconds: the
# resident memory of the egress's JVM and of everything it started (Chromium, Xvfb, PulseAudio), and the CPU of
# the whole tree over the interval. Prints each sample, then the least-squares slope of each figure per hour from
# the second sample on (the first holds the start-up): a leak shows as a steady rise. Ends with the recording's
# status and the duration ffprobe reads. Needs a build (scripts/setup).
#
#   bench/soak.sh [minutes] [interval seconds]      defaults: 60 min, 60 s
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/bench/lib.sh"
MINUTES="${1:-60}"
INTERVAL="${2:-60}"
PAGE="file://$ROOT/templates/demo/index.html"
WORK="$(mktemp -d -t egress4j-soak-bench-XXXXXX)"
trap 'kill "${EGRESS:-}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
HZ="$(getconf CLK_TCK)"

# The pids of process $1 and everything under it.
tree() { ps -eo pid=,ppid= | awk -v root="$1" '{ parent[$1] = $2 } END {
  for (p in parent) { for (q = p; q != "" && q != 0; q = parent[q]) if (q == root) { print p; break } } }'; }
rss_kib() { awk '/VmRSS/ { k = $2 } END { print k + 0 }' "/proc/$1/status" 2>/dev/null || echo 0; }
ticks() { awk '{ t = $14 + $15 + $16 + $17 } END { print t + 0 }' "/proc/$1/stat" 2>/dev/null || echo 0; }

echo "soak: web egress of $PAGE for $MINUTES min, sampled every $INTERVAL s, on $(nproc) cores"
(cd "$WORK" && exec "$ROOT/bin/egress" record --url "$PAGE" --output soak.mp4 --duration $((MINUTES * 60)) \
  > result.json 2> egress.log) &
EGRESS=$!
sleep 2
JVM="$(pgrep -P "$EGRESS" java || echo "$EGRESS")"
printf '%8s %12s %14s %10s\n' "minute" "JVM MB" "children MB" "cores"
previous=""
start=$(date +%s)
while kill -0 "$EGRESS" 2>/dev/null; do
  sleep "$INTERVAL"
  kill -0 "$EGRESS" 2>/dev/null || break
  jvm=0 children=0 total=0
  for pid in $(tree "$JVM"); do
    if [[ "$pid" == "$JVM" ]]; then jvm=$(rss_kib "$pid"); else children=$((children + $(rss_kib "$pid"))); fi
    total=$((total + $(ticks "$pid")))
  done
  minute=$(awk -v s=$(( $(date +%s) - start )) 'BEGIN { printf "%.1f", s / 60 }')
  cores=$([[ -n "$previous" ]] && awk -v t=$((total - previous)) -v hz="$HZ" -v i="$INTERVAL" \
    'BEGIN { printf "%.3f", t / hz / i }' || echo "-")
  previous=$total
  printf '%8s %12d %14d %10s\n' "$minute" $((jvm / 1024)) $((children / 1024)) "$cores" | tee -a "$WORK/samples"
done
wait "$EGRESS" || true
# Slopes per hour of JVM MB, children MB and cores, from the second sample on.
awk 'NR > 1 && $4 != "-" { n++; x[n] = $1; for (f = 2; f <= 4; f++) y[f, n] = $f } END {
  if (n < 3) { print "too few samples for a slope (run longer)"; exit }
  split("JVM MB,children MB,cores", name, ",")
  for (f = 2; f <= 4; f++) {
    sx = sy = sxx = sxy = 0
    for (i = 1; i <= n; i++) { sx += x[i]; sy += y[f, i]; sxx += x[i] * x[i]; sxy += x[i] * y[f, i] }
    printf "slope of %-12s %+8.3f per hour (mean %.3f)\n", name[f - 1], (n * sxy - sx * sy) / (n * sxx - sx * sx) * 60,
      sy / n
  }
}' "$WORK/samples"
echo "status $(egress_status "$WORK/result.json"); ffprobe: $(ffprobe -v error -show_entries format=duration \
  -of csv=p=0 "$(file_location "$WORK/result.json")" 2>/dev/null || echo unreadable) s"
echo "goals: no growth (slopes near 0); web handler JVM <= 250 MB"
