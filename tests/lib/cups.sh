# shellcheck shell=sh
# tests/lib/cups.sh: a private CUPS scheduler for the tests (sourced, POSIX sh).
#
#   . "$YJ_SRC/tests/lib/cups.sh"
#   cups_start "$T" || fail "cupsd did not start"
#   cups_file_out "$T/out/q.pdf"     (Debian's cupsd no longer creates it)
#   lpadmin -p q -E -v "file://$T/out/q.pdf" -m lsb/usr/cupsfilters/Generic-PDF_Printer-PDF.ppd
#   ...
#   cups_stop            (in the caller's trap; safe to call twice)
#
# cups_start DIR writes cupsd.conf and cups-files.conf under DIR/etc (own
# ServerRoot, spool, cache, state and logs under DIR, file: devices allowed),
# starts cupsd listening on a free loopback port (CUPS_PORT) and on
# DIR/run/cups.sock, exports CUPS_SERVER (the socket) and sets CUPSD_PID. DIR/out
# (mode 1777) is for the output of file: queues: filters run as lp. DIR must
# be readable by lp (chmod 755). Returns 1 with a message when cupsd exits or
# does not answer within 10 s.

CUPSD_PID=""
CUPS_PORT=""

# cups_file_out PATH: (re)create the output file of a file: queue, empty and
# writable by the filters (which run as lp). Debian's cupsd since
# 2.4.2-3+deb12u10 opens a file: device's output with O_WRONLY|O_EXCL: it neither
# creates the file (the job stops with "could not open the output file") nor
# truncates it (a shorter second job leaves the first one's tail behind). So
# call it before adding the queue and again before every print whose output
# is read.
cups_file_out() {
	: >"$1"
	chmod 666 "$1"
}

# A free TCP port on the loopback interface.
yj_free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

cups_start() {
	_cd=$1
	mkdir -p "$_cd/etc/ppd" "$_cd/spool/tmp" "$_cd/cache" "$_cd/run" "$_cd/log" "$_cd/out"
	chmod 1777 "$_cd/spool/tmp" "$_cd/out"
	CUPS_PORT=$(yj_free_port)
	cat >"$_cd/etc/cups-files.conf" <<EOC
ServerRoot $_cd/etc
RequestRoot $_cd/spool
TempDir $_cd/spool/tmp
CacheDir $_cd/cache
StateDir $_cd/run
ServerBin /usr/lib/cups
DataDir /usr/share/cups
ErrorLog $_cd/log/error_log
AccessLog $_cd/log/access_log
PageLog $_cd/log/page_log
FileDevice Yes
SystemGroup root
EOC
	cat >"$_cd/etc/cupsd.conf" <<EOC
Listen 127.0.0.1:$CUPS_PORT
Listen $_cd/run/cups.sock
Browsing No
WebInterface No
LogLevel info
<Policy default>
<Limit All>
Order deny,allow
</Limit>
</Policy>
EOC
	cupsd -f -c "$_cd/etc/cupsd.conf" -s "$_cd/etc/cups-files.conf" &
	CUPSD_PID=$!
	CUPS_SERVER="$_cd/run/cups.sock"
	export CUPS_SERVER
	_ci=0
	until lpstat -r 2>/dev/null | grep -q 'is running'; do
		if ! kill -0 "$CUPSD_PID" 2>/dev/null; then
			echo "cupsd exited at start" >&2
			CUPSD_PID=""
			return 1
		fi
		_ci=$((_ci + 1))
		if [ $_ci -gt 100 ]; then
			echo "cupsd did not answer within 10 s" >&2
			return 1
		fi
		sleep 0.1
	done
	return 0
}

# Stop the scheduler started by cups_start (nothing when there is none).
cups_stop() {
	if [ -n "$CUPSD_PID" ]; then
		kill "$CUPSD_PID" 2>/dev/null || true
		wait "$CUPSD_PID" 2>/dev/null || true
		CUPSD_PID=""
	fi
	return 0
}
