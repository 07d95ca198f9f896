#!/bin/sh
# export_hostile.sh: `case export --format json` and `case list --json` over
# cases whose stored data is hostile — bytes that are no UTF-8, control
# characters, quotes and backslashes, a 3 MB answer, answers stored in another
# form than the canonical one, departments that are no JSON, a purged case.
# Python's json (on strictly decoded UTF-8) must read every byte of it; each
# element must be in the canonical compact form; the listing, the export and
# `case show --json` of each case must agree byte for byte; damaged answers
# still stop the export (exit 1, the array left open).
set -eu
: "${YIJIAN:?}" "${YJ_SRC:?}"
command -v sqlite3 >/dev/null || { echo "export_hostile: sqlite3 is missing" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
export YIJIAN_FORMS="$YJ_SRC/forms" YIJIAN_DATA="$YJ_SRC/data" YJ_TODAY=2026-11-23 LC_ALL=C.UTF-8
printf 'centre_code = 310104\nterminal_id = H01\nholidays_file = /nonexistent\n' >"$tmp/conf"
export YIJIAN_CONFIG="$tmp/conf"
db=$tmp/h.db
fails=0
ok() { echo "ok - $1"; }
bad() {
	echo "FAIL - $1"
	fails=$((fails + 1))
}

for k in A B C D; do
	no=$("$YIJIAN" case submit birth --answers "$YJ_SRC/forms/examples/birth.json" --db "$db")
	eval "no$k=\$no"
done
# A: a name that is no UTF-8, a clerk id with control characters, quotes and a
# backslash, answers stored indented with \u escapes and an escaped slash
# B: a 3 MB answer (copied as stored), departments that are no JSON and no UTF-8
# C: purged-like (no answers, no departments), item results that are no UTF-8
sqlite3 "$db" "
UPDATE cases SET applicant_name = CAST(X'E78E8BFF41' AS TEXT),
  clerk_id = 'a' || char(1) || char(31) || char(127) || '\"q\"\\/',
  answers_json = '{
  \"mother.name\": \"\\u738B\\u5c0f\\u7ea2\",  \"x\": \"a\\/b\", \"t\": \"tab\\tend\"
}' WHERE case_no = '$noA';
UPDATE cases SET answers_json = '{\"big\":\"' || replace(hex(zeroblob(500000)), '0', '字') || '\"}',
  departments_json = CAST(X'6E6F74206A736F6E01FF' AS TEXT) WHERE case_no = '$noB';
UPDATE cases SET answers_json = NULL, departments_json = NULL WHERE case_no = '$noC';
UPDATE case_items SET result = CAST(X'E8AF81FE0A22' AS TEXT)
  WHERE case_uuid = (SELECT uuid FROM cases WHERE case_no = '$noC');"

rc=0
"$YIJIAN" case export --format json --db "$db" >"$tmp/x.json" 2>"$tmp/err" || rc=$?
if [ "$rc" = 0 ]; then ok "export exits 0"; else bad "export exits $rc: $(cat "$tmp/err")"; fi
rc=0
"$YIJIAN" case list --json --db "$db" >"$tmp/l.json" 2>"$tmp/err" || rc=$?
if [ "$rc" = 0 ]; then ok "list --json exits 0"; else bad "list --json exits $rc: $(cat "$tmp/err")"; fi
if cmp -s "$tmp/x.json" "$tmp/l.json"; then ok "list --json = export"; else bad "list --json differs from export"; fi
for k in A B C D; do
	eval "no=\$no$k"
	"$YIJIAN" case show "$no" --json --db "$db" >"$tmp/show$k.json"
done

python3 - "$tmp" "$noA" "$noB" "$noC" "$noD" <<'EOP' || fails=$((fails + 1))
import json, re, sys
tmp, nos = sys.argv[1], dict(zip("ABCD", sys.argv[2:]))
bad = 0
def check(what, cond):
    global bad
    print(("ok - " if cond else "FAIL - ") + what)
    bad += 0 if cond else 1
raw = open(tmp + "/x.json", "rb").read()
text = raw.decode("utf-8")  # strict: raises on any byte that is no UTF-8
cases = json.loads(text)
check("export reads as JSON: 4 cases", len(cases) == 4)
# the array is "[\n" elem (",\n" elem)* "\n]\n": each element in the canonical
# compact form (what jansson writes: no spaces, \u00XX in upper case, the rest
# as it is)
assert text.startswith("[\n") and text.endswith("\n]\n")
elems = text[2:-3].split(",\n")
def canonical(v):
    s = json.dumps(v, ensure_ascii=False, separators=(",", ":"))
    return re.sub(r"\\u00([0-9a-f]{2})", lambda m: "\\u00" + m.group(1).upper(), s)
check("one element per line", len(elems) == 4)
for e in elems:
    check("element in canonical form: " + json.loads(e)["case_no"], canonical(json.loads(e)) == e)
by = {c["case_no"]: c for c in cases}
a, b, c, d = (by[nos[k]] for k in "ABCD")
check("a name that is no UTF-8: U+FFFD for the bad byte", a["applicant_name"] == "王\ufffdA")
check("control characters, quotes, backslash, slash", a["clerk_id"] == 'a\x01\x1f\x7f"q"\\/')
check("answers stored otherwise: read and written canonically",
      a["answers"] == {"mother.name": "王小红", "x": "a/b", "t": "tab\tend"})
check("3 MB answer whole", b["answers"] == {"big": "字" * 1000000})
check("departments that are no JSON: a string, bad byte replaced",
      b["departments"] == "not json\x01\ufffd")
check("no answers: {}", c["answers"] == {} and c["departments"] is None)
check("item results that are no UTF-8", all(i["result"] == "证\ufffd\n\"" for i in c["items"]))
check("an untouched case: answers and items", d["answers"].get("mother.name") and len(d["items"]) > 0)
for k in "ABCD":
    show = open("%s/show%s.json" % (tmp, k), encoding="utf-8").read()
    check("show --json = its export element: " + k, show == [e for e in elems if nos[k] in e][0] + "\n")
sys.exit(1 if bad else 0)
EOP

# damaged answers (no UTF-8 inside the JSON text): the export stops, exit 1,
# what was printed is not a whole array
cp "$db" "$tmp/d.db"
sqlite3 "$tmp/d.db" "UPDATE cases SET answers_json = CAST(X'7B2261223A2201FF227D' AS TEXT)
  WHERE case_no = '$noB'"
rc=0
"$YIJIAN" case export --format json --db "$tmp/d.db" >"$tmp/d.json" 2>"$tmp/err" || rc=$?
if [ "$rc" = 1 ] && grep -q "答案数据已损坏" "$tmp/err"; then ok "damaged answers: exit 1, said"; else
	bad "damaged answers: exit $rc ($(cat "$tmp/err"))"
fi
if python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$tmp/d.json" 2>/dev/null; then
	bad "damaged answers: the output reads as a whole array"
else
	ok "damaged answers: the array is left open"
fi

[ "$fails" = 0 ] || { echo "export_hostile: $fails failed"; exit 1; }
echo "export_hostile: all passed"
