# CPU time (clock ticks, user and system) that the host process and PostgreSQL use while wrk measures, divided by the requests:
# what each request costs, which other work on the machine does not inflate much, unlike requests/s and latency.
# Usage: cpu_mark HOST_PID PG_PID; wrk ...; cpu_per_request HOST_PID PG_PID REQUESTS  -> "0.41 ms|0.52 ms" (host|PostgreSQL)
CPU_TICKS_PER_S=$(getconf CLK_TCK)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
# PostgreSQL's: the postmaster's own, that of its children that have ended, and that of those still running.
pg_ticks() {
  local t pid v
  t=$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$1/stat" 2>/dev/null || echo 0)
  for pid in $(pgrep -P "$1"); do v=$(cpu_ticks "$pid"); t=$((t + ${v:-0})); done
  echo "$t"
}
cpu_mark() { CPU_HOST_FROM=$(cpu_ticks "$1"); CPU_PG_FROM=$(pg_ticks "$2"); }
cpu_per_request() {
  local host pg
  host=$(echo "scale=4; ($(cpu_ticks "$1") - $CPU_HOST_FROM) * 1000 / $CPU_TICKS_PER_S / $3" | bc)
  pg=$(echo "scale=4; ($(pg_ticks "$2") - $CPU_PG_FROM) * 1000 / $CPU_TICKS_PER_S / $3" | bc)
  printf '%.2f ms|%.2f ms' "$host" "$pg"
}
