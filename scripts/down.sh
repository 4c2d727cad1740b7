#!/usr/bin/env bash
# Stops the server that scripts/up.sh started (SIGTERM: it stores what is pending and exits).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
pidfile=${DROVER_DATA_DIR:-$root/data}/server.pid
[ -f "$pidfile" ] || { echo "not running (no $pidfile)"; exit 0; }
pid=$(cat "$pidfile")
if kill "$pid" 2>/dev/null; then
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  echo "stopped pid $pid"
fi
rm -f "$pidfile"
