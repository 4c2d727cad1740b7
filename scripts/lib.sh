# Shared helpers for the scripts in this folder. Source it; do not run it.

# Installs Debian packages that are not installed yet (one apt-get update, only when needed).
ensure_packages() {
  missing=""
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing="$missing $pkg"
  done
  [ -z "$missing" ] && return 0
  echo "installing:$missing" >&2
  if [ "$(id -u)" != 0 ]; then echo "need root to install:$missing" >&2; return 1; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

# The build's own needs: a JDK 17 and Maven.
ensure_build_tools() {
  command -v javac >/dev/null 2>&1 || ensure_packages openjdk-17-jdk-headless
  command -v mvn >/dev/null 2>&1 || ensure_packages maven
}

repo_root() {
  cd "$(dirname "$0")/.." && pwd
}
