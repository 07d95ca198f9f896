#!/bin/sh
# Screen test: a full birth, death, retirement and medical application in `yijian kiosk`
# (tmux, 100x30), Home to the case number, then the case in the database with
# the example answers.
set -eu
: "${YIJIAN:?}" "${YJ_SRC:?}"
command -v tmux >/dev/null || { echo "tmux missing"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
for thing in birth death retirement medical; do
	db="$tmp/$thing.db"
	no=$(python3 "$YJ_SRC/tests/e2e/kiosk_driver.py" apply "$thing" "$db" --keys-out "$tmp/$thing.keys")
	[ -n "$no" ] || { echo "FAIL: $thing: no case number"; exit 1; }
	"$YIJIAN" case show "$no" --json --db "$db" >"$tmp/$thing.case.json"
	python3 - "$YJ_SRC/forms/examples/$thing.json" "$tmp/$thing.case.json" "$thing" <<'PY'
import json, sys
ex = json.load(open(sys.argv[1])); case = json.load(open(sys.argv[2]))
a = case["answers"]
# A multi-select answer is stored as the JSON text of its list of codes.
got = lambda k, v: json.loads(a[k]) if isinstance(v, list) and k in a else a.get(k)
bad = [(k, v, a.get(k)) for k, v in ex.items() if got(k, v) != v]
assert case["thing"] == sys.argv[3] and case["channel"] == "kiosk", case
assert not bad, "answers differ: %r" % bad[:5]
print("ok - %s: case %s stored with all %d example answers" % (sys.argv[3], case["case_no"], len(ex)))
PY
	echo "ok - $thing: $(cat "$tmp/$thing.keys") keystrokes from Home to the case number"
done
