#!/bin/busybox sh
# /init of the Drover e2e guest, a busybox-only initramfs (see BusyboxInitramfs).
# It brings eth0 up with DHCP, downloads install.sh from the Drover server named on the
# kernel command line and runs it, then idles: the tracker heartbeats until power-off.
# Progress lines start with "DROVER-GUEST:" so the host can wait for them on the console.
/bin/busybox mkdir -p /proc /sys /dev /tmp /run /var/run /var/log /etc /bin /sbin /usr/bin /usr/sbin
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sysfs /sys
/bin/busybox mount -t devtmpfs devtmpfs /dev
/bin/busybox mount -t tmpfs tmpfs /tmp
/bin/busybox --install -s
exec </dev/console >/dev/console 2>&1

say() { echo "DROVER-GUEST: $*"; }
idle() { while :; do sleep 3600; done; }
# The host stops waiting as soon as it sees this marker.
fail() { say "FAILED: $*"; idle; }

say "init started"
for m in $(cat /etc/drover-modules); do
	insmod "/lib/modules/$m" || fail "insmod $m"
done

# Without drover.hostname the guest sets none: the kernel's stays "(none)", as on a machine
# nobody named.
name=
url=
interval=2
for arg in $(cat /proc/cmdline); do
	case "$arg" in
		drover.hostname=*) name=${arg#*=} ;;
		drover.url=*) url=${arg#*=} ;;
		drover.interval=*) interval=${arg#*=} ;;
	esac
done
[ -z "$name" ] || hostname "$name"

ip link set lo up
i=0
while [ ! -e /sys/class/net/eth0 ] && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
if ! udhcpc -i eth0 -q -n -t 10 -T 1 -s /usr/share/udhcpc/default.script >/tmp/udhcpc.log 2>&1; then
	cat /tmp/udhcpc.log
	fail "no DHCP lease on eth0"
fi
say "network up $(ip -4 -o addr show dev eth0 | sed -n 's/.* inet \([0-9.]*\).*/\1/p')"

wget -q -O /tmp/install.sh "$url/install.sh" || fail "cannot download $url/install.sh"
sh /tmp/install.sh --interval "$interval" || fail "install.sh exited with $?"
say "install ok"
# The tracker's own log on the console, for whoever reads the test's console log.
tail -f /var/log/drover-tracker.log 2>/dev/null &
idle
