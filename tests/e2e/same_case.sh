#!/bin/sh
# same_case.sh: one path from answers to a case. The death example entered at
# the kiosk (tmux), with `yijian case submit` and at the counter (F5, tmux) on
# one terminal gives the same stored case — answers JSON, applicant, items,
# departments, everything but uuid, number and times (and, for the counter, its
# channel and clerk). The applicant is the family member who applies, never the
# deceased: in the case, in `case find` and as 申请人 on the kiosk's receipt.
set -eu
: "${YIJIAN:?}" "${YJ_SRC:?}"
for t in tmux python3; do
	command -v "$t" >/dev/null || { echo "same_case: $t is missing" >&2; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
export YJ_TODAY=2026-11-23 LC_ALL=C.UTF-8
db="$tmp/t.db"
printf 'centre_code = 310104\nterminal_id = E2E\nprint.enabled = no\n' >"$db.conf"
yj() { "$YIJIAN" "$@" --config "$db.conf" --db "$db"; }
printf 'admin secret\n' | yj user add boss --name 管理员 --role admin --password-stdin >/dev/null &&
	printf 'admin secret\ncorrect horse\n' | yj user add li01 --name 李明 --admin boss --password-stdin >/dev/null

k=$(python3 "$YJ_SRC/tests/e2e/kiosk_driver.py" apply death "$db")
c=$(yj case submit death --answers "$YJ_SRC/forms/examples/death.json")
w=$(python3 "$YJ_SRC/tests/e2e/kiosk_driver.py" scenario_counter_apply death "$db")
for no in "$k" "$c" "$w"; do
	[ -n "$no" ] || { echo "FAIL: a case number is missing (kiosk '$k', cli '$c', counter '$w')"; exit 1; }
	yj case show "$no" --json >"$tmp/$no.json"
done
python3 - "$tmp/$k.json" "$tmp/$c.json" "$tmp/$w.json" <<'PY'
import json, sys
k, c, w = (json.load(open(p)) for p in sys.argv[1:])
def strip(case, origin=True):
    case = json.loads(json.dumps(case))
    for key in ("uuid", "case_no", "submitted_at", "updated_at"):
        case.pop(key)
    if not origin:
        for key in ("channel", "clerk_id", "helper_id"):
            case.pop(key)
    for it in case["items"]:
        it.pop("updated_at")
    return json.dumps(case, ensure_ascii=False)  # key order kept: answers order counts
assert k["channel"] == c["channel"] == "kiosk", (k["channel"], c["channel"])
assert strip(k) == strip(c), "kiosk and case submit differ:\n%s\n%s" % (strip(k), strip(c))
print("ok - kiosk and case submit store the same death case (%d answers, %d items)"
      % (len(k["answers"]), len(k["items"])))
assert w["channel"] == "counter" and w["clerk_id"] == "li01", w
assert strip(k, False) == strip(w, False), "kiosk and counter differ:\n%s\n%s" % (strip(k, False), strip(w, False))
print("ok - the counter's F5 stores the same case, with channel counter and clerk li01")
for case in (k, c, w):
    assert case["applicant_name"] == "张丽" and case["applicant_id"] == "31010619680722048X", case
    assert all(it["dept"] and it["dept"] != "unknown" for it in case["items"]), case["items"]
print("ok - the applicant is the family member 张丽 in all three")
PY
n=$(yj case find 31010619680722048X 2>/dev/null | grep -c .)
[ "$n" = 3 ] || { echo "FAIL: case find by the family member's ID found $n of 3"; exit 1; }
n=$(yj case find 310106194103150138 2>/dev/null | grep -c . || true)
[ "$n" = 0 ] || { echo "FAIL: case find by the deceased's ID found $n"; exit 1; }
echo "ok - case find: the family member's ID finds all three, the deceased's none"
yj receipt "$k" --format text >"$tmp/receipt.txt"
grep '申请人' "$tmp/receipt.txt" | grep -q '张丽' ||
	{ echo "FAIL: the receipt does not name 张丽 as 申请人"; cat "$tmp/receipt.txt"; exit 1; }
if grep '申请人' "$tmp/receipt.txt" | grep -q '张国华'; then
	echo "FAIL: the receipt names the deceased as 申请人"
	exit 1
fi
grep -q '310106\*\*\*\*\*\*\*\*048X' "$tmp/receipt.txt" ||
	{ echo "FAIL: the receipt does not show the family member's ID masked"; cat "$tmp/receipt.txt"; exit 1; }
echo "ok - the kiosk's receipt names the family member 张丽 as 申请人, ID masked"
