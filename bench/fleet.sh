#!/usr/bin/env bash
# Fleet simulator benchmark: one Drover server, H simulated hosts speaking the real agent link
# (WebSocket: heartbeats, facts, inventory, answers to commands), V VMs each created through the
# API, then a measured phase with GET /api/v1/vms probed and the server's CPU and RSS sampled.
# Prints one row per store: populate wall time, heartbeat lag p50/p99/max (from the server's
# /metrics histogram), list p50/p99, server CPU avg/max, RSS max, errors.
#
#   bench/fleet.sh [--hosts 1000] [--vms-per-host 20] [--duration 60s] [--store h2|pg|both]
#                  [--inventory-interval 5m] [--list-rate 5] [--create-concurrency 16] [--settle 15s] [--pin] [--browser]
#                  [--restart-at 30s [--restart-signal TERM|KILL] [--restart-delay 0s]]
#                  [--server-jvm "-Xms1g -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=10"] [--out DIR]
#
# --restart-at D: D into the measured phase the server is stopped (SIGTERM, or SIGKILL with
# --restart-signal KILL) and started again at once on the same port, data dir and store while the
# simulated hosts keep running and reconnect as the agent does (jittered backoff, 1 s to 30 s);
# the phase then lasts at least D + 120 s. Reports the downtime (stop -> /healthz), the time until
# every host is linked again, and the hosts that went suspect/offline (host_status events).
# --restart-delay D waits D between the old server's exit and the new one's start (a slow start).
#
# --browser: after the measured phase, the console's first page of VMs and its dashboard are loaded
# in Debian's Chromium (io.drover.bench.console.ConsolePageLoad), a full page load each time,
# signed in as the first admin: time to the first row, p50 and max of 10 loads.
#
# For pg a throwaway PostgreSQL is started with scripts/pg.sh on a free loopback port and
# stopped after. Everything listens on and talks to 127.0.0.1 only; every phase is bounded
# (joining, linking, populating, the measured phase); everything started here is stopped on exit.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/lib.sh"
HOSTS=1000
VMS=20
DURATION=60s
STORE=both
INVENTORY=5m
LIST_RATE=5
CONCURRENCY=16
SETTLE=15s
SERVER_JVM="-Xms1g -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=10"
SIM_JVM="-Xms256m -Xmx1g -XX:+UseSerialGC"
OUT=""
PIN=""
BROWSER=""
RESTART_AT=""
RESTART_SIGNAL=TERM
RESTART_DELAY=0

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --hosts) HOSTS=$2; shift 2 ;;
    --vms-per-host) VMS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --store) STORE=$2; shift 2 ;;
    --inventory-interval) INVENTORY=$2; shift 2 ;;
    --list-rate) LIST_RATE=$2; shift 2 ;;
    --create-concurrency) CONCURRENCY=$2; shift 2 ;;
    --settle) SETTLE=$2; shift 2 ;;
    --pin) PIN=--pin; shift ;;
    --browser) BROWSER=1; shift ;;
    --restart-at) RESTART_AT=$2; shift 2 ;;
    --restart-signal) RESTART_SIGNAL=${2#SIG}; shift 2 ;;
    --restart-delay) RESTART_DELAY=${2%s}; shift 2 ;;
    --server-jvm) SERVER_JVM=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "fleet.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
[[ $RESTART_DELAY =~ ^[0-9]+(\.[0-9]+)?$ ]] || { echo "--restart-delay must be seconds, e.g. 10s" >&2; exit 2; }
case "$RESTART_SIGNAL" in TERM|KILL) ;; *) echo "--restart-signal must be TERM or KILL" >&2; exit 2 ;; esac
case "$STORE" in h2) STORES="h2" ;; pg) STORES="pg" ;; both) STORES="h2 pg" ;;
  *) echo "--store must be h2, pg or both" >&2; exit 2 ;; esac

# --- build ----------------------------------------------------------------------------------
mvn_build() { (cd "$ROOT" && { mvn -q -o "$@" || mvn -q "$@"; }); }
# The agent too: the simulated hosts reconnect with its Backoff and join with its key and CSR code (drover-agent-all.jar on the classpath).
mvn_build install -DskipTests -pl protocol,server,agent -am
mvn_build package -DskipTests -pl bench

