#!/bin/sh
# Drain rate of a backlog (default 10,000 cases, e.g. a week offline) against the
# loopback test upstream: batches over one kept-alive connection versus the
# baseline of one request per case on a fresh connection, measured in the same
# run on identical copies of the backlog.
# Usage: YIJIAN=build/yijian YJ_SRC=. sh tests/bench/sync_bench.sh [N]
set -eu
. "$YJ_SRC/tests/upstream/lib.sh"
N=${1:-10000}

now() { date +%s.%N; }
# drain NAME CONF...: copy the backlog, drain it into a fresh upstream; the
# seconds taken go to $WORK/NAME.secs.
drain() {
	name=$1
	shift
	cp "$WORK/backlog.db" "$WORK/$name.db"
	up_start "$name"
	write_conf "$WORK/$name.conf" "$@"
	t0=$(now)
	"$YIJIAN" sync --drain --no-pull --quiet --max-seconds 3600 --config "$WORK/$name.conf" \
		--db "$WORK/$name.db" --upstream "http://127.0.0.1:$UP_PORT" || fail "$name did not drain"
	t1=$(now)
	got=$(q "$UP_DB" "SELECT count(*) FROM received")
	[ "$got" -eq "$N" ] || fail "$name: upstream stored $got of $N"
	echo "$t0 $t1" | awk '{ printf "%.3f", $2 - $1 }' >"$WORK/$name.secs"
}

make_db "$WORK/backlog.db"
add_cases "$WORK/backlog.db" "$N" 0 0
q "$WORK/backlog.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null

drain fresh sync.batch_size=1 sync.keepalive=no
drain keep sync.batch_size=1 sync.keepalive=yes
drain batch sync.batch_size=50 sync.keepalive=yes
base=$(cat "$WORK/fresh.secs")
keep=$(cat "$WORK/keep.secs")
batch=$(cat "$WORK/batch.secs")
awk -v n="$N" -v b="$base" -v k="$keep" -v t="$batch" 'BEGIN {
	printf "backlog: %d cases\n", n
	printf "baseline, one request per case, fresh connection: %8.2f s  %8.0f cases/s\n", b, n / b
	printf "one request per case, kept-alive connection:       %8.2f s  %8.0f cases/s  (x%.2f)\n", k, n / k, b / k
	printf "batches of 50, kept-alive connection:              %8.2f s  %8.0f cases/s  (x%.2f)\n", t, n / t, b / t
}'
