#!/usr/bin/env bash
# One encode, many outputs: records the same web page twice, once with a file output only and once with a file,
# HLS segments, two RTMP streams (to a local nginx-rtmp) and thumbnails, then prints the CPU each egress used
# (the whole process tree: JVM, Chromium, Xvfb, PulseAudio) and how many encoders each pipeline had.
#
#   bench/one-encode.sh [seconds]      default 20 s per run; needs a build (scripts/setup) and nginx-rtmp
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/bench/lib.sh"
DURATION="${1:-20}"
PAGE="file://$ROOT/templates/demo/index.html"
WORK="$(mktemp -d -t egress4j-bench-XXXXXX)"
PORT=$((20000 + RANDOM % 20000))

[[ -x "$ROOT/launcher/target/egress/bin/egress" || -d "$ROOT/launcher/target/egress" ]] \
  || { echo "one-encode: build first (scripts/setup or mvn install)" >&2; exit 1; }
[[ -f /usr/lib/nginx/modules/ngx_rtmp_module.so ]] \
  || { echo "one-encode: needs nginx and libnginx-mod-rtmp (scripts/install-deps)" >&2; exit 1; }

cat > "$WORK/nginx.conf" <<CONF
load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;
daemon off; master_process off; worker_processes 1;
pid $WORK/nginx.pid; error_log $WORK/nginx.log warn;
events { worker_connections 64; }
rtmp { server { listen 127.0.0.1:$PORT; application live { live on; } } }
CONF
nginx -c "$WORK/nginx.conf" -p "$WORK" &
NGINX=$!
trap 'kill $NGINX 2>/dev/null; rm -rf "$WORK"' EXIT
printf 'logging:\n  level: debug\n' > "$WORK/egress.yaml"

ENCODING='"advanced": {"width": 1280, "height": 720, "framerate": 30}'
cat > "$WORK/file-only.json" <<JSON
{"url": "$PAGE", $ENCODING, "fileOutputs": [{"filepath": "a/file.mp4"}]}
JSON
cat > "$WORK/all-outputs.json" <<JSON
{"url": "$PAGE", $ENCODING, "fileOutputs": [{"filepath": "b/file.mp4"}],
 "segmentOutputs": [{"filenamePrefix": "b/seg", "playlistName": "b/index.m3u8"}],
 "streamOutputs": [{"urls": ["rtmp://127.0.0.1:$PORT/live/one", "rtmp://127.0.0.1:$PORT/live/two"]}],
 "imageOutputs": [{"captureInterval": 2, "width": 320, "height": 180, "filenamePrefix": "b/thumb"}]}
JSON

# Prints "<cpu seconds> <video encoders> <audio encoders> <status>" for one request.
measure() {
  local name="$1"
  (
    cd "$WORK"
    # The CPU of the egress and of every process under it (Chromium's included).
    "$ROOT/bench/tree-cpu" "$name.cpu" "$ROOT/bin/egress" record --config egress.yaml --request "$name.json" \
      --duration "$DURATION" > "$name.out" 2> "$name.log" || true
  )
  printf '%s %s %s %s\n' "$(cpu_seconds "$WORK/$name.cpu")" "$(grep -c 'x264enc' "$WORK/$name.log" || true)" \
    "$(grep -c 'avenc_aac' "$WORK/$name.log" || true)" "$(egress_status "$WORK/$name.out")"
}

echo "recording $PAGE for $DURATION s per run, 1280x720 30 fps, on $(nproc) cores"
printf '%-58s %10s %12s %9s %s\n' "egress" "cpu s" "cpu/media s" "encoders" "status"
for name in file-only all-outputs; do
  read -r cpu video audio status <<<"$(measure "$name")"
  printf '%-58s %10s %12s %9s %s\n' \
    "$([[ $name == file-only ]] && echo "file only" || echo "file + HLS + 2 RTMP + thumbnails")" \
    "$cpu" "$(awk -v c="$cpu" -v d="$DURATION" 'BEGIN { printf "%.2f", c / d }')" "${video}v+${audio}a" "$status"
done
echo "work files (logs, recordings): removed; rerun with a longer duration for steadier figures"
