#!/bin/sh
# counter_return.sh: return a case for missing materials at the counter; the
# one-time notification slip (一次性告知单) goes to a queue of a private cupsd
# (own ServerRoot, spool and socket; file: device with the Generic PDF PPD)
# and lists the missing material; the case is "returned" with the reasons.
set -eu
: "${YIJIAN:?}" "${YJ_SRC:?}"
for t in tmux python3 sqlite3 cupsd lpadmin lpstat pdftotext; do
	command -v "$t" >/dev/null || { echo "counter_return: $t is missing" >&2; exit 1; }
done
T=$(mktemp -d /tmp/yjcret.XXXXXX)
chmod 755 "$T"
SOCK="yjc-ret-$$"
# shellcheck source=tests/lib/cups.sh
. "$YJ_SRC/tests/lib/cups.sh"
# shellcheck source=tests/lib/tmux.sh
. "$YJ_SRC/tests/lib/tmux.sh"
cleanup() {
	tmux_stop
	cups_stop
	[ -n "${YJ_KEEP:-}" ] || rm -rf "$T"
}
trap cleanup EXIT INT TERM
# fail_extra: cupsd's log under the screen when a check fails.
fail_extra() { [ -f "$T/log/error_log" ] && tail -20 "$T/log/error_log" >&2; }

# ---- a private cupsd with one PDF queue writing to a file
cups_start "$T" || fail "cupsd did not start"
cups_file_out "$T/out/slip.pdf"
lpadmin -p counterdesk -E -v "file://$T/out/slip.pdf" \
	-m lsb/usr/cupsfilters/Generic-PDF_Printer-PDF.ppd || fail "lpadmin"

export YJ_TODAY=2026-11-23 LC_ALL=C.UTF-8 TZ=UTC
cat >"$T/conf" <<EOC
centre_name = 黄浦区社区事务受理服务中心
centre_code = 310104
terminal_id = C01
[print]
printer = counterdesk
format = pdf
paper = a4
timeout = 30
EOC
export YIJIAN_CONFIG="$T/conf" YIJIAN_FORMS="$YJ_SRC/forms" YIJIAN_DB="$T/c.db"

NO=$("$YIJIAN" case submit birth --answers "$YJ_SRC/forms/examples/birth.json") ||
	fail "case submit"
printf 'admin secret\n' | "$YIJIAN" user add boss --name 管理员 --role admin --password-stdin >/dev/null &&
	printf 'admin secret\ncorrect horse\n' | "$YIJIAN" user add wang --name 王芳 --admin boss --password-stdin >/dev/null ||
	fail "user add"

tmux_start "$YIJIAN counter 2>$T/stderr; sleep 60"
sign_in wang "correct horse"
typed "$NO"
keys Enter
wait_for "状态：待受理"

# The first material is missing: mark it, write the reason in the dialog.
FIRST=$(screen | python3 -c '
import re, sys
for l in sys.stdin.read().splitlines():
    m = re.match(r"\s*\[  \] (.+?)（", l)
    if m: print(m.group(1)); break')
[ -n "$FIRST" ] || fail "no unticked material on screen"
keys Home m
wait_for "[缺] $FIRST"
keys r
wait_for "确认退回并打印一次性告知单"
keys Enter
wait_for "的补正原因"
typed "原件缺失，请补交"
keys Enter
wait_for "原件缺失，请补交"
keys Down Down
# move to the confirm button (the last row) whatever the number of materials
i=0
while [ $i -lt 30 ]; do keys Down; i=$((i + 1)); done
sleep 0.3
keys Enter
wait_for "状态：待补正"
wait_for "已打印一次性告知单" 40

# ---- the slip reached the queue and says what it should
i=0
until [ -s "$T/out/slip.pdf" ]; do
	i=$((i + 1))
	[ $i -gt $((100 * SLOW)) ] && fail "nothing printed"
	sleep 0.1
done
python3 -c 'import sys; d=open(sys.argv[1],"rb").read(); i=d.find(b"%PDF-"); open(sys.argv[2],"wb").write(d[i:])' \
	"$T/out/slip.pdf" "$T/slip.pdf"
pdftotext "$T/slip.pdf" - | tr -d ' \n' >"$T/slip.txt"
grep -q "一次性告知单" "$T/slip.txt" || fail "not a notification slip"
grep -qF "$NO" "$T/slip.txt" || fail "case number not on the slip"
FIRST_NOSPACE=$(printf '%s' "$FIRST" | tr -d ' ')
grep -qF "$FIRST_NOSPACE" "$T/slip.txt" || fail "the missing material is not on the slip"
grep -qF "原件缺失，请补交" "$T/slip.txt" || fail "the reason is not on the slip"

# ---- the database: returned, the reason kept, the material missing, audited
ST=$(sqlite3 -cmd ".timeout 10000" "$T/c.db" "SELECT status FROM cases WHERE case_no = '$NO'")
[ "$ST" = returned ] || fail "status $ST"
R=$(sqlite3 -cmd ".timeout 10000" "$T/c.db" "SELECT reason FROM case_returns")
[ "$R" = "原件缺失，请补交" ] || fail "reasons: $R"
A=$(sqlite3 -cmd ".timeout 10000" "$T/c.db" "SELECT actor_id FROM audit WHERE action = 'return' AND case_no = '$NO'")
[ "$A" = wang ] || fail "return audited as '$A'"
P=$(sqlite3 -cmd ".timeout 10000" "$T/c.db" "SELECT count(*) FROM audit WHERE action = 'print' AND case_no = '$NO' AND detail LIKE 'notice%completed'")
[ "$P" = 1 ] || fail "print not audited as completed"
echo "counter_return: ok ($NO)"
