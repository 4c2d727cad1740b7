#!/bin/sh
# Drover tracker installer.
#
# Installs a tracker that heartbeats this machine's hostname, IPv4 address, interface and
# SMBIOS UUID to the Drover server that served this file (POST <server>/api/register).
#
# The installed tracker, drover-tracker-sh, is a small POSIX sh loop, not the JDK tracker,
# so the machine needs no Java: only sh (dash, bash or busybox ash), sed, tr, ip (iproute2
# or busybox) and curl or wget (busybox wget is enough). This installer has the same needs.
#
# Files it installs (and --uninstall removes):
#   /usr/local/bin/drover-tracker-sh      the tracker (/usr/bin when /usr/local/bin is absent)
#   /etc/drover-tracker.conf              DROVER_URL, DROVER_TOKEN, DROVER_PIN, DROVER_INTERVAL, DROVER_INTERFACE
#   with systemd:    /etc/systemd/system/drover-tracker.service
#   without systemd: /etc/init.d/drover-tracker (start|stop|restart|status), its pid and log
#                    files /var/run/drover-tracker.pid and /var/log/drover-tracker.log, and one
#                    boot hook: update-rc.d, /etc/local.d/drover-tracker.start, a line in
#                    /etc/rc.local or a ::sysinit: line in busybox's /etc/inittab
#
# Usage: sh install.sh [--interval SECONDS] [--interface IF] [--url URL] [--token TOKEN] [--pin PIN]
#        sh install.sh --uninstall
# Run it again to change settings: it stops the tracker, rewrites the files and starts it.
#
# Environment, for tests and image builders:
#   DROVER_ROOT=DIR     install below DIR instead of / (no root needed then)
#   DROVER_NO_START=1   only write files: never start or stop the tracker, never call
#                       systemctl or update-rc.d
#
# The Drover server renders this file: it replaces the three quoted placeholders just below
# with its URL, the registration token and, for an https URL with the server's self-signed
# certificate, the pin of that certificate's key (curl --pinnedpubkey sha256//BASE64), so the
# tracker talks to exactly that server. Every occurrence is replaced, so they must not be
# spelled out anywhere else in this file.

DROVER_URL='__DROVER_URL__'
DROVER_TOKEN='__DROVER_TOKEN__'
DROVER_PIN='__DROVER_PIN__'

NAME=drover-tracker
TRACKER_NAME=drover-tracker-sh
# Written into every file this script installs, so updates and --uninstall recognise them.
MARK="installed by Drover install.sh"
HOOK_LINE="/etc/init.d/$NAME start # $MARK"

say() { printf '%s\n' "$*"; }
warn() { printf 'drover install: %s\n' "$*" >&2; }
die() { printf 'drover install: error: %s\n' "$*" >&2; exit 1; }

