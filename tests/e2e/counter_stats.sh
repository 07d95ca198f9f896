#!/bin/sh
# counter_stats.sh: the statistics screen on a database this test fills — the
# counts per day and bundle, the close times, the items past their limit — and
# the CSV export (screen key X and `counter stats --csv`).
set -eu
: "${YIJIAN:?}" "${YJ_SRC:?}"
for t in tmux sqlite3; do
	command -v "$t" >/dev/null || { echo "counter_stats: $t is missing" >&2; exit 1; }
done
T=$(mktemp -d /tmp/yjcstat.XXXXXX)
SOCK="yjc-stat-$$"
# shellcheck source=tests/lib/tmux.sh
. "$YJ_SRC/tests/lib/tmux.sh"
cleanup() {
	tmux_stop
	[ -n "${YJ_KEEP:-}" ] || rm -rf "$T"
}
trap cleanup EXIT INT TERM

export YJ_TODAY=2026-11-23 LC_ALL=C.UTF-8 TZ=UTC
cat >"$T/conf" <<EOC
centre_code = 310104
terminal_id = C01
counter.export_dir = $T
EOC
export YIJIAN_CONFIG="$T/conf" YIJIAN_FORMS="$YJ_SRC/forms" YIJIAN_DB="$T/c.db"
printf 'admin secret\n' | "$YIJIAN" user add boss --name 管理员 --role admin --password-stdin >/dev/null &&
	printf 'admin secret\ncorrect horse\n' | "$YIJIAN" user add li01 --name 李明 --admin boss --password-stdin >/dev/null ||
	fail "user add"
# 2026-11-20: 3 birth (2 closed after 2 h and 6 h, 1 accepted), 1 death returned;
# 2026-11-23: 2 birth submitted, 1 retirement closed after 1 h; one item past
# its limit (due 11-19, 4 days over) in the accepted birth case.
sqlite3 -cmd ".timeout 10000" "$T/c.db" <<'EOS' || fail "fill"
INSERT INTO cases(uuid, case_no, thing, channel, centre, terminal, status, submitted_at, updated_at) VALUES
 ('u1','310104-C01-20261120-0001-A','birth','kiosk','310104','C01','closed','2026-11-20T01:00:00Z','x'),
 ('u2','310104-C01-20261120-0002-A','birth','kiosk','310104','C01','closed','2026-11-20T02:00:00Z','x'),
 ('u3','310104-C01-20261120-0003-A','birth','kiosk','310104','C01','accepted','2026-11-20T03:00:00Z','x'),
 ('u4','310104-C01-20261120-0004-A','death','kiosk','310104','C01','returned','2026-11-20T04:00:00Z','x'),
 ('u5','310104-C01-20261123-0001-A','birth','kiosk','310104','C01','submitted','2026-11-23T01:00:00Z','x'),
 ('u6','310104-C01-20261123-0002-A','birth','kiosk','310104','C01','submitted','2026-11-23T02:00:00Z','x'),
 ('u7','310104-C01-20261123-0003-A','retirement','kiosk','310104','C01','closed','2026-11-23T00:30:00Z','x');
INSERT INTO case_events(case_uuid, at, actor_id, status) VALUES
 ('u1','2026-11-20T03:00:00Z','li01','closed'),
 ('u2','2026-11-20T08:00:00Z','li01','closed'),
 ('u7','2026-11-23T01:30:00Z','li01','closed');
INSERT INTO case_items(case_uuid, item_id, dept_id, time_limit_days, status, due_date, updated_at) VALUES
 ('u3','birth.registration','police',1,'accepted','2026-11-19','x'),
 ('u3','birth.medical_certificate','hospital',0,'done','2026-11-18','x'),
 ('u5','birth.registration','police',1,'pending','2026-11-24','x');
EOS

tmux_start "$YIJIAN counter 2>$T/stderr; sleep 60"
sign_in li01 "correct horse"
keys F6
wait_for "2026-11-17 至 2026-11-23 · 按日"
screen >"$T/s1"
row() { grep -F "$1" "$T/s1" | grep -F "$2" | tr -s ' ' | sed 's/^ //'; }
[ "$(row 2026-11-20 出生一件事)" = "2026-11-20 出生一件事 0 1 0 0 2 3" ] || fail "birth 11-20: $(row 2026-11-20 出生一件事)"
[ "$(row 2026-11-20 个人身后一件事)" = "2026-11-20 个人身后一件事 0 0 1 0 0 1" ] || fail "death 11-20: $(row 2026-11-20 个人身后一件事)"
[ "$(row 2026-11-23 出生一件事)" = "2026-11-23 出生一件事 2 0 0 0 0 2" ] || fail "birth 11-23"
row 2026-11-23 退休 | grep -qF " 0 0 0 0 1 1" || fail "retirement 11-23: $(row 2026-11-23 退休)"
grep -qF "共 7 件，已办结 3 件；提交到办结平均 3.0 小时，最长 6.0 小时（310104-C01-20261120-0002-A）" "$T/s1" ||
	fail "totals line"
grep -qF "超过办理时限的事项：1 项" "$T/s1" || fail "overdue count"
grep -F "已超 4 天" "$T/s1" | grep -qF "310104-C01-20261120-0003-A" || fail "overdue item"

# by week: the 20th is in the week of Monday the 16th
keys w
wait_for "按周"
screen >"$T/s2"
grep -F "2026-11-16" "$T/s2" | grep -F "出生一件事" | tr -s ' ' | grep -qF " 0 1 0 0 2 3" ||
	fail "week row"

# export from the screen
keys x
wait_for "已导出"
CSV="$T/yijian-stats-week-2026-10-27-2026-11-23.csv"
[ -f "$CSV" ] || fail "no CSV at $CSV: $(ls "$T")"
grep -q "^2026-11-16,birth,closed,2" "$CSV" || fail "CSV rows"
grep -q "^7,3,3.00,6.00,310104-C01-20261120-0002-A" "$CSV" || fail "CSV totals: $(cat "$CSV")"
grep -q "^310104-C01-20261120-0003-A,birth,birth.registration,police,accepted,2026-11-19,4" "$CSV" ||
	fail "CSV overdue"
# and from the command line
"$YIJIAN" counter stats --from 2026-11-23 --to 2026-11-23 --csv - >"$T/cli.csv" || fail "counter stats"
grep -q "^3,1,1.00,1.00,310104-C01-20261123-0003-A" "$T/cli.csv" || fail "cli CSV: $(cat "$T/cli.csv")"
echo "counter_stats: ok"
