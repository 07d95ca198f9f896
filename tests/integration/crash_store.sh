#!/bin/sh
# crash_store.sh: a process submits cases in a loop and is killed with SIGKILL at
# random moments, hundreds of times. Afterwards PRAGMA integrity_check must be
# ok, every case whose submit returned (its line printed) must be there with all
# its items and its outbox row, and no case may be there half.
# Env: YJ_BUILD (build dir with crashwriter), YJ_SANITIZED=1 (fewer kills),
#      YJ_CRASH_KILLS, YJ_CRASH_SEED (to repeat a run).
set -eu
: "${YJ_BUILD:?YJ_BUILD must point at the build directory}"
cw="$YJ_BUILD/crashwriter"
if [ ! -x "$cw" ]; then
	echo "FAIL: $cw is not built"
	exit 1
fi
kills=${YJ_CRASH_KILLS:-300}
scale=1
if [ "${YJ_SANITIZED:-0}" = 1 ]; then
	kills=${YJ_CRASH_KILLS:-60}
	# a sanitized writer starts several times slower: kill later, or a busy
	# machine kills every writer before its first commit
	scale=5
fi
seed=${YJ_CRASH_SEED:-$$}
tmp=$(mktemp -d)
pid=
cleanup() {
	if [ -n "$pid" ]; then
		kill -9 "$pid" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
db=$tmp/crash.db
log=$tmp/confirmed.log
: >"$log"
: >"$tmp/err"
export YIJIAN_DATA="$tmp" # no holidays file
echo "crash test: $kills kills, seed $seed"

# The delays: mostly 5-80 ms into a run, some very early (during open/migration).
awk -v n="$kills" -v s="$seed" -v k="$scale" 'BEGIN {
	srand(s)
	for (i = 0; i < n; i++) {
		r = rand()
		if (r < 0.1) printf "%.3f\n", 0.001 + rand() * 0.004
		else printf "%.3f\n", k * (0.005 + rand() * 0.075)
	}
}' >"$tmp/delays"

i=0
while read -r delay; do
	term=$(printf 'T%02d' $((i % 100)))
	"$cw" write "$db" "$term" >>"$log" 2>>"$tmp/err" &
	pid=$!
	sleep "$delay"
	if ! kill -9 "$pid" 2>/dev/null; then
		echo "FAIL: the writer ended by itself before being killed:"
		cat "$tmp/err"
		exit 1
	fi
	wait "$pid" 2>/dev/null || true
	pid=
	i=$((i + 1))
done <"$tmp/delays"

if [ -s "$tmp/err" ]; then
	echo "FAIL: the writer reported errors:"
	cat "$tmp/err"
	exit 1
fi
if "$cw" check "$db" "$log" "$i"; then
	echo "crash test passed"
else
	echo "FAIL: crash test (seed $seed)"
	exit 1
fi
