#!/usr/bin/env bash
# Brings Drover up on this machine: builds it if needed and starts the server on its embedded
# database in the background (data in ./data, log in ./data/server.log), then prints where to
# point a browser. Stop it with scripts/down.sh. Options are the server's (see
# bin/drover-server --help), e.g. scripts/up.sh --port 9090.
# The host agent (libvirt) arrives with the agent issue; this script will start it then.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
root=$(repo_root)
cd "$root"

ensure_build_tools
ensure_packages curl ca-certificates
if [ ! -f server/target/drover-server-all.jar ] || [ ! -f tracker/target/drover-tracker.jar ]; then
  echo "building Drover (first run takes a few minutes)…"
  mvn -B -q -ntp -DskipTests install
fi

data=${DROVER_DATA_DIR:-$root/data}
mkdir -p "$data"
if [ -f "$data/server.pid" ] && kill -0 "$(cat "$data/server.pid")" 2>/dev/null; then
  echo "Drover is already running (pid $(cat "$data/server.pid")); scripts/down.sh stops it."
  exit 0
fi
port=${DROVER_PORT:-8080}
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  [ "${args[$i]}" = "--port" ] && port=${args[$((i + 1))]}
  case "${args[$i]}" in --port=*) port=${args[$i]#--port=} ;; esac
done

nohup bin/drover-server --data-dir "$data" "$@" >>"$data/server.log" 2>&1 &
echo $! >"$data/server.pid"
for _ in $(seq 1 60); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 "$(cat "$data/server.pid")" 2>/dev/null || { echo "the server did not start:"; tail -n 20 "$data/server.log"; exit 1; }
  sleep 1
done
curl -fs "http://127.0.0.1:$port/healthz" >/dev/null || { echo "the server did not answer in 60 s; see $data/server.log"; exit 1; }

ip=$(ip -4 route get 1.1.1.1 2>/dev/null | sed -n 's/.* src \([0-9.]*\).*/\1/p' | head -n 1)
echo
echo "Drover is up (pid $(cat "$data/server.pid"), log $data/server.log)."
echo "  Open in a browser:  http://${ip:-localhost}:$port/"
echo "  Track a machine:    curl -fsSL http://${ip:-localhost}:$port/install.sh | sh"
token=$(grep -o 'admin token (shown once[^:]*: .*' "$data/server.log" | tail -n 1 | sed 's/.*: //')
[ -n "$token" ] && echo "  Admin token:        $token   (shown once; 'bin/drover-server admin-token --reset' makes a new one)"
echo "  Stop:               scripts/down.sh"
