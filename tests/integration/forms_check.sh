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
"$YIJIAN" forms check "$YJ_SRC/forms" >"$tmp/out" 2>&1 || { cat "$tmp/out"; fail "shipped forms do not check"; }
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

echo "$pass passed, 0 failed"
