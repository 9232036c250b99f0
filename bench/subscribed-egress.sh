#!/usr/bin/env bash
# Participant and track composite egress against their floor, in one run: each egress records the room simulator
# for a fixed time (decode + one encode to 720p30 H.264 and AAC, no browser), then a bare gst-launch pipeline
# decodes exactly what the simulator sent that egress (its reference copies) and encodes it the same way. Prints
# the CPU seconds of each (whole process tree), per media second, their ratio and the egress's peak RSS. Runs
# inside scripts/netns (needs root or passwordless sudo) and a build.
#
#   bench/subscribed-egress.sh [seconds]      default: 30 s
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/bench/lib.sh"
DURATION="${1:-30}"
WORK="$(mktemp -d -t egress4j-subscribed-bench-XXXXXX)"
PORT=$((20000 + RANDOM % 20000))
trap 'kill "$SIM" 2>/dev/null || true; rm -rf "$WORK"' EXIT

start_simulator "Ctrl-C"
track() { awk -v who="$1" -v codec="$2" '$1 == who && $2 == codec { print $3 }' "$WORK/simulator.out"; }
SENT="$(sed -n 's/.*is kept under \(.*\)$/\1/p' "$WORK/simulator.out")"

# The core's encode for 720p30 with a file output (see the pipeline a debug log prints).
VIDEO_ENCODE="videoconvert ! videoscale ! videorate ! video/x-raw,format=I420,width=1280,height=720,\
pixel-aspect-ratio=1/1,framerate=30/1 ! x264enc speed-preset=veryfast bitrate=3000 key-int-max=30 \
vbv-buf-capacity=2000 ! video/x-h264,profile=main ! h264parse ! mux."
AUDIO_ENCODE="audioconvert ! audioresample ! audio/x-raw,rate=44100,channels=2 ! avenc_aac bitrate=128000 aac-ms=false \
! aacparse ! mux."

# egress name, request JSON, video decode of the reference copy ({} = its path)
bench_one() {
  local name="$1" request="$2" video_decode="$3" dir="$WORK/$1"
  mkdir -p "$dir"
  echo "$request" > "$dir/request.json"
  (
    cd "$dir"
    "$ROOT/bench/tree-cpu" egress.txt "$ROOT/scripts/netns" exec "$ROOT/bin/egress" record \
      --config "$WORK/egress.yaml" --request request.json --duration "$DURATION" > result.json 2> egress.log || true
  )
  local id video audio
  id="$(grep -o '"egressId" *: *"[^"]*"' "$dir/result.json" | head -1 | sed 's/.*"\([^"]*\)"$/\1/')"
  video="$(find "$SENT/$id" -name '*.ivf' -o -name '*.h264' | head -1)"
  audio="$(find "$SENT/$id" -name '*.ogg' | head -1)"
  # The floor: the same media, decoded and encoded once by gst-launch alone.
  # shellcheck disable=SC2086 # the launch lines are meant to split into words
  "$ROOT/bench/tree-cpu" "$dir/floor.txt" gst-launch-1.0 -q filesrc location="$video" ! ${video_decode} \
    ! $VIDEO_ENCODE filesrc location="$audio" ! oggdemux ! opusdec ! $AUDIO_ENCODE \
    mp4mux name=mux ! filesink location="$dir/floor.mp4" > /dev/null
  local egress floor media
  egress="$(cpu_seconds "$dir/egress.txt")"
  floor="$(cpu_seconds "$dir/floor.txt")"
  media="$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$dir/floor.mp4")"
  printf '%-16s %-16s %8s %8s %10s %10s %7s %8s MB\n' "$name" "$(egress_status "$dir/result.json")" \
    "$egress" "$floor" \
    "$(awk -v c="$egress" -v d="$DURATION" 'BEGIN { printf "%.3f", c / d }')" \
    "$(awk -v c="$floor" -v d="$media" 'BEGIN { printf "%.3f", c / d }')" \
    "$(awk -v e="$egress" -v f="$floor" -v d="$DURATION" -v m="$media" 'BEGIN { printf "%.2fx", (e / d) / (f / m) }')" \
    "$(( $(peak_kib "$dir/egress.txt") / 1024 ))"
}

echo "participant and track composite egress, $DURATION s each, 720p30 H.264 + AAC, on $(nproc) cores"
echo "(simulator CPU not counted; the egress's figure includes its JVM start)"
printf '%-16s %-16s %8s %8s %10s %10s %7s %11s\n' "egress" "status" "cpu s" "floor s" "cpu s/s" "floor s/s" \
  "ratio" "peak RSS"
bench_one track-composite "{\"trackComposite\": {\"roomName\": \"demo\", \"audioTrackId\": \"$(track alice Opus)\",
  \"videoTrackId\": \"$(track alice VP8)\", \"fileOutputs\": [{\"filepath\": \"bench/tc.mp4\"}]}}" \
  "ivfparse ! vp8dec"
bench_one participant "{\"participant\": {\"roomName\": \"demo\", \"identity\": \"bob\",
  \"fileOutputs\": [{\"filepath\": \"bench/p.mp4\"}]}}" "h264parse ! avdec_h264"
