#!/bin/sh
# print_cups.sh: receipts through a real, private CUPS scheduler.
#
# Starts cupsd with its own ServerRoot, spool and log in a temp dir, listening
# on a loopback port and a domain socket, with three queues: "office" (file:
# device, Generic PDF PPD), "thermal" (raw, socket:// to a python3 TCP sink)
# and "dead" (raw, socket:// to a port nobody listens on). Then:
#   - a kiosk case is printed on "office", the PDF's QR is decoded (pdftoppm +
#     zbarimg), imported with `case import --qr` into a second database and
#     compared with the original field by field; importing again adds nothing;
#     a QR with one character changed and a QR from an untrusted terminal are
#     refused;
#   - ESC/POS text and raster receipts reach the sink byte for byte: init,
#     GB18030 text, GS ( k with the QR text, GS v 0 bands, the cut;
#   - a missing queue, a stopped queue, a stalled job and a stopped scheduler
#     each give their message and exit 1, and the case is still there;
#     printing again after the queue is resumed works.
# Everything started here is stopped by the trap.
set -eu
: "${YIJIAN:?}" "${YJ_SRC:?}"
for t in cupsd lpadmin cupsdisable cupsenable lpstat pdftoppm pdftotext zbarimg python3; do
	command -v "$t" >/dev/null || { echo "print_cups: $t is missing (sh scripts/deps.sh)" >&2; exit 1; }
done

T=$(mktemp -d /tmp/yjcups.XXXXXX)
chmod 755 "$T" # filters run as lp and read the spool
# shellcheck source=tests/lib/cups.sh
. "$YJ_SRC/tests/lib/cups.sh"
SINK_PID=""
cleanup() {
	rc=$?
	set +e
	cups_stop
	[ -n "$SINK_PID" ] && kill "$SINK_PID" 2>/dev/null && wait "$SINK_PID" 2>/dev/null
	[ -n "${YJ_KEEP:-}" ] || rm -rf "$T"
	exit $rc
}
trap cleanup EXIT INT TERM

fail() {
	echo "FAIL: $*" >&2
	[ -f "$T/log/error_log" ] && tail -20 "$T/log/error_log" >&2
	exit 1
}

SINK_PORT=$(yj_free_port)
DEAD_PORT=$(yj_free_port)

# The thermal printer: a TCP sink writing each connection to out/thermal.N.
cat >"$T/sink.py" <<'EOP'
import socket, sys
srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", int(sys.argv[1])))
srv.listen(4)
n = 0
while True:
    c, _ = srv.accept()
    n += 1
    data = b""
    while True:
        b = c.recv(65536)
        if not b:
            break
        data += b
    c.close()
    with open("%s/thermal.%d.tmp" % (sys.argv[2], n), "wb") as f:
        f.write(data)
    import os
    os.rename("%s/thermal.%d.tmp" % (sys.argv[2], n), "%s/thermal.%d" % (sys.argv[2], n))
EOP
python3 "$T/sink.py" "$SINK_PORT" "$T/out" &
SINK_PID=$!

cups_start "$T" || fail "cupsd did not start"
cups_file_out "$T/out/office.pdf"
lpadmin -p office -E -v "file://$T/out/office.pdf" \
	-m lsb/usr/cupsfilters/Generic-PDF_Printer-PDF.ppd || fail "lpadmin office"
lpadmin -p thermal -E -v "socket://127.0.0.1:$SINK_PORT" -m raw 2>/dev/null || fail "lpadmin thermal"
lpadmin -p dead -E -v "socket://127.0.0.1:$DEAD_PORT" -m raw 2>/dev/null || fail "lpadmin dead"

# Kiosk terminal K01 (database A) and counter C01 (database B).
cat >"$T/kiosk.conf" <<EOC
centre_name = 黄浦区社区事务受理服务中心
centre_code = 310104
terminal_id = K01
keys.dir = $T/keys-k01
keys.trusted = $T/trusted
keys.centre = $T/centre
[print]
printer = office
paper = a4
format = pdf
timeout = 20
EOC
sed -e 's/^terminal_id = K01/terminal_id = C01/' -e "s|keys-k01|keys-c01|" \
	"$T/kiosk.conf" >"$T/counter.conf"
