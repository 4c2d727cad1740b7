#!/usr/bin/env bash
# A libvirt network lab: a second libvirtd (with its own virtlogd) inside a network namespace this
# script makes, for the tests of real libvirt networks (nat, isolated, DHCP, dnsmasq, nwfilter).
# Its bridges, taps, dnsmasq and guests live in that namespace, which has no route and no link to
# any other network: nothing a guest sends can leave it. libvirt's own state (/run/libvirt,
# /var/lib/libvirt, /etc/libvirt, /var/log/libvirt) is the lab directory's, bind-mounted in a
# mount namespace of its own, so the host's libvirtd and its domains are neither seen nor touched.
#
#   scripts/netlab.sh start [DIR] → prints the libvirt URI of the lab (the agent connects through
#                                   its socket; the socket is a file, so no network is involved)
#   scripts/netlab.sh stop [DIR]  → stops both daemons, deletes the namespace (and DIR, under /tmp)
#   scripts/netlab.sh exec CMD... → runs a command inside the lab's namespace
set -euo pipefail
. "$(dirname "$0")/lib.sh"

NS=${DROVER_NETLAB_NS:-drover-lab}
dir=${2:-${DROVER_NETLAB_DIR:-/tmp/drover-netlab}}
uri() { echo "qemu:///system?socket=$dir/run/libvirt-sock"; }
answers() { timeout 5 virsh -c "$(uri)" version >/dev/null 2>&1; }
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

case ${1:?usage: netlab.sh start|stop|exec} in
  start)
    ensure_packages libvirt-daemon-system libvirt-daemon-driver-qemu libvirt-clients qemu-system-x86 dnsmasq-base dnsmasq-utils iptables iproute2
    if answers; then uri; exit 0; fi
    ip netns list | grep -qx "$NS\( .*\)\?" || ip netns add "$NS"
    ip netns exec "$NS" ip link set lo up
    mkdir -p "$dir"/{run,lib,etc,log}
    if [ ! -f "$dir/etc/libvirtd.conf" ]; then
      cp -a /etc/libvirt/. "$dir/etc/"
      # Not the host's default network (virbr0), and no domain or network the host has defined.
      rm -rf "$dir/etc/qemu/networks" "$dir/etc/qemu/autostart" && mkdir -p "$dir/etc/qemu/networks"
      find "$dir/etc/qemu" -maxdepth 1 -name '*.xml' -delete
      mkdir -p "$dir/lib/qemu" "$dir/lib/dnsmasq" "$dir/lib/network" "$dir/lib/images"
    fi
    # The daemons keep the mount namespace alive; their pid files are the lab's, not /run's.
    ip netns exec "$NS" unshare --mount --propagation private sh -c "
      mount --bind '$dir/run' /run/libvirt
      mount --bind '$dir/lib' /var/lib/libvirt
      mount --bind '$dir/etc' /etc/libvirt
      mount --bind '$dir/log' /var/log/libvirt
      virtlogd -d -p '$dir/virtlogd.pid'
      libvirtd -d -p '$dir/libvirtd.pid'
    "
    for _ in $(seq 1 60); do
      if answers; then uri; exit 0; fi
      sleep 0.5
    done
    echo "netlab.sh: the lab's libvirtd did not answer on $(uri) within 30 s" >&2
    exit 1
    ;;
  stop)
    if answers; then
      # Guests and networks first, so dnsmasq and QEMU do not outlive their daemon.
      for d in $(virsh -c "$(uri)" list --all --name 2>/dev/null); do virsh -c "$(uri)" destroy "$d" >/dev/null 2>&1 || true; done
      for n in $(virsh -c "$(uri)" net-list --all --name 2>/dev/null); do virsh -c "$(uri)" net-destroy "$n" >/dev/null 2>&1 || true; done
    fi
    for pidfile in "$dir/libvirtd.pid" "$dir/virtlogd.pid"; do
      alive "$pidfile" || continue
      pid=$(cat "$pidfile")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -9 "$pid" 2>/dev/null || true
    done
    # Whatever still runs in the namespace (a dnsmasq, a QEMU) goes with it.
    for pid in $(ip netns pids "$NS" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
    ip netns delete "$NS" 2>/dev/null || true
    # The next lab starts empty: no networks, leases or domains of this one.
    case $dir in /tmp/*) rm -rf "$dir" ;; esac
    ;;
  exec)
    shift
    exec ip netns exec "$NS" "$@"
    ;;
  *)
    echo "usage: netlab.sh start|stop|exec" >&2
    exit 2
    ;;
esac
