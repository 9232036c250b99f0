#!/usr/bin/env bash
# Participant and track composite egress against their floor, in one run. Each egress records the room simulator
# (decode + one encode to 720p30 H.264 and AAC, no browser); its process tree's CPU is sampled every second, and
# the slope from STEADY_FROM seconds after launch to the end of the recording is its steady cost per media second,
# free of the JVM's start and the ending. The floor is a bare gst-launch pipeline that decodes exactly what the
# simulator sent that egress (its reference copies) and encodes it the same way, paced to real time as a live
# source is (clocksync). Prints, per egress, the whole run's CPU seconds (whole process tree) beside the floor's for
# as much media, the steady CPU per media second beside the floor's, what starting and ending cost on top, and the
# egress's peak RSS. Runs inside scripts/netns (needs root or passwordless sudo) and a build.
#
#   bench/subscribed-egress.sh [seconds]      default: 30 s, at least 20
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/bench/lib.sh"
DURATION="${1:-30}"
# Launch, Felix, joining and the first media take about 5 s; from here on the egress is recording.
STEADY_FROM=10
(( DURATION >= 20 )) || { echo "seconds must be at least 20" >&2; exit 2; }
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
AUDIO_ENCODE="audioconvert ! audioresample ! audio/x-raw,rate=44100,channels=2 \
! avenc_aac bitrate=128000 aac-ms=false ! aacparse ! mux."


# egress name, request JSON, video decode of the reference copy
bench_one() {
  local name="$1" video_decode="$3" dir="$WORK/$1"
  mkdir -p "$dir"
  echo "$2" > "$dir/request.json"
  (
    cd "$dir"
    "$ROOT/bench/tree-cpu" --series egress.series egress.txt "$ROOT/scripts/netns" exec "$ROOT/bin/egress" record \
      --config "$WORK/egress.yaml" --request request.json --duration "$DURATION" > result.json 2> egress.log || true
  )
  local id video audio
  id="$(grep -o '"egressId" *: *"[^"]*"' "$dir/result.json" | head -1 | sed 's/.*"\([^"]*\)"$/\1/')"
  video="$(find "$SENT/$id" -name '*.ivf' -o -name '*.h264' | head -1)"
  audio="$(find "$SENT/$id" -name '*.ogg' | head -1)"
  # The floor: the same media, decoded and encoded once by gst-launch alone, live.
  # shellcheck disable=SC2086 # the launch lines are meant to split into words
  "$ROOT/bench/tree-cpu" "$dir/floor.txt" gst-launch-1.0 -q filesrc location="$video" ! ${video_decode} \
    ! clocksync ! $VIDEO_ENCODE filesrc location="$audio" ! oggdemux ! opusdec ! clocksync ! $AUDIO_ENCODE \
    mp4mux name=mux ! filesink location="$dir/floor.mp4" > /dev/null
  local whole floor media
  whole="$(cpu_seconds "$dir/egress.txt")"
  floor="$(cpu_seconds "$dir/floor.txt")"
  media="$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$dir/floor.mp4")"
  awk -v name="$name" -v status="$(egress_status "$dir/result.json")" -v whole="$whole" -v floor="$floor" \
    -v media="$media" -v d="$DURATION" -v steady="$(slope "$dir/egress.series" "$STEADY_FROM" "$((DURATION + 3))")" \
    -v rss="$(( $(peak_kib "$dir/egress.txt") / 1024 ))" 'BEGIN {
      floor_rate = floor / media
      printf "%-16s %-16s %7.1f %7.1f %6.2fx %8.3f %8.3f %6.2fx %7.1f %6d MB\n", name, status, whole,
        floor_rate * d, whole / (floor_rate * d), steady, floor_rate, steady / floor_rate, whole - steady * d, rss
    }'
}

echo "participant and track composite egress, $DURATION s each, 720p30 H.264 + AAC, on $(nproc) cores"
echo "(simulator CPU not counted; whole run: JVM start and ending included; steady: per media second, from" \
  "${STEADY_FROM} s after launch; start s: the whole run beyond the steady rate)"
printf '%-16s %-16s %7s %7s %7s %8s %8s %7s %7s %9s\n' "egress" "status" "cpu s" "floor s" "ratio" "cpu/s" \
  "floor/s" "ratio" "start s" "peak RSS"
bench_one track-composite "{\"trackComposite\": {\"roomName\": \"demo\", \"audioTrackId\": \"$(track alice Opus)\",
  \"videoTrackId\": \"$(track alice VP8)\", \"fileOutputs\": [{\"filepath\": \"bench/tc.mp4\"}]}}" \
  "ivfparse ! vp8dec"
bench_one participant "{\"participant\": {\"roomName\": \"demo\", \"identity\": \"bob\",
  \"fileOutputs\": [{\"filepath\": \"bench/p.mp4\"}]}}" "h264parse ! avdec_h264"
