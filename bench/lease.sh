#!/usr/bin/env bash
# DHCP-to-API benchmark in the network lab (scripts/netlab.sh, started here if it is not running):
# for N guests on a nat network, one at a time, the time from dnsmasq's lease (its status file)
# to the API showing the address with source lease, against the time until libvirt itself answers
# the lease (the floor). Prints median and p99 and the ratio. Traffic stays in the lab's namespace
# and on 127.0.0.1.
#
#   bench/lease.sh [--guests 20] [--out FILE]
#
# Run it on a quiet machine: it prints uptime before and after.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
GUESTS=20
OUT=$(mktemp -t drover-lease-bench.XXXXXX)
while [ $# -gt 0 ]; do
	case "$1" in
		--guests) GUESTS=$2; shift 2 ;;
		--out) OUT=$2; shift 2 ;;
		*) echo "unknown option $1" >&2; exit 2 ;;
	esac
done
echo "before: $(uptime)"
cd "$ROOT"
scripts/libvirt.sh start
DROVER_NETLAB_URI=$(scripts/netlab.sh start)
export DROVER_NETLAB_URI
mvn -B -q -o -pl e2e -am verify -Dtest=LeaseLatencyBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
	-Dbench.guests="$GUESTS" -Dbench.out="$OUT" >"$OUT.log" 2>&1 || {
	echo "the benchmark failed; its output is in $OUT.log" >&2
	exit 1
}
cat "$OUT"
echo "after: $(uptime)"
