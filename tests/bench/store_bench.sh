#!/bin/sh
# store_bench.sh: figures for the case store (not a timed test; not run by ctest).
#  1. submit rate through yj_store_submit vs a bare SQLite insert of the same
#     rows (case, 3 items, outbox, audit) with the same pragmas, same run, same disk;
#  2. lookup by case number and by ID number on a database of 1,000,000 cases:
#     median and p99.
# Env: YJ_BENCH_SUBMITS (2000), YJ_BENCH_CASES (1000000), YJ_BENCH_LOOKUPS (20000),
#      YJ_BENCH_DIR (a directory on the disk to measure; default under /var/tmp),
#      YJ_BENCH_KEEP=1 keeps the databases (the 1M one is reused when kept),
#      YJ_BUILD (build dir; default build-bench in the source tree).
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${YJ_BUILD:-$src/build-bench}
cmake -S "$src" -B "$build" -DCMAKE_C_COMPILER=gcc -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target store_bench -j2 >/dev/null
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
"$build/store_bench" submit "$dir" "${YJ_BENCH_SUBMITS:-2000}"
"$build/store_bench" lookup "$dir" "${YJ_BENCH_CASES:-1000000}" "${YJ_BENCH_LOOKUPS:-20000}"
