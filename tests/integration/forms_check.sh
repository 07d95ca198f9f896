#!/bin/sh
# `yijian forms check` on the shipped set and on broken copies: every problem
# is reported with file:line:col, nothing crashes, the exit status says it.
set -eu
: "${YIJIAN:?}" "${YJ_SRC:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
pass=0

# The shipped forms and the mini fixture load cleanly.
# CI holds the shipped forms to --strict: no warning either.
"$YIJIAN" forms check --strict "$YJ_SRC/forms" >"$tmp/out" 2>&1 || { cat "$tmp/out"; fail "shipped forms do not check --strict"; }
grep -q '^ok:' "$tmp/out" || fail "no ok line"
"$YIJIAN" forms check "$YJ_SRC/tests/fixtures/forms-mini" >/dev/null || fail "mini set"
pass=$((pass + 1))

# expect CASE PATTERN: the broken copy fails with exit 1 and a located message.
expect() {
	name=$1 pattern=$2
	set +e
	"$YIJIAN" forms check "$tmp/$name" >"$tmp/$name.out" 2>&1
	rc=$?
	set -e
	[ $rc -eq 1 ] || { cat "$tmp/$name.out"; fail "$name: exit $rc, expected 1"; }
	grep -Eq "$pattern" "$tmp/$name.out" || { cat "$tmp/$name.out"; fail "$name: no message matching /$pattern/"; }
	pass=$((pass + 1))
}
copy() { rm -rf "$tmp/$1"; cp -r "$YJ_SRC/tests/fixtures/forms-mini" "$tmp/$1"; }
# mutate FILE SED-EXPRESSION: edit a copy, and make sure the edit happened.
mutate() {
	cp "$1" "$1.orig"
	sed -i "$2" "$1"
	! cmp -s "$1" "$1.orig" || fail "the edit '$2' did not apply to $1"
	rm "$1.orig"
}

copy badjson
printf '{"fields": {"a.b": {"type": "text",, }}}' >"$tmp/badjson/fields.json"
expect badjson 'fields.json:1:[0-9]+: invalid JSON'

copy unknownfield
mutate "$tmp/unknownfield/items/b.json" 's/^  "mother.name",$/  "mother.nmae",/'
expect unknownfield 'items/b.json:[0-9]+:[0-9]+: unknown field id "mother.nmae"'

copy unknowntype
mutate "$tmp/unknowntype/fields.json" 's/"type": "date"/"type": "dait"/'
expect unknowntype 'fields.json:[0-9]+:[0-9]+: unknown field type "dait"'

copy badexpr
mutate "$tmp/badexpr/things/birth.json" 's/len(mother.name) < 10/len(mother.name) < < 10/'
expect badexpr 'birth.json:[0-9]+:[0-9]+: expression .* does not compile'

copy sandbox
mutate "$tmp/sandbox/things/birth.json" 's/idcard_gender(mother.id_number)/os.execute(mother.id_number)/'
expect sandbox "unknown name 'os'"

copy cycle
mutate "$tmp/cycle/items/a.json" 's/"time_limit_days": 0,/"time_limit_days": 0, "depends_on": ["birth.reg"],/'
expect cycle 'cycle: birth\.(cert|reg) -> birth\.(reg|cert) -> birth\.(cert|reg)'

copy unplaced
python3 - "$tmp/unplaced/things/birth.json" <<'PY'
import json, sys
p = sys.argv[1]; t = json.load(open(p))
t["sections"][0]["fields"].remove("baby.birth_date")
json.dump(t, open(p, "w"), ensure_ascii=False)
PY
expect unplaced 'field "baby.birth_date" of item "birth.cert" is in no section'

copy missing
rm "$tmp/missing/fields.json"
expect missing 'fields.json: cannot read'

copy notutf8
printf '{"departments": {"police": {"label": "\377\376"}}}' >"$tmp/notutf8/departments.json"
expect notutf8 'departments.json:[0-9]+:[0-9]+: invalid JSON'

# Broken copies of the shipped set (issue 17): each mistake is one located
# message. shipped NAME: a fresh copy of forms/.
shipped() { rm -rf "$tmp/$1"; cp -r "$YJ_SRC/forms" "$tmp/$1"; }
# one NAME: exactly one problem is reported.
one() {
	n=$(grep -c ': ' "$tmp/$1.out" | tr -d ' ')
	[ "$n" -eq 2 ] || { cat "$tmp/$1.out"; fail "$1: $n lines, expected one problem and the summary"; }
}

# A rule without a filled() guard: proved over no answers, located at its expr.
shipped unguarded
mutate "$tmp/unguarded/things/medical.json" 's/"expr": "not filled(treatment.total) or num(treatment.total) <= 200000"/"expr": "treatment.end_date >= treatment.start_date"/'
expect unguarded 'things/medical.json:[0-9]+:[0-9]+: expression "treatment.end_date >= treatment.start_date" cannot be computed with no answers: attempt to compare .*filled'
one unguarded