WORK=$(mktemp -d /tmp/drover-fleet.XXXXXX)
OUT=${OUT:-$WORK}
mkdir -p "$OUT"
# Private copies: a concurrent rebuild must not change the jars under a run.
cp "$ROOT/server/target/drover-server-all.jar" "$WORK/server.jar"
cp "$ROOT/bench/target/drover-bench-all.jar" "$WORK/bench.jar"
# The page-load probe runs on the bench module's classpath (Playwright, the e2e module's Chromium launcher).
[[ -z $BROWSER ]] || build_classpath "$WORK" fleet.sh
cp "$ROOT/agent/target/drover-agent-all.jar" "$WORK/agent.jar"  # with BouncyCastle: the hosts make keys and CSRs
# A tiny raw "image": the simulated hosts never read it.
mkdir -p "$WORK/images"
head -c 1048576 /dev/zero >"$WORK/images/tiny.img"

SERVER_PID=""
# A thousand hosts join from one address in seconds: the per-address join limit is lifted for the
# benchmark's own server (unless the caller sets it).
export DROVER_RATE_JOIN_PER_MINUTE=${DROVER_RATE_JOIN_PER_MINUTE:-0}
PG_DIR=""
stop_server() {
  # A restart (restart.sh) replaces the server process; its pid is in server.pid.
  [[ -s $WORK/server.pid ]] && SERVER_PID=$(cat "$WORK/server.pid")
  rm -f "$WORK/server.pid"
  stop_pid "$SERVER_PID" 150
  SERVER_PID=""
}
stop_pg() {
  [[ -n $PG_DIR ]] || return 0
  "$ROOT/scripts/pg.sh" stop "$PG_DIR" || true
  rm -rf "$PG_DIR"
  PG_DIR=""
}
cleanup() { stop_server; stop_pg; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

PORT=""
TOKEN=""
# Signs in as the first admin with the password a fresh server logs once, and prints an API token
# made with that session (the simulator acts with it; it outlives the restart, same store).
start_server() { # $1 = label, then extra server flags
  local label=$1; shift
  local data=$WORK/data-$label log=$OUT/server-$label.log
  rm -rf "$data"
  # shellcheck disable=SC2086  # SERVER_JVM is a list of flags
  java $SERVER_JVM -jar "$WORK/server.jar" --port 0 --http-port 0 --bind 127.0.0.1 --data-dir "$data" --image-dir "$WORK/images" "$@" >"$log" 2>&1 &
  SERVER_PID=$!
  echo "$SERVER_PID" >"$WORK/server.pid"
  # A restart kills this process from restart.sh; no "Killed" job notice from this shell for it.
  [[ -z $RESTART_AT ]] || disown "$SERVER_PID"
  await_server "$log" "$SERVER_PID"
  TOKEN=$(admin_token "$log" "$TLS_PORT")
  PASSWORD=$(sed -n 's/.*admin password (shown once[^)]*): *\([^ ]*\).*/\1/p' "$log" | head -1)
  [[ -n $TOKEN ]] || { echo "could not sign in as the first admin (not a fresh store?)"; cat "$log"; exit 1; }
  echo "server pid $SERVER_PID on https://127.0.0.1:$TLS_PORT (plain HTTP :$PORT) ($label), JVM flags: $SERVER_JVM"
  if [[ -n $RESTART_AT ]]; then write_restart "$label" "$@"; fi
}

# The simulator runs this to restart the server: stop it with $RESTART_SIGNAL, wait until it has
# exited (30 s, then SIGKILL), start it at once on the same port, data dir and store (its log
# appended to the same file), wait for /healthz (120 s). Prints the times for the report. The new
# server is not a child of this shell; server.pid names it for stop_server.
write_restart() { # $1 = label, then the server's extra flags
  local label=$1; shift
  local data=$WORK/data-$label log=$OUT/server-$label.log extra="" a
  for a in "$@"; do extra+=" $(printf '%q' "$a")"; done
  cat >"$WORK/restart.sh" <<RESTART
#!/usr/bin/env bash
set -u
now() { date +%s%3N; }
old=\$(cat "$WORK/server.pid")
t_stop=\$(now)
echo "sending SIG$RESTART_SIGNAL to server pid \$old"
kill -$RESTART_SIGNAL "\$old"
for _ in \$(seq 1 600); do kill -0 "\$old" 2>/dev/null || break; sleep 0.05; done
if kill -0 "\$old" 2>/dev/null; then echo "server \$old still running 30 s after SIG$RESTART_SIGNAL: SIGKILL"; kill -9 "\$old"; sleep 0.5; fi
t_exit=\$(now)
sleep $RESTART_DELAY
echo "---- restart at \$(date -u +%FT%TZ) (SIG$RESTART_SIGNAL) ----" >>"$log"
java $SERVER_JVM -jar "$WORK/server.jar" --port $TLS_PORT --http-port $PORT --bind 127.0.0.1 --data-dir "$data" --image-dir "$WORK/images"$extra >>"$log" 2>&1 </dev/null &
new=\$!
echo "\$new" >"$WORK/server.pid"
for _ in \$(seq 1 2400); do
  curl -fsS -m 2 "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  kill -0 "\$new" 2>/dev/null || { echo "restarted server exited; log: $log"; exit 1; }
  sleep 0.05
done
t_up=\$(now)
curl -fsS -m 2 "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 || { echo "restarted server not healthy within 120 s"; exit 1; }
echo "RESTART stop_ms=\$t_stop exited_ms=\$t_exit healthy_ms=\$t_up pid=\$new"
RESTART
  chmod +x "$WORK/restart.sh"
}

SUMMARY=$OUT/summary.txt
: >"$SUMMARY"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) at start"

