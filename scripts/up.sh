#!/usr/bin/env bash
# Brings Drover up on this machine: builds it if needed and starts the server on its embedded
# database in the background (data in ./data, log in ./data/server.log), then prints where to
# point a browser (HTTPS; the server's certificate is self-signed at first start, so its
# fingerprint is printed too). Stop it with scripts/down.sh. Options are the server's (see
# bin/drover-server --help), e.g. scripts/up.sh --port 9443 --http-port 8080 (plain HTTP for trackers in
# guests that cannot do TLS: it serves only POST /api/register, GET /install.sh and GET /healthz).
# It also starts a host agent for this machine (libvirt installed and started by
# scripts/libvirt.sh; data in ./data/agent, log in ./data/agent.log) that joins the server with a
# join token on its first start (made by signing in as the first admin, whose password the server
# prints once at its first start). DROVER_NO_AGENT=1 skips the agent; DROVER_AGENT_LISTEN sets where
# it serves its info endpoint (default 127.0.0.1:8788).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
root=$(repo_root)
cd "$root"

ensure_build_tools
ensure_packages curl ca-certificates
if [ ! -f server/target/drover-server-all.jar ] || [ ! -f tracker/target/drover-tracker.jar ] \
   || [ ! -f agent/target/drover-agent-all.jar ]; then
  echo "building Drover (first run takes a few minutes)…"
  mvn -B -q -ntp -DskipTests install
fi

data=${DROVER_DATA_DIR:-$root/data}
mkdir -p "$data"
if [ -f "$data/server.pid" ] && kill -0 "$(cat "$data/server.pid")" 2>/dev/null; then
  echo "Drover is already running (pid $(cat "$data/server.pid")); scripts/down.sh stops it."
  exit 0
fi
port=${DROVER_PORT:-8443}
http_port=${DROVER_HTTP_PORT:-}
behind_proxy=${DROVER_HTTP_BEHIND_PROXY:-false}
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  [ "${args[$i]}" = "--port" ] && port=${args[$((i + 1))]}
  [ "${args[$i]}" = "--http-port" ] && http_port=${args[$((i + 1))]}
  case "${args[$i]}" in
    --port=*) port=${args[$i]#--port=} ;;
    --http-port=*) http_port=${args[$i]#--http-port=} ;;
    --http-behind-proxy | --http-behind-proxy=true) behind_proxy=true ;;
  esac
done
# The server's certificate is self-signed unless --tls-cert is given: curl checks it against the
# file the server keeps (it names localhost and 127.0.0.1).
cacert=(--cacert "$data/tls/server.crt")
for a in "${args[@]}"; do case "$a" in --tls-cert | --tls-cert=*) cacert=() ;; esac; done
[ -n "${DROVER_TLS_CERT:-}" ] && cacert=()
api() { curl -fs "${cacert[@]}" "$@"; }

# An agent that has not joined yet on a store made earlier: the first admin's password is not in
# this start's log, so make a short-lived API token offline (the embedded store is not in use yet).
api_token=""
if [ "${DROVER_NO_AGENT:-0}" != 1 ] && [ ! -f "$data/agent/credentials.json" ] && [ -f "$data/drover.mv.db" ]; then
  api_token=$(bin/drover-server admin token --username admin --name up-agent-join --ttl 15m --data-dir "$data" 2>/dev/null \
    | grep -o 'dat_[A-Za-z0-9_-]*' | tail -n 1) || api_token=""
