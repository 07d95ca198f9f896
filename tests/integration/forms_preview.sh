#!/bin/sh
# forms_preview.sh: `yijian forms preview` draws every kiosk screen of every
# shipped thing with the kiosk's own code on a virtual 64x16 terminal: each
# screen is 16 rows of at most 64 columns, Home shows the thing, there is one
# page per section the example fills, and --lang and --size are honoured.
set -eu
: "${YIJIAN:?}" "${YJ_SRC:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
export YJ_TODAY=2026-11-23 LC_ALL=C.UTF-8
pass=0
for thing in $("$YIJIAN" forms list --forms "$YJ_SRC/forms" | cut -d' ' -f1); do
	"$YIJIAN" forms preview "$thing" --forms "$YJ_SRC/forms" >"$tmp/$thing.txt" ||
		fail "$thing: preview failed"
	"$YIJIAN" forms plan "$thing" --json --forms "$YJ_SRC/forms" \
		--answers "$YJ_SRC/forms/examples/$thing.json" >"$tmp/$thing.plan.json"
	python3 - "$tmp/$thing.txt" "$tmp/$thing.plan.json" "$YJ_SRC/forms/things/$thing.json" <<'PY'
import json, sys, unicodedata
text = open(sys.argv[1], encoding="utf-8").read().split("\n")
plan = json.load(open(sys.argv[2])); thing = json.load(open(sys.argv[3]))
def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
screens, cur = [], None
for line in text:
    if line.startswith("=== ") and line.endswith(" ==="):
        cur = [line[4:-4], []]
        screens.append(cur)
    elif cur is not None:
        cur[1].append(line)
for name, rows in screens:
    rows = rows[:-1] if rows and rows[-1] == "" and len(rows) == 17 else rows
    assert len(rows) == 16, "%s: %d rows" % (name, len(rows))
    wide = [r for r in rows if width(r) > 64]
    assert not wide, "%s: a row wider than 64 columns: %r" % (name, wide[0])
names = [n for n, _ in screens]
assert names[0] == "Home" and names[-1] == "review", names
home = "\n".join(screens[0][1])
assert thing["label"]["zh_CN"] in home, "Home does not show %s" % thing["label"]["zh_CN"]
pages = [n for n in names if n.startswith("page ")]
assert len(pages) == len(plan["sections"]), (pages, len(plan["sections"]))
assert any(n.startswith("guide ") for n in names), names
print("ok - %s: %d screens at 64x16" % (thing["id"], len(screens)))
PY
	pass=$((pass + 1))
done

"$YIJIAN" forms preview medical --lang en --size 80x24 --forms "$YJ_SRC/forms" >"$tmp/en.txt"
grep -q 'Medical bills' "$tmp/en.txt" || fail "--lang en: no English label"
sed -n '/=== Home ===/,/=== guide/p' "$tmp/en.txt" | grep -c '' | grep -qx 26 || fail "--size 80x24: not 24 rows"
pass=$((pass + 1))

set +e
"$YIJIAN" forms preview medical --size 10x3 --forms "$YJ_SRC/forms" >/dev/null 2>&1
rc=$?
set -e
[ $rc -eq 2 ] || fail "a size too small: exit $rc, expected 2"
pass=$((pass + 1))
echo "$pass passed, 0 failed"
