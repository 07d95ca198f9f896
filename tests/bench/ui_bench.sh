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
trap '$S kill-server 2>/dev/null || true; rm -rf "$tmp"' EXIT INT TERM

echo "== keystrokes from Home to the case number (tests/e2e/kiosk_driver.py)"
for t in birth death retirement; do
	python3 tests/e2e/kiosk_driver.py apply "$t" "$tmp/$t.db" --keys-out "$tmp/$t.keys" >/dev/null
	nf=$(python3 -c "import json,sys;print(len(json.load(open('forms/examples/$t.json'))))")
	printf '  %-11s %4s keys for %3s answers (%.1f keys per answer)\n' "$t" \
		"$(cat "$tmp/$t.keys")" "$nf" "$(echo "$(cat "$tmp/$t.keys") $nf" | awk '{print $1/$2}')"
done

printf 'centre_code = 310104\n' >"$tmp/c.conf"
# Keys sent before typing: Enter on Home, 5 guide answers, Enter on the
# notification, 7 Tabs to the hospital name field.
NAV=14
# Run the kiosk in tmux under `script` (recording every byte written to the
# terminal) or callgrind, go to the first text field of the birth form (guide
# answered yes), type N characters (or none).
# script: the bytes written while typing are measured, then the kiosk is stopped
# with SIGTERM. callgrind: the kiosk leaves by itself once NAV + N keys are
# handled and drawn (YJ_UI_EXIT_AFTER_KEYS, benchmarks only), so callgrind
# writes its profile at a clean exit; no signal needs to reach it.
session() { # $1 = wrapper: script|callgrind, $2 = characters to type
	rm -f "$tmp/d.db"* "$tmp/out" "$tmp/cg"
	cmd="env YJ_TODAY=2026-11-23 $YIJIAN kiosk --config $tmp/c.conf --db $tmp/d.db --idle 0"
	case $1 in
	script) run="script -qfc '$cmd' $tmp/out" ;;
	callgrind)
		# valgrind must run yijian itself: under `valgrind env yijian` the
		# exec leaves valgrind behind and no profile is ever written (the
		# cause of the 0 this figure used to print).
		run="env YJ_TODAY=2026-11-23 YJ_UI_EXIT_AFTER_KEYS=$((NAV + $2)) valgrind \
--tool=callgrind --callgrind-out-file=$tmp/cg $YIJIAN kiosk --config $tmp/c.conf \
--db $tmp/d.db --idle 0 2>$tmp/vg.err; sleep 600" ;;
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
	if [ "$1" = callgrind ]; then
		i=0
		while [ $i -lt "$2" ]; do $S send-keys -l "汉"; i=$((i + 1)); done
		# The profile is written when the kiosk has drawn the last key and left.
		n=0
		while ! grep -q '^totals:' "$tmp/cg" 2>/dev/null; do
			n=$((n + 1))
			[ $n -lt 1200 ] || { echo "callgrind wrote no profile:" >&2; cat "$tmp/vg.err" >&2; exit 1; }
			sleep 0.5
		done
		$S kill-server 2>/dev/null || true
		return 0
	fi
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
	# Stop the kiosk with SIGTERM: script runs it below the pane's shell.
	top=$($S list-panes -F '#{pane_pid}')
	for c in $(pgrep -P "$top") "$top"; do
		kill -TERM $(pgrep -P "$c") "$c" 2>/dev/null || true
	done
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
	printf "  (baseline: %d bytes written in the same interval without typing)\n", i
	printf "  against the floor: %.1f bytes per character = 3 for the character + %.1f above it (cursor moves, colour changes, the live counter)\n", (b - i) / n, (b - i) / n - 3 }'
if command -v valgrind >/dev/null; then
	session callgrind "$N"
	ir_n=$(awk '/^totals:/ {print $2; exit}' "$tmp/cg")
	session callgrind 0
	ir_0=$(awk '/^totals:/ {print $2; exit}' "$tmp/cg")
	echo "== callgrind instructions per typed character (whole run: start, $NAV keys to the field, exit)"
	awk -v a="$ir_n" -v b="$ir_0" -v n="$N" 'BEGIN {
		printf "  %d Ir with %d characters typed, %d Ir without (baseline): %.0f Ir per character\n", a, n, b, (a - b) / n }'
	echo "  (idle ticks while the characters arrive, every 250 ms, are counted with them)"
fi
