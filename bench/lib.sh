# Helpers the bench scripts share (sourced, not run).

# The CPU seconds (field 1) or the peak resident KiB (field 2) that bench/tree-cpu wrote to file $1.
cpu_seconds() { cut -d' ' -f1 "$1"; }
peak_kib() { cut -d' ' -f2 "$1"; }

# The status in the final EgressInfo `egress record` printed to file $1 (EGRESS_COMPLETE, ...); empty if none.
egress_status() {
  grep -o '"status" *: *"[A-Z_]*"' "$1" | head -1 | sed 's/.*"\([A-Z_]*\)"$/\1/'
}
