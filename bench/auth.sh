#!/usr/bin/env bash
# What signing in costs (AuthCost): p50/p99/max of GET /healthz with no credentials against
# GET /api/v1/auth/session with an API token and with a session cookie, one request at a time on a
# keep-alive connection to an in-process server on the embedded H2 store, of a tracker heartbeat
# without a token and with a project's registration token, and of a login (one Argon2id
# verification). Rate limits off.
#
#   bench/auth.sh [--requests 5000] [--logins 20]
#
# Builds what it needs (as creates.sh does). Traffic: 127.0.0.1 only. About half a minute.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/lib.sh"
[[ ${1:-} == -h || ${1:-} == --help ]] && { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0; }
WORK=$(mktemp -d /tmp/drover-auth-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
build_classpath "$WORK" auth.sh
echo "before: $(uptime)"
timeout -k 10 600 java -Xms256m -Xmx1g -cp "$BENCH_CP" io.drover.bench.auth.AuthCost "$@"
echo "after: $(uptime)"