# Guarded in the example's way only: fails when the guide is answered alone.
shipped halfguarded
mutate "$tmp/halfguarded/things/medical.json" 's/"expr": "not filled(treatment.total) or num(treatment.total) <= 200000"/"expr": "not yes(guide.assistance_recipient) or num(treatment.total) <= 200000"/'
expect halfguarded 'things/medical.json:[0-9]+:[0-9]+: expression .* cannot be computed when only guide.[a-z_]+ is answered \("yes"\): attempt to compare nil with number'
one halfguarded

# A material's when that breaks on the example (a number compared with a string).
shipped material
mutate "$tmp/material/items/medical.reimbursement.json" 's/"when": "treatment.kind == \\"inpatient\\""/"when": "filled(treatment.total) and num(treatment.total) > treatment.hospital"/'
expect material 'items/medical.reimbursement.json:[0-9]+:[0-9]+: expression .* cannot be computed'

# != in a condition: Lua's words and the fix.
shipped notequal
mutate "$tmp/notequal/things/medical.json" 's/treatment.kind == \\"outpatient\\"/treatment.kind != \\"outpatient\\"/'
expect notequal 'things/medical.json:[0-9]+:[0-9]+: expression .* does not compile: .*not equal is ~= in Lua'
one notequal

# A missing comma: the JSON error only, not what follows from the unread item.
shipped comma
mutate "$tmp/comma/items/medical.reimbursement.json" '0,/"department": "medical_insurance",/s//"department": "medical_insurance"/'
expect comma 'items/medical.reimbursement.json:5:[0-9]+: invalid JSON'
one comma

# A cycle across two things' items, located at the depends_on entry.
shipped cycle2
mutate "$tmp/cycle2/items/medical.reimbursement.json" 's/"time_limit_days": 20,/"time_limit_days": 20, "depends_on": ["medical.assistance"],/'
expect cycle2 'items/medical.(reimbursement|assistance).json:[0-9]+:[0-9]+: items depend on each other in a cycle'
one cycle2

# An unknown predecessor, located.
shipped unknowndep
mutate "$tmp/unknowndep/items/medical.assistance.json" 's/"depends_on": \["medical.reimbursement"\]/"depends_on": ["medical.reimbursment"]/'
expect unknowndep 'items/medical.assistance.json:6:[0-9]+: item "medical.assistance" depends on unknown item "medical.reimbursment"'

# A field in two sections, and a section field no item asks: located in the section.
shipped twice
mutate "$tmp/twice/things/medical.json" 's/"fields": \["payee.bank", "payee.bank_account"\]/"fields": ["payee.bank", "payee.bank_account", "patient.mobile"]/'
expect twice 'things/medical.json:[0-9]+:[0-9]+: thing "medical": field "patient.mobile" is placed in more than one section'
shipped noitem
mutate "$tmp/noitem/things/medical.json" 's/"fields": \["payee.bank", "payee.bank_account"\]/"fields": ["payee.bank", "payee.bank_account", "retiree.post"]/'
expect noitem 'things/medical.json:[0-9]+:[0-9]+: thing "medical": section "payment" lists "retiree.post", which no item'

# Warnings: exit 0 and listed; --strict makes them errors.
# warns NAME WHERE MESSAGE (both regular expressions)
warns() {
	name=$1 where=$2 pattern=$3
	"$YIJIAN" forms check "$tmp/$name" >"$tmp/$name.out" 2>&1 || { cat "$tmp/$name.out"; fail "$name: a warning failed the check"; }
	grep -Eq "$where: warning: $pattern" "$tmp/$name.out" || { cat "$tmp/$name.out"; fail "$name: no warning /$pattern/"; }
	set +e
	"$YIJIAN" forms check --strict "$tmp/$name" >"$tmp/$name.strict" 2>&1
	rc=$?
	set -e
	[ $rc -eq 1 ] || { cat "$tmp/$name.strict"; fail "$name: --strict exit $rc, expected 1"; }
	grep -Eq "$where: error \(--strict\): $pattern" "$tmp/$name.strict" || fail "$name: --strict did not list it"
	pass=$((pass + 1))
}
shipped unused
python3 - "$tmp/unused/fields.json" <<'PY2'
import json, sys
p = sys.argv[1]; d = json.load(open(p))
d["fields"]["gas.safety_visit"] = {"type": "date", "label": {"zh_CN": "安检日期"}}
json.dump(d, open(p, "w"), ensure_ascii=False, indent=1)
PY2
warns unused 'fields.json:[0-9]+:[0-9]+' 'field "gas.safety_visit" is defined but no item or guide asks it'

shipped filename
mv "$tmp/filename/items/medical.assistance.json" "$tmp/filename/items/medical.aid.json"
warns filename 'items/medical.aid.json:2:[0-9]+' 'the file is named "medical.aid.json" but the item.s id is "medical.assistance"'

