#!/bin/sh
# Kiosk screen figures:
#  1. keystrokes from Home to the case number per bundle, with its example answers;
#  2. bytes written to the terminal per character typed into a text field, and
#     callgrind instructions per typed character, against the floor: the bytes
#     of the character itself (3 for a CJK character in UTF-8).
# Usage: YIJIAN=build/yijian sh tests/bench/ui_bench.sh [N]   (N characters, default 200)
set -eu
cd "$(dirname "$0")/../.."
YIJIAN=${YIJIAN:-build/yijian}
export YIJIAN YJ_SRC=$(pwd) LC_ALL=C.UTF-8
N=${1:-200}
tmp=$(mktemp -d)
S="tmux -L yjbench$$ -f /dev/null"
trap '$S kill-server 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM

echo "== keystrokes from Home to the case number (tests/e2e/kiosk_driver.py)"
for t in birth death retirement; do
	python3 tests/e2e/kiosk_driver.py apply "$t" "$tmp/$t.db" --keys-out "$tmp/$t.keys" >/dev/null
	nf=$(python3 -c "import json,sys;print(len(json.load(open('forms/examples/$t.json'))))")
	printf '  %-11s %4s keys for %3s answers (%.1f keys per answer)\n' "$t" \
		"$(cat "$tmp/$t.keys")" "$nf" "$(echo "$(cat "$tmp/$t.keys") $nf" | awk '{print $1/$2}')"
done

printf 'centre_code = 310104\n' >"$tmp/c.conf"
# Run the kiosk in tmux under `script` (recording every byte written to the
# terminal) or callgrind, go to the first text field of the birth form (guide
# answered yes), type N characters (or none), and stop with SIGTERM.
session() { # $1 = wrapper: script|callgrind, $2 = characters to type
	rm -f "$tmp/d.db"* "$tmp/out" "$tmp/cg"
	cmd="env YJ_TODAY=2026-11-23 $YIJIAN kiosk --config $tmp/c.conf --db $tmp/d.db --idle 0"
	case $1 in
	script) run="script -qfc '$cmd' $tmp/out" ;;
	callgrind) run="valgrind --tool=callgrind --callgrind-out-file=$tmp/cg $cmd" ;;
	esac
	$S kill-server 2>/dev/null || true
	$S new -d -x 100 -y 30 "$run"
	wait_for '请选择您要办理的事项' 60
	$S send-keys Enter
	for i in 1 2 3 4 5; do wait_for "第 $i 问" 30; $S send-keys Enter; done
	wait_for '一次告知' 30
	$S send-keys Enter
	wait_for '第 1 页' 30
	# Tab to the hospital name (a 60-character text field, 8th on the page).
	for i in 1 2 3 4 5 6 7; do $S send-keys Tab; sleep 0.2; done
	wait_for '0/60 字' 60
	sleep 1
	before=$(stat -c %s "$tmp/out" 2>/dev/null || echo 0)
	if [ "$2" -gt 0 ]; then
		i=0
		while [ $i -lt "$2" ]; do $S send-keys -l "汉"; i=$((i + 1)); done
		wait_for "$2/60 字" 120 || true
	fi
	sleep 1
	after=$(stat -c %s "$tmp/out" 2>/dev/null || echo 0)
	echo $((after - before)) >"$tmp/bytes"
	# Stop the kiosk with SIGTERM (a clean exit, so callgrind writes its
	# profile): the pane runs valgrind itself, or script with the kiosk below it.
	top=$($S list-panes -F '#{pane_pid}')
	# (tmux may run the command through sh -c: signal the children too.)
	for c in $(pgrep -P "$top") "$top"; do
		kill -TERM $(pgrep -P "$c") "$c" 2>/dev/null || true
	done
	n=0
	while [ "$1" = callgrind ] && [ ! -s "$tmp/cg" ] && [ $n -lt 240 ]; do sleep 0.5; n=$((n + 1)); done
	$S kill-server 2>/dev/null || true
	sleep 1
}
wait_for() { # text timeout
	end=$(($(date +%s) + $2))
	while ! $S capture-pane -p | grep -q "$1"; do
		[ "$(date +%s)" -lt $end ] || return 1
		sleep 0.1
	done
}

N=$(( N > 55 ? 55 : N ))
session script "$N"
bytes=$(cat "$tmp/bytes")
session script 0
idle_bytes=$(cat "$tmp/bytes")
echo "== terminal output per typed character (汉, 3 bytes in UTF-8), $N characters"
awk -v b="$bytes" -v i="$idle_bytes" -v n="$N" 'BEGIN {
	printf "  %d bytes for %d characters = %.1f bytes each; floor 3 bytes -> %.1fx the floor\n", b - i, n, (b - i) / n, (b - i) / n / 3
	printf "  (baseline: %d bytes written in the same interval without typing)\n", i }'
if command -v valgrind >/dev/null; then
	session callgrind "$N"
	ir_n=$(awk "/^(summary|totals):/ {print \$2; exit}" "$tmp/cg" 2>/dev/null || echo 0)
	session callgrind 0
	ir_0=$(awk "/^(summary|totals):/ {print \$2; exit}" "$tmp/cg" 2>/dev/null || echo 0)
	echo "== callgrind instructions per typed character"
	awk -v a="$ir_n" -v b="$ir_0" -v n="$N" 'BEGIN {
		printf "  %d Ir with %d characters, %d Ir without: %.0f Ir per character\n", a, n, b, (a - b) / n }'
fi
