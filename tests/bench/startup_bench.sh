#!/bin/sh
# startup_bench.sh: how long the commands people wait for take to start, each
# against a floor measured in the same run:
#   1. `yijian validate idcard …` and `yijian forms show birth --json` against
#      `sqlite3 :memory: 'select 1'` (a C program with a few libraries, no
#      work): wall time (hyperfine, else a python loop) and callgrind's
#      instruction counts, which the machine's load does not change;
#   2. the kiosk's first paint in tmux (from starting the pane's command until
#      the Home screen's text is on the pane) against `cat` of the same text
#      in the same harness;
#   3. how many shared libraries each program maps (ldd).
# Usage: YIJIAN=build/yijian sh tests/bench/startup_bench.sh [RUNS]   (default 30)
set -eu
cd "$(dirname "$0")/../.."
YIJIAN=${YIJIAN:-build/yijian}
RUNS=${1:-30}
T=$(mktemp -d /tmp/yjstart.XXXXXX)
S="tmux -L yjstart$$ -f /dev/null"
trap '$S kill-server 2>/dev/null || true; rm -rf "$T"' EXIT INT TERM
export LC_ALL=C.UTF-8 YJ_TODAY=2026-11-23 YIJIAN_CONFIG=tests/fixtures/terminal.conf
ID=11010519491231002X

echo "== shared libraries mapped (ldd)"
for p in "$(command -v sqlite3)" "$YIJIAN" "$(dirname "$YIJIAN")/yijian-full" \
	"$(dirname "$YIJIAN")/yijian-print.so"; do
	[ -e "$p" ] && printf '  %-40s %3d\n' "$(basename "$p")" "$(ldd "$p" | wc -l)"
done

echo "== wall time, $RUNS runs each (mean; the floor is sqlite3 in the same run)"
python3 - "$YIJIAN" "$RUNS" "$ID" <<'EOP'
import statistics, subprocess, sys, time
yj, runs, idno = sys.argv[1], int(sys.argv[2]), sys.argv[3]
cmds = [("floor: sqlite3 :memory: 'select 1'", ["sqlite3", ":memory:", "select 1"]),
        ("validate idcard", [yj, "validate", "idcard", idno]),
        ("forms show birth --json", [yj, "forms", "show", "birth", "--json"])]
res = {}
for _ in range(3):  # warm the page cache
    for _, c in cmds:
        subprocess.run(c, stdout=subprocess.DEVNULL, check=True)
for name, c in cmds:
    res[name] = []
# interleaved, so a burst of load on the machine hits every command alike
for _ in range(runs):
    for name, c in cmds:
        s = time.perf_counter()
        subprocess.run(c, stdout=subprocess.DEVNULL, check=True)
        res[name].append(time.perf_counter() - s)
base = statistics.mean(res[cmds[0][0]])
for name, _ in cmds:
    m, md = statistics.mean(res[name]), statistics.median(res[name])
    print("  %-36s mean %6.2f ms  median %6.2f ms  %5.2fx the floor (median %5.2fx)" %
          (name, m * 1000, md * 1000, m / base, md / statistics.median(res[cmds[0][0]])))
EOP

if command -v valgrind >/dev/null; then
	echo "== callgrind instructions, one run each"
	ir() {
		valgrind --tool=callgrind --callgrind-out-file="$T/cg" "$@" 2>&1 >/dev/null |
			sed -n 's/.*Collected : *//p'
	}
	floor=$(ir sqlite3 :memory: 'select 1')
	printf '  %-36s %11s Ir\n' "floor: sqlite3 :memory: 'select 1'" "$floor"
	for c in "validate idcard $ID" "forms show birth --json"; do
		# shellcheck disable=SC2086
		n=$(ir "$YIJIAN" $c)
		printf '  %-36s %11s Ir  %5.2fx the floor\n' "${c%% 1*}" "$n" \
			"$(echo "$n $floor" | awk '{print $1/$2}')"
	done
fi

echo "== kiosk first paint in tmux, $RUNS runs each (median)"
cat >"$T/k.conf" <<EOC
centre_code = 310104
terminal_id = K01
EOC
HOME_TEXT='请选择您要办理的事项'
# One pane per run: start CMD in a fresh pane and time until HOME_TEXT shows.
first_paint() { # $1 = command
	python3 - "$1" "$HOME_TEXT" "$S" <<'EOP'
import subprocess, sys, time
cmd, text, tmux = sys.argv[1], sys.argv[2], sys.argv[3].split()
s = time.perf_counter()
subprocess.run(tmux + ["new", "-d", "-x", "100", "-y", "30", cmd], check=True)
while True:
    out = subprocess.run(tmux + ["capture-pane", "-p"], capture_output=True, text=True).stdout
    if text in out:
        break
    if time.perf_counter() - s > 30:
        sys.exit("no first paint in 30 s")
print("%.6f" % (time.perf_counter() - s))
EOP
}
kiosk="env YJ_TODAY=2026-11-23 $YIJIAN kiosk --config $T/k.conf --db $T/k.db --idle 0"
# The text of the first screen, for the floor.
$S kill-server 2>/dev/null || true
first_paint "$kiosk" >/dev/null
sleep 0.5
$S capture-pane -p >"$T/home.txt"
$S kill-server 2>/dev/null || true
: >"$T/kiosk.t"
: >"$T/cat.t"
# The database is made by the first start above, as at a kiosk in service.
i=0
while [ $i -lt "$RUNS" ]; do
	first_paint "$kiosk" >>"$T/kiosk.t"
	$S kill-server 2>/dev/null || true
	first_paint "cat $T/home.txt; sleep 30" >>"$T/cat.t"
	$S kill-server 2>/dev/null || true
	i=$((i + 1))
done
python3 - "$T/kiosk.t" "$T/cat.t" <<'EOP'
import statistics, sys
k = [float(x) for x in open(sys.argv[1])]
c = [float(x) for x in open(sys.argv[2])]
print("  %-36s median %6.1f ms" % ("floor: cat of the Home screen's text", statistics.median(c) * 1000))
print("  %-36s median %6.1f ms  %5.2fx the floor" % ("yijian kiosk",
      statistics.median(k) * 1000, statistics.median(k) / statistics.median(c)))
EOP
