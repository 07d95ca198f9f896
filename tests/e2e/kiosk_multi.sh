#!/bin/sh
# Screen test (tmux, 64x16): the multi-select checklist (tests/e2e/kiosk_multi.py).
set -eu
: "${YIJIAN:?}" "${YJ_SRC:?}"
command -v tmux >/dev/null || { echo "kiosk_multi: tmux missing"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
python3 "$YJ_SRC/tests/e2e/kiosk_multi.py" "$tmp/t.db"