usage() {
	cat <<'EOF'
Usage: sh install.sh [OPTIONS]

Installs the Drover tracker, a small POSIX sh loop that reports this machine's hostname,
IPv4 address, interface and SMBIOS UUID to the Drover server every few seconds. It runs
as a systemd service when systemd is running, otherwise from /etc/init.d/drover-tracker.
Must be run as root. Running it again updates the installation in place.

Options:
  --interval SECONDS   seconds between heartbeats (default 30)
  --interface IF       interface whose IPv4 address is reported
                       (default: the default route's interface, else eth0)
  --url URL            Drover server URL (default: the server that served this script)
  --token TOKEN        registration token (default: the one the server put in this script)
  --pin PIN            sha256//BASE64 key pin of an https server (default: the one the server
                       put in this script; empty: trust the system's CAs)
  --uninstall          stop the tracker and remove every file this script installed
  --help               show this help

Files: /usr/local/bin/drover-tracker-sh, /etc/drover-tracker.conf, and
/etc/systemd/system/drover-tracker.service or /etc/init.d/drover-tracker.
EOF
}

# Quotes $1 for a single-quoted sh assignment.
sq() {
	printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

is_number() {
	case "$1" in '' | *[!0-9]*) return 1 ;; esac
	[ "$1" -ge 1 ] 2>/dev/null && [ "$1" -le 86400 ] 2>/dev/null
}

# True when this run may touch the host's services (start, stop, systemctl, update-rc.d).
host_services() {
	[ -z "$R" ] && [ "${DROVER_NO_START:-}" != 1 ]
}

uses_systemd() {
	[ -d "$R/run/systemd/system" ] || return 1
	host_services || return 0
	command -v systemctl >/dev/null 2>&1
}

# Writes stdin to $1 through a temporary file, so a running tracker never reads a
# half-written script, then sets mode $2.
write_file() {
	mkdir -p "${1%/*}" || die "cannot create ${1%/*}"
	cat >"$1.tmp.$$" || { rm -f "$1.tmp.$$"; die "cannot write $1"; }
	if ! chmod "$2" "$1.tmp.$$" || ! mv -f "$1.tmp.$$" "$1"; then
		rm -f "$1.tmp.$$"
		die "cannot install $1"
	fi
}

is_ours() {
	[ -f "$1" ] && grep -q "$MARK" "$1" 2>/dev/null
}

remove_ours() {
	for f in "$@"; do
		if is_ours "$f"; then rm -f "$f" && say "removed ${f#"$R"}"; fi
	done
}

# Adds HOOK_LINE to file $1 once: before its last "exit 0" line, else at the end.
add_hook_line() {
	grep -qxF "$HOOK_LINE" "$1" 2>/dev/null && return 0
	tmp="$1.tmp.$$"
	exits=$(grep -cx 'exit 0' "$1")
	seen=0
	: >"$tmp" || die "cannot write $tmp"
	while IFS= read -r line || [ -n "$line" ]; do
		if [ "$line" = "exit 0" ]; then
			seen=$((seen + 1))
			[ "$seen" -ne "$exits" ] || printf '%s\n' "$HOOK_LINE" >>"$tmp"
		fi
		printf '%s\n' "$line" >>"$tmp"
	done <"$1"
	[ "$exits" -gt 0 ] || printf '%s\n' "$HOOK_LINE" >>"$tmp"
	# cat keeps the file's owner and mode.
	cat "$tmp" >"$1" && rm -f "$tmp"
}

remove_hook_line() {
	[ -f "$1" ] && grep -qxF "$HOOK_LINE" "$1" 2>/dev/null || return 0
	tmp="$1.tmp.$$"
	grep -vxF "$HOOK_LINE" "$1" >"$tmp"
	cat "$tmp" >"$1" && rm -f "$tmp" && say "removed the boot hook from ${1#"$R"}"
}

stop_tracker() {
	host_services || return 0
	if command -v systemctl >/dev/null 2>&1 && [ -f "/etc/systemd/system/$NAME.service" ]; then
		systemctl stop "$NAME" </dev/null >/dev/null 2>&1
	fi
	if [ -x "/etc/init.d/$NAME" ]; then
		"/etc/init.d/$NAME" stop </dev/null
	fi
}

write_tracker() {
	write_file "$1" 755 <<'TRACKER'
#!/bin/sh
# drover-tracker-sh: the Drover tracker as a POSIX sh loop (installed by Drover install.sh).
# Every DROVER_INTERVAL seconds it POSTs hostname, IPv4 address, interface, SMBIOS UUID,
# all IPv4 addresses and the OS name as JSON to $DROVER_URL/api/register. Failures are
# logged and retried on the next beat; SIGTERM stops it.
#
# Settings: /etc/drover-tracker.conf (or the file in $DROVER_CONFIG), read on every beat.
# Usage: drover-tracker-sh          run forever
#        drover-tracker-sh --once   send one heartbeat; exit 0 when the server took it

AGENT_VERSION=sh-0.1
CONFIG=${DROVER_CONFIG:-/etc/drover-tracker.conf}

log() { printf '%s drover-tracker: %s\n' "$(date '+%Y-%m-%dT%H:%M:%S%z' 2>/dev/null)" "$*" >&2; }

load_config() {
	DROVER_URL='' DROVER_TOKEN='' DROVER_PIN='' DROVER_INTERVAL='' DROVER_INTERFACE=''
	if [ -r "$CONFIG" ]; then
		# shellcheck source=/dev/null
		. "$CONFIG"
	else
		log "cannot read $CONFIG"
	fi
	case "$DROVER_INTERVAL" in '' | *[!0-9]* | 0) DROVER_INTERVAL=30 ;; esac
}

# Prints $1 as a JSON string: control characters dropped, backslash and quote escaped.
json_str() {
	printf '"%s"' "$(printf '%s' "$1" | tr -d '\000-\037\177' | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g')"
}

# True when $1 names a machine: "(none)" is what the kernel (and busybox hostname) reports
# when no hostname was ever set, and the server refuses it.
usable_name() {
	[ -n "$1" ] && [ "$1" != "(none)" ]
}

# The first name in file $1: comment lines and blanks skipped, the line trimmed.
name_in_file() {
	sed -e '/^[[:space:]]*#/d' -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' "$1" 2>/dev/null | grep -v '^$' | head -n 1
}

# The name this machine reports, chosen as the JDK tracker does: the kernel's hostname, else
# /etc/hostname, else one made from the SMBIOS UUID (machine-UUID), else from the IPv4 address
# $1 (ip-10-0-2-15), so a machine whose hostname was never set still shows up, and under a
# name that stays the same across heartbeats.
host_name() {
	h=$(hostname 2>/dev/null)
	usable_name "$h" || h=$(name_in_file /proc/sys/kernel/hostname)
	usable_name "$h" || h=$(name_in_file /etc/hostname)
	if ! usable_name "$h"; then
		h=$(smbios_uuid)
		if [ -n "$h" ]; then h="machine-$h"; else h="ip-$(printf '%s' "$1" | tr . -)"; fi
	fi
	printf '%s' "$h"
}

default_interface() {
	ip route show default 2>/dev/null | sed -n 's/.* dev \([^ ]*\).*/\1/p' | head -n 1
}

# IPv4 addresses (one a line) of interface $1, or of every interface when $1 is empty;
# never loopback ones.
ipv4_addresses() {
	if [ -n "$1" ]; then
		ip -4 -o addr show dev "$1" 2>/dev/null
	else
		ip -4 -o addr show 2>/dev/null
	fi | sed -n 's/.* inet \([0-9][0-9.]*\)\/.*/\1/p' | grep -v '^127\.'
}

os_name() {
	for f in /etc/os-release /usr/lib/os-release; do
		[ -r "$f" ] || continue
		n=$(sed -n 's/^PRETTY_NAME=//p' "$f" | head -n 1 | sed -e 's/^"\(.*\)"$/\1/' -e "s/^'\(.*\)'$/\1/")
		if [ -n "$n" ]; then printf '%s' "$n"; return; fi
	done
	printf '%s' "$(uname -s 2>/dev/null) $(uname -r 2>/dev/null)"
}

smbios_uuid() {
	if [ -r /sys/class/dmi/id/product_uuid ]; then
		tr -d ' \n' </sys/class/dmi/id/product_uuid 2>/dev/null | tr 'A-F' 'a-f'
	fi
}

# Prints the request body for hostname $1 and IPv4 address $2.
heartbeat_json() {
	all=
	for a in $(ipv4_addresses ""); do
		all="$all${all:+,}$(json_str "$a")"
	done
	uuid=$(smbios_uuid)
	printf '{"hostname":%s,"ip_address":%s,"interface":%s,' "$(json_str "$1")" "$(json_str "$2")" "$(json_str "$ifc")"
	[ -z "$uuid" ] || printf '"uuid":%s,' "$(json_str "$uuid")"
	printf '"interval_seconds":%s,"ip_addresses":[%s],"os":%s,"agent_version":%s}' \
		"$DROVER_INTERVAL" "$all" "$(json_str "$(os_name)")" "$(json_str "$AGENT_VERSION")"
}

# Debian's busybox wget crashes on -T (built without timeout support), so a timeout
# comes from timeout(1) when there is one, and -T only goes to GNU wget.
TIMEOUT=
if timeout 5 true >/dev/null 2>&1; then TIMEOUT="timeout 15"; fi

# POSTs $1. Sets $status to the HTTP status (000 when no answer came) and $reply to the
# answer's body, or to the client's error output; fails unless the status is 2xx.
post() {
	url="${DROVER_URL%/}/api/register"
	status=000
	reply=
	# A pinned server key replaces certificate checks (the server's certificate is self-signed):
	# curl still refuses any server whose key is not the pinned one. $pin is zero or more words.
	pin=
	case "$DROVER_URL" in https://*) [ -z "$DROVER_PIN" ] || pin="-k --pinnedpubkey $DROVER_PIN" ;; esac
	if command -v curl >/dev/null 2>&1; then
		# No -f: the body of a refusal says why. The status comes last, on a line of its own.
		# shellcheck disable=SC2086
		if [ -n "$DROVER_TOKEN" ]; then
			# The header goes in through stdin so the token stays out of the process list.
			t=$(printf '%s' "$DROVER_TOKEN" | tr -d '\r\n' | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g')
			reply=$(printf 'header = "Authorization: Bearer %s"\n' "$t" |
				curl -q -sS -m 10 $pin -K - -H 'Content-Type: application/json' --data-binary "$1" \
					-w '\n%{http_code}' "$url" 2>&1)
		else
			reply=$(curl -q -sS -m 10 $pin -H 'Content-Type: application/json' --data-binary "$1" \
				-w '\n%{http_code}' "$url" 2>&1 </dev/null)
		fi
		rc=$?
		if [ "$rc" -eq 0 ]; then
			status=$(printf '%s\n' "$reply" | sed -n '$p')
			reply=$(printf '%s\n' "$reply" | sed '$d')
		else
			# No answer: what is left once the "000" status line is gone is curl's error.
			reply=$(printf '%s\n' "$reply" | grep -v '^[0-9][0-9][0-9]$')
		fi
	elif [ -n "$pin" ]; then
		reply="curl is needed to reach $DROVER_URL with its pinned key (wget cannot pin)"
		return 1
	elif command -v wget >/dev/null 2>&1; then
		# GNU wget keeps the body of a refusal and names the status ("ERROR 400: Bad Request.");
		# busybox wget has only the status line ("server returned error: HTTP/1.1 400 Bad Request").
		# $opts and $TIMEOUT are unquoted on purpose: each is one or more words.
		opts=-q
		if wget --version 2>/dev/null | grep -q 'GNU Wget'; then opts="-nv -T 10 -t 1 --content-on-error"; fi
		# shellcheck disable=SC2086
		if [ -n "$DROVER_TOKEN" ]; then
			reply=$($TIMEOUT wget $opts -O - --header 'Content-Type: application/json' \
				--header "Authorization: Bearer $DROVER_TOKEN" --post-data "$1" "$url" 2>&1 </dev/null)
		else
			reply=$($TIMEOUT wget $opts -O - --header 'Content-Type: application/json' \
				--post-data "$1" "$url" 2>&1 </dev/null)
		fi
		rc=$?
		if [ "$rc" -eq 0 ]; then
			status=200
		else
			status=$(printf '%s\n' "$reply" | sed -n -E 's/.*(ERROR |HTTP\/1\.[01] )([0-9][0-9][0-9]).*/\2/p' | head -n 1)
			status=${status:-000}
		fi
	else
		reply="neither curl nor wget is installed"
		return 1
	fi
	case "$status" in 2??) return 0 ;; *) return 1 ;; esac
}

