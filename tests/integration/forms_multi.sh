#!/bin/sh
# forms_multi.sh: a multi-select field ("type": "multi") in a copy of the shipped
# forms (medical gets "treatment.kinds", at least one): `forms check --strict`
# passes with it (its generated answers included), `forms show` lists it,
# `case submit` stores the example's list of codes and refuses an unknown code
# with the field's label and the code. `forms show` lists the choices of multi
# fields (with their bounds) and of select fields, guide questions included; the
# shipped death form's deposit banks are a multi over the bank list.
set -eu
: "${YIJIAN:?}" "${YJ_SRC:?}"
export LC_ALL=C.UTF-8 TZ=UTC YJ_TODAY=2026-11-23
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
fail() { echo "FAIL: $*"; exit 1; }
cp -r "$YJ_SRC/forms" "$T/forms"
python3 - "$T/forms" <<'PY'
import json, sys
d = sys.argv[1]
def rw(p, f):
    j = json.load(open(p)); f(j); json.dump(j, open(p, "w"), ensure_ascii=False, indent=1)
lab = lambda zh, tw, en: {"zh_CN": zh, "zh_TW": tw, "en": en}
def fields(j):
    (j["fields"] if "fields" in j else j)["treatment.kinds"] = {
        "type": "multi", "label": lab("费用类别", "費用類別", "Kinds of cost"), "min": 1,
        "choices": [{"value": "drug", "label": lab("药品", "藥品", "Drugs")},
                    {"value": "bed", "label": lab("床位", "床位", "Bed")}]}
rw(d + "/fields.json", fields)
rw(d + "/things/medical.json", lambda t: [s["fields"].append("treatment.kinds")
                                          for s in t["sections"] if s["id"] == "treatment"])
rw(d + "/items/medical.reimbursement.json", lambda i: i["fields"].append("treatment.kinds"))
rw(d + "/examples/medical.json", lambda e: e.update({"treatment.kinds": ["drug", "bed"]}))
e = json.load(open(d + "/examples/medical.json"))
e["treatment.kinds"] = ["drug", "xx"]
json.dump(e, open(d + "/../bad.json", "w"), ensure_ascii=False)
e["treatment.kinds"] = []
json.dump(e, open(d + "/../none.json", "w"), ensure_ascii=False)
PY
export YIJIAN_FORMS="$T/forms"
"$YIJIAN" forms check --strict "$T/forms" >"$T/check.out" 2>&1 || fail "forms check: $(cat "$T/check.out")"
echo "ok - forms check --strict passes with a multi field"
"$YIJIAN" forms show medical >"$T/show.out" 2>&1
grep -q 'treatment.kinds *multi *费用类别' "$T/show.out" || fail "forms show: $(cat "$T/show.out")"
grep -q '^ *choices (2, tick at least 1): drug 药品, bed 床位$' "$T/show.out" ||
	fail "forms show choices of the multi: $(cat "$T/show.out")"
grep -q '^ *choices (2): outpatient 门诊.*, inpatient 住院' "$T/show.out" ||
	fail "forms show choices of a select: $(cat "$T/show.out")"
echo "ok - forms show lists the multi field and the choices of multi and select fields"
YIJIAN_FORMS="$YJ_SRC/forms" "$YIJIAN" forms show death >"$T/death.out" 2>&1
grep -q 'deposit.banks *multi *存款所在银行' "$T/death.out" &&
	grep -A1 'deposit.banks *multi' "$T/death.out" | grep -q 'choices (17, tick at least 1): icbc 中国工商银行,' &&
	grep -q 'other 其他银行$' "$T/death.out" &&
	grep -A1 'guide.death_category' "$T/death.out" | grep -q 'choices (3): in_hospital ' ||
	fail "forms show death: $(cat "$T/death.out")"
echo "ok - the shipped death form: deposit banks a multi, its 17 choices listed; guide choices too"
no=$("$YIJIAN" case submit medical --answers "$T/forms/examples/medical.json" --db "$T/t.db")
"$YIJIAN" case show "$no" --json --db "$T/t.db" >"$T/case.json"
python3 -c 'import json,sys; a=json.load(open(sys.argv[1]))["answers"]; assert json.loads(a["treatment.kinds"]) == ["drug","bed"], a.get("treatment.kinds")' "$T/case.json" ||
	fail "stored answer"
echo "ok - case submit stores the list of codes"
if "$YIJIAN" case submit medical --answers "$T/bad.json" --db "$T/t.db" >"$T/bad.out" 2>&1; then
	fail "an unknown code was accepted"
fi
grep -q '费用类别.*“xx”不是这一项的选项' "$T/bad.out" || fail "message: $(cat "$T/bad.out")"
if "$YIJIAN" case submit medical --answers "$T/none.json" --db "$T/t.db" >"$T/none.out" 2>&1; then
	fail "no code chosen was accepted (min 1)"
fi
grep -q '费用类别' "$T/none.out" || fail "message: $(cat "$T/none.out")"
echo "ok - case submit refuses an unknown code and fewer than min"
echo "5 passed, 0 failed"
