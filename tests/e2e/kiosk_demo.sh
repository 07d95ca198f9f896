#!/bin/sh
# kiosk_demo.sh: a demonstration kiosk (kiosk.demo = yes, as scripts/demo.sh
# writes it) says on Home how to leave it, and typing that sequence there ends
# the program cleanly (exit 0, an audit row); a kiosk in service (no kiosk.demo)
# never shows its exit sequence.
set -eu
: "${YIJIAN:?}" "${YJ_SRC:?}"
for t in tmux sqlite3; do
	command -v "$t" >/dev/null || {
		echo "kiosk_demo: $t missing"
		exit 1
	}
done
export LC_ALL=C.UTF-8 TZ=UTC YJ_TODAY=2026-11-23
T=$(mktemp -d)
SOCK="yjk-demo-$$"
. "$YJ_SRC/tests/lib/tmux.sh"
cleanup() {
	tmux_stop
	rm -rf "$T"
}
trap cleanup EXIT INT TERM

write_conf() { # write_conf FILE DEMO
	cat >"$1" <<EOC
centre_code = 310104
centre_name = 徐汇区社区事务受理服务中心（演示）
terminal_id = K01
[kiosk]
exit_sequence = quit
demo = $2
EOC
}

# ---- demo: the way out is on Home, and it works
write_conf "$T/demo.conf" yes
tmux_start "$YIJIAN kiosk --config $T/demo.conf --db $T/k.db 2>$T/stderr; echo \"exit=\$?\" >$T/rc; sleep 60"
wait_for "演示模式：在本页依次输入 quit 即可退出"
wait_for "请选择您要办理的事项"
typed "quit"
i=0
until [ -s "$T/rc" ]; do
	i=$((i + 1))
	[ $i -lt $((50 * SLOW)) ] || fail "the kiosk did not leave on the exit sequence"
	sleep 0.1
done
[ "$(cat "$T/rc")" = "exit=0" ] || fail "exit status: $(cat "$T/rc") $(cat "$T/stderr")"
n=$(sqlite3 -cmd ".timeout 10000" "$T/k.db" "SELECT count(*) FROM audit WHERE action = 'kiosk.exit'")
[ "$n" = 1 ] || fail "kiosk.exit audited $n times"
tmux_stop

# ---- in service: no hint, and a wrong sequence does nothing
write_conf "$T/live.conf" no
rm -f "$T/rc"
tmux_start "$YIJIAN kiosk --config $T/live.conf --db $T/k.db 2>$T/stderr; echo \"exit=\$?\" >$T/rc; sleep 60"
wait_for "请选择您要办理的事项"
if screen | grep -q "演示模式\|quit"; then
	fail "a kiosk in service shows its exit sequence"
fi
typed "qui"
sleep 0.5
[ ! -e "$T/rc" ] || fail "the kiosk left on a partial sequence"
echo "kiosk_demo: ok"