# Why the server refused: the "message" of its error body (or "detail" of a problem body),
# else the start of whatever came back, on one line.
reason() {
	why=$(printf '%s' "$1" | tr '\n' ' ' |
		sed -n -E 's/.*"(message|detail)"[[:space:]]*:[[:space:]]*"(([^"\\]|\\.)*)".*/\2/p' |
		sed -e 's/\\"/"/g' -e 's/\\\\/\\/g')
	[ -n "$why" ] || why=$(printf '%s' "$1" | tr '\n' ' ' | sed -e 's/[[:space:]][[:space:]]*/ /g' -e 's/^ //' -e 's/ $//')
	[ -n "$why" ] || why="(empty answer)"
	printf '%s' "$why" | sed 's/^\(.\{300\}\).*/\1.../'
}

# Logs failure $1 when it differs from the last one, and every 20th repeat, so a server
# that is down for days does not fill the disk.
last=
repeats=0
failed() {
	repeats=$((repeats + 1))
	if [ "$last" != "$1" ] || [ "$repeats" -ge 20 ]; then
		log "$1"
		repeats=0
	fi
	last=$1
	return 1
}

# Sends one heartbeat.
beat() {
	ifc=${DROVER_INTERFACE:-$(default_interface)}
	ifc=${ifc:-eth0}
	ip=$(ipv4_addresses "$ifc" | head -n 1)
	[ -n "$ip" ] || { failed "no IPv4 address on $ifc; not sending"; return 1; }
	name=$(host_name "$ip")
	if post "$(heartbeat_json "$name" "$ip")"; then
		[ "$last" = ok ] || log "registered with $DROVER_URL as $name ($ip on $ifc)"
		last=ok
		repeats=0
		return 0
	fi
	why=$(reason "$reply")
	case "$status" in
		000) failed "heartbeat to $DROVER_URL failed: $why" ;;
		4??) failed "heartbeat to $DROVER_URL refused (HTTP $status): $why" ;;
		*) failed "heartbeat to $DROVER_URL failed (HTTP $status): $why" ;;
	esac
}

