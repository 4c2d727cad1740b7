#!/usr/bin/env bash
# Starts libvirt for the tests and for a local agent, on a machine without systemd.
#   scripts/libvirt.sh start   → installs libvirt and QEMU when missing, starts virtlogd and
#                                libvirtd when not running, waits until qemu:///system answers
#   scripts/libvirt.sh stop    → stops both
# The host's daemons are told apart from the network lab's (scripts/netlab.sh, also a libvirtd) by
# their pid files in /run. Guests here use QEMU user-mode networking only: libvirt networks are the
# lab's, inside its network namespace.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

URI=qemu:///system

answers() { timeout 5 virsh -c "$URI" version >/dev/null 2>&1; }
alive() { [ -f "/run/$1.pid" ] && kill -0 "$(cat "/run/$1.pid")" 2>/dev/null; }

case ${1:?usage: libvirt.sh start|stop} in
  start)
    ensure_packages libvirt-daemon-system libvirt-daemon-driver-qemu libvirt-clients qemu-system-x86 qemu-utils genisoimage dnsmasq-utils
    answers && exit 0
    alive virtlogd || virtlogd -d
    alive libvirtd || libvirtd -d
    for _ in $(seq 1 60); do
      answers && exit 0
      sleep 0.5
    done
    echo "libvirt.sh: libvirtd did not answer on $URI within 30 s" >&2
    exit 1
    ;;
  stop)
    for daemon in libvirtd virtlogd; do
      alive "$daemon" || continue
      pid=$(cat "/run/$daemon.pid")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -9 "$pid" 2>/dev/null || true
    done
    ;;
  *)
    echo "usage: libvirt.sh start|stop" >&2
    exit 2
    ;;
esac
