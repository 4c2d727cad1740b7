#!/usr/bin/env bash
# Heartbeat throughput benchmark: starts a Drover server on a free loopback port with a fresh H2
# data dir, drives it with HeartbeatLoad (open loop, fixed rate) and with wrk (closed loop), and
# prints heartbeats/s, p50/p99/max latency, errors and the server's RSS for each run.
#
#   bench/heartbeats.sh [--rate 40000] [--duration 30s] [--warmup 10s] [--prewarm 40s] [--wrk-duration 20s]
#                       [--machines "10000 100000"] [--connections 64] [--loader-threads 1]
#                       [--wrk-connections 64] [--wrk-threads 1] [--no-wrk]
#                       [--server-jvm "-Xms1g -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=10"] [--out DIR]
#
# --prewarm runs the same load once before the measured run, unreported, on fresh connections:
# it registers every machine and lets the JIT finish, and the pause between the two runs drains
# any backlog, so the measured window starts on a warm server with nothing queued (0 skips it).
#
# Every run is bounded (HeartbeatLoad caps duration and request count; wrk runs for -d), all
# traffic goes to 127.0.0.1 only, and the server is stopped on exit. Default total: about 5 min.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/lib.sh"
RATE=40000
DURATION=30s
WARMUP=10s
PREWARM=40s
WRK_DURATION=20s
MACHINES="10000 100000"
CONNECTIONS=64
LOADER_THREADS=1
WRK_CONNECTIONS=64
WRK_THREADS=1
RUN_WRK=1
SERVER_JVM="-Xms1g -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=10"
LOADER_JVM="-Xms256m -Xmx768m -XX:+UseSerialGC"
OUT=""

usage() { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rate) RATE=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --prewarm) PREWARM=$2; shift 2 ;;
    --wrk-duration) WRK_DURATION=$2; shift 2 ;;
    --machines) MACHINES=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --loader-threads) LOADER_THREADS=$2; shift 2 ;;
    --wrk-connections) WRK_CONNECTIONS=$2; shift 2 ;;
    --wrk-threads) WRK_THREADS=$2; shift 2 ;;
    --no-wrk) RUN_WRK=0; shift ;;
    --server-jvm) SERVER_JVM=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "heartbeats.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
[[ "$WRK_DURATION" =~ ^[0-9]+s$ ]] || { echo "--wrk-duration must be whole seconds, e.g. 20s" >&2; exit 2; }
(( ${WRK_DURATION%s} <= 120 )) || { echo "--wrk-duration is capped at 120s" >&2; exit 2; }

# --- build what is missing ------------------------------------------------------------------
SERVER_JAR=$ROOT/server/target/drover-server-all.jar
BENCH_JAR=$ROOT/bench/target/drover-bench-all.jar
mvn_build() { (cd "$ROOT" && { mvn -q -o "$@" || mvn -q "$@"; }); }
[[ -f $SERVER_JAR ]] || mvn_build install -DskipTests -pl protocol,server -am
[[ -f $BENCH_JAR ]] || mvn_build package -DskipTests -pl bench -am
if [[ $RUN_WRK == 1 ]] && ! command -v wrk >/dev/null; then
  echo "wrk is not installed (apt-get install -y wrk); skipping the wrk runs" >&2
  RUN_WRK=0
fi

WORK=$(mktemp -d /tmp/drover-bench.XXXXXX)
OUT=${OUT:-$WORK}
mkdir -p "$OUT"
# Private copies: a concurrent rebuild of server/target must not change the jar under a run.
cp "$SERVER_JAR" "$WORK/server.jar"
cp "$BENCH_JAR" "$WORK/bench.jar"

SERVER_PID=""
stop_server() {
  stop_pid "$SERVER_PID"
  SERVER_PID=""
}
trap stop_server EXIT

