#!/bin/sh
# forms_preview_tmux.sh: `yijian forms preview` draws what the kiosk draws. For
# every shipped thing, the kiosk in tmux at 80x24 (the smallest size it accepts
# today) and the preview at 80x24 give the same Home (with the thing chosen) and
# the same first guide question, row for row. The preview has no database, so
# the sync state at the right of Home's footer is left out of the comparison.
set -eu
: "${YIJIAN:?}" "${YJ_SRC:?}"
command -v tmux >/dev/null || { echo "forms_preview_tmux: tmux missing"; exit 1; }
export LC_ALL=C.UTF-8 TZ=UTC YJ_TODAY=2026-11-23 YIJIAN_FORMS="$YJ_SRC/forms"
T=$(mktemp -d)
SOCK="yjk-preview-$$"
. "$YJ_SRC/tests/lib/tmux.sh"
cleanup() {
	tmux_stop
	rm -rf "$T"
}
trap cleanup EXIT INT TERM
printf 'centre_code = 310104\ncentre_name = 测试中心\nterminal_id = K01\nprint.enabled = no\n' >"$T/k.conf"
# block FILE NAME: the rows of screen NAME in a preview.
block() { awk -v n="=== $2 ===" '$0 == n {on = 1; next} /^=== .* ===$/ {on = 0} on' "$1"; }
pass=0
i=0
for thing in $("$YIJIAN" forms list | cut -d' ' -f1); do
	"$YIJIAN" forms preview "$thing" --size 80x24 >"$T/$thing.txt"
	block "$T/$thing.txt" Home | sed '$s/ *$//' >"$T/$thing.home.want"
	g=$(grep -m1 '^=== guide 1/' "$T/$thing.txt" | sed 's/^=== //; s/ ===$//')
	block "$T/$thing.txt" "$g" >"$T/$thing.guide.want"
	tmux -L "$SOCK" -f /dev/null new-session -d -x 80 -y 24 \
		"$YIJIAN kiosk --config $T/k.conf --db $T/$thing.db 2>$T/$thing.stderr; sleep 60"
	wait_for "请选择您要办理的事项"
	k=0
	while [ $k -lt $i ]; do keys Down; k=$((k + 1)); done
	wait_for "▶ $((i + 1)). "
	sleep 0.3
	# The footer's right end is the sync state, which only the kiosk has.
	screen | sed '$s/   *[^ ]*$//' | sed '$s/ *$//' >"$T/$thing.home.got"
	keys Enter
	wait_for "第 1 问"
	sleep 0.3
	screen >"$T/$thing.guide.got"
	tmux_stop
	diff "$T/$thing.home.want" "$T/$thing.home.got" || fail "$thing: Home differs"
	diff "$T/$thing.guide.want" "$T/$thing.guide.got" || fail "$thing: the first guide question differs"
	echo "ok - $thing: Home and the first guide question as the kiosk draws them"
	pass=$((pass + 1))
	i=$((i + 1))
done
echo "$pass passed, 0 failed"
