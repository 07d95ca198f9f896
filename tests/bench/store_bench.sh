#!/bin/sh
# store_bench.sh: figures for the case store (not a timed test; not run by ctest).
#  1. submit rate through yj_store_submit vs a bare SQLite insert of the same
#     rows (case, 3 items, outbox, audit) with the same pragmas, same run, same disk;
#  2. lookup by case number and by ID number on a database of 1,000,000 cases:
#     median and p99;
#  3. listings that stream (`case list`, `case export --format csv|json`,
#     `counter queue`, `counter stats`) at 1,000 and 100,000 cases: wall time and
#     peak RSS (/usr/bin/time) against the sqlite3 shell printing the same rows,
#     and RSS at 100k against RSS at 1k; whole case by number (yj_store_case_get)
#     against a bare join of the case and its items prepared once.
# Env: YJ_BENCH_SUBMITS (2000), YJ_BENCH_CASES (1000000), YJ_BENCH_LOOKUPS (20000),
#      YJ_BENCH_LIST ("1000 100000": sizes for 3; empty skips it),
#      YJ_BENCH_ONLY (submit, lookup or list: run only that part),
#      YJ_BENCH_DIR (a directory on the disk to measure; default under /var/tmp),
#      YJ_BENCH_KEEP=1 keeps the databases (the 1M one is reused when kept),
#      YJ_BUILD (build dir; default build-bench in the source tree).
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${YJ_BUILD:-$src/build-bench}
cmake -S "$src" -B "$build" -DCMAKE_C_COMPILER=gcc -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target store_bench yijian -j2 >/dev/null
dir=${YJ_BENCH_DIR:-}
made=0
if [ -z "$dir" ]; then
	dir=$(mktemp -d /var/tmp/yj_store_bench.XXXXXX)
	made=1
fi
cleanup() {
	if [ "${YJ_BENCH_KEEP:-0}" != 1 ] && [ "$made" = 1 ]; then
		rm -rf "$dir"
	fi
}
trap cleanup EXIT INT TERM
rm -f "$dir/store.db"* "$dir/bare.db"*
echo "== store benchmark ($(uname -m), SQLite $(pkg-config --modversion sqlite3), $(df -T "$dir" | awk 'NR==2 {print $2}') at $dir)"
only=${YJ_BENCH_ONLY:-}
if [ -z "$only" ] || [ "$only" = submit ]; then
	"$build/store_bench" submit "$dir" "${YJ_BENCH_SUBMITS:-2000}"
fi
if [ -z "$only" ] || [ "$only" = lookup ]; then
	"$build/store_bench" lookup "$dir" "${YJ_BENCH_CASES:-1000000}" "${YJ_BENCH_LOOKUPS:-20000}"
fi
[ -z "$only" ] || [ "$only" = list ] || exit 0

# --- 3. listings that stream ---------------------------------------------------
export YIJIAN_CONFIG="$src/tests/fixtures/terminal.conf" YJ_TODAY=2026-11-23
# measure NAME CMD...: run CMD (stdout to /dev/null); "seconds max-RSS-KiB" in $dir/NAME.m
measure() {
	m=$1
	shift
	/usr/bin/time -f "%e %M" -o "$dir/$m.m" "$@" >/dev/null
}
cols="case_no, uuid, thing, status, channel, centre, terminal, revision, submitted_at,
 updated_at, applicant_name, applicant_id, helper_id, clerk_id"
order="ORDER BY submitted_at DESC, case_no DESC"
sizes=${YJ_BENCH_LIST-1000 100000}
[ -n "$sizes" ] || exit 0
echo "listings: wall seconds and peak RSS of yijian against the sqlite3 shell printing the same rows"
printf '  %-22s %7s %9s %9s %7s %9s %9s %7s\n' "what" "cases" "sqlite3 s" "yijian s" "x time" \
	"sqlite3 MB" "yijian MB" "x RSS"
