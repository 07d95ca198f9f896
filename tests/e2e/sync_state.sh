#!/bin/sh
# The screens show each case's sync state: the counter's queue (待上报 / 已上报 /
# 上报有问题), the case detail (the platform's reason for a held case), and the
# kiosk's Home footer (cases not yet acknowledged), before and after `yijian sync`
# against a loopback upstream.
set -eu
. "$YJ_SRC/tests/upstream/lib.sh"
export YJ_TODAY=2026-11-23 LC_ALL=C.UTF-8 TZ=UTC
SOCK="yj-syncstate-$$-0"
NSOCK=0
BG_PIDS=""
trap 'tmux -L "$SOCK" kill-server 2>/dev/null || :; cleanup' EXIT INT TERM
SLOW=1
[ "${YJ_SANITIZED:-0}" = 1 ] && SLOW=4
cat >"$WORK/conf" <<EOC
centre_code = 310104
terminal_id = C01
EOC
export YIJIAN_CONFIG="$WORK/conf" YIJIAN_FORMS="$YJ_SRC/forms" YIJIAN_DB="$WORK/c.db"
screen() { tmux -L "$SOCK" capture-pane -p; }
wait_for() { # TEXT: until the screen shows it
	n=$((50 * SLOW))
	while [ $n -gt 0 ]; do
		screen | grep -qF -- "$1" && return 0
		sleep 0.1
		n=$((n - 1))
	done
	screen >&2
	fail "screen never showed: $1"
}
run_screen() { # COMMAND...: a fresh tmux server (its own socket) running the command
	tmux -L "$SOCK" kill-server 2>/dev/null || :
	NSOCK=$((NSOCK + 1))
	SOCK="yj-syncstate-$$-$NSOCK"
	tmux -L "$SOCK" -f /dev/null new-session -d -x 100 -y 30 "$*; sleep 60"
}

A=$("$YIJIAN" case submit retirement --answers "$YJ_SRC/forms/examples/retirement.json")
B=$("$YIJIAN" case submit birth --answers "$YJ_SRC/forms/examples/birth.json")
printf 'admin secret\n' | "$YIJIAN" user add boss --name 管理员 --role admin --password-stdin >/dev/null &&
	printf 'admin secret\ncorrect horse\n' | "$YIJIAN" user add li01 --name 李明 --admin boss --password-stdin >/dev/null

# Before any sync: doctor counts both as waiting (the citizen's Home says
# nothing of it); the counter says 待上报.
"$YIJIAN" doctor 2>&1 | grep -qF "待上报 2 个" || fail "doctor does not count 2 waiting cases"
run_screen "$YIJIAN" kiosk
wait_for "请选择您要办理的事项"
screen | grep -qF "待上报" && fail "the citizen's Home shows the sync queue"
run_screen "$YIJIAN" counter
wait_for "请输入工号和密码"
tmux -L "$SOCK" send-keys li01 Enter
tmux -L "$SOCK" send-keys -l "correct horse"
tmux -L "$SOCK" send-keys Enter
wait_for "办件队列"
[ "$(screen | grep -c "待上报")" -ge 2 ] || fail "the queue does not say 待上报 for both cases"

# The platform refuses B (400 with a reason) and stores A.
sqlite3 -cmd ".timeout 10000" "$YIJIAN_DB" "UPDATE outbox SET payload = json_set(payload, '\$.answers.\"upstream.reject\"',
	'缺少出生医学证明编号') WHERE case_uuid = (SELECT uuid FROM cases WHERE case_no = '$B')"
up_start s
"$YIJIAN" sync --once --no-pull --quiet --upstream "http://127.0.0.1:$UP_PORT" ||
	fail "sync --once failed"
tmux -L "$SOCK" send-keys F4
wait_for "上报有问题"
screen | grep -F "$A" | grep -qF "已上报" || fail "the acknowledged case is not shown as 已上报"
screen | grep -F "$B" | grep -qF "上报有问题" || fail "the held case is not shown as 上报有问题"
# The detail of the held case gives the platform's reason.
tmux -L "$SOCK" send-keys -l "$B"
tmux -L "$SOCK" send-keys Enter
wait_for "办件 $B"
wait_for "平台答复：HTTP 400"
wait_for "缺少出生医学证明编号"

# doctor now reports the one waiting for a clerk.
"$YIJIAN" doctor 2>&1 | grep -qF "1 个办件被上游退回" || fail "doctor does not report the held case"
echo "1 passed, 0 failed"
