#!/usr/bin/env bash
# Stops what scripts/up.sh started: the host agent, then the server (SIGTERM: the server stores
# what is pending and exits).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
data=${DROVER_DATA_DIR:-$root/data}

stop() { # name, pid file
  [ -f "$2" ] || { echo "$1: not running (no $2)"; return 0; }
  local pid
  pid=$(cat "$2")
  if kill "$pid" 2>/dev/null; then
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    echo "$1: stopped pid $pid"
  fi
  rm -f "$2"
}
stop agent "$data/agent.pid"
stop server "$data/server.pid"