PORT=""
start_server() { # $1 = label
  local data=$WORK/data-$1 log=$OUT/server-$1.log
  rm -rf "$data"
  # --http-behind-proxy: the load generator and wrk send heartbeats over raw plain sockets, and the
  # listing probe (HeartbeatLoad --token) reads /api/v1/machines on that same port, so its latency is
  # measured beside the heartbeats and without TLS; the plain port serves the API only with that flag.
  # shellcheck disable=SC2086  # SERVER_JVM is a list of flags
  java $SERVER_JVM -jar "$WORK/server.jar" --port 0 --http-port 0 --http-behind-proxy --bind 127.0.0.1 --data-dir "$data" \
    --rate-register-per-second 0 >"$log" 2>&1 &
  SERVER_PID=$!
  await_server "$log" "$SERVER_PID"
  TOKEN=$(admin_token "$log" "$TLS_PORT")
  [[ -n $TOKEN ]] || { echo "could not sign in as the first admin"; cat "$log"; exit 1; }
  echo "server pid $SERVER_PID on 127.0.0.1:$PORT, JVM flags: $SERVER_JVM, data $data"
}

rss() { awk '/^VmRSS:/ {printf "%.0f", $2/1024}' "/proc/$1/status" 2>/dev/null || echo "?"; }
hwm() { awk '/^VmHWM:/ {printf "%.0f", $2/1024}' "/proc/$1/status" 2>/dev/null || echo "?"; }

SUMMARY=$OUT/summary.txt
: >"$SUMMARY"

loader() { # label, then HeartbeatLoad flags
  local label=$1; shift
  # shellcheck disable=SC2086
  java $LOADER_JVM -jar "$WORK/bench.jar" --url "http://127.0.0.1:$PORT" --server-pid "$SERVER_PID" --token "$TOKEN" "$@" \
    | tee "$OUT/$label.txt" || true
  echo "$label $(grep '^RESULT ' "$OUT/$label.txt" | sed 's/^RESULT //' || true)" >>"$SUMMARY"
}

for n in $MACHINES; do
  echo
  echo "######## $n machines ########"
  start_server "$n"
  if [[ $PREWARM != 0 && $PREWARM != 0s ]]; then
    echo "-- pre-warm: $PREWARM at $RATE/s, not reported (output in $OUT/prewarm-$n.txt) --"
    # shellcheck disable=SC2086
    java $LOADER_JVM -jar "$WORK/bench.jar" --url "http://127.0.0.1:$PORT" --server-pid "$SERVER_PID" --token "$TOKEN" --machines "$n" \
      --rate "$RATE" --duration "$PREWARM" --warmup 10s --connections "$CONNECTIONS" --threads "$LOADER_THREADS" \
      >"$OUT/prewarm-$n.txt" 2>&1 || true
    sleep 5
  fi
  loader "heartbeatload-$n" --machines "$n" --rate "$RATE" --duration "$DURATION" --warmup "$WARMUP" \
    --connections "$CONNECTIONS" --threads "$LOADER_THREADS"
  if [[ $RUN_WRK == 1 ]]; then
    echo
    echo "-- wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d$WRK_DURATION, $n hostnames (closed loop), listing probe alongside --"
    # The listing probe (HeartbeatLoad --rate 0) measures GET /api/v1/machines while wrk runs.
    # shellcheck disable=SC2086
    java $LOADER_JVM -jar "$WORK/bench.jar" --url "http://127.0.0.1:$PORT" --server-pid "$SERVER_PID" --token "$TOKEN" \
      --rate 0 --warmup 1s --duration "$(( ${WRK_DURATION%s} - 2 ))s" >"$OUT/listing-during-wrk-$n.txt" &
    probe=$!
    wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"$WRK_DURATION" --timeout 5s -s "$ROOT/bench/wrk/register.lua" \
      "http://127.0.0.1:$PORT" -- "$n" "$WRK_THREADS" | tee "$OUT/wrk-$n.txt" || true
    wait "$probe" || true
    grep -E '^== listing|latency from intended|^  sent' "$OUT/listing-during-wrk-$n.txt" | sed 's/^/  probe: /' || true
    echo "  server RSS $(rss "$SERVER_PID") MiB (VmHWM $(hwm "$SERVER_PID") MiB)"
    echo "wrk-$n $(grep '^RESULT-WRK ' "$OUT/wrk-$n.txt" | sed 's/^RESULT-WRK //') list_p99_ms=$(grep -o 'list_p99_ms=[0-9.]*' "$OUT/listing-during-wrk-$n.txt" | cut -d= -f2) server_rss_mib=$(rss "$SERVER_PID")" >>"$SUMMARY"
  fi
  echo "  machines stored: $(curl -fsS "http://127.0.0.1:$PORT/healthz" || echo '?')"
  stop_server
done

echo
echo "######## summary (also in $SUMMARY) ########"
cat "$SUMMARY"
