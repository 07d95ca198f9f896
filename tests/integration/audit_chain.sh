#!/bin/sh
# audit_chain.sh: the audit log's hash chain. An untouched database verifies;
# with the append-only triggers dropped (sqlite3), a changed, a deleted and two
# swapped rows are each found and named by `yijian audit verify` (exit 1); the
# chain's head goes upstream with a sync (X-Yijian-Audit-Head, recorded by the
# test upstream) and rows cut off after it are found too; a database made by
# the previous release (tests/fixtures/schema3.db) migrates with every case,
# draft and audit row kept, and its chain verifies.
set -eu
. "$YJ_SRC/tests/upstream/lib.sh"
export YJ_TODAY=2026-11-23 YIJIAN_FORMS="$YJ_SRC/forms" YIJIAN_DATA="$YJ_SRC/data"
DB="$WORK/a.db"
for t in birth death retirement birth death; do
	"$YIJIAN" case submit "$t" --answers "$YJ_SRC/forms/examples/$t.json" --db "$DB" >/dev/null ||
		fail "case submit $t"
done
# the first administrator (an empty database), then a clerk added by them
printf 'secret-pass-0\n' | "$YIJIAN" user add boss --name 管理员 --role admin --password-stdin \
	--db "$DB" >/dev/null || fail "user add (first administrator)"
printf 'secret-pass-0\nsecret-pass-1\n' | "$YIJIAN" user add li01 --name 李丽 --admin boss \
	--password-stdin --db "$DB" >/dev/null || fail "user add"
n=$(q "$DB" "SELECT count(*) FROM audit")
[ "$n" -ge 6 ] || fail "only $n audit rows"
"$YIJIAN" audit verify --db "$DB" >"$WORK/ok.out" || fail "an untouched database does not verify"
grep -q "审计记录完整" "$WORK/ok.out" || fail "verify says: $(cat "$WORK/ok.out")"
"$YIJIAN" audit verify --json --db "$DB" >"$WORK/ok.json" || fail "verify --json"
python3 - "$WORK/ok.json" "$n" <<'PY' || fail "verify --json: $(cat "$WORK/ok.json")"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["ok"] is True and d["problem"] == "ok" and d["rows"] == int(sys.argv[2]), d
assert d["head"]["id"] == int(sys.argv[2]) and len(d["head"]["hash"]) == 64, d
PY
# The triggers still refuse a plain change.
if q "$DB" "UPDATE audit SET detail = 'x' WHERE id = 3" 2>/dev/null; then
	fail "the audit table took an UPDATE with its triggers in place"
fi

# tamper COPY SQL: a copy of the database with the triggers dropped and SQL run
tamper() {
	cp "$DB" "$WORK/$1.db"
	q "$WORK/$1.db" "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; $2"
}
# expect COPY PROBLEM FIRST_BAD_ID
expect() {
	rc=0
	"$YIJIAN" audit verify --json --db "$WORK/$1.db" >"$WORK/$1.json" 2>/dev/null || rc=$?
	[ "$rc" = 1 ] || fail "$1: verify exit $rc, $(cat "$WORK/$1.json")"
	python3 - "$WORK/$1.json" "$2" "$3" <<'PY' || fail "$1: $(cat "$WORK/$1.json")"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["ok"] is False and d["problem"] == sys.argv[2], d
assert d["first_bad_id"] == int(sys.argv[3]), d
PY
	rc=0
	"$YIJIAN" audit verify --db "$WORK/$1.db" 2>"$WORK/$1.err" || rc=$?
	[ "$rc" = 1 ] && grep -q "第 $3 条" "$WORK/$1.err" || fail "$1: message $(cat "$WORK/$1.err")"
	echo "ok - $1: $(cat "$WORK/$1.err")"
}
tamper changed "UPDATE audit SET detail = 'thing=birth channel=kiosk items=1' WHERE id = 3"
expect changed changed 3
tamper changed_actor "UPDATE audit SET actor_id = 'nobody' WHERE id = 2"
expect changed_actor changed 2
tamper deleted "DELETE FROM audit WHERE id = 3"
expect deleted deleted 4
grep -q '"after_id":2' "$WORK/deleted.json" || fail "deleted: no after_id 2"
tamper deleted_first "DELETE FROM audit WHERE id = 1"
expect deleted_first deleted 2
tamper reordered "UPDATE audit SET id = -3 WHERE id = 3; UPDATE audit SET id = 3 WHERE id = 4;
	UPDATE audit SET id = 4 WHERE id = -3"
