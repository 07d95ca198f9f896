# lib.sh: helpers for the sync tests, sourced by tests/integration/sync_*.sh and
# tests/bench/sync_bench.sh. Needs YIJIAN and YJ_SRC; everything runs on 127.0.0.1.

: "${YIJIAN:?set YIJIAN to the yijian binary}"
: "${YJ_SRC:?set YJ_SRC to the source tree}"
UPSTREAM_PY="$YJ_SRC/tests/upstream/upstream.py"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/yj-sync.XXXXXX")
UP_PIDS=""
BG_PIDS=""

cleanup() {
	for p in $BG_PIDS $UP_PIDS; do
		kill "$p" 2>/dev/null || :
	done
	for p in $BG_PIDS $UP_PIDS; do
		wait "$p" 2>/dev/null || :
	done
	rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# up_start NAME [upstream.py options...]: start a test upstream; sets UP_PORT and
# UP_DB (its database) and remembers the pid in UP_PID_<NAME>.
up_start() {
	name=$1
	shift
	rm -f "$WORK/$name.port"
	python3 "$UPSTREAM_PY" --db "$WORK/$name-upstream.db" --port-file "$WORK/$name.port" "$@" \
		</dev/null >"$WORK/$name-upstream.log" 2>&1 &
	pid=$!
	UP_PIDS="$UP_PIDS $pid"
	eval "UP_PID_$name=$pid"
	i=0
	while [ ! -s "$WORK/$name.port" ]; do
		i=$((i + 1))
		[ $i -lt 200 ] || fail "test upstream did not start: $(cat "$WORK/$name-upstream.log")"
		kill -0 "$pid" 2>/dev/null || fail "test upstream died: $(cat "$WORK/$name-upstream.log")"
		sleep 0.05
	done
	UP_PORT=$(cat "$WORK/$name.port")
	UP_DB="$WORK/$name-upstream.db"
}

# up_ctl PORT PATH [JSON]: POST to a control endpoint (or GET when no JSON);
# waits out a refusal window (up to 10 s).
up_ctl() {
	python3 - "$@" <<'EOF'
import sys, time, urllib.error, urllib.request
url = "http://127.0.0.1:%s%s" % (sys.argv[1], sys.argv[2])
data = sys.argv[3].encode() if len(sys.argv) > 3 else None
for attempt in range(100):
    try:
        req = urllib.request.Request(url, data=data, method="POST" if data else "GET")
        print(urllib.request.urlopen(req, timeout=10).read().decode())
        break
    except urllib.error.URLError as e:
        if not isinstance(e.reason, ConnectionRefusedError) or attempt == 99:
            raise
        time.sleep(0.1)
EOF
}

# stat_of JSON NAME: a number from the upstream's stats (0 when absent).
stat_of() {
	printf '%s' "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin).get(sys.argv[1], 0))' "$2"
}

# make_db DB: create the local database through yijian itself (schema + migrations).
make_db() {
	"$YIJIAN" sync status --db "$1" >/dev/null || fail "cannot create the database $1"
}

# add_cases DB N REJECT_EVERY EDIT_EVERY: insert N submitted cases with one item
# each and their outbox rows, as the store's submit would (half carry a frozen
# payload, half are rebuilt from the case row). Every REJECT_EVERY-th case has an
# answer the upstream refuses with 400 (0 = none); every EDIT_EVERY-th case was
# edited at the counter: revision 2 queued behind revision 1 (0 = none).
add_cases() {
	db=$1 n=$2 rej=$3 edit=$4
	base=$(q "$db" "SELECT count(*) FROM cases")
	sqlite3 "$db" <<EOF || fail "cannot insert test cases"
.timeout 10000
BEGIN IMMEDIATE;
WITH RECURSIVE n(i) AS (SELECT $base + 1 UNION ALL SELECT i + 1 FROM n WHERE i < $base + $n)
INSERT INTO cases(uuid, case_no, thing, form_version, channel, centre, terminal, status,
                  submitted_at, updated_at, revision, answers_json, departments_json)
SELECT printf('%08x-0000-4000-8000-%012d', abs(random()) % 4294967295, i),
       printf('T%09d', i), 'newborn', 'test', 'kiosk', '310101', 'K-TEST', 'submitted',
       '2026-11-23T08:00:00Z', '2026-11-23T08:00:00Z', 1,
       CASE WHEN $rej > 0 AND i % $rej = 0
            THEN json_object('child.name', '王小明' || i,
                             'upstream.reject', '材料不全：缺少出生医学证明')
            ELSE json_object('child.name', '王小明' || i, 'mother.name', '李娟') END,
       json_object('police', json_object('label', '公安', 'items', json_array('hukou'),
                                         'fields', json_object('name', '王小明' || i)),
                   'health', json_object('label', '卫健', 'items', json_array('vaccine'),
                                         'fields', json_object('name', '王小明' || i)))
FROM n;
INSERT INTO case_items(case_uuid, item_id, dept_id, status, updated_at)
SELECT uuid, 'hukou', 'police', 'pending', submitted_at FROM cases WHERE case_no LIKE 'T%'
  AND NOT EXISTS (SELECT 1 FROM case_items i WHERE i.case_uuid = cases.uuid);
INSERT INTO case_items(case_uuid, item_id, dept_id, status, updated_at)
SELECT uuid, 'vaccine', 'health', 'pending', submitted_at FROM cases WHERE case_no LIKE 'T%'
  AND NOT EXISTS (SELECT 1 FROM case_items i WHERE i.case_uuid = cases.uuid
                  AND i.item_id = 'vaccine');
INSERT INTO outbox(case_uuid, revision, idem_key, payload, state, created_at)
SELECT uuid, 1, uuid || ':1',
       CASE WHEN CAST(substr(case_no, 2) AS INTEGER) % 2 = 0
            THEN json_object('uuid', uuid, 'case_no', case_no, 'thing', thing,
                             'submitted_at', submitted_at, 'revision', 1,
                             'answers', json(answers_json),
                             'departments', json(departments_json))
            END,
       'pending', submitted_at
FROM cases WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.case_uuid = cases.uuid);
UPDATE cases SET revision = 2,
       answers_json = json_set(answers_json, '$."mother.name"', '李娟（已更正）')
 WHERE $edit > 0 AND CAST(substr(case_no, 2) AS INTEGER) % $edit = 1 AND revision = 1;
INSERT INTO outbox(case_uuid, revision, idem_key, payload, state, created_at)
SELECT uuid, 2, uuid || ':2',
       json_object('uuid', uuid, 'case_no', case_no, 'thing', thing,
                   'submitted_at', submitted_at, 'revision', 2,
                   'answers', json(answers_json), 'departments', json(departments_json)),
       'pending', submitted_at
FROM cases WHERE revision = 2
  AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.case_uuid = cases.uuid AND o.revision = 2);
