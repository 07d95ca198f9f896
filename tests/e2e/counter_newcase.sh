#!/bin/sh
# counter_newcase.sh: a new case at the counter (F5) in tmux — the clerk signs
# in, fills the retirement example on the kiosk's own form screens and submits;
# the case has channel counter and the clerk's id, and the audit row of the
# submit carries the clerk's id (scenario_counter_newcase in kiosk_driver.py).
set -eu
: "${YIJIAN:?}" "${YJ_SRC:?}"
for t in tmux python3 sqlite3; do
	command -v "$t" >/dev/null || { echo "counter_newcase: $t is missing" >&2; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
export YJ_TODAY=2026-11-23 LC_ALL=C.UTF-8
printf 'centre_code = 310104\nterminal_id = C01\n' >"$tmp/c.db.conf"
printf 'admin secret\n' |
	"$YIJIAN" user add boss --name 管理员 --role admin --password-stdin --config "$tmp/c.db.conf" --db "$tmp/c.db" >/dev/null
printf 'admin secret\ncorrect horse\n' |
	"$YIJIAN" user add li01 --name 李明 --admin boss --password-stdin --config "$tmp/c.db.conf" --db "$tmp/c.db" >/dev/null
python3 "$YJ_SRC/tests/e2e/kiosk_driver.py" scenario_counter_newcase "$tmp/c.db"
