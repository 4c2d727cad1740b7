#!/usr/bin/env bash
# Starts libvirt for the tests and for a local agent, on a machine without systemd.
#   scripts/libvirt.sh start   → installs libvirt and QEMU when missing, starts virtlogd and
#                                libvirtd when not running, waits until qemu:///system answers
#   scripts/libvirt.sh stop    → stops both
# Guests use QEMU user-mode networking only, so libvirt's own networks are never started.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

URI=qemu:///system

answers() { timeout 5 virsh -c "$URI" version >/dev/null 2>&1; }

case ${1:?usage: libvirt.sh start|stop} in
  start)
    ensure_packages libvirt-daemon-system libvirt-daemon-driver-qemu libvirt-clients qemu-system-x86 qemu-utils genisoimage
    answers && exit 0
    pgrep -x virtlogd >/dev/null || virtlogd -d
    pgrep -x libvirtd >/dev/null || libvirtd -d
    for _ in $(seq 1 60); do
      answers && exit 0
      sleep 0.5
    done
    echo "libvirt.sh: libvirtd did not answer on $URI within 30 s" >&2
    exit 1
    ;;
  stop)
    for daemon in libvirtd virtlogd; do
      pkill -x "$daemon" 2>/dev/null || continue
      for _ in $(seq 1 50); do pgrep -x "$daemon" >/dev/null || break; sleep 0.2; done
      pkill -9 -x "$daemon" 2>/dev/null || true
    done
    ;;
  *)
    echo "usage: libvirt.sh start|stop" >&2
    exit 2
    ;;
esac