COMMIT;
EOF
}

# write_conf FILE key=value...: a config file (keys in full: sync.timeout_ms=...).
write_conf() {
	f=$1
	shift
	{
		echo "# written by the sync tests"
		for kv in "$@"; do
			echo "${kv%%=*} = ${kv#*=}"
		done
	} >"$f"
}

# q DB SQL: one value from the database.
q() {
	sqlite3 -cmd ".timeout 10000" "$1" "$2"
}

# check_exactly_once DB UPDB: compare the local outbox with what upstream stored;
# prints the figures and fails on any loss or double storage.
check_exactly_once() {
	db=$1 updb=$2
	queued=$(q "$db" "SELECT count(*) FROM outbox")
	pending=$(q "$db" "SELECT count(*) FROM outbox WHERE state = 'pending'")
	held=$(q "$db" "SELECT count(*) FROM outbox WHERE state = 'held'")
	acked=$(q "$db" "SELECT count(*) FROM outbox WHERE state = 'acked'")
	attempts=$(q "$db" "SELECT sum(attempts) FROM outbox")
	lost=$(q "$db" "ATTACH '$updb' AS up; SELECT count(*) FROM outbox o WHERE o.state = 'acked'
		AND NOT EXISTS (SELECT 1 FROM up.received r WHERE r.idem_key = o.idem_key)")
	held_upstream=$(q "$db" "ATTACH '$updb' AS up; SELECT count(*) FROM outbox o
		WHERE o.state = 'held' AND EXISTS (SELECT 1 FROM up.received r WHERE r.idem_key = o.idem_key)")
	twice=$(q "$updb" "SELECT count(*) FROM (SELECT uuid, revision FROM received
		GROUP BY uuid, revision HAVING count(*) > 1)")
	stored=$(q "$updb" "SELECT count(*) FROM received")
	dups=$(q "$updb" "SELECT COALESCE((SELECT n FROM counters WHERE name = 'duplicates'), 0)")
	disorder=$(q "$updb" "SELECT count(*) FROM received a JOIN received b ON a.uuid = b.uuid
		AND a.revision < b.revision AND a.id > b.id")
	echo "cases queued: $queued (outbox rows, revisions included)"
	echo "sent attempts: $attempts"
	echo "acknowledged: $acked"
	echo "held for a clerk: $held"
	echo "still pending: $pending"
	echo "stored upstream: $stored"
	echo "duplicates seen upstream: $dups"
	echo "stored twice: $twice"
	echo "lost: $lost"
	[ "$pending" -eq 0 ] || fail "$pending case(s) still pending"
	[ "$twice" -eq 0 ] || fail "$twice case(s) stored twice upstream"
	[ "$lost" -eq 0 ] || fail "$lost acknowledged case(s) missing upstream"
	[ "$held_upstream" -eq 0 ] || fail "$held_upstream held case(s) were stored upstream"
	[ "$stored" -eq "$acked" ] || fail "upstream stored $stored, local acknowledged $acked"
	[ "$disorder" -eq 0 ] || fail "$disorder revision(s) stored before the previous one"
	ok=$(q "$db" "PRAGMA integrity_check")
	[ "$ok" = ok ] || fail "local database integrity: $ok"
}
