#!/bin/sh
# Screen test (tmux): see "region" in tests/e2e/input_lines.py.
set -eu
: "${YIJIAN:?}" "${YJ_SRC:?}"
command -v tmux >/dev/null || { echo "tmux missing"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
python3 "$YJ_SRC/tests/e2e/input_lines.py" region "$tmp/t.db"
