#!/bin/sh
# End to end with the real store: cases submitted with `yijian case submit` go
# upstream with their answers and one section per department (the payload frozen
# at submit), and a department's result comes back to the real case item.
set -eu
. "$YJ_SRC/tests/upstream/lib.sh"

up_start s
DB="$WORK/local.db"
for t in birth death retirement; do
	"$YIJIAN" case submit "$t" --answers "$YJ_SRC/forms/examples/$t.json" --db "$DB" \
		>"$WORK/submit.out" 2>&1 || fail "case submit $t: $(cat "$WORK/submit.out")"
done
CONF="$WORK/sync.conf"
write_conf "$CONF" sync.timeout_ms=3000
BASE="http://127.0.0.1:$UP_PORT"
"$YIJIAN" sync --once --config "$CONF" --db "$DB" --upstream "$BASE" >/dev/null ||
	fail "sync --once failed"
check_exactly_once "$DB" "$UP_DB"
# What arrived is the case itself, split by department.
python3 - "$UP_DB" "$DB" <<'PY' || fail "upstream bodies do not match the local cases"
import json, sqlite3, sys
up = sqlite3.connect(sys.argv[1])
local = sqlite3.connect(sys.argv[2])
cases = {u: (no, thing) for u, no, thing in local.execute("SELECT uuid, case_no, thing FROM cases")}
rows = up.execute("SELECT idem_key, body FROM received").fetchall()
assert len(rows) == len(cases) == 3, (len(rows), len(cases))
for key, body in rows:
    b = json.loads(body)
    assert key == "%s:%d" % (b["uuid"], b["revision"]), key
    assert (b["case_no"], b["thing"]) == cases[b["uuid"]], b["case_no"]
    assert isinstance(b["answers"], dict) and b["answers"], "answers"
    assert b["departments"] and all(isinstance(s.get("items"), list) and s["items"]
                                    for s in b["departments"].values()), b["departments"]
    print(b["thing"], "->", ", ".join(sorted(b["departments"])))
PY
uuid=$(q "$DB" "SELECT case_uuid FROM case_items ORDER BY rowid LIMIT 1")
item=$(q "$DB" "SELECT item_id FROM case_items WHERE case_uuid = '$uuid' ORDER BY rowid LIMIT 1")
up_ctl "$UP_PORT" /control/publish "{\"updates\":[{\"uuid\":\"$uuid\",\"item_id\":\"$item\",\"status\":\"certificate_issued\",\"result\":\"No.0001\"}]}" >/dev/null
"$YIJIAN" sync --once --config "$CONF" --db "$DB" --upstream "$BASE" | grep -q "updates applied 1 of 1" ||
	fail "the update was not applied"
[ "$(q "$DB" "SELECT status || ' ' || result FROM case_items WHERE case_uuid = '$uuid' AND item_id = '$item'")" = "certificate_issued No.0001" ] ||
	fail "the case item did not change"
# The terminal the upstream is told is terminal_id, which has no default: without
# it sync sends nothing and says which key to set (no host name in its place).
write_conf "$WORK/noid.conf" sync.timeout_ms=3000
rc=0
YIJIAN_CONFIG="$WORK/noid.conf" "$YIJIAN" sync --once --db "$DB" --upstream "$BASE" >"$WORK/noid.out" 2>&1 || rc=$?
[ "$rc" -ne 0 ] && grep -q "terminal_id" "$WORK/noid.out" ||
	fail "sync without terminal_id: exit $rc, $(cat "$WORK/noid.out")"
echo "2 passed, 0 failed"