shipped examplekey
mutate "$tmp/examplekey/examples/medical.json" 's/"patient.mobile": "13817264590",/"patient.mobile": "13817264590", "retiree.post": "worker",/'
warns examplekey 'examples/medical.json:[0-9]+:[0-9]+' '"retiree.post" is not a field of "medical"'

shipped derivednobody
mutate "$tmp/derivednobody/things/medical.json" 's/{"field": "patient.gender", "expr": "idcard_gender(patient.id_number)"}/{"field": "patient.gender", "expr": "idcard_gender(patient.id_number)"}, {"field": "retiree.gender", "expr": "idcard_gender(patient.id_number)"}/'
warns derivednobody 'things/medical.json:[0-9]+:[0-9]+' 'derived field "retiree.gender" is not a field of any item'

shipped widelabel
mutate "$tmp/widelabel/things/medical.json" 's/"en": "Medical bills"/"en": "Medical bills paid in advance, refunded"/'
warns widelabel 'things/medical.json:3:[0-9]+' 'the label on Home \(en\) is 39 columns wide, more than the 21'

# At run time (a set that loads but was never checked): the rule that cannot be
# computed does not block, its text never reaches the citizen, and staff see it
# in the plan, in the case's audit row and in `doctor`.
shipped runtime
mutate "$tmp/runtime/things/medical.json" 's/"expr": "not filled(treatment.total) or num(treatment.total) <= 200000"/"expr": "num(treatment.total) <= num(assistance.certificate_number)"/'
export YJ_TODAY=2026-11-23
"$YIJIAN" forms plan medical --forms "$tmp/runtime" --answers "$YJ_SRC/forms/examples/medical.json" >"$tmp/runtime.out" 2>&1 ||
	{ cat "$tmp/runtime.out"; fail "runtime: a rule that cannot be computed blocked the plan"; }
sed -n '/^problems/,/^expressions/p' "$tmp/runtime.out" | grep -q 'assistance.certificate_number' &&
	fail "runtime: the expression is shown among the citizen's problems"
grep -q '^expressions that could not be computed' "$tmp/runtime.out" || fail "runtime: not listed for staff"
grep -q 'medical: "num(treatment.total) <= num(assistance.certificate_number)": .*compare' "$tmp/runtime.out" ||
	{ cat "$tmp/runtime.out"; fail "runtime: the staff line"; }
printf 'centre_code = 310104\nterminal_id = C09\nholidays_file = /nonexistent\n' >"$tmp/runtime.conf"
YIJIAN_CONFIG="$tmp/runtime.conf" YIJIAN_DATA="$YJ_SRC/data" "$YIJIAN" case submit medical --forms "$tmp/runtime" \
	--answers "$YJ_SRC/forms/examples/medical.json" --db "$tmp/runtime.db" >"$tmp/runtime.no" 2>&1 ||
	{ cat "$tmp/runtime.no"; fail "runtime: case submit"; }
set +e
YIJIAN_CONFIG="$tmp/runtime.conf" YIJIAN_DATA="$YJ_SRC/data" "$YIJIAN" doctor --json --forms "$tmp/runtime" \
	--db "$tmp/runtime.db" >"$tmp/runtime.doctor" 2>&1
set -e
grep -q '1 个办件遇到无法计算的表单表达式' "$tmp/runtime.doctor" || { cat "$tmp/runtime.doctor"; fail "runtime: doctor"; }
pass=$((pass + 1))

# A pattern that is not a Lua pattern: located at the field's pattern.
shipped badpattern
mutate "$tmp/badpattern/fields.json" 's/"pattern": "%u%u%d%d%d%d%d+"/"pattern": "%u%u[%d+"/'
expect badpattern 'fields.json:[0-9]+:[0-9]+: expression .*assistance.certificate_number.* cannot be computed .*malformed pattern'
one badpattern
shipped anchored
mutate "$tmp/anchored/fields.json" 's/"pattern": "%u%u%d%d%d%d%d+"/"pattern": "^%u%u%d+$"/'
expect anchored 'fields.json:[0-9]+:[0-9]+: the pattern is matched against the whole answer: leave out \^ and \$'

# forms show lists the whole thing: guide whens, dependencies, derived, rules, materials.
"$YIJIAN" forms show medical --forms "$YJ_SRC/forms" >"$tmp/show.out"
for want in 'guide (3 question' 'when yes(guide.paid_in_advance)' 'after medical.reimbursement' \
	'patient.gender .*(derived, read-only)' 'patient.gender *= idcard_gender(patient.id_number)' \
	'outpatient_one_day (error) when treatment.kind == "outpatient"' \
	'discharge_summary .*when treatment.kind == "inpatient"' 'settlement_statement .*e-licence'; do
	grep -q -- "$want" "$tmp/show.out" || { cat "$tmp/show.out"; fail "forms show: no /$want/"; }
done
pass=$((pass + 1))

echo "$pass passed, 0 failed"