load_config
if [ -z "$DROVER_URL" ]; then
	log "DROVER_URL is not set in $CONFIG"
	[ "${1:-}" = --once ] && exit 2
fi
if [ "${1:-}" = --once ]; then
	beat
	exit
fi

child=
trap '' HUP
trap 'log "stopping"; [ -z "$child" ] || kill "$child" 2>/dev/null; exit 0' TERM INT
log "started: every ${DROVER_INTERVAL}s to ${DROVER_URL:-?}"
while :; do
	if [ -n "$DROVER_URL" ]; then beat; fi
	# sleep in the background so SIGTERM is handled at once, not after the sleep.
	sleep "$DROVER_INTERVAL" &
	child=$!
	wait "$child"
	child=
	load_config
done
TRACKER
}

write_config() {
	{
		say "# Drover tracker settings ($MARK). Read by $TRACKER_NAME on every beat."
		say "DROVER_URL=$(sq "$DROVER_URL")"
		say "DROVER_TOKEN=$(sq "$DROVER_TOKEN")"
		say "# Key pin of an https server (curl --pinnedpubkey); empty: the system's CAs."
		say "DROVER_PIN=$(sq "$DROVER_PIN")"
		say "# Seconds between heartbeats."
		say "DROVER_INTERVAL=$INTERVAL"
		say "# Interface whose IPv4 address is reported; empty: the default route's."
		say "DROVER_INTERFACE=$(sq "$INTERFACE")"
	} | write_file "$R/etc/$NAME.conf" 600
}

