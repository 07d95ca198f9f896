#!/bin/sh
# Screen test (tmux): see "setup" in tests/e2e/input_lines.py.
set -eu
: "${YIJIAN:?}" "${YJ_SRC:?}"
command -v tmux >/dev/null || { echo "tmux missing"; exit 1; }
[ -r /usr/share/rime-data/build/luna_pinyin.prism.bin ] || { echo "rime-data-luna-pinyin missing"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
python3 "$YJ_SRC/tests/e2e/input_lines.py" setup "$tmp/t.db"
