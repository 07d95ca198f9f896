#!/bin/sh
# kiosk_print.sh: Print receipt on the kiosk's confirmation screen (tmux, 80x24
# then 100x30) through a private cupsd (tests/lib/cups.sh) whose default queue
# writes PDF to a file: printed (the PDF holds the case number, the print is
# audited); the queue stopped (cupsdisable): the message on the screen, the case
# still stored, the button to print again, which works after cupsenable; a
# queue that never answers: 正在打印… and then the stalled-job message. The
# confirmation screen's code never runs into the text. The screen side is
# scenario_print in kiosk_driver.py; the two talk through files in $T/ctl.
set -eu
: "${YIJIAN:?}" "${YJ_SRC:?}"
for t in tmux python3 sqlite3 cupsd lpadmin lpstat cupsdisable cupsenable pdftotext; do
	command -v "$t" >/dev/null || { echo "kiosk_print: $t is missing" >&2; exit 1; }
done
T=$(mktemp -d /tmp/yjkprint.XXXXXX)
chmod 755 "$T"
# shellcheck source=tests/lib/cups.sh
. "$YJ_SRC/tests/lib/cups.sh"
DRIVER=""
cleanup() {
	[ -n "$DRIVER" ] && kill "$DRIVER" 2>/dev/null
	[ -n "$DRIVER" ] && wait "$DRIVER" 2>/dev/null
	cups_stop
	[ -n "${YJ_KEEP:-}" ] || rm -rf "$T"
}
trap cleanup EXIT INT TERM
fail() {
	echo "FAIL: $*" >&2
	[ -f "$T/driver.out" ] && cat "$T/driver.out" >&2
	[ -f "$T/log/error_log" ] && tail -20 "$T/log/error_log" >&2
	exit 1
}
SLOW=1
[ "${YJ_SANITIZED:-0}" = 1 ] && SLOW=4

cups_start "$T" || fail "cupsd did not start"
cups_file_out "$T/out/receipt.pdf"
lpadmin -p kioskdesk -E -v "file://$T/out/receipt.pdf" \
	-m lsb/usr/cupsfilters/Generic-PDF_Printer-PDF.ppd 2>/dev/null || fail "lpadmin kioskdesk"
DEAD_PORT=$(yj_free_port)
lpadmin -p dead -E -v "socket://127.0.0.1:$DEAD_PORT" -m raw 2>/dev/null || fail "lpadmin dead"
# No print.printer: the kiosk prints on the CUPS default queue.
lpadmin -d kioskdesk || fail "lpadmin -d"
unset PRINTER LPDEST

export YJ_TODAY=2026-11-23 LC_ALL=C.UTF-8 TZ=UTC
cat >"$T/k.db.conf" <<EOC
centre_name = 黄浦区社区事务受理服务中心
centre_code = 310104
terminal_id = E2E
[print]
format = pdf
paper = a4
timeout = 3
EOC
mkdir "$T/ctl"
PRINT_CTL="$T/ctl" python3 "$YJ_SRC/tests/e2e/kiosk_driver.py" scenario_print "$T/k.db" \
	>"$T/driver.out" 2>&1 &
DRIVER=$!

# wait_step N: until the screen side reached step N (or fail when it ended).
wait_step() {
	n=$((1200 * SLOW))
	until [ -e "$T/ctl/ready-$1" ]; do
		kill -0 "$DRIVER" 2>/dev/null || { wait "$DRIVER" || true; DRIVER=""; fail "driver ended before step $1"; }
		n=$((n - 1))
		[ $n -gt 0 ] || fail "step $1 never reached"
		sleep 0.1
	done
}
# pdf_has TEXT: the receipt file is a PDF whose text holds TEXT.
pdf_has() {
	i=0
	until [ -s "$T/out/receipt.pdf" ]; do
		i=$((i + 1))
		[ $i -gt $((100 * SLOW)) ] && fail "nothing printed"
		sleep 0.1
	done
	python3 -c 'import sys; d=open(sys.argv[1],"rb").read(); i=d.find(b"%PDF-"); open(sys.argv[2],"wb").write(d[i:])' \
		"$T/out/receipt.pdf" "$T/receipt.pdf"
	pdftotext "$T/receipt.pdf" - | tr -d ' \n' | grep -qF -- "$1"
}

wait_step 1
NO=$(cat "$T/ctl/case_no")
pdf_has "$NO" || fail "the printed receipt does not hold the case number $NO"
pdftotext "$T/receipt.pdf" - | grep -q "回执" || fail "not a receipt"
cups_file_out "$T/out/receipt.pdf"
cupsdisable kioskdesk
touch "$T/ctl/go-1"

wait_step 2
[ -z "$(lpstat -o kioskdesk)" ] || fail "a job was left on the stopped queue"
[ ! -s "$T/out/receipt.pdf" ] || fail "printed on a stopped queue"
"$YIJIAN" case show "$NO" --db "$T/k.db" --config "$T/k.db.conf" >/dev/null ||
	fail "the case is not stored after the failed print"
cupsenable kioskdesk
touch "$T/ctl/go-2"

wait_step 3
pdf_has "$NO" || fail "the reprint does not hold the case number"
lpadmin -d dead || fail "lpadmin -d dead"
touch "$T/ctl/go-3"

wait_step 4
touch "$T/ctl/go-4"
wait "$DRIVER" || { DRIVER=""; fail "screen side"; }
DRIVER=""
cat "$T/driver.out"

# The print module's audit rows: completed twice, refused once, stalled once.
rows=$(sqlite3 -cmd ".timeout 10000" "$T/k.db" "SELECT actor_kind || ':' || actor_id || ':' || detail FROM audit WHERE action = 'print' AND case_no = '$NO' ORDER BY id")
echo "$rows" | cut -c1-60 | sed 's/^/  audit: /'
[ "$(echo "$rows" | grep -c 'kiosk:E2E:')" = 4 ] || fail "4 print attempts audited as the kiosk"
[ "$(echo "$rows" | grep -c 'completed')" = 2 ] || fail "2 completed prints audited"
echo "kiosk_print: ok ($NO)"