write_unit() {
	write_file "$R/etc/systemd/system/$NAME.service" 644 <<EOF
# $MARK
[Unit]
Description=Drover tracker (heartbeats to the Drover server)
Wants=network-online.target
After=network-online.target

[Service]
Type=simple
ExecStart=$1
Restart=always
RestartSec=5

[Install]
WantedBy=multi-user.target
EOF
}

write_init_script() {
	{
		cat <<'EOF'
#!/bin/sh
### BEGIN INIT INFO
# Provides:          drover-tracker
# Required-Start:    $network $remote_fs
# Required-Stop:     $network $remote_fs
# Default-Start:     2 3 4 5
# Default-Stop:      0 1 6
# Short-Description: Drover tracker heartbeats
### END INIT INFO
EOF
		say "# $MARK"
		say "BIN=$1"
		cat <<'EOF'
PIDFILE=/var/run/drover-tracker.pid
LOG=/var/log/drover-tracker.log

running() {
	[ -f "$PIDFILE" ] || return 1
	pid=$(cat "$PIDFILE" 2>/dev/null)
	case "$pid" in '' | *[!0-9]*) return 1 ;; esac
	kill -0 "$pid" 2>/dev/null || return 1
	# A reused pid is not ours.
	[ ! -r "/proc/$pid/cmdline" ] || grep -q drover-tracker "/proc/$pid/cmdline" 2>/dev/null
}

start() {
	if running; then
		echo "drover-tracker is already running (pid $pid)"
		return 0
	fi
	mkdir -p "${PIDFILE%/*}" "${LOG%/*}"
	"$BIN" </dev/null >>"$LOG" 2>&1 &
	echo $! >"$PIDFILE"
	echo "drover-tracker started (pid $!, log $LOG)"
}

stop() {
	if ! running; then
		rm -f "$PIDFILE"
		echo "drover-tracker is not running"
		return 0
	fi
	kill "$pid" 2>/dev/null
	# A heartbeat in flight can take up to 15 s to give up.
	i=0
	while kill -0 "$pid" 2>/dev/null && [ "$i" -lt 20 ]; do
		sleep 1
		i=$((i + 1))
	done
	kill -9 "$pid" 2>/dev/null
	rm -f "$PIDFILE"
	echo "drover-tracker stopped"
}

case "$1" in
	start) start ;;
	stop) stop ;;
	restart) stop; start ;;
	status)
		if running; then echo "drover-tracker is running (pid $pid)"; else echo "drover-tracker is not running"; exit 3; fi
		;;
	*) echo "Usage: $0 {start|stop|restart|status}" >&2; exit 2 ;;
