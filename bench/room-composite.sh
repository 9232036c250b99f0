#!/usr/bin/env bash
# Room composite CPU against its floor. Three simulated participants (VP8, H.264, VP8; each with Opus) in a grid:
#   1. egress4j records the room: `bin/egress record --room demo --layout grid`, 1280x720 30 fps H.264 + AAC to MP4;
#   2. the floor: the same built-in template page in Chromium (same flags) on Xvfb + PulseAudio, captured and encoded
#      by a bare gst-launch with the same encoder settings: no JVM, no Felix, no chromedriver.
# Prints the CPU seconds of each whole process tree (Xvfb, PulseAudio, Chromium and the recorder; bench/tree-cpu
# counts every process under it, orphans included) per media second, and their ratio. Runs inside scripts/netns
# (needs root or passwordless sudo) and a build (scripts/setup).
#
#   bench/room-composite.sh [seconds [pairs]]      default 60 s per run, 3 pairs
# The pairs alternate (egress4j, floor, egress4j, ...) and the median ratio is the figure: the floor alone varies by
# 15 % from run to run on 2 cores.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/bench/lib.sh"
DURATION="${1:-60}"
PAIRS="${2:-3}"
WORK="$(mktemp -d -t egress4j-rc-bench-XXXXXX)"
chmod 755 "$WORK"
PORT=$((20000 + RANDOM % 20000))
KEY=devkey
SECRET=simulator-secret-change-me-0123456789
TEMPLATE="$ROOT/templates/default/dist"
trap 'kill "$SIM" 2>/dev/null || true; rm -rf "$WORK"' EXIT

[[ -f "$TEMPLATE/app.js" ]] || { echo "room-composite: build first (scripts/setup or mvn install)" >&2; exit 1; }

cat > "$WORK/room.txt" <<'SCRIPT'
0 publish alice vp8  0xcc2222 440
0 publish bob   h264 0x22aa22 660
0 publish carol vp8  0x2222cc 880
SCRIPT
start_simulator "publish carol" --script "$WORK/room.txt"

# CPU seconds a process tree spends between $2 and $3 seconds from now (mid-recording): the steady state,
# without start-up. The tree is the process $1 and its descendants alive at each sample.
steady_cpu() {
  local before after
  sleep "$2"; before="$(tree_ticks "$1")"
  sleep "$(( $3 - $2 ))"; after="$(tree_ticks "$1")"
  awk -v b="$before" -v a="$after" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", (a - b) / hz }'
}

# utime + stime ticks of process $1 and its descendants (fields 14 and 15 of /proc/<pid>/stat).
tree_ticks() {
  cat /proc/[0-9]*/stat 2>/dev/null | awk -v root="$1" '{
      pid = $1; sub(/^.*\) /, ""); parent[pid] = $2; ticks[pid] = $12 + $13
    }
    END {
      alive[root] = 1
      for (changed = 1; changed; ) {
        changed = 0
        for (p in parent) if (!(p in alive) && (parent[p] in alive)) { alive[p] = 1; changed = 1 }
      }
      for (p in alive) sum += ticks[p]
      print sum + 0
    }'
}

# A recorder's access token, as the egress mints it (HS256; identity, room, subscribe only, hidden recorder).
token() {
  python3 - "$KEY" "$SECRET" <<'PY'
import base64, hashlib, hmac, json, sys, time
key, secret = sys.argv[1], sys.argv[2]
b64 = lambda data: base64.urlsafe_b64encode(data).rstrip(b"=").decode()
now = int(time.time())
header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
claims = b64(json.dumps({"iss": key, "sub": "bench-floor", "nbf": now - 10, "exp": now + 3600,
                         "video": {"roomJoin": True, "room": "demo", "canSubscribe": True, "canPublish": False,
                                   "hidden": True, "recorder": True}}).encode())
signature = b64(hmac.new(secret.encode(), f"{header}.{claims}".encode(), hashlib.sha256).digest())
print(f"{header}.{claims}.{signature}")
PY
}

