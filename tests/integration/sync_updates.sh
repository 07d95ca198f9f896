#!/bin/sh
# Department results pulled back from the updates feed change the case items and
# the case status; the cursor is kept; a repeated, shuffled or out-of-order
# update changes nothing; malformed updates and unknown cases are skipped.
set -eu
. "$YJ_SRC/tests/upstream/lib.sh"

up_start u --faults '{"updates_replay":0.5,"updates_shuffle":0.5,"seed":3}'
DB="$WORK/local.db"
make_db "$DB"
add_cases "$DB" 5 0 0
CONF="$WORK/sync.conf"
write_conf "$CONF" sync.batch_size=10 sync.timeout_ms=2000
BASE="http://127.0.0.1:$UP_PORT"
sync_once() {
	"$YIJIAN" sync --once --config "$CONF" --db "$DB" --upstream "$BASE"
}
sync_once >/dev/null || fail "first sync failed"
u1=$(q "$DB" "SELECT uuid FROM cases WHERE case_no = 'T000000001'")
u2=$(q "$DB" "SELECT uuid FROM cases WHERE case_no = 'T000000002'")
u3=$(q "$DB" "SELECT uuid FROM cases WHERE case_no = 'T000000003'")
[ "$(q "$DB" "SELECT count(*) FROM outbox WHERE state = 'acked'")" -eq 5 ] || fail "cases not sent"

