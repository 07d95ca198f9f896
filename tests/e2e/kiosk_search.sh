#!/bin/sh
# Screen test (tmux): type-to-search in the pick lists (ethnic groups, provinces),
# then a 20x10 and a 10x5 terminal (only "please enlarge"; nothing lost when
# enlarged again). See scenario_search in kiosk_driver.py.
set -eu
: "${YIJIAN:?}" "${YJ_SRC:?}"
command -v tmux >/dev/null || { echo "tmux missing"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
python3 "$YJ_SRC/tests/e2e/kiosk_driver.py" scenario_search "$tmp/t.db"
