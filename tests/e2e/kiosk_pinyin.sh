#!/bin/sh
# Screen test: pinyin typed on a keyboard in a name field of `yijian kiosk` —
# F8 to 中, "zhang" Space "san" and a digit give 张三; - and = page the
# candidates, Backspace edits and Esc cancels the composition; 英 types letters.
set -eu
: "${YIJIAN:?}" "${YJ_SRC:?}"
command -v tmux >/dev/null || { echo "tmux missing"; exit 1; }
[ -r /usr/share/rime-data/build/luna_pinyin.prism.bin ] || { echo "rime-data-luna-pinyin missing"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
python3 "$YJ_SRC/tests/e2e/kiosk_touch.py" pinyin "$tmp/p.db"