# The floor, run by one bash inside the namespace.
cat > "$WORK/floor.sh" <<'FLOOR'
set -euo pipefail
cd "$WORK"
display=":$((200 + RANDOM % 300))"
Xvfb "$display" -screen 0 1280x720x24 -nolisten tcp -nocursor 2> xvfb.log &
xvfb=$!
pulseaudio -n --daemonize=no --system=false --exit-idle-time=-1 --use-pid-file=no --disable-shm=yes \
  --load="module-native-protocol-unix socket=$WORK/pulse.sock auth-anonymous=1" \
  --load="module-null-sink sink_name=floor rate=48000 channels=2" 2> pulse.log &
pulse=$!
python3 -m http.server --bind 127.0.0.1 "$HTTP_PORT" --directory "$TEMPLATE" > http.log 2>&1 &
http=$!
for _ in $(seq 50); do [[ -S pulse.sock ]] && break; sleep 0.1; done
DISPLAY="$display" PULSE_SERVER="unix:$WORK/pulse.sock" PULSE_SINK=floor chromium \
  --no-first-run --no-default-browser-check --disable-gpu --disable-infobars --disable-background-networking \
  --disable-component-update --disable-quic --enable-features=NetworkService,NetworkServiceInProcess \
  --disable-background-timer-throttling --disable-backgrounding-occluded-windows --disable-breakpad \
  --disable-client-side-phishing-detection --disable-default-apps --disable-dev-shm-usage --disable-extensions \
  --disable-features=AudioServiceOutOfProcess,site-per-process,Translate,TranslateUI,BlinkGenPropertyTrees \
  --disable-hang-monitor --disable-ipc-flooding-protection --disable-popup-blocking --disable-prompt-on-repost \
  --disable-renderer-backgrounding --disable-sync --force-color-profile=srgb --metrics-recording-only \
  --safebrowsing-disable-auto-update --password-store=basic --use-mock-keychain --kiosk --disable-translate \
  --autoplay-policy=no-user-gesture-required --window-position=0,0 --window-size=1280,720 --no-sandbox \
  --user-data-dir="$WORK/chromium-profile" "$PAGE" > chromium.log 2>&1 &
chromium=$!
sleep 4 # the page joins the room and starts playing; egress4j records from the page's START_RECORDING too
timeout -s INT "$DURATION" gst-launch-1.0 -e -q \
  ximagesrc display-name="$display" use-damage=false show-pointer=false do-timestamp=true \
  ! queue leaky=downstream max-size-time=2000000000 max-size-buffers=0 max-size-bytes=0 \
  ! videoconvert ! videorate skip-to-first=true ! videoscale \
  ! video/x-raw,format=I420,width=1280,height=720,pixel-aspect-ratio=1/1,framerate=30/1 \
  ! x264enc speed-preset=veryfast bitrate=3000 key-int-max=30 vbv-buf-capacity=2000 \
  ! video/x-h264,profile=main ! h264parse ! queue ! mux. \
  pulsesrc server="unix:$WORK/pulse.sock" device=floor.monitor do-timestamp=true \
  ! audiorate skip-to-first=true tolerance=3000000 \
  ! queue leaky=downstream max-size-time=2000000000 max-size-buffers=0 max-size-bytes=0 \
  ! audioconvert ! audioresample ! audio/x-raw,rate=44100,channels=2 \
  ! avenc_aac bitrate=128000 aac-ms=false ! aacparse \
  ! queue ! mux. \
  mp4mux name=mux fragment-duration=1000 ! filesink location=floor.mp4 > gst.log 2>&1 || true
kill "$chromium" "$http" "$pulse" "$xvfb" 2>/dev/null || true
wait || true
FLOOR

