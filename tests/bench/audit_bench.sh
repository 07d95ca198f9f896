#!/bin/sh
# audit_bench.sh: `yijian audit verify` on 1,000,000 audit rows, against a bare
# `SELECT count(*)` of the same rows (sqlite3) in the same run.
#
# The rows are made by a schema-3 database (tests/fixtures/schema3.db) grown
# to N rows with sqlite3, then chained by the program's own migration (also
# timed); verify is run BENCH_RUNS times (default 3), medians reported.
# Usage: YIJIAN=build/yijian sh tests/bench/audit_bench.sh [N]
set -eu
cd "$(dirname "$0")/../.."
YIJIAN=${YIJIAN:-build/yijian}
N=${1:-1000000}
RUNS=${BENCH_RUNS:-3}
T=$(mktemp -d /tmp/yjaudit.XXXXXX)
trap 'rm -rf "$T"' EXIT INT TERM
export YJ_TODAY=2026-11-23 YIJIAN_FORMS="$PWD/forms" YIJIAN_DATA="$PWD/data"
export YIJIAN_CONFIG="$PWD/tests/fixtures/terminal.conf"
cp tests/fixtures/schema3.db "$T/a.db"
sqlite3 "$T/a.db" <<EOS
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $N - (SELECT count(*) FROM audit))
INSERT INTO audit(at, actor_kind, actor_id, action, case_no, detail)
SELECT '2026-11-23T08:' || printf('%02d:%02d', (i / 60) % 60, i % 60) || 'Z', 'clerk', 'li' || (i % 50),
       CASE i % 4 WHEN 0 THEN 'accept' WHEN 1 THEN 'material' WHEN 2 THEN 'item_result' ELSE 'sync_acked' END,
       '310104-K01-20261123-' || printf('%04d', i % 9999 + 1) || '-Z',
       'material=birth.id_card state=seen revision=' || i
FROM n;
EOS
rows=$(sqlite3 "$T/a.db" "SELECT count(*) FROM audit")
echo "== $rows audit rows"
python3 - "$YIJIAN" "$T/a.db" "$RUNS" <<'EOP'
import statistics, subprocess, sys, time
yj, db, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
t = time.perf_counter()
subprocess.run([yj, "audit", "verify", "--db", db], check=True, stdout=subprocess.DEVNULL)
print("migration 3 -> 4 (chain every row) + first verify: %.2f s" % (time.perf_counter() - t))
def med(cmd):
    ts = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        ts.append(time.perf_counter() - t)
    return statistics.median(ts)
base = med(["sqlite3", db, "SELECT count(*) FROM audit"])
ver = med([yj, "audit", "verify", "--db", db])
print("baseline: sqlite3 SELECT count(*)  median %7.3f s" % base)
print("yijian audit verify                median %7.3f s   %.1fx baseline" % (ver, ver / base))
EOP