fi
log_before=0
[ -f "$data/server.log" ] && log_before=$(wc -l <"$data/server.log")
nohup bin/drover-server --data-dir "$data" "$@" >>"$data/server.log" 2>&1 &
echo $! >"$data/server.pid"
for _ in $(seq 1 60); do
  [ ${#cacert[@]} -eq 0 ] || [ -f "$data/tls/server.crt" ] || { sleep 1; continue; }
  api "https://localhost:$port/healthz" >/dev/null 2>&1 && break
  kill -0 "$(cat "$data/server.pid")" 2>/dev/null || { echo "the server did not start:"; tail -n 20 "$data/server.log"; exit 1; }
  sleep 1
done
api "https://localhost:$port/healthz" >/dev/null || { echo "the server did not answer in 60 s; see $data/server.log"; exit 1; }

ip=$(ip -4 route get 1.1.1.1 2>/dev/null | sed -n 's/.* src \([0-9.]*\).*/\1/p' | head -n 1)
echo
echo "Drover is up (pid $(cat "$data/server.pid"), log $data/server.log)."
fingerprint=$(grep -o 'TLS certificate fingerprint sha256:[0-9a-f]*' "$data/server.log" | tail -n 1 | sed 's/.* //')
pin=$(sed -n 's/.*install.sh pins its key as \(sha256\/\/[A-Za-z0-9+\/=]*\).*/\1/p' "$data/server.log" | tail -n 1)
echo "  Open in a browser:  https://${ip:-localhost}:$port/"
echo "  TLS fingerprint:    $fingerprint   (the browser shows it for the certificate it warns about)"
if [ -n "$pin" ]; then
  echo "  Track a machine:    curl -fsSL -k --pinnedpubkey '$pin' https://${ip:-localhost}:$port/install.sh | sh"
else
  echo "  Track a machine:    curl -fsSL https://${ip:-localhost}:$port/install.sh | sh"
fi
if [ -n "$http_port" ]; then
  if [ "$behind_proxy" = true ]; then
    echo "  Plain HTTP:         http://${ip:-localhost}:$http_port/ (--http-port behind your TLS-terminating proxy: serves everything)"
  else
    echo "  Plain HTTP:         http://${ip:-localhost}:$http_port/ (--http-port: trackers only, e.g. wget -qO- http://${ip:-localhost}:$http_port/install.sh | sh)"
  fi
fi
# The first admin's password, logged once when this start made the store (not an earlier run's line).
password=$(tail -n "+$((log_before + 1))" "$data/server.log" | sed -n 's/.*admin password (shown once[^)]*): *\([^ ]*\).*/\1/p' | head -n 1)
if [ -n "$password" ]; then
  echo "  Sign in as:         admin / $password   (shown once; change it after signing in, or"
  echo "                      'bin/drover-server admin reset-password --username admin' with the server stopped)"
fi
# The join-token reply (token and the server's fingerprint) for this machine's agent, made with the offline API token or a session of the first
# admin (session cookie and its CSRF token); prints nothing when it cannot.
join_token() {
  local jar reply csrf
  if [ -n "$api_token" ]; then
    api -m 10 -H "Authorization: Bearer $api_token" -X POST "https://localhost:$port/api/v1/hosts/join-tokens" || true
    return 0
  fi
  [ -n "$password" ] || return 0
  jar=$(mktemp)
  reply=$(api -m 10 -c "$jar" -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$password\"}" "https://localhost:$port/api/v1/auth/login") || { rm -f "$jar"; return 0; }
  csrf=$(printf '%s' "$reply" | sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p')
  reply=$(api -m 10 -b "$jar" -H "X-CSRF-Token: $csrf" -X POST "https://localhost:$port/api/v1/hosts/join-tokens") || reply=""
  api -m 10 -b "$jar" -H "X-CSRF-Token: $csrf" -X POST "https://localhost:$port/api/v1/auth/logout" >/dev/null || true
  rm -f "$jar"
  printf '%s' "$reply"
}
start_agent() {
  local agent_data=$data/agent join=()
  if [ -f "$data/agent.pid" ] && kill -0 "$(cat "$data/agent.pid")" 2>/dev/null; then
    echo "  Host agent:         already running (pid $(cat "$data/agent.pid"))"; return 0
  fi
  if ! scripts/libvirt.sh start >>"$data/agent.log" 2>&1; then
    echo "  Host agent:         not started: libvirt cannot run here (see $data/agent.log)"; return 0
  fi
  if [ ! -f "$agent_data/credentials.json" ]; then
    if [ -z "$password" ] && [ -z "$api_token" ]; then
      echo "  Host agent:         not started: it has not joined yet; sign in to the console as an admin,"
      echo "                      make a join token (POST /api/v1/hosts/join-tokens) and run bin/drover-agent --join-token …"
      return 0
    fi
    local reply
    reply=$(join_token)
    printf '%s' "$reply" | grep -q '"token"' || { echo "  Host agent:         not started: could not create a join token"; return 0; }
    join=(--join-token "$(printf '%s' "$reply" | sed 's/.*"token":"\([^"]*\)".*/\1/')"
      --server-fingerprint "$(printf '%s' "$reply" | sed 's/.*"server_fingerprint":"\([^"]*\)".*/\1/')")
  elif grep -q '"credential"' "$agent_data/credentials.json"; then
    echo "  Host agent:         not started: it joined with a bearer credential of an older Drover;"
    echo "                      remove the host and $agent_data/credentials.json, then run scripts/up.sh again"
    return 0
  fi
  local before
  before=$(wc -l <"$data/agent.log" 2>/dev/null || echo 0)
  linked() { tail -n "+$((before + 1))" "$data/agent.log" 2>/dev/null | grep -q "linked to"; }
  nohup bin/drover-agent --server "https://127.0.0.1:$port" --data-dir "$agent_data" --listen "${DROVER_AGENT_LISTEN:-127.0.0.1:8788}" \
    "${join[@]}" >>"$data/agent.log" 2>&1 &
  echo $! >"$data/agent.pid"
  for _ in $(seq 1 30); do
    linked && break
    kill -0 "$(cat "$data/agent.pid")" 2>/dev/null || break
    sleep 1
  done
  if linked; then
    echo "  Host agent:         running (pid $(cat "$data/agent.pid"), log $data/agent.log)"
  else
    echo "  Host agent:         did not link to the server; see $data/agent.log"
  fi
}
[ "${DROVER_NO_AGENT:-0}" = 1 ] || start_agent
echo "  Stop:               scripts/down.sh"
