# Helpers the bench scripts share (sourced, not run).

# CPU seconds in a file written by `times`: its children line, the user and system time of every process the
# shell waited for, and of theirs.
children_cpu() {
  tail -1 "$1" | awk '{ split($1, u, "m"); split($2, s, "m"); printf "%.1f", u[1]*60 + u[2] + s[1]*60 + s[2] }'
}

# The status in the final EgressInfo `egress record` printed to file $1 (EGRESS_COMPLETE, ...); empty if none.
egress_status() {
  grep -o '"status" *: *"[A-Z_]*"' "$1" | head -1 | sed 's/.*"\([A-Z_]*\)"$/\1/'
}