esac
EOF
	} | write_file "$R/etc/init.d/$NAME" 755
}

# Hooks the init script into boot with the first mechanism this machine has.
add_boot_hook() {
	if host_services && command -v update-rc.d >/dev/null 2>&1; then
		update-rc.d "$NAME" defaults </dev/null >/dev/null && say "enabled at boot with update-rc.d" && return
	fi
	if [ -d "$R/etc/local.d" ]; then
		printf '#!/bin/sh\n# %s\n/etc/init.d/%s start\n' "$MARK" "$NAME" | write_file "$R/etc/local.d/$NAME.start" 755
		say "enabled at boot with /etc/local.d/$NAME.start"
	elif [ -f "$R/etc/rc.local" ]; then
		add_hook_line "$R/etc/rc.local"
		say "enabled at boot from /etc/rc.local"
	elif [ -f "$R/etc/inittab" ] && grep -q '^[^#]*::' "$R/etc/inittab"; then
		# busybox init: HOOK_LINE's comment would become part of the command, so use a plain line.
		grep -qxF "::sysinit:/etc/init.d/$NAME start" "$R/etc/inittab" ||
			printf '::sysinit:/etc/init.d/%s start\n' "$NAME" >>"$R/etc/inittab"
		say "enabled at boot from /etc/inittab"
	else
		warn "found no way to start the tracker at boot; run /etc/init.d/$NAME start from your init"
	fi
}

remove_boot_hooks() {
	if host_services && command -v update-rc.d >/dev/null 2>&1 && [ -f "/etc/init.d/$NAME" ]; then
		update-rc.d -f "$NAME" remove </dev/null >/dev/null 2>&1
	fi
	remove_ours "$R/etc/local.d/$NAME.start"
	remove_hook_line "$R/etc/rc.local"
	if [ -f "$R/etc/inittab" ] && grep -qxF "::sysinit:/etc/init.d/$NAME start" "$R/etc/inittab"; then
		tmp="$R/etc/inittab.tmp.$$"
		grep -vxF "::sysinit:/etc/init.d/$NAME start" "$R/etc/inittab" >"$tmp"
		cat "$tmp" >"$R/etc/inittab" && rm -f "$tmp" && say "removed the boot hook from /etc/inittab"
	fi
}

uninstall() {
	stop_tracker
	if host_services && command -v systemctl >/dev/null 2>&1 && is_ours "/etc/systemd/system/$NAME.service"; then
		systemctl disable "$NAME" </dev/null >/dev/null 2>&1
	fi
	remove_boot_hooks
	remove_ours "$R/etc/systemd/system/$NAME.service" "$R/etc/init.d/$NAME" \
		"$R/usr/local/bin/$TRACKER_NAME" "$R/usr/bin/$TRACKER_NAME" "$R/etc/$NAME.conf"
	if host_services && command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
		systemctl daemon-reload </dev/null >/dev/null 2>&1
	fi
	rm -f "$R/var/run/$NAME.pid" "$R/var/log/$NAME.log"
	say "Drover tracker removed."
}

