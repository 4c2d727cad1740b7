#!/usr/bin/env bash
# Create benchmarks on this machine's libvirt (qemu:///system, TCG guests, user-mode networking):
#   1. CreateLatency: POST /api/v1/vms -> libvirt reports the domain running, against the floor of
#      doing the same by hand (qemu-img + genisoimage + virsh create of Drover's own XML), N runs
#      after warm-up runs, the image cached; the first (uncached) create reported on its own.
#   2. CreateBurst: COUNT creates at once on one host (all must succeed, no over-commit, no lock
#      or database errors), then the same burst where the server's memory ratio fits only FIT.
#
#   bench/creates.sh [--runs 10] [--warmup 2] [--count 20] [--memory 160] [--fit 10]
#                    [--only latency|burst] [--out DIR]
#
# Builds what it needs (mvn -o install -pl bench -am), runs from private copies of the classes and
# jars (a concurrent rebuild cannot change them mid-run), starts libvirt when it is not running
# (and stops it again at the end), and stops every process it started. Every wait is bounded:
# each Java step runs under `timeout` (15 min) and waits on tasks and events with timeouts of its
# own. Traffic: 127.0.0.1 only. About 3-4 minutes with the defaults.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/lib.sh"
RUNS=10
WARMUP=2
COUNT=20
MEMORY=160
FIT=10
ONLY=""
OUT=""
STEP_TIMEOUT=900

usage() { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --count) COUNT=$2; shift 2 ;;
    --memory) MEMORY=$2; shift 2 ;;
    --fit) FIT=$2; shift 2 ;;
    --only) ONLY=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "creates.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
[[ -z $ONLY || $ONLY == latency || $ONLY == burst ]] || { echo "--only latency|burst" >&2; exit 2; }

WORK=$(mktemp -d /tmp/drover-creates.XXXXXX)
OUT=${OUT:-$WORK}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

STARTED_LIBVIRT=0
JAVA_PID=""
sweep() {
  # Domains of these benchmarks (their names start with these prefixes) that a failed run left.
  local d
  for d in $(timeout 30 virsh -q -c qemu:///system list --all --name 2>/dev/null | grep -E '^bench-(lat|floor|burst)-' || true); do
    echo "creates.sh: removing leftover domain $d" >&2
    timeout 30 virsh -q -c qemu:///system destroy "$d" >/dev/null 2>&1 || true
    timeout 30 virsh -q -c qemu:///system undefine "$d" >/dev/null 2>&1 || true
  done
}
cleanup() {
  stop_pid "$JAVA_PID"
  sweep
  if [[ $OUT != "$WORK" ]]; then cp "$WORK"/*.log "$WORK"/*.xml "$OUT"/ 2>/dev/null || true; fi
  rm -rf "$WORK"/*/agent/images "$WORK"/lib "$WORK"/classes 2>/dev/null || true
  if [[ $STARTED_LIBVIRT == 1 ]]; then bash "$ROOT/scripts/libvirt.sh" stop || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- build, with private copies -------------------------------------------------------------
build_classpath "$WORK" creates.sh
CP=$BENCH_CP

# --- libvirt ----------------------------------------------------------------------------------
if ! timeout 10 virsh -c qemu:///system version >/dev/null 2>&1; then
  bash "$ROOT/scripts/libvirt.sh" start
  STARTED_LIBVIRT=1
fi
sweep

run_java() {
  local log=$1; shift
  timeout -k 10 "$STEP_TIMEOUT" java -Xms256m -Xmx1g -cp "$CP" "$@" > >(tee "$log") 2>"$log.err" &
  JAVA_PID=$!
  local rc=0
  wait "$JAVA_PID" || rc=$?
  JAVA_PID=""
  return $rc
}

echo "machine: $(nproc) cores, $(free -m | awk '/^Mem:/ {print $2 " MiB, " $7 " MiB available"}'); before: $(uptime)" | tee "$OUT/machine.txt"
RC=0
if [[ -z $ONLY || $ONLY == latency ]]; then
  run_java "$OUT/latency.txt" io.drover.bench.create.CreateLatency --work "$WORK" --runs "$RUNS" --warmup "$WARMUP" || RC=$?
  [[ $RC == 0 ]] || { echo "creates.sh: CreateLatency failed ($RC); see $OUT/latency.txt.err" >&2; tail -5 "$OUT/latency.txt.err" >&2; }
fi
if [[ -z $ONLY || $ONLY == burst ]]; then
  BRC=0
  run_java "$OUT/burst.txt" io.drover.bench.create.CreateBurst --work "$WORK" --count "$COUNT" --memory "$MEMORY" --fit "$FIT" || BRC=$?
  [[ $BRC == 0 ]] || { echo "creates.sh: CreateBurst failed ($BRC); see $OUT/burst.txt.err" >&2; tail -5 "$OUT/burst.txt.err" >&2; RC=$BRC; }
fi
echo "after: $(uptime)" | tee -a "$OUT/machine.txt"

# --- summary ----------------------------------------------------------------------------------
{
  echo
  echo "== create benchmarks ($(date -u +%FT%TZ)) =="
  grep -h '^RESULT latency' "$OUT/latency.txt" 2>/dev/null | sed 's/^RESULT latency //' | tr ' ' '\n' | awk -F= '
    {v[$1]=$2}
    END {
      if (!("runs" in v)) exit
      printf "%-40s %8s %8s %8s\n", "create latency (ms)", "median", "p90", "max"
      printf "%-40s %8.0f %8.0f %8.0f\n", "Drover: POST -> domain running", v["drover_median_ms"], v["drover_p90_ms"], v["drover_max_ms"]
      printf "%-40s %8.0f %8.0f %8.0f\n", "floor: qemu-img+genisoimage+virsh", v["floor_median_ms"], v["floor_p90_ms"], v["floor_max_ms"]
      printf "ratio %s, control-plane overhead %.0f ms (target < 150 ms); vs. API floor (%.0f ms): %.0f ms; first uncached create %.0f ms; clean %s\n",
        v["ratio"], v["overhead_ms"], v["api_floor_median_ms"], v["api_overhead_ms"], v["first_uncached_ms"], v["clean"]
    }'
  grep -h '^RESULT burst' "$OUT/burst.txt" 2>/dev/null | sed 's/^RESULT burst //' | awk '
    BEGIN { printf "\n%-14s %4s %9s %10s %8s %8s %8s %8s %9s %6s\n", "burst", "VMs", "succeeded", "placement", "wall ms", "p50 ms", "p99 ms", "overcomm", "db errors", "clean" }
    {
      match($0, /label="[^"]*"/); label = substr($0, RSTART + 7, RLENGTH - 8)
      n = split($0, kv, " "); delete v
      for (i = 1; i <= n; i++) { split(kv[i], p, "="); v[p[1]] = p[2] }
      printf "%-14s %4s %9s %10s %8s %8s %8s %8s %9s %6s\n", label, v["count"], v["succeeded"], v["failed_at_placement"], v["wall_ms"], v["p50_ms"], v["p99_ms"], v["violations"], v["db_errors"], v["clean"]
    }'
  echo
  echo "details: $OUT (latency.txt, burst.txt, server*.log, agent-*.log)"
} | tee "$OUT/summary.txt"
exit $RC
