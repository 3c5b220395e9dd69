#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for herald's tests and load runs (issue 8): Debian's server,
# installed if missing, in a temporary directory, listening on 127.0.0.1 only, on a free port,
# trust authentication on loopback, one database named herald. Nothing is left running after
# `stop` (or after `test`, whatever its outcome).
#
# Usage: scripts/postgres.sh start   start a cluster (one at a time per state file), print its URL
#        scripts/postgres.sh url     print the running cluster's URL
#        scripts/postgres.sh stop    stop it and remove its directory
#        scripts/postgres.sh test    start, run the store suite (and the CLI's) against it, stop
# Environment: HERALD_PG_STATE (state file; default /tmp/herald-pg.env) holds PGDIR, PGPORT and
# HERALD_PG_URL of the running cluster.
set -euo pipefail
cd "$(dirname "$0")/.."

state="${HERALD_PG_STATE:-/tmp/herald-pg.env}"

# The server binaries of Debian's packages (postgresql-15, or whichever version is installed).
pg_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
      echo "$d"
      return 0
    fi
  done
  return 1
}

install_server() {
  if pg_bin >/dev/null; then return 0; fi
  echo "== installing Debian's postgresql (the server is missing)" >&2
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q postgresql >&2
  pg_bin >/dev/null || { echo "postgres.sh: no initdb after installing postgresql" >&2; exit 2; }
}

# Runs a server binary as the `postgres` user when we are root (the server refuses to run as root).
as_pg() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' \
    2>/dev/null && return 0
  # Without python: the first port nobody listens on from 54320 up.
  local p
  for p in $(seq 54320 54420); do
    if ! (echo >"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  return 1
}

running() {
  [ -f "$state" ] || return 1
  # shellcheck disable=SC1090
  . "$state"
  [ -n "${PGDIR:-}" ] && [ -d "$PGDIR/data" ] && as_pg "$(pg_bin)/pg_ctl" -D "$PGDIR/data" status >/dev/null 2>&1
}

start() {
  if running; then
    echo "$HERALD_PG_URL"
    return 0
  fi
  install_server
  local bin dir port
  bin="$(pg_bin)"
  dir="$(mktemp -d -t herald-pg-XXXXXX)"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
  chmod 700 "$dir"
  port="$(free_port)"
  as_pg "$bin/initdb" -D "$dir/data" -U postgres -A trust --auth-local=trust --auth-host=trust -E UTF8 \
    --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; rm -rf "$dir"; exit 2; }
  # Loopback only, on our port, the socket in our directory; enough connections for parallel tests.
  as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=300 -c fsync=off \
        -c synchronous_commit=off -c full_page_writes=off" start >/dev/null \
    || { cat "$dir/server.log" >&2; rm -rf "$dir"; exit 2; }
  as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres herald
  local url="postgres://postgres@127.0.0.1:$port/herald"
  printf 'PGDIR=%q\nPGPORT=%q\nHERALD_PG_URL=%q\n' "$dir" "$port" "$url" >"$state"
  echo "$url"
}

stop() {
  [ -f "$state" ] || return 0
  # shellcheck disable=SC1090
  . "$state"
  if [ -n "${PGDIR:-}" ] && [ -d "$PGDIR/data" ]; then
    as_pg "$(pg_bin)/pg_ctl" -D "$PGDIR/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  if [ -n "${PGDIR:-}" ]; then rm -rf "$PGDIR"; fi
  rm -f "$state"
}

case "${1:-}" in
  start) start ;;
  url)
    running || { echo "postgres.sh: no cluster is running (scripts/postgres.sh start)" >&2; exit 1; }
    echo "$HERALD_PG_URL"
    ;;
  stop) stop ;;
  test)
    # A state file of our own, so that a cluster someone started by hand is left alone.
    state="$(mktemp -u -t herald-pg-test-XXXXXX.env)"
    export HERALD_PG_STATE="$state"
    # The tests run in the background so that a signal stops them at once, then the cluster.
    child=""
    trap stop EXIT
    trap '[ -z "$child" ] || kill -TERM "$child" 2>/dev/null; exit 130' INT TERM
    run() {
      "$@" &
      child=$!
      local rc=0
      wait "$child" || rc=$?
      child=""
      return "$rc"
    }
    url="$(start)"
    echo "== PostgreSQL test cluster at $url"
    echo "== herald-store suite on PostgreSQL (and SQLite)"
    HERALD_TEST_PG="$url" run cargo test -p herald-store --features postgres --locked
    echo "== herald-cli end-to-end tests on PostgreSQL"
    HERALD_TEST_PG="$url" run cargo test -p herald-cli --features postgres --locked --test postgres
    ;;
  *)
    echo "usage: $0 start|stop|url|test" >&2
    exit 2
    ;;
esac
