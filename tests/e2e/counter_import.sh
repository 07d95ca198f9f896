#!/bin/sh
# counter_import.sh: a case submitted at kiosk K01 (database A) is imported at
# counter C01 (database B) by typing its receipt QR text into the queue
# screen's scan field, as a keyboard-wedge scanner does; the case opens with
# the same number and answers; an altered code is refused and stores nothing.
set -eu
: "${YIJIAN:?}" "${YJ_SRC:?}"
for t in tmux python3 sqlite3 pdftoppm zbarimg; do
	command -v "$t" >/dev/null || { echo "counter_import: $t is missing" >&2; exit 1; }
done
T=$(mktemp -d /tmp/yjcimp.XXXXXX)
SOCK="yjc-imp-$$"
# shellcheck source=tests/lib/tmux.sh
. "$YJ_SRC/tests/lib/tmux.sh"
cleanup() {
	tmux_stop
	[ -n "${YJ_KEEP:-}" ] || rm -rf "$T"
}
trap cleanup EXIT INT TERM

export YJ_TODAY=2026-11-23 LC_ALL=C.UTF-8 TZ=UTC YIJIAN_FORMS="$YJ_SRC/forms"
cat >"$T/kiosk.conf" <<EOC
centre_code = 310104
terminal_id = K01
keys.dir = $T/keys-k01
keys.trusted = $T/trusted
keys.centre = $T/centre
EOC
sed -e 's/K01/C01/' -e 's/keys-k01/keys-c01/' "$T/kiosk.conf" >"$T/counter.conf"
A="--config $T/kiosk.conf --db $T/a.db"
# shellcheck disable=SC2086
"$YIJIAN" keys init $A >"$T/trusted" 2>/dev/null || fail "keys init"
# the counter holds the centre key the kiosk seals its receipt codes to
"$YIJIAN" keys centre-init --config "$T/counter.conf" --db "$T/b.db" >"$T/centre" 2>/dev/null ||
	fail "keys centre-init"
# shellcheck disable=SC2086
NO=$("$YIJIAN" case submit death --answers "$YJ_SRC/forms/examples/death.json" $A) ||
	fail "case submit"
# shellcheck disable=SC2086
"$YIJIAN" receipt "$NO" --format pdf --output "$T/r.pdf" $A || fail "receipt"
pdftoppm -r 200 -gray -png "$T/r.pdf" "$T/page"
QR=$(zbarimg -q --raw "$T"/page-*.png 2>/dev/null | grep "^YJ1:" | head -1)
case "$QR" in "YJ1:$NO:"*) ;; *) fail "no QR with the case on the receipt" ;; esac
BAD=$(printf '%s' "$QR" | python3 -c '
import sys
q = sys.stdin.read(); i = len(q) * 2 // 3
a = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
print(q[:i] + a[(a.index(q[i]) + 1) % 45] + q[i + 1:], end="")')

export YIJIAN_CONFIG="$T/counter.conf" YIJIAN_DB="$T/b.db"
printf 'admin secret\n' | "$YIJIAN" user add boss --name 管理员 --role admin --password-stdin >/dev/null &&
	printf 'admin secret\ncorrect horse\n' | "$YIJIAN" user add zhao --name 赵敏 --admin boss --password-stdin >/dev/null ||
	fail "user add"
tmux_start "$YIJIAN counter 2>$T/stderr; sleep 60"
sign_in zhao "correct horse"
# the number alone is not here yet
typed "$NO"
keys Enter
wait_for "可扫描回执二维码导入"

# an altered code is refused
typed "$BAD"
keys Enter
wait_for "二维码导入失败"
N=$(sqlite3 -cmd ".timeout 10000" "$T/b.db" "SELECT count(*) FROM cases")
[ "$N" = 0 ] || fail "an altered code stored a case"

# the real one is imported and opens
typed "$QR"
keys Enter
wait_for "已导入办件 $NO"
wait_for "办件 $NO"
wait_for "状态：待受理"
N=$(sqlite3 -cmd ".timeout 10000" "$T/b.db" "SELECT count(*) FROM cases WHERE case_no = '$NO'")
[ "$N" = 1 ] || fail "case not in the counter's database"
# shellcheck disable=SC2086
"$YIJIAN" case show "$NO" --json $A | python3 -c 'import json,sys; c=json.load(sys.stdin); c=c[0] if isinstance(c,list) else c; print(json.dumps(c["answers"], sort_keys=True))' >"$T/a.ans"
"$YIJIAN" case show "$NO" --json | python3 -c 'import json,sys; c=json.load(sys.stdin); c=c[0] if isinstance(c,list) else c; print(json.dumps(c["answers"], sort_keys=True))' >"$T/b.ans"
cmp -s "$T/a.ans" "$T/b.ans" || fail "imported answers differ"
W=$(sqlite3 -cmd ".timeout 10000" "$T/b.db" "SELECT actor_id FROM audit WHERE case_no = '$NO' ORDER BY id LIMIT 1")
[ "$W" = zhao ] || fail "import audited as '$W'"

# scanning it again opens the same case, no duplicate
keys Escape
wait_for "办件队列"
typed "$QR"
keys Enter
wait_for "已在本机"
N=$(sqlite3 -cmd ".timeout 10000" "$T/b.db" "SELECT count(*) FROM cases")
[ "$N" = 1 ] || fail "imported twice"
echo "counter_import: ok ($NO)"