expect reordered reordered 3
tamper unchained "INSERT INTO audit(at, actor_kind, actor_id, action) VALUES ('2026-11-23T00:00:00Z', 'clerk', 'li01', 'accept')"
expect unchained unchained "$((n + 1))"

# The head goes upstream with a sync; rows cut off after it are found.
up_start s
write_conf "$WORK/sync.conf" sync.timeout_ms=3000
"$YIJIAN" sync --once --config "$WORK/sync.conf" --db "$DB" --upstream "http://127.0.0.1:$UP_PORT" \
	>/dev/null || fail "sync --once"
up_ctl "$UP_PORT" /control/stats >"$WORK/stats.json"
python3 - "$WORK/stats.json" "$DB" <<'PY' || fail "upstream audit heads: $(cat "$WORK/stats.json")"
import json, sqlite3, sys
heads = json.load(open(sys.argv[1]))["audit_heads"]
assert heads, "no X-Yijian-Audit-Head received"
db = sqlite3.connect(sys.argv[2])
for h in heads:
    i, hx = h["head"].split(":")
    row = db.execute("SELECT hex(hash) FROM audit WHERE id = ?", (int(i),)).fetchone()
    assert row and row[0].lower() == hx, (h, row)
print("upstream holds", len(heads), "head(s), the last", heads[-1]["head"][:24])
PY
"$YIJIAN" audit verify --db "$DB" >/dev/null || fail "verify after sync"
sent=$(q "$DB" "SELECT value FROM kv WHERE key = 'audit.head_sent'")
sent_id=${sent%%:*}
[ -n "$sent_id" ] || fail "no head recorded as sent"
tamper truncated "DELETE FROM audit WHERE id >= $sent_id"
expect truncated truncated "$sent_id"

# A database made by the previous release (schema 3) migrates and verifies.
cp "$YJ_SRC/tests/fixtures/schema3.db" "$WORK/old.db"
before_cases=$(q "$WORK/old.db" "SELECT group_concat(case_no || status, ',') FROM (SELECT * FROM cases ORDER BY case_no)")
before_audit=$(q "$WORK/old.db" "SELECT group_concat(id || action || ifnull(actor_id, '') || ifnull(detail, ''), ',') FROM audit")
before_drafts=$(q "$WORK/old.db" "SELECT group_concat(slot || answers_json, ',') FROM drafts")
[ "$(q "$WORK/old.db" "PRAGMA user_version")" = 3 ] || fail "the fixture is not schema 3"
before_users=$(q "$WORK/old.db" "SELECT group_concat(id || role || pwhash, ',') FROM users")
"$YIJIAN" audit verify --db "$WORK/old.db" >"$WORK/old.out" || fail "migrated: $(cat "$WORK/old.out")"
# 4: the audit chain; 5: the users table takes the helper role; 6: case_items.after_items
[ "$(q "$WORK/old.db" "PRAGMA user_version")" = 7 ] || fail "not migrated to 7"
[ "$(q "$WORK/old.db" "SELECT group_concat(id || role || pwhash, ',') FROM users")" = "$before_users" ] ||
	fail "users changed by the migration"
[ "$(q "$WORK/old.db" "SELECT group_concat(case_no || status, ',') FROM (SELECT * FROM cases ORDER BY case_no)")" = "$before_cases" ] ||
	fail "cases changed by the migration"
[ "$(q "$WORK/old.db" "SELECT group_concat(id || action || ifnull(actor_id, '') || ifnull(detail, ''), ',') FROM audit")" = "$before_audit" ] ||
	fail "audit rows changed by the migration"
[ "$(q "$WORK/old.db" "SELECT group_concat(slot || answers_json, ',') FROM drafts")" = "$before_drafts" ] ||
	fail "drafts changed by the migration"
[ "$(q "$WORK/old.db" "SELECT count(*) FROM audit WHERE hash IS NULL")" = 0 ] || fail "rows left unchained"
"$YIJIAN" case list --db "$WORK/old.db" --json | python3 -c 'import json,sys; assert len(json.load(sys.stdin)) == 3' ||
	fail "the migrated database does not list its 3 cases"
# and it keeps chaining
"$YIJIAN" case submit birth --answers "$YJ_SRC/forms/examples/birth.json" --db "$WORK/old.db" >/dev/null ||
	fail "submit on the migrated database"
"$YIJIAN" audit verify --db "$WORK/old.db" >/dev/null || fail "migrated database after a new row"
q "$WORK/old.db" "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 2"
rc=0
"$YIJIAN" audit verify --db "$WORK/old.db" 2>/dev/null || rc=$?
[ "$rc" = 1 ] || fail "a row deleted from the migrated chain went unnoticed"
echo "audit_chain: all passed"