A="--config $T/kiosk.conf --db $T/a.db"
B="--config $T/counter.conf --db $T/b.db"
export YJ_TODAY="${YJ_TODAY:-}"
[ -n "$YJ_TODAY" ] || unset YJ_TODAY

# shellcheck disable=SC2086
"$YIJIAN" keys init $A >"$T/k01.pub" 2>/dev/null || fail "keys init"
[ "$(stat -c %a "$T/keys-k01/terminal.key")" = 600 ] || fail "private key is not 0600"
grep -q '^K01 ' "$T/k01.pub" || fail "keys show line: $(cat "$T/k01.pub")"
# shellcheck disable=SC2086
"$YIJIAN" keys show $A | cmp -s - "$T/k01.pub" || fail "keys show differs from init"
cp "$T/k01.pub" "$T/trusted"
# The counter makes the centre key; the kiosk seals receipt codes to it.
# shellcheck disable=SC2086
"$YIJIAN" keys centre-init $B >"$T/centre" 2>/dev/null || fail "keys centre-init"
[ "$(stat -c %a "$T"/keys-c01/centre-*.key)" = 600 ] || fail "centre private key is not 0600"

# shellcheck disable=SC2086
NO=$("$YIJIAN" case submit birth --answers "$YJ_SRC/forms/examples/birth.json" $A) ||
	fail "case submit"
echo "case $NO"

# ---- PDF on the office queue, QR round trip ---------------------------------
# shellcheck disable=SC2086
"$YIJIAN" print "$NO" $A >"$T/print.out" 2>"$T/print.err" || fail "print: $(cat "$T/print.err")"
[ -s "$T/out/office.pdf" ] || fail "no PDF from the office queue"
# The Generic PDF PPD wraps the document in a PJL header: cut it off.
python3 -c 'import sys; d=open(sys.argv[1],"rb").read(); i=d.find(b"%PDF-"); assert 0<=i<1024 and b"%%EOF" in d[-1024:]; open(sys.argv[2],"wb").write(d[i:])' \
	"$T/out/office.pdf" "$T/office.pdf" || fail "office output is not a PDF"
pdftotext "$T/office.pdf" - | tr -d ' ' >"$T/office.txt"
grep -q "$NO" "$T/office.txt" || fail "case number not in the printed PDF"
grep -q "一件事申请回执" "$T/office.txt" || fail "title not in the printed PDF"
pdftoppm -r 200 -gray -png "$T/office.pdf" "$T/page"
QR=$(zbarimg -q --raw "$T"/page-*.png 2>/dev/null | grep "^YJ1:" | head -1)
case "$QR" in "YJ1:$NO:"*) ;; *) fail "QR does not decode to YJ1:$NO: ($QR)" ;; esac