for store in $STORES; do
  echo
  echo "######## $store: $HOSTS hosts x $VMS VMs ########"
  if [[ $store == pg ]]; then
    # Beside, not inside, $WORK: that one is 0700 and PostgreSQL runs as its own user.
    PG_DIR=$(mktemp -d /tmp/drover-fleet-pg.XXXXXX)
    pg_port=$(free_port)
    url=$("$ROOT/scripts/pg.sh" start "$PG_DIR" "$pg_port")
    echo "PostgreSQL at $url"
    start_server "$store" --db-url "$url"
  else
    start_server "$store"
  fi
  # shellcheck disable=SC2086
  restart_flags=()
  [[ -n $RESTART_AT ]] && restart_flags=(--restart-at "$RESTART_AT" --restart-command "$WORK/restart.sh")
  java $SIM_JVM -cp "$WORK/bench.jar:$WORK/agent.jar" io.drover.bench.fleet.FleetSimulator --url "https://127.0.0.1:$TLS_PORT" \
    --agent-url "https://127.0.0.1:$TLS_PORT" --server-fingerprint "$FINGERPRINT" \
    --admin-token "$TOKEN" --server-pid "$SERVER_PID" --store "$store" --image-path "$WORK/images/tiny.img" \
    --hosts "$HOSTS" --vms-per-host "$VMS" --duration "$DURATION" --inventory-interval "$INVENTORY" \
    --list-rate "$LIST_RATE" --create-concurrency "$CONCURRENCY" --settle "$SETTLE" $PIN "${restart_flags[@]}" 2>"$OUT/sim-$store.err" \
    | tee "$OUT/sim-$store.txt" || true
  grep '^RESULT ' "$OUT/sim-$store.txt" | sed 's/^RESULT //' >>"$SUMMARY" || echo "store=$store failed=1" >>"$SUMMARY"
  if [[ -n $BROWSER ]]; then
    timeout 300 java -Xmx512m -cp "$BENCH_CP" io.drover.bench.console.ConsolePageLoad --url "https://127.0.0.1:$TLS_PORT" \
      --password "$PASSWORD" --samples 10 2>"$OUT/browser-$store.err" | tee "$OUT/browser-$store.txt" || echo "  the page-load probe failed ($OUT/browser-$store.err)"
  fi
  if [[ -s $OUT/sim-$store.err ]]; then echo "simulator stderr ($OUT/sim-$store.err), first lines:"; head -5 "$OUT/sim-$store.err"; fi
  echo "server log: $OUT/server-$store.log ($(grep -c ' WARN \|ERROR' "$OUT/server-$store.log" || true) warnings/errors)"
  stop_server
  stop_pg
done

echo
echo "######## summary (also in $SUMMARY; load $(cut -d' ' -f1-3 /proc/loadavg) at end) ########"
awk '
  function v(k,   i, kv) { for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) return kv[2] } return "?" }
  BEGIN { printf "%-5s %6s %6s %10s %24s %16s %14s %8s %7s\n", "store", "hosts", "VMs", "populate", "hb lag p50/p99/max ms", "list p50/p99 ms", "CPU % avg/max", "RSS MiB", "errors" }
  { printf "%-5s %6s %6s %9ss %24s %16s %14s %8s %7s\n", v("store"), v("hosts"), v("vms"), v("populate_s"),
      v("lag_p50_ms") "/" v("lag_p99_ms") "/" v("lag_max_ms"), v("list_p50_ms") "/" v("list_p99_ms"),
      v("cpu_avg") "/" v("cpu_max"), v("rss_max_mib"), v("errors") }' "$SUMMARY"
