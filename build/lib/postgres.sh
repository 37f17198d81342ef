# A private PostgreSQL cluster from Debian's packages, on a loopback port. Source it after common.sh.
# shellcheck shell=bash

pg_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] || return 1
  echo "$dir"
}

pg_ensure_installed() {
  pg_bindir >/dev/null || ensure_packages postgresql
  pg_bindir >/dev/null || die "PostgreSQL did not install"
}

# PostgreSQL refuses to run as root: as root the cluster belongs to the postgres user.
pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# The postgres user must be able to reach the data folder through every parent folder.
pg_open_path() {
  [ "$(id -u)" -eq 0 ] || return 0
  local dir
  dir=$(dirname "$1")
  while [ "$dir" != "/" ]; do
    if ! runuser -u postgres -- test -x "$dir" 2>/dev/null; then
      log "Letting the postgres user pass through $dir (chmod o+x)"
      chmod o+x "$dir"
    fi
    dir=$(dirname "$dir")
  done
}

# pg_start DATA_DIR PORT PASSWORD [fast]: creates the cluster on first use, then starts it.
# "fast" turns durability off: for throwaway test clusters only.
pg_start() {
  local data="$1" port="$2" password="$3" mode="${4:-}" bin pwfile
  bin=$(pg_bindir)
  mkdir -p "$data"
  if [ ! -f "$data/PG_VERSION" ]; then
    log "Creating a PostgreSQL cluster in $data"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$data"
    chmod 700 "$data"
    pg_open_path "$data"
    pwfile=$(pg_as_owner mktemp)
    printf '%s\n' "$password" | pg_as_owner tee "$pwfile" >/dev/null
    pg_as_owner "$bin/initdb" -D "$data" -U portal --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8 \
      --auth-host=scram-sha-256 --auth-local=peer >"${data%/}.initdb.log" 2>&1 \
      || { pg_as_owner rm -f "$pwfile"; cat "${data%/}.initdb.log" >&2; die "initdb failed"; }
    pg_as_owner rm -f "$pwfile"
    {
      echo "listen_addresses = '127.0.0.1'"
      echo "unix_socket_directories = ''"
      echo "max_connections = 200"
      echo "shared_buffers = 256MB"
      if [ "$mode" = fast ]; then
        echo "fsync = off"; echo "synchronous_commit = off"; echo "full_page_writes = off"
      fi
    } | pg_as_owner tee -a "$data/postgresql.conf" >/dev/null
  fi
  pg_open_path "$data"
  pg_as_owner "$bin/pg_ctl" -D "$data" -l "$data/server.log" -o "-p $port" -w -t 60 start >/dev/null \
    || { tail -n 20 "$data/server.log" >&2 2>/dev/null; die "PostgreSQL did not start"; }
}

pg_stop() {
  local data="$1" bin
  bin=$(pg_bindir) || return 0
  [ -f "$data/postmaster.pid" ] || return 0
  pg_as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
}

pg_running() { [ -f "$1/postmaster.pid" ] && pg_as_owner "$(pg_bindir)/pg_ctl" -D "$1" status >/dev/null 2>&1; }

# pg_ensure_database PORT PASSWORD NAME
pg_ensure_database() {
  local port="$1" password="$2" name="$3" bin
  bin=$(pg_bindir)
  if ! PGPASSWORD="$password" "$bin/psql" -h 127.0.0.1 -p "$port" -U portal -d postgres -tAc \
      "select 1 from pg_database where datname = '$name'" | grep -q 1; then
    PGPASSWORD="$password" "$bin/createdb" -h 127.0.0.1 -p "$port" -U portal "$name"
  fi
}