# The counter trusts K01 and imports the kiosk's case.
# shellcheck disable=SC2086
"$YIJIAN" case import --qr "$QR" $B >"$T/imp1.out" 2>&1 || fail "import: $(cat "$T/imp1.out")"
# shellcheck disable=SC2086
"$YIJIAN" case import --qr "$QR" $B >"$T/imp2.out" 2>&1 || fail "second import: $(cat "$T/imp2.out")"
grep -q "已在本机" "$T/imp2.out" || fail "second import did not say it was there: $(cat "$T/imp2.out")"
# shellcheck disable=SC2086
"$YIJIAN" case show "$NO" --json $A >"$T/a.json" || fail "case show A"
# shellcheck disable=SC2086
"$YIJIAN" case show "$NO" --json $B >"$T/b.json" || fail "case show B"
# shellcheck disable=SC2086
n=$("$YIJIAN" case list --json $B | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
[ "$n" = 1 ] || fail "database B holds $n cases after two imports"
python3 - "$T/a.json" "$T/b.json" <<'EOP' || fail "imported case differs"
import json, sys
a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
if isinstance(a, list): a = a[0]
if isinstance(b, list): b = b[0]
# Fields the counter keeps its own way: when its row changed and its outbox.
local = {"updated_at", "sync", "outbox", "sync_status", "acknowledged_at"}
diff = [k for k in sorted(set(a) | set(b)) if k not in local and a.get(k) != b.get(k)]
for k in diff:
    print("field %s: %r != %r" % (k, a.get(k), b.get(k)), file=sys.stderr)
for k in ("uuid", "case_no", "answers", "items", "applicant_id", "applicant_name", "thing", "departments"):
    if k not in a:
        print("field %s missing from case show --json" % k, file=sys.stderr); sys.exit(1)
sys.exit(1 if diff else 0)
EOP

# One character changed: refused, nothing stored.
BAD=$(printf '%s' "$QR" | python3 -c '
import sys
q = sys.stdin.read(); i = len(q) * 2 // 3
a = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
print(q[:i] + a[(a.index(q[i]) + 1) % 45] + q[i + 1:], end="")')
# shellcheck disable=SC2086
if "$YIJIAN" case import --qr "$BAD" --config "$T/counter.conf" --db "$T/c.db" 2>"$T/bad.err"; then
	fail "an altered QR was imported"
fi
grep -q "二维码" "$T/bad.err" || fail "no clear message for an altered QR: $(cat "$T/bad.err")"
# A counter that does not trust K01 refuses it too.
: >"$T/empty-trusted"
sed "s|^keys.trusted = .*|keys.trusted = $T/empty-trusted|" "$T/counter.conf" >"$T/strict.conf"
if "$YIJIAN" case import --qr "$QR" --config "$T/strict.conf" --db "$T/c.db" 2>"$T/untrusted.err"; then
	fail "a QR from an untrusted terminal was imported"
fi
grep -q "K01" "$T/untrusted.err" || fail "untrusted message does not name K01: $(cat "$T/untrusted.err")"
n=$("$YIJIAN" case list --json --config "$T/counter.conf" --db "$T/c.db" |
	python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
[ "$n" = 0 ] || fail "refused QR codes stored $n case(s)"

# ---- ESC/POS on the raw queue ------------------------------------------------
wait_file() {
	i=0
	while [ ! -f "$1" ]; do
		i=$((i + 1))
		[ $i -gt 100 ] && fail "nothing arrived at $1"
		sleep 0.1
	done
}
sed -e 's/^format = pdf/format = escpos-text/' -e 's/^paper = a4/paper = 58mm/' \
	"$T/kiosk.conf" >"$T/thermal-text.conf"
"$YIJIAN" print "$NO" --printer thermal --config "$T/thermal-text.conf" --db "$T/a.db" \
	>/dev/null 2>"$T/t1.err" || fail "escpos-text print: $(cat "$T/t1.err")"
wait_file "$T/out/thermal.1"
python3 - "$T/out/thermal.1" "$NO" <<'EOP' || fail "ESC/POS text bytes"
import sys
d = open(sys.argv[1], "rb").read(); no = sys.argv[2].encode()
assert d.startswith(b"\x1b\x40\x1c\x26"), d[:8]            # ESC @, FS &
assert "办件编号".encode("gb18030") in d                      # GB18030 text
assert "办件编号".encode("utf-8") not in d                    # and no UTF-8
assert b"\x1d\x28\x6b\x04\x00\x31\x41\x32\x00" in d            # QR model 2
assert b"\x1d\x28\x6b\x03\x00\x31\x45\x31" in d                # level M
i = d.index(b"\x1d\x28\x6b", d.index(b"\x31\x45\x31"))         # store: fn 80
n = d[i + 3] | d[i + 4] << 8
assert d[i + 5:i + 8] == b"\x31\x50\x30", d[i:i + 8]
text = d[i + 8:i + 5 + n]
assert text.startswith(b"YJ1:" + no + b":"), text[:40]
assert b"\x1d\x28\x6b\x03\x00\x31\x51\x30" in d                # print
assert d.endswith(b"\x1b\x64\x04\x1d\x56\x41\x03"), d[-8:]     # feed, cut
EOP
sed -e 's/^format = pdf/format = escpos/' -e 's/^paper = a4/paper = 80mm/' \
	"$T/kiosk.conf" >"$T/thermal-raster.conf"
"$YIJIAN" print "$NO" --printer thermal --config "$T/thermal-raster.conf" --db "$T/a.db" \
	>/dev/null 2>"$T/t2.err" || fail "escpos raster print: $(cat "$T/t2.err")"
wait_file "$T/out/thermal.2"
python3 - "$T/out/thermal.2" <<'EOP' || fail "ESC/POS raster bytes"
import sys
d = open(sys.argv[1], "rb").read()
assert d.startswith(b"\x1b\x40")
off, rows = 2, 0
while d[off:off + 3] == b"\x1d\x76\x30":
    x = d[off + 4] | d[off + 5] << 8; y = d[off + 6] | d[off + 7] << 8
    assert x == 72 and 1 <= y <= 128, (x, y)                    # 576 dots
    off += 8 + x * y; rows += y
assert rows > 800, rows
assert d[off:] == b"\x1b\x64\x04\x1d\x56\x41\x03", d[off:off + 10]
EOP

# ---- failures: missing queue, stopped queue, stalled job, no scheduler -------
check_still_there() {
	"$YIJIAN" case show "$NO" --config "$T/kiosk.conf" --db "$T/a.db" >/dev/null ||
		fail "case $NO is gone after a failed print"
}
set +e
"$YIJIAN" print "$NO" --printer nosuch $A >/dev/null 2>"$T/f1.err"
rc=$?
set -e
[ $rc = 1 ] || fail "missing queue: exit $rc"
grep -q "找不到打印机“nosuch”" "$T/f1.err" || fail "missing queue message: $(cat "$T/f1.err")"
check_still_there

cupsdisable -r "paper jam" office
cups_file_out "$T/out/office.pdf"
set +e
"$YIJIAN" print "$NO" $A >/dev/null 2>"$T/f2.err"
rc=$?
set -e
[ $rc = 1 ] || fail "stopped queue: exit $rc"
grep -q "已暂停" "$T/f2.err" || fail "stopped queue message: $(cat "$T/f2.err")"
[ -z "$(lpstat -o office)" ] || fail "a job was left waiting on the stopped queue"
check_still_there
cupsenable office
# shellcheck disable=SC2086
"$YIJIAN" print "$NO" $A >/dev/null 2>"$T/re.err" || fail "reprint after resume: $(cat "$T/re.err")"
[ -s "$T/out/office.pdf" ] || fail "reprint produced no PDF"

sed -e 's/^timeout = 20/timeout = 3/' -e 's/^format = pdf/format = escpos/' \
	-e 's/^paper = a4/paper = 80mm/' "$T/kiosk.conf" >"$T/dead.conf"
set +e
"$YIJIAN" print "$NO" --printer dead --config "$T/dead.conf" --db "$T/a.db" >/dev/null 2>"$T/f3.err"
rc=$?
set -e
[ $rc = 1 ] || fail "stalled job: exit $rc"
grep -q "长时间没有完成" "$T/f3.err" || fail "stalled job message: $(cat "$T/f3.err")"
i=0
while [ -n "$(lpstat -o dead)" ]; do
	i=$((i + 1))
	[ $i -gt 50 ] && fail "the stalled job was not cancelled"
	sleep 0.1
done
check_still_there

# The notice slip lists every missing material (when the example has any).
"$YIJIAN" receipt "$NO" --kind notice --format text --config "$T/kiosk.conf" --db "$T/a.db" \
	>"$T/notice.txt" 2>"$T/notice.err" && {
	grep -q "一次性告知单" "$T/notice.txt" || fail "notice slip without its title"
}

cups_stop
set +e
"$YIJIAN" print "$NO" $A >/dev/null 2>"$T/f4.err"
rc=$?
set -e
[ $rc = 1 ] || fail "no scheduler: exit $rc"
grep -q "打印服务未运行" "$T/f4.err" || fail "no scheduler message: $(cat "$T/f4.err")"
check_still_there
echo "print_cups: ok"
