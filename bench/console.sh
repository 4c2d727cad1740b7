#!/usr/bin/env bash
# Console relay benchmark: a real server, agent and TCG guest on this machine; the guest's serial
# console and VNC display measured through Drover's relay (browser side: a WebSocket over HTTPS to
# the server, which relays through the agent's own dial-out) and directly on the host (the pty and
# QEMU's VNC socket), taking turns in 3 rounds. Prints keystroke-to-echo latency (p50/p99) and full
# frames per second, each with the relay/direct ratio. Everything runs on 127.0.0.1 and in
# libvirt; the guest has user-mode networking only. Needs libvirtd (scripts/libvirt.sh start).
#
#   bench/console.sh [--keys 150] [--frame-seconds 8] [--out FILE]
#
# Run it on a quiet machine: it prints uptime before and after.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
KEYS=150
FRAME_SECONDS=8
OUT=$(mktemp -t drover-console-bench.XXXXXX)
while [ $# -gt 0 ]; do
	case "$1" in
		--keys) KEYS=$2; shift 2 ;;
		--frame-seconds) FRAME_SECONDS=$2; shift 2 ;;
		--out) OUT=$2; shift 2 ;;
		*) echo "unknown option $1" >&2; exit 2 ;;
	esac
done
echo "before: $(uptime)"
cd "$ROOT"
mvn -B -q -o -pl e2e -am verify -Dtest=ConsoleRelayBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
	-Dbench.keys="$KEYS" -Dbench.frame-seconds="$FRAME_SECONDS" -Dbench.out="$OUT" >"$OUT.log" 2>&1 || {
	echo "the benchmark failed; its output is in $OUT.log" >&2
	exit 1
}
cat "$OUT"
echo "after: $(uptime)"
