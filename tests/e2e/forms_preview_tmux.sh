#!/bin/sh
# forms_preview_tmux.sh: `yijian forms preview` draws what the kiosk draws. For
# every shipped thing at 64x16 (the kiosk's smallest) and for one at 80x24, the
# kiosk in tmux filled with the thing's example and the preview with the same
# example give the same Home (the thing chosen), every guide question, every
# form page, the review and the notice, row for row
# (tests/e2e/preview_compare.py). The preview has no database and no input
# method: the sync state at the right of Home's footer and the pinyin switch
# (F8 中/英) at the right of a page's footer are left out of the comparison.
# The comparisons run side by side, each in its own tmux server.
set -eu
: "${YIJIAN:?}" "${YJ_SRC:?}"
command -v tmux >/dev/null || { echo "forms_preview_tmux: tmux missing"; exit 1; }
export LC_ALL=C.UTF-8 TZ=UTC YJ_TODAY=2026-11-23 YIJIAN_FORMS="$YJ_SRC/forms"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
runs=""
for thing in $("$YIJIAN" forms list | cut -d' ' -f1); do
	runs="$runs 64x16-$thing"
done
runs="$runs 80x24-medical"
for r in $runs; do
	mkdir "$T/$r"
	python3 "$YJ_SRC/tests/e2e/preview_compare.py" "${r#*-}" "${r%%-*}" "$T/$r" \
		>"$T/$r.log" 2>&1 &
	echo $! >"$T/$r.pid"
done
pass=0 failed=""
for r in $runs; do
	if wait "$(cat "$T/$r.pid")"; then
		pass=$((pass + 1))
	else
		failed="$failed $r"
	fi
done
for r in $runs; do
	cat "$T/$r.log"
done
for r in $failed; do
	echo "FAIL: ${r#*-} at ${r%%-*}: the preview differs from the kiosk"
done
echo "$pass passed, $(echo $failed | wc -w) failed"
[ -z "$failed" ]
