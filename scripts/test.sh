#!/usr/bin/env bash
# Runs the whole test suite on a fresh Debian 12 machine (as root): installs what the tests need,
# starts a throwaway PostgreSQL on 127.0.0.1, builds every module and runs every test
# (unit, HTTP on H2 and PostgreSQL, the Java tracker, the QEMU guest, the Chromium page).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
root=$(repo_root)
cd "$root"

ensure_build_tools
# postgresql: the PostgreSQL runs of the store tests; qemu/busybox/cloud kernel/cpio: the guest
# e2e test; chromium: the console test; dash: install.sh is tested under dash and busybox sh;
# curl, wget, gzip: the install.sh tests fetch and unpack with them; isolinux, syslinux-common,
# syslinux-utils (isohybrid), genisoimage, qemu-utils: the e2e cloud image (a bootable disk
# that SeaBIOS boots from a virtio disk) and its hand-made NoCloud seeds.
ensure_packages postgresql qemu-system-x86 busybox-static linux-image-cloud-amd64 cpio chromium dash \
  ca-certificates curl wget gzip isolinux syslinux-common syslinux-utils genisoimage qemu-utils binutils

pgdir=${DROVER_TEST_PG_DIR:-/tmp/drover-test-pg}
pgport=${DROVER_TEST_PG_PORT:-55432}
DROVER_TEST_PG_URL=$(scripts/pg.sh start "$pgdir" "$pgport")
export DROVER_TEST_PG_URL
trap 'scripts/pg.sh stop "$pgdir"' EXIT
echo "test PostgreSQL: $DROVER_TEST_PG_URL"

# libvirt and QEMU for the agent's tests (qemu:///system; guests use user-mode networking only).
scripts/libvirt.sh start
# The network lab: a second libvirtd inside a network namespace with no way out, for the tests of
# libvirt networks (bridges, dnsmasq, DHCP); its guests can reach nothing outside it.
scripts/netlab.sh stop # a fresh lab: no leases or networks of an earlier run
DROVER_NETLAB_URI=$(scripts/netlab.sh start)
export DROVER_NETLAB_URI
trap 'scripts/netlab.sh stop; scripts/pg.sh stop "$pgdir"' EXIT
echo "network lab: $DROVER_NETLAB_URI"

export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
mvn -B -ntp ${MAVEN_ARGS:-} install "$@"
