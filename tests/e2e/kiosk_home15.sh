#!/bin/sh
# Screen test (tmux, 100x30): see scenario_home15 in kiosk_driver.py.
set -eu
: "${YIJIAN:?}" "${YJ_SRC:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
python3 "$YJ_SRC/tests/e2e/kiosk_driver.py" scenario_home15 "$tmp/t.db"