for n in $sizes; do
	db="$dir/list$n.db"
	"$build/store_bench" build "$db" "$n" 2>/dev/null
	today=$YJ_TODAY
	measure "list$n.base" sqlite3 "$db" "SELECT case_no, submitted_at, status, thing,
		applicant_name, applicant_id FROM cases $order"
	measure "list$n.yj" "$build/yijian" case list --db "$db"
	measure "csv$n.base" sqlite3 -csv "$db" "SELECT $cols, (SELECT group_concat(item_id || ':' ||
		status, ';') FROM case_items i WHERE i.case_uuid = cases.uuid) FROM cases $order"
	measure "csv$n.yj" "$build/yijian" case export --format csv --db "$db"
	measure "json$n.base" sqlite3 "$db" "SELECT json_object('uuid', uuid, 'case_no', case_no,
		'answers', json(answers_json), 'departments', json(departments_json), 'items',
		(SELECT json_group_array(json_object('item', item_id, 'status', status)) FROM case_items i
		WHERE i.case_uuid = cases.uuid)) FROM cases $order"
	measure "json$n.yj" "$build/yijian" case export --format json --db "$db"
	measure "queue$n.base" sqlite3 "$db" "SELECT c.case_no, c.thing, c.status, c.submitted_at,
		(SELECT count(*) FROM case_items i WHERE i.case_uuid = c.uuid AND i.status IN
		('done','certificate_issued')), (SELECT count(*) FROM case_items i WHERE
		i.case_uuid = c.uuid), c.applicant_name FROM cases c WHERE (c.status <> 'closed' OR
		date(c.submitted_at, 'localtime') = '$today') ORDER BY c.status = 'closed',
		c.submitted_at, c.case_no"
	measure "queue$n.yj" "$build/yijian" counter queue --db "$db"
	# the three queries of the statistics: counts, close times, overdue items
	measure "stats$n.base" sqlite3 "$db" "SELECT date(submitted_at, 'localtime'), thing, status,
		count(*) FROM cases GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;
		SELECT count(*), total(s), max(s), case_no FROM (SELECT c.case_no, max(0,
		CAST(round((julianday(coalesce((SELECT min(e.at) FROM case_events e WHERE
		e.case_uuid = c.uuid AND e.status = 'closed'), c.updated_at)) -
		julianday(c.submitted_at)) * 86400) AS INTEGER)) AS s FROM cases c
		WHERE c.status = 'closed');
		SELECT c.case_no, c.thing, i.item_id, i.dept_id, i.status, i.due_date,
		CAST(julianday('$today') - julianday(i.due_date) AS INTEGER) FROM case_items i
		JOIN cases c ON c.uuid = i.case_uuid WHERE c.status NOT IN ('done','closed')
		AND i.status NOT IN ('done','certificate_issued','returned')
		AND i.due_date IS NOT NULL AND i.due_date < '$today'
		ORDER BY i.due_date, c.case_no, i.item_id"
	measure "stats$n.yj" "$build/yijian" counter stats --db "$db"
	for w in list csv json queue stats; do
		set -- $(cat "$dir/$w$n.base.m") $(cat "$dir/$w$n.yj.m")
		printf '  %-22s %7s %9.2f %9.2f %7.2f %9.1f %9.1f %7.2f\n' "$w" "$n" "$1" "$3" \
			"$(echo "$3 $1" | awk '{ print ($2 > 0 ? $1 / $2 : 0) }')" \
			"$(echo "$2" | awk '{ print $1 / 1024 }')" "$(echo "$4" | awk '{ print $1 / 1024 }')" \
			"$(echo "$4 $2" | awk '{ print $1 / $2 }')"
	done
done
set -- $sizes
if [ $# -ge 2 ]; then
	lo=$1
	hi=$2
	echo "peak RSS of yijian at $hi cases against $lo cases (target <= 1.5):"
	for w in list csv json queue stats; do
		a=$(cut -d' ' -f2 "$dir/$w$lo.yj.m")
		b=$(cut -d' ' -f2 "$dir/$w$hi.yj.m")
		printf '  %-22s %9.1f MB %9.1f MB  x%.2f\n' "$w" "$(echo "$a" | awk '{ print $1 / 1024 }')" \
			"$(echo "$b" | awk '{ print $1 / 1024 }')" "$(echo "$b $a" | awk '{ print $1 / $2 }')"
	done
	"$build/store_bench" get "$dir/list$hi.db" "${YJ_BENCH_LOOKUPS:-20000}"
fi