install() {
	if [ -d "$R/usr/local/bin" ]; then bin_dir=/usr/local/bin; else bin_dir=/usr/bin; fi
	bin="$bin_dir/$TRACKER_NAME"

	stop_tracker
	# An earlier install may have used the other bin directory.
	for d in /usr/local/bin /usr/bin; do
		[ "$d" = "$bin_dir" ] || remove_ours "$R$d/$TRACKER_NAME"
	done
	write_tracker "$R$bin"
	write_config
	say "installed $bin and /etc/$NAME.conf"

	if uses_systemd; then
		# Switching from the init script to systemd: drop the old hooks.
		remove_boot_hooks
		remove_ours "$R/etc/init.d/$NAME"
		write_unit "$bin"
		say "installed /etc/systemd/system/$NAME.service"
		if host_services; then
			systemctl daemon-reload </dev/null || die "systemctl daemon-reload failed"
			systemctl enable "$NAME" </dev/null || die "systemctl enable $NAME failed"
			systemctl restart "$NAME" </dev/null || die "systemctl restart $NAME failed"
			say "started $NAME (systemctl status $NAME; journalctl -u $NAME)"
		fi
	else
		remove_ours "$R/etc/systemd/system/$NAME.service"
		write_init_script "$bin"
		say "installed /etc/init.d/$NAME"
		add_boot_hook
		if host_services; then
			"/etc/init.d/$NAME" start </dev/null || die "/etc/init.d/$NAME start failed"
		fi
	fi
	if ! host_services; then
		say "not started (DROVER_ROOT or DROVER_NO_START is set)"
	fi
	say "Drover tracker installed: heartbeat every ${INTERVAL}s to $DROVER_URL"
}

main() {
	action=install
	INTERVAL=30
	INTERFACE=
	while [ $# -gt 0 ]; do
		case "$1" in
			--interval) [ $# -ge 2 ] || die "--interval needs a value"; INTERVAL=$2; shift ;;
			--interval=*) INTERVAL=${1#*=} ;;
			--interface) [ $# -ge 2 ] || die "--interface needs a value"; INTERFACE=$2; shift ;;
			--interface=*) INTERFACE=${1#*=} ;;
			--url) [ $# -ge 2 ] || die "--url needs a value"; DROVER_URL=$2; shift ;;
			--url=*) DROVER_URL=${1#*=} ;;
			--token) [ $# -ge 2 ] || die "--token needs a value"; DROVER_TOKEN=$2; shift ;;
			--token=*) DROVER_TOKEN=${1#*=} ;;
			--pin) [ $# -ge 2 ] || die "--pin needs a value"; DROVER_PIN=$2; shift ;;
			--pin=*) DROVER_PIN=${1#*=} ;;
			--uninstall) action=uninstall ;;
			-h | --help) usage; exit 0 ;;
			*) usage >&2; die "unknown option: $1" ;;
		esac
		shift
	done

	R=${DROVER_ROOT:-}
	R=${R%/}
	if [ -z "$R" ] && [ "$(id -u 2>/dev/null)" != 0 ]; then
		die "must be run as root (try: sudo sh install.sh)"
	fi

	if [ "$action" = uninstall ]; then
		uninstall
		return
	fi

	is_number "$INTERVAL" || die "--interval must be a whole number of seconds from 1 to 86400, not '$INTERVAL'"
	case "$INTERFACE" in
		*[!A-Za-z0-9_.:@-]*) die "not an interface name: '$INTERFACE'" ;;
	esac
	case "$DROVER_URL" in
		'' | __DROVER_*) die "no server URL: download this script from a Drover server, or pass --url" ;;
		http://?* | https://?*) ;;
		*) die "not an http(s) URL: '$DROVER_URL'" ;;
	esac
	case "$DROVER_TOKEN" in __DROVER_*) DROVER_TOKEN= ;; esac
	case "$DROVER_PIN" in
		__DROVER_*) DROVER_PIN= ;;
		'' | sha256//*) ;;
		*) die "--pin must look like sha256//BASE64, not '$DROVER_PIN'" ;;
	esac
	# The pin goes unquoted into curl's arguments, so it may hold only base64 characters.
	case "${DROVER_PIN#sha256//}" in *[!A-Za-z0-9+/=]*) die "not a key pin: '$DROVER_PIN'" ;; esac
	DROVER_URL=${DROVER_URL%/}
	install
}

# Everything runs from here, after the whole file has been read: safe to pipe into sh.
main "$@"
