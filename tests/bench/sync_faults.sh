#!/bin/sh
# Goodput of a drain on a bad line: a backlog (default 2,000 cases) drained into
# the loopback test upstream while 10% and 30% of the case requests fail (one
# third each: 503 with "Retry-After: 0", dropped before storing, stored and then
# dropped without an answer), against the same drain with no faults, measured in
# the same run on identical copies of the backlog. Three ways of sending:
# batches of 50, one case per request, and batches of 50 to an upstream that has
# no batch endpoint (the client falls back to one request per case). Every drain
# must end with exactly N cases stored upstream and none stored twice.
# Default sync settings otherwise (backoff_base_ms 2000, backoff_max_s 900).
# Usage: YIJIAN=build/yijian YJ_SRC=. sh tests/bench/sync_faults.sh [N]
set -eu
. "$YJ_SRC/tests/upstream/lib.sh"
N=${1:-2000}

now() { date +%s.%N; }

# drain NAME BATCH RATE [upstream.py options...]: drain a copy of the backlog;
# "seconds requests injected-faults" go to $WORK/NAME.res.
drain() {
	name=$1 d_batch=$2 d_rate=$3
	shift 3
	cp "$WORK/backlog.db" "$WORK/$name.db"
	up_start "$name" --bad-line "$d_rate" --seed 11 "$@"
	write_conf "$WORK/$name.conf" sync.batch_size="$d_batch"
	t0=$(now)
	"$YIJIAN" sync --drain --no-pull --quiet --max-seconds 900 --config "$WORK/$name.conf" \
		--db "$WORK/$name.db" --upstream "http://127.0.0.1:$UP_PORT" || fail "$name did not drain"
	t1=$(now)
	stored=$(q "$UP_DB" "SELECT count(*) FROM received")
	twice=$(q "$UP_DB" "SELECT count(*) FROM (SELECT idem_key FROM received
		GROUP BY uuid, revision HAVING count(*) > 1)")
	acked=$(q "$WORK/$name.db" "SELECT count(*) FROM outbox WHERE state = 'acked'")
	faults=$(q "$UP_DB" "SELECT COALESCE((SELECT n FROM counters WHERE name = 'fault_bad_line'), 0)")
	requests=$(q "$UP_DB" "SELECT COALESCE((SELECT n FROM counters WHERE name = 'requests'), 0)")
	[ "$stored" -eq "$N" ] || fail "$name: upstream stored $stored of $N"
	[ "$twice" -eq 0 ] || fail "$name: $twice case(s) stored twice"
	[ "$acked" -eq "$N" ] || fail "$name: $acked of $N acknowledged locally"
	eval "kill \$UP_PID_$name" 2>/dev/null || :
	echo "$t0 $t1 $requests $faults" | awk '{ printf "%.3f %d %d\n", $2 - $1, $3, $4 }' \
		>"$WORK/$name.res"
}

make_db "$WORK/backlog.db"
add_cases "$WORK/backlog.db" "$N" 0 0
q "$WORK/backlog.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null

echo "backlog: $N cases; stored exactly $N, none twice, in every drain below"
printf '%-34s %5s %9s %9s %10s %9s %8s %s\n' "sending" "fault" "seconds" "requests" \
	"injected" "cases/s" "x base" "target"
status=0
for mode in batch50 single nobatch; do
	case $mode in
	batch50) batch=50 extra="" label="batches of 50" ;;
	single) batch=1 extra="" label="one case per request" ;;
	nobatch) batch=50 extra="--no-batch" label="batches of 50, no batch endpoint" ;;
	esac
	# shellcheck disable=SC2086
	drain "${mode}_0" "$batch" 0 $extra
	set -- $(cat "$WORK/${mode}_0.res")
	base=$1
	printf '%-34s %4s%% %9.2f %9d %10d %9.0f %8s %s\n' "$label" 0 "$base" "$2" "$3" \
		"$(echo "$N $base" | awk '{ print $1 / $2 }')" "1.00" "(baseline)"
	for rate in 10 30; do
		# shellcheck disable=SC2086
		drain "${mode}_$rate" "$batch" "0.$rate" $extra
		set -- $(cat "$WORK/${mode}_$rate.res")
		target=3
		[ "$rate" = 30 ] && target=6
		verdict=$(echo "$1 $base $target" | awk '{ r = $1 / $2; print (r <= $3 ? "met" : "NOT met") }')
		[ "$verdict" = met ] || status=1
		printf '%-34s %4s%% %9.2f %9d %10d %9.0f %8.2f <=%sx %s\n' "$label" "$rate" "$1" "$2" "$3" \
			"$(echo "$N $1" | awk '{ print $1 / $2 }')" \
			"$(echo "$1 $base" | awk '{ print $1 / $2 }')" "$target" "$verdict"
	done
done
exit $status