up_ctl "$UP_PORT" /control/publish "{\"updates\":[
 {\"uuid\":\"$u1\",\"item_id\":\"hukou\",\"dept_id\":\"police\",\"status\":\"accepted\"},
 {\"uuid\":\"$u1\",\"item_id\":\"hukou\",\"dept_id\":\"police\",\"status\":\"in_progress\"},
 {\"uuid\":\"$u1\",\"item_id\":\"vaccine\",\"dept_id\":\"health\",\"status\":\"returned\",\"result\":\"缺少预防接种证\"},
 {\"uuid\":\"$u1\",\"item_id\":\"hukou\",\"dept_id\":\"police\",\"status\":\"certificate_issued\",\"result\":\"户口簿 No.310101-123\"},
 {\"uuid\":\"$u2\",\"item_id\":\"hukou\",\"dept_id\":\"police\",\"status\":\"done\"},
 {\"uuid\":\"00000000-0000-4000-8000-00000000dead\",\"item_id\":\"hukou\",\"status\":\"done\"},
 {\"uuid\":\"$u3\",\"item_id\":\"hukou\",\"status\":\"accepted\"},
 {\"uuid\":\"$u3\",\"item_id\":\"vaccine\",\"status\":\"done\"},
 {\"uuid\":\"$u3\",\"item_id\":\"hukou\",\"status\":\"done\"}
]}" >/dev/null
# A malformed update in the feed (the control endpoint would refuse it).
sqlite3 -cmd ".timeout 10000" "$UP_DB" "INSERT INTO updates(uuid, item_id, status, at) VALUES('$u2', 'vaccine', 'bogus', 'x')"

out=$(sync_once 2>"$WORK/err") || fail "sync --once failed: $(cat "$WORK/err")"
echo "$out"
grep -q "malformed update" "$WORK/err" || fail "the malformed update was not reported"
item() {
	q "$DB" "SELECT status || '|' || COALESCE(result, '') || '|' || result_seq FROM case_items
		WHERE case_uuid = '$1' AND item_id = '$2'"
}
[ "$(item "$u1" hukou)" = "certificate_issued|户口簿 No.310101-123|4" ] || fail "u1 hukou: $(item "$u1" hukou)"
[ "$(item "$u1" vaccine)" = "returned|缺少预防接种证|3" ] || fail "u1 vaccine: $(item "$u1" vaccine)"
[ "$(item "$u2" hukou)" = "done||5" ] || fail "u2 hukou: $(item "$u2" hukou)"
[ "$(item "$u2" vaccine)" = "pending||0" ] || fail "u2 vaccine changed by a malformed update"
[ "$(item "$u3" hukou)" = "done||9" ] || fail "u3 hukou: $(item "$u3" hukou)"
[ "$(q "$DB" "SELECT status FROM cases WHERE uuid = '$u1'")" = returned ] || fail "u1 case status"
[ "$(q "$DB" "SELECT status FROM cases WHERE uuid = '$u2'")" = accepted ] || fail "u2 case status"
[ "$(q "$DB" "SELECT status FROM cases WHERE uuid = '$u3'")" = done ] || fail "u3 case status"
cursor=$(q "$DB" "SELECT value FROM kv WHERE key = 'sync.updates_cursor'")
[ "$cursor" = 10 ] || fail "cursor is '$cursor', expected 10"
audits=$(q "$DB" "SELECT count(*) FROM audit WHERE action = 'item_result'")
echo "items changed (audited): $audits"
# The first application audits exactly the 8 valid updates for known cases (none
# for the unknown case or the malformed one), once each, as sync with this
# terminal's id, with the case status each one derived.
[ "$audits" -eq 8 ] || fail "expected 8 item_result audit rows, found $audits"
echo "$out" | grep -q "updates applied 8 of 10" || fail "expected 8 of 10 updates applied: $out"
seqs=$(q "$DB" "SELECT case_no || ':' || replace(substr(detail, instr(detail, '(update ') + 8), ')', '')
	FROM audit WHERE action = 'item_result' AND actor_kind = 'sync' AND actor_id = 'K01'" | sort | tr '\n' ' ')
[ "$seqs" = "T000000001:1 T000000001:2 T000000001:3 T000000001:4 T000000002:5 T000000003:7 T000000003:8 T000000003:9 " ] ||
	fail "audited updates: $seqs"
[ "$(q "$DB" "SELECT count(*) FROM audit WHERE action = 'item_result' AND case_no = 'T000000001'
	AND detail LIKE '%-> returned: vaccine: returned 缺少预防接种证 (update 3)'")" -eq 1 ] ||
	fail "the return of u1 vaccine was not audited with the case going to returned"
[ "$(q "$DB" "SELECT count(*) FROM audit WHERE action = 'item_result' AND case_no = 'T000000003'
	AND detail LIKE '%-> done: %'")" -eq 1 ] || fail "u3 going to done was not audited"
[ "$(q "$DB" "SELECT count(*) FROM audit WHERE action = 'item_result' AND case_no IS NULL")" -eq 0 ] ||
	fail "an update for an unknown case was audited"

# Out of order: an older result for u3 hukou (seq 7 < 9) arrives after the newer one.
sqlite3 -cmd ".timeout 10000" "$UP_DB" "INSERT INTO updates(seq, uuid, item_id, status, at) VALUES(7, '$u3', 'hukou', 'in_progress', 'x')" 2>/dev/null ||
	sqlite3 -cmd ".timeout 10000" "$UP_DB" "UPDATE updates SET status = 'accepted' WHERE seq = 7"
# Repeat the whole feed: rewind the cursor.
before=$(q "$DB" "SELECT group_concat(case_uuid || item_id || status || COALESCE(result, '') || result_seq, ';') FROM case_items")
before_cases=$(q "$DB" "SELECT group_concat(status) FROM cases")
q "$DB" "DELETE FROM kv WHERE key = 'sync.updates_cursor'" >/dev/null
for r in 1 2 3; do
	out=$(sync_once 2>/dev/null) || fail "repeat sync failed"
	echo "$out" | grep -q "updates applied 0 of" || fail "a repeated update changed something: $out"
done
after=$(q "$DB" "SELECT group_concat(case_uuid || item_id || status || COALESCE(result, '') || result_seq, ';') FROM case_items")
[ "$before" = "$after" ] || fail "repeated updates changed the items"
[ "$before_cases" = "$(q "$DB" "SELECT group_concat(status) FROM cases")" ] || fail "case status changed"
[ "$(q "$DB" "SELECT count(*) FROM audit WHERE action = 'item_result'")" -eq "$audits" ] ||
	fail "repeated updates were audited again"

# An unreachable feed leaves the cursor alone and says so (exit 75).
cursor=$(q "$DB" "SELECT value FROM kv WHERE key = 'sync.updates_cursor'")
kill "$UP_PID_u"
wait "$UP_PID_u" 2>/dev/null || :
rc=0
sync_once >/dev/null 2>&1 || rc=$?
[ "$rc" -eq 75 ] || fail "sync --once with the upstream down exited $rc, expected 75"
[ "$(q "$DB" "SELECT value FROM kv WHERE key = 'sync.updates_cursor'")" = "$cursor" ] ||
	fail "cursor moved without an answer"
echo "1 passed, 0 failed"
