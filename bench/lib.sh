# Shared by the benchmark scripts in this folder. Source it; do not run it.

# Waits up to 60 s until the server started as pid $2, logging to $1 (with --http-port), says where
# it listens and answers /healthz; sets PORT (plain HTTP: trackers, and everything with
# --http-behind-proxy), TLS_PORT (HTTPS), FINGERPRINT (of its certificate, which agents pin) and
# KEY_PIN (curl's --pinnedpubkey of its self-signed key). Exits the script (showing the log) if the
# server dies or never comes up.
await_server() {
  local log=$1 pid=$2
  PORT=""
  for _ in $(seq 1 600); do
    TLS_PORT=$(sed -n 's#.*listening on https://127\.0\.0\.1:\([0-9]*\)/.*#\1#p' "$log" | head -1)
    FINGERPRINT=$(sed -n 's#.*TLS certificate fingerprint \(sha256:[0-9a-f]*\).*#\1#p' "$log" | head -1)
    KEY_PIN=$(sed -n 's#.*install.sh pins its key as \(sha256//[A-Za-z0-9+/=]*\).*#\1#p' "$log" | head -1)
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

# Signs in as the first admin with the password a fresh server logged, and prints a new API token
# (nothing when the log has no password, e.g. a store that existed before). Over HTTPS (sign-in is
# not served on the plain port), pinning the self-signed key as install.sh does (KEY_PIN).
admin_token() { # $1 = the server's log, $2 = its HTTPS port
  local password jar reply csrf
  local curl=(curl -fsS -m 10 -k --pinnedpubkey "$KEY_PIN")
  password=$(sed -n 's/.*admin password (shown once[^)]*): *\([^ ]*\).*/\1/p' "$1" | head -1)
  [[ -n $password ]] || return 0
  jar=$(mktemp)
  reply=$("${curl[@]}" -c "$jar" -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$password\"}" "https://127.0.0.1:$2/api/v1/auth/login") || { rm -f "$jar"; return 0; }
  csrf=$(printf '%s' "$reply" | sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p')
  reply=$("${curl[@]}" -b "$jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
    -d '{"name":"bench"}' "https://127.0.0.1:$2/api/v1/auth/tokens") || { rm -f "$jar"; return 0; }
  rm -f "$jar"
  printf '%s' "$reply" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p'
}

# Builds the bench module and copies its classes and jars to $1/classes and $1/lib, so a concurrent
# rebuild cannot change them mid-run; sets BENCH_CP to that classpath. $2 names the caller in errors.
build_classpath() { # $1 = work dir, $2 = caller
  local work=$1 who=$2 attempt e entries
  mvn_bounded() { (cd "$ROOT" && timeout 600 mvn -q "$@") >>"$work/build.log" 2>&1; }
  for attempt in 1 2 3; do
    if { mvn_bounded -o install -DskipTests -pl bench -am || mvn_bounded install -DskipTests -pl bench -am; } &&
       { mvn_bounded -o dependency:build-classpath -pl bench -Dmdep.outputFile="$work/cp.txt" ||
         mvn_bounded dependency:build-classpath -pl bench -Dmdep.outputFile="$work/cp.txt"; }; then
      break
    fi
    if [[ $attempt == 3 ]]; then echo "$who: the build failed (see $work/build.log)" >&2; tail -20 "$work/build.log" >&2; exit 1; fi
    echo "$who: the build failed (someone mid-edit?); retrying in 60 s" >&2
    sleep 60
  done
  mkdir -p "$work/lib"
  cp -r "$ROOT/bench/target/classes" "$work/classes"
  BENCH_CP="$work/classes"
  IFS=: read -r -a entries < "$work/cp.txt" || true  # no newline at its end
  for e in "${entries[@]}"; do
    cp "$e" "$work/lib/"
    BENCH_CP="$BENCH_CP:$work/lib/$(basename "$e")"
  done
}
