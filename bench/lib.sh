# Shared by the benchmark scripts in this folder. Source it; do not run it.

# Waits up to 60 s until the server started as pid $2, logging to $1 (with --http-port), says where
# it listens and answers /healthz; sets PORT (plain HTTP), TLS_PORT (HTTPS) and FINGERPRINT (of its
# certificate, which agents pin). Exits the script (showing the log) if the server dies or never comes up.
await_server() {
  local log=$1 pid=$2
  PORT=""
  for _ in $(seq 1 600); do
    TLS_PORT=$(sed -n 's#.*listening on https://127\.0\.0\.1:\([0-9]*\)/.*#\1#p' "$log" | head -1)
    FINGERPRINT=$(sed -n 's#.*TLS certificate fingerprint \(sha256:[0-9a-f]*\).*#\1#p' "$log" | head -1)
    PORT=$(sed -n 's#.*also serving plain HTTP on http://127\.0\.0\.1:\([0-9]*\)/.*#\1#p' "$log" | head -1)
    [[ -n $PORT ]] && curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || { echo "server failed to start:"; cat "$log"; exit 1; }
    sleep 0.1
  done
  echo "server did not come up in 60 s"; cat "$log"; exit 1
}

# Stops pid $1 with SIGTERM, waiting up to $2 tenths of a second (default 100) before SIGKILL.
stop_pid() {
  local pid=$1 tenths=${2:-100}
  [[ -n $pid ]] || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 "$tenths"); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
