# One endpoint measured with wrk twice, on the same host and in the same run:
# - at full speed: every connection sends its next request as soon as the answer comes (a closed loop). This gives the
#   most requests/s the machine sustains, and the CPU each request costs. Its latencies are mostly the queue: with C
#   requests always in flight, the mean latency is C / (requests/s), however fast one request is served.
# - at a steady load: every connection waits a random time after each answer before its next request, drawn from an
#   exponential distribution with a mean of WRK_PACE_MS (default 40), as independent people's requests arrive. With
#   32 connections that offers at most 800 requests/s, about half of what the slowest reads sustain here, and far more
#   than a clinic's staff and patients send. Its latencies are what a request takes when it does not queue behind 31
#   others, which is what a latency goal means. A fixed wait (WRK_PACE=fixed) keeps the connections in step: after
#   the first answers they all wait the same 40 ms and send again together, so every request queues behind a burst
#   of up to 32 others and the p99 is the time that burst takes to drain.
# Usage: source bench/lib/cpu.sh and this file; set WORK, CONNECTIONS, DURATION, HOST_PID and PG_PID; then
#   wrk_measure LABEL WHAT URL LUA_SCRIPT_OR_EMPTY [wrk options such as -H "Cookie: ..."]
# appends one Markdown row to WRK_FULL_ROWS and one to WRK_STEADY_ROWS; wrk_tables prints both tables.
WRK_PACE_MS="${WRK_PACE_MS:-40}"
WRK_PACE="${WRK_PACE:-random}"
WRK_FULL_ROWS=()
WRK_STEADY_ROWS=()

wrk_measure() {
  local label="$1" what="$2" url="$3" script="${4:-}"
  shift 3
  [ $# -gt 0 ] && shift
  local base steady_script out_full out_steady scripted=()
  base="$WORK/wrk-$(echo "$label" | tr -c 'A-Za-z0-9' '_')"
  out_full="$base.full.txt"
  out_steady="$base.steady.txt"
  steady_script="$base.steady.lua"
  # The steady run's script: the endpoint's own (if any) and a pause after every answer.
  { [ -n "$script" ] && cat "$script"; wrk_pause_lua; } >"$steady_script"
  [ -n "$script" ] && scripted=(-s "$script")

  wrk -t2 -c"$CONNECTIONS" -d5s "${scripted[@]}" "$@" "$url" >/dev/null   # warm-up
  cpu_mark "$HOST_PID" "$PG_PID"
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "${scripted[@]}" "$@" "$url" >"$out_full"
  local cpu
  cpu=$(cpu_per_request "$HOST_PID" "$PG_PID" "$(awk '/requests in/ {print $1}' "$out_full")")
  WRK_FULL_ROWS+=("| \`$label\` | $what | $(wrk_figures "$out_full") | ${cpu/|/ | } |")

  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$steady_script" "$@" "$url" >"$out_steady"
  WRK_STEADY_ROWS+=("| \`$label\` | $(wrk_figures "$out_steady") |")
}

# The steady run's delay(): WRK_PACE_MS on average, exponentially distributed (each thread seeds its own generator,
# from the address of a table, which differs between wrk's threads), or exactly WRK_PACE_MS with WRK_PACE=fixed.
wrk_pause_lua() {
  if [ "$WRK_PACE" = fixed ]; then
    echo "function delay() return $WRK_PACE_MS end"
    return
  fi
  cat <<LUA
local pause_seeded = false
function delay()
  if not pause_seeded then
    math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 1000003)
    pause_seeded = true
  end
  return math.floor(-$WRK_PACE_MS * math.log(1 - math.random()) + 0.5)
end
LUA
}

# "requests/s | p50 | p90 | p99 | non-2xx" from a wrk --latency report.
wrk_figures() {
  awk '
    /^Requests\/sec/ { rps = $2 }
    $1 == "50%" { p50 = $2 } $1 == "90%" { p90 = $2 } $1 == "99%" { p99 = $2 }
    /Non-2xx or 3xx responses/ { errors = $5 }
    END { printf "%s | %s | %s | %s | %d", rps, p50, p90, p99, errors }' "$1"
}

# Both tables, with what they mean.
wrk_tables() {
  echo "### At full speed"
  echo
  echo "$CONNECTIONS connections, each sending its next request as soon as the answer comes."
  echo
  echo "| endpoint | what it does | requests/s | p50 | p90 | p99 | non-2xx | host CPU per request | PostgreSQL CPU per request |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  printf '%s\n' "${WRK_FULL_ROWS[@]}"
  echo
  echo "CPU per request is the CPU time (user and system) the host process and PostgreSQL's processes used while wrk measured,"
  echo "divided by the requests: what each request costs, whatever else shared the cores. The latencies here are mostly"
  echo "queueing: with $CONNECTIONS requests always in flight, the mean latency is $CONNECTIONS divided by the requests/s."
  echo
  echo "### At a steady load"
  echo
  if [ "$WRK_PACE" = fixed ]; then
    echo "The same $CONNECTIONS connections, each waiting $WRK_PACE_MS ms after an answer before its next request (at most"
    echo "$((CONNECTIONS * 1000 / WRK_PACE_MS)) requests/s offered). The connections stay in step and send in bursts of up to $CONNECTIONS,"
    echo "so a request may queue behind the rest of its burst."
  else
    echo "The same $CONNECTIONS connections, each waiting a random time after an answer before its next request (exponentially"
    echo "distributed, $WRK_PACE_MS ms on average, so that the connections send independently, as people do; at most"
    echo "$((CONNECTIONS * 1000 / WRK_PACE_MS)) requests/s offered): the latency of a request that does not queue behind the others."
  fi
  echo
  echo "| endpoint | requests/s | p50 | p90 | p99 | non-2xx |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: |"
  printf '%s\n' "${WRK_STEADY_ROWS[@]}"
}
