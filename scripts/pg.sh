#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL server on 127.0.0.1 for the test suite.
#   scripts/pg.sh start DIR PORT   → prints the JDBC URL
#   scripts/pg.sh stop DIR
# PostgreSQL refuses to run as root, so the cluster belongs to the 'postgres' system user
# that Debian's package creates.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

cmd=${1:?usage: pg.sh start|stop DIR [PORT]}
dir=${2:?data directory}
port=${3:-55432}

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "$cmd" in
  start)
    if [ -z "$bin" ]; then ensure_packages postgresql; bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1); fi
    if [ -f "$dir/postmaster.pid" ]; then as_pg "$bin/pg_ctl" -D "$dir" -m immediate stop >/dev/null 2>&1 || true; fi
    rm -rf "$dir"
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    as_pg "$bin/initdb" -D "$dir" -A trust -U postgres --no-sync -E UTF8 >/dev/null
    # Loopback only; fsync off because this cluster is thrown away after the run.
    as_pg "$bin/pg_ctl" -D "$dir" -w -t 60 -l "$dir/server.log" \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c fsync=off -c max_connections=300" start >/dev/null
    echo "jdbc:postgresql://127.0.0.1:$port/postgres?user=postgres"
    ;;
  stop)
    [ -n "$bin" ] && [ -f "$dir/postmaster.pid" ] && as_pg "$bin/pg_ctl" -D "$dir" -m fast stop >/dev/null 2>&1 || true
    ;;
  *) echo "usage: pg.sh start|stop DIR [PORT]" >&2; exit 2 ;;
esac
