#!/bin/sh
# Screen test: the whole birth application made with taps alone — SGR 1006
# mouse reports sent to `yijian kiosk` (ui.osk = yes), names and addresses
# spelt in pinyin on the on-screen keyboard, lists tapped — then the case in the
# database with every example answer. Run at 100x30 and at 64x16 (large print:
# 20 pt on a 720p screen), where the keyboard shares the 16 rows with the page,
# the focused field and the keys line. The pane's TERM is tmux's own
# (tmux-256color), whose terminfo announces only X10 reports: the program reads
# SGR reports all the same.
set -eu
: "${YIJIAN:?}" "${YJ_SRC:?}"
command -v tmux >/dev/null || { echo "tmux missing"; exit 1; }
[ -r /usr/share/rime-data/luna_pinyin.dict.yaml ] || { echo "rime-data-luna-pinyin missing"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
# The sanitizer run taps through at 64x16 only: the same code at another size
# costs minutes there and is checked by the gcc run.
sizes="100x30 64x16"
[ "${YJ_SANITIZED:-0}" = 1 ] && sizes=64x16
for size in $sizes; do
	db="$tmp/birth-$size.db"
	no=$(python3 "$YJ_SRC/tests/e2e/kiosk_touch.py" touch birth "$db" --taps-out "$tmp/taps" --size "$size")
	[ -n "$no" ] || { echo "FAIL: no case number ($size)"; exit 1; }
	"$YIJIAN" case show "$no" --json --db "$db" >"$tmp/case.json"
	python3 - "$YJ_SRC/forms/examples/birth.json" "$tmp/case.json" "$size" <<'PY'
import json, sys
ex = json.load(open(sys.argv[1])); case = json.load(open(sys.argv[2]))
a = case["answers"]
bad = [(k, v, a.get(k)) for k, v in ex.items() if a.get(k) != v]
assert case["channel"] == "kiosk", case
assert not bad, "answers differ at %s: %r" % (sys.argv[3], bad[:5])
print("ok - birth by taps alone at %s: case %s stored with all %d example answers"
      % (sys.argv[3], case["case_no"], len(ex)))
PY
	echo "ok - $(cat "$tmp/taps") taps from Home to the rating at $size"
done
