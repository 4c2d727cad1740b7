#!/bin/busybox sh
# /init of the Drover e2e cloud image (see CloudImage): a busybox-only initramfs that acts like
# cloud-init's NoCloud datasource. It finds the ISO 9660 disk labelled "cidata", sets the
# hostname and root's authorized_keys from meta-data (JSON), brings eth0 up with DHCP, runs a
# "#!" user-data with sh, then keeps a shell on the serial console; the ACPI power button powers it off.
# Progress lines start with "DROVER-GUEST:" so the host can wait for them on the console.
# The seed is data: its values are quoted, checked before they are printed, and never eval'd.
/bin/busybox mkdir -p /proc /sys /dev /tmp /run /var/run /var/log /etc /bin /sbin /usr/bin /usr/sbin
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sysfs /sys
/bin/busybox mount -t devtmpfs devtmpfs /dev
/bin/busybox mount -t tmpfs tmpfs /tmp
/bin/busybox mount -t tmpfs tmpfs /run
/bin/busybox --install -s
exec </dev/console >/dev/console 2>&1
export PATH=/bin:/sbin:/usr/bin:/usr/sbin HOME=/root

say() { echo "DROVER-GUEST: $*"; }
idle() { while :; do sleep 3600; done; }
# The host stops waiting as soon as it sees this marker.
fail() { say "FAILED: $*"; idle; }
# Prints $1 if it is made of [A-Za-z0-9._:-] and at most 64 long, else a placeholder.
printable() {
	case "$1" in
		'' | *[!A-Za-z0-9._:-]*) echo "(not shown)" ;;
		*) if [ "${#1}" -le 64 ]; then echo "$1"; else echo "(not shown)"; fi ;;
	esac
}

say "init started"
for m in $(cat /etc/drover-modules); do
	insmod "/lib/modules/$m" || fail "insmod $m"
done

# ACPI power button (button.ko reports it through evdev): acpid runs /etc/acpi/PWRF/00000080.
if ls /dev/input/event* >/dev/null 2>&1; then
	acpid -l /var/log/acpid.log && say "acpid started"
else
	say "no input device for the power button; acpid not started"
fi

uuid=$(cat /sys/class/dmi/id/product_uuid 2>/dev/null)
say "uuid $(printable "$uuid")"

# The seed: a block device whose ISO 9660 primary volume descriptor (sector 16) has the volume
# id "cidata" (any case). Virtio disks may appear a moment after insmod, so look for a while.
seed=
i=0
while [ -z "$seed" ] && [ "$i" -lt 30 ]; do
	for dev in /dev/vd? /dev/sr? /dev/sd?; do
		[ -b "$dev" ] || continue
		magic=$(dd if="$dev" bs=1 skip=32769 count=5 2>/dev/null)
		[ "$magic" = CD001 ] || continue
		label=$(dd if="$dev" bs=1 skip=32808 count=32 2>/dev/null | tr -d ' ' | tr 'a-z' 'A-Z')
		if [ "$label" = CIDATA ]; then
			seed=$dev
			break
		fi
	done
	[ -n "$seed" ] || { sleep 0.1; i=$((i + 1)); }
done

name=
keys=0
mkdir -p /run/seed /root/.ssh
chmod 700 /root /root/.ssh
if [ -z "$seed" ]; then
	say "no seed (no disk labelled cidata)"
elif ! mount -t iso9660 -o ro "$seed" /run/seed; then
	say "FAILED: cannot mount the seed $seed"
else
	say "seed found on $seed"
	if [ -f /run/seed/meta-data ]; then
		if awk -f /usr/share/drover/meta-data.awk /run/seed/meta-data >/run/meta-data.tsv; then
			: >/root/.ssh/authorized_keys
			chmod 600 /root/.ssh/authorized_keys
			tab=$(printf '\t')
			while IFS="$tab" read -r key value; do
				case "$key" in
					instance-id) say "seed instance-id=$(printable "$value")" ;;
					local-hostname) name=$value ;;
					hostname) [ -n "$name" ] || name=$value ;;
					public-keys)
						printf '%s\n' "$value" >>/root/.ssh/authorized_keys
						keys=$((keys + 1))
						;;
				esac
			done </run/meta-data.tsv
		else
			say "meta-data is not a JSON object; ignored"
		fi
	else
		say "the seed has no meta-data"
	fi
fi

# A hostname is 1-253 letters, digits, '-' and '.'; anything else is refused, not printed.
case "$name" in
	'') name=localhost ;;
	*[!A-Za-z0-9.-]* | -* | .*) say "hostname in meta-data refused"; name=localhost ;;
esac
[ "${#name}" -le 253 ] || { say "hostname in meta-data refused"; name=localhost; }
hostname "$name"
echo "$name" >/etc/hostname
printf '127.0.0.1 localhost\n127.0.1.1 %s\n' "$name" >/etc/hosts
say "seed hostname=$name keys=$keys"

ip link set lo up
i=0
while [ ! -e /sys/class/net/eth0 ] && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
if udhcpc -i eth0 -q -n -t 10 -T 1 -s /usr/share/udhcpc/default.script >/tmp/udhcpc.log 2>&1; then
	say "network up $(ip -4 -o addr show dev eth0 | sed -n 's/.* inet \([0-9.]*\).*/\1/p')"
else
	cat /tmp/udhcpc.log
	say "FAILED: no DHCP lease on eth0"
fi

# user-data, like cloud-init: a script ("#!") runs, once network is up; cloud-config is not
# understood by this image and is ignored; anything else is left alone. Only the first two
# bytes are looked at here; the script's own output goes to the console.
if [ -n "$seed" ] && [ -f /run/seed/user-data ]; then
	head=$(head -c 2 /run/seed/user-data)
	first=$(head -n 1 /run/seed/user-data | tr -d '\r')
	if [ "$head" = "#!" ]; then
		cp /run/seed/user-data /run/user-data
		chmod 700 /run/user-data
		say "user-data running"
		(cd / && exec sh /run/user-data </dev/null)
		say "user-data ran exit=$?"
	elif [ "$first" = "#cloud-config" ]; then
		say "user-data is #cloud-config; ignored (this image runs scripts only)"
	else
		say "user-data is neither a script nor #cloud-config; ignored"
	fi
else
	say "no user-data"
fi
say "boot finished"
# The VGA text screen shows the guest is up (the console test reads it off the display).
echo "DROVER-GUEST: screen ready" >/dev/tty0 2>/dev/null
# An interactive shell on the serial console, for whoever opens it (the console test types into it).
while :; do sh -i </dev/console >/dev/console 2>&1; sleep 1; done
