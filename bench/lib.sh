# Helpers the bench scripts share (sourced, not run).

# The CPU seconds (field 1) or the peak resident KiB (field 2) that bench/tree-cpu wrote to file $1.
cpu_seconds() { cut -d' ' -f1 "$1"; }
peak_kib() { cut -d' ' -f2 "$1"; }

# The status in the final EgressInfo `egress record` printed to file $1 (EGRESS_COMPLETE, ...); empty if none.
egress_status() {
  grep -o '"status" *: *"[A-Z_]*"' "$1" | head -1 | sed 's/.*"\([A-Z_]*\)"$/\1/'
}

# The least-squares slope of CPU seconds over time in series file $1 between seconds $2 and $3.
slope() {
  awk -v from="$2" -v to="$3" '$1 >= from && $1 <= to { n++; sx += $1; sy += $2; sxx += $1 * $1; sxy += $1 * $2 }
    END { printf "%.4f", (n > 2 ? (n * sxy - sx * sy) / (n * sxx - sx * sx) : 0) }' "$1"
}

# The median of the numbers on standard input, one a line (the upper one of an even count).
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# The location of the first file in the final EgressInfo `egress record` printed to file $1.
file_location() {
  grep -o '"location" *: *"[^"]*"' "$1" | head -1 | sed 's/.*"\([^"]*\)"$/\1/'
}

# Starts bin/simulate-room (with $2..., e.g. --script FILE) on 10.200.0.1:$PORT in the background, its output in
# $WORK/simulator.out and its pid in SIM; waits until that output shows $1 (the room is up) and writes the config
# to record it to $WORK/egress.yaml. Exits with the simulator's output if it never comes up.
start_simulator() {
  local ready="$1"
  shift
  "$ROOT/bin/simulate-room" "$@" 10.200.0.1 "$PORT" > "$WORK/simulator.out" 2>&1 &
  SIM=$!
  for _ in $(seq 100); do grep -q "$ready" "$WORK/simulator.out" 2>/dev/null && break; sleep 0.2; done
  grep -q "$ready" "$WORK/simulator.out" || { cat "$WORK/simulator.out" >&2; exit 1; }
  printf 'ws_url: ws://10.200.0.1:%s\napi_key: devkey\napi_secret: simulator-secret-change-me-0123456789\n' \
    "$PORT" > "$WORK/egress.yaml"
}
