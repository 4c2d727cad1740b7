#!/bin/sh
# /etc/acpi/PWRF/00000080 of the Drover e2e cloud image: busybox acpid runs it when the ACPI
# power button is pressed (virsh shutdown). Nothing to stop cleanly in a RAM-only guest, so
# flush and power off at once (poweroff -f: the /init shell is not an init that handles signals).
echo "DROVER-GUEST: power button, powering off" >/dev/console
sync
poweroff -f