echo "room composite: a grid of 3 participants, 1280x720 30 fps H.264 + AAC, $DURATION s per run, $PAIRS pairs of"
echo "runs (egress4j, then its floor), on $(nproc) cores; the simulator's CPU is not counted"
# Steady state: the middle of each recording (both start recording within ~8 s of launch).
STEADY_FROM=$(( DURATION / 4 + 8 ))
STEADY_TO=$(( DURATION * 3 / 4 + 4 ))
steady_seconds=$(( STEADY_TO - STEADY_FROM ))
PAGE="http://127.0.0.1:$((PORT + 1))/index.html?layout=grid&url=ws%3A%2F%2F10.200.0.1%3A$PORT&token=$(token)"
per_second() { awk -v c="$1" -v d="$2" 'BEGIN { printf "%.2f", (d > 0 ? c / d : 0) }'; }
media_seconds() { ffprobe -v error -show_entries format=duration -of csv=p=0 "$1" 2>/dev/null || echo 0; }

# One row: pair, run, CPU seconds, media seconds, the file with the steady-state CPU seconds.
print_run() {
  printf '%-4s %-38s %8s %8.1f %13s %8s\n' "$1" "$2" "$3" "$4" "$(per_second "$3" "$4")" \
    "$(per_second "$(cat "$5")" "$steady_seconds")"
}

# One pair: egress4j records the room, then the floor captures the same page. Appends "<whole> <steady>" ratios.
run_pair() {
  local pair="$1" dir="$WORK/pair-$1"
  mkdir -p "$dir" && chmod 755 "$dir" && cp "$WORK/egress.yaml" "$WORK/floor.sh" "$dir/"
  (
    cd "$dir"
    "$ROOT/bench/tree-cpu" egress.cpu "$ROOT/scripts/netns" exec "$ROOT/bin/egress" record --config egress.yaml \
      --room demo --layout grid --output bench/grid.mp4 --duration "$DURATION" > egress.json 2> egress.log &
    steady_cpu "$!" "$STEADY_FROM" "$STEADY_TO" > egress.steady
    wait || true
    "$ROOT/bench/tree-cpu" floor.cpu "$ROOT/scripts/netns" exec env WORK="$dir" TEMPLATE="$TEMPLATE" \
      HTTP_PORT=$((PORT + 1)) PAGE="$PAGE" DURATION="$DURATION" bash floor.sh &
    steady_cpu "$!" "$STEADY_FROM" "$STEADY_TO" > floor.steady
    wait
  )
  local egress_cpu floor_cpu egress_media floor_media status
  egress_cpu="$(cpu_seconds "$dir/egress.cpu")" floor_cpu="$(cpu_seconds "$dir/floor.cpu")"
  egress_media="$(media_seconds "$dir/recordings/bench/grid.mp4")" floor_media="$(media_seconds "$dir/floor.mp4")"
  status="$(egress_status "$dir/egress.json")"
  print_run "$pair" "egress4j (${status:-no result})" "$egress_cpu" "$egress_media" "$dir/egress.steady"
  print_run "" "floor: Chromium + gst-launch, no Java" "$floor_cpu" "$floor_media" "$dir/floor.steady"
  awk -v e="$egress_cpu" -v em="$egress_media" -v f="$floor_cpu" -v fm="$floor_media" \
    -v es="$(cat "$dir/egress.steady")" -v fs="$(cat "$dir/floor.steady")" 'BEGIN {
      if (em > 0 && fm > 0 && f > 0 && fs > 0) printf "%.3f %.3f\n", (e / em) / (f / fm), es / fs
    }' >> "$WORK/ratios"
}

printf '%-4s %-38s %8s %8s %13s %8s\n' "pair" "run" "cpu s" "media s" "cpu s/media s" "steady"
for pair in $(seq "$PAIRS"); do run_pair "$pair"; done
echo "(steady: cpu s per s, seconds $STEADY_FROM-$STEADY_TO of each run)"
[[ -s "$WORK/ratios" ]] || { echo "room-composite: no pair gave a ratio (see the runs above)" >&2; exit 1; }
median() {
  sort -n | awk '{ v[NR] = $1 } END { printf "%.2f", (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}
whole="$(cut -d' ' -f1 "$WORK/ratios")" steady="$(cut -d' ' -f2 "$WORK/ratios")"
echo "egress4j / floor, median of $(wc -l < "$WORK/ratios") pairs: $(median <<<"$whole")x per media second over" \
  "the whole run (pairs: $(echo $whole)), $(median <<<"$steady")x steady (target: at most 1.15x)"
