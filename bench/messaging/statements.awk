# Reads the PostgreSQL log entries auto_explain wrote while one request ran ("<time> [pid] LOG:  duration:
# ... plan:" and the plan up to the next entry). The request's statements are those of the connection that
# sent its messaging statements. The host's background jobs (Hangfire's storage, the notification
# dispatch) share the connection pool, so their statements are left out by their text.
# Prints the messaging statements' plans whole, the first line of the others with how many times each
# was sent (session check, patient names, audit entry), and how many statements the request sent.
# -v schema=billing reads another module's statements (messaging by default).
BEGIN { if (schema == "") schema = "messaging"; mine = schema "\\." }
/^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] / {
  inplan = ($0 ~ /LOG:  duration: .* plan:/)
  if (!inplan) next
  n++; match($0, /\[[0-9]+\]/); pid[n] = substr($0, RSTART, RLENGTH)
  header[n] = $0; sub(/^.*LOG:  /, "", header[n]); want = 0; next
}
inplan {
  block[n] = block[n] $0 "\n"
  if ($0 ~ mine) asks[pid[n]] = 1
  if ($0 ~ /Query Text: /) { want = 1; sub(/^.*Query Text: */, "") }
  if (want && first[n] == "") { line = $0; gsub(/^[ \t]+/, "", line); if (line != "") { first[n] = substr(line, 1, 110); want = 0 } }
}
END {
  for (i = 1; i <= n; i++) {
    if (!(pid[i] in asks) || block[i] ~ /"?hangfire"?\.|with due as/) continue
    statements++
    if (block[i] ~ mine) printf "%s\n%s\n", header[i], block[i]
    else others[first[i]]++
  }
  for (q in others) printf "   other statement (x%d): %s\n", others[q], q
  printf "   statements sent for this request: %d\n", statements
}