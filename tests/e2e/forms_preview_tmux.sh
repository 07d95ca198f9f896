#!/bin/sh
# forms_preview_tmux.sh: `yijian forms preview` draws what the kiosk draws. For
# every shipped thing, the kiosk in tmux and the preview at the same size —
# 64x16, the kiosk's smallest, and 80x24 — give the same Home (the thing
# chosen), every guide question (answered as in the thing's example), the
# notice and the first form page, row for row (tests/e2e/preview_compare.py).
# The preview has no database and no input method: the sync state at the right
# of Home's footer and the pinyin switch (F8 中/英) at the right of a page's
# footer are left out of the comparison.
set -eu
: "${YIJIAN:?}" "${YJ_SRC:?}"
command -v tmux >/dev/null || { echo "forms_preview_tmux: tmux missing"; exit 1; }
export LC_ALL=C.UTF-8 TZ=UTC YJ_TODAY=2026-11-23 YIJIAN_FORMS="$YJ_SRC/forms"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
pass=0
for size in 64x16 80x24; do
	for thing in $("$YIJIAN" forms list | cut -d' ' -f1); do
		mkdir "$T/$size-$thing"
		python3 "$YJ_SRC/tests/e2e/preview_compare.py" "$thing" "$size" "$T/$size-$thing" ||
			{ echo "FAIL: $thing at $size: the preview differs from the kiosk"; exit 1; }
		pass=$((pass + 1))
	done
done
echo "$pass passed, 0 failed"
