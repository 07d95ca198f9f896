#!/bin/sh
# Screen test (tmux): see scenario_guide in kiosk15_scenarios.py (issue 15).
set -eu
: "${YIJIAN:?}" "${YJ_SRC:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
python3 "$YJ_SRC/tests/e2e/kiosk15_scenarios.py" guide "$tmp/t.db"
