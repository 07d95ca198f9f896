# shellcheck shell=sh
# tests/lib/tmux.sh: a private tmux server for the screen tests (sourced, POSIX sh).
#
#   SOCK="yjc-flow-$$"
#   . "$YJ_SRC/tests/lib/tmux.sh"
#   cleanup() { tmux_stop; ...; }
#   tmux_start "$YIJIAN counter 2>$T/stderr; sleep 60"
#   sign_in li01 "correct horse"
#   keys F6; wait_for "按日"; typed "text"; screen >"$T/s1"
#
# SOCK names the server (tmux -L) and must be set before sourcing. SLOW is 4 in
# a sanitized build (YJ_SANITIZED=1), else 1; it scales wait_for's timeout.
# fail MSG prints FAIL: MSG and the screen to stderr, then runs the caller's
# fail_extra when it defines one (to show a log, say), and exits 1.

SLOW=1
[ "${YJ_SANITIZED:-0}" = 1 ] && SLOW=4

# tmux_start CMD: a detached 100x30 session on the server $SOCK running CMD.
# A server that is still going away (after tmux_stop on a loaded machine) makes
# the first try fail with "server exited unexpectedly": it is tried again.
tmux_start() {
	tmux -L "$SOCK" -f /dev/null new-session -d -x 100 -y 30 "$1" 2>/dev/null ||
		{ sleep 0.5; tmux -L "$SOCK" -f /dev/null new-session -d -x 100 -y 30 "$1"; }
}
# tmux_stop: end the server $SOCK and wait until it has gone (for the caller's
# trap, and before a second tmux_start; safe when none runs).
tmux_stop() {
	tmux -L "$SOCK" kill-server 2>/dev/null || true
	n=50
	while [ $n -gt 0 ] && tmux -L "$SOCK" has-session 2>/dev/null; do
		sleep 0.1
		n=$((n - 1))
	done
}
# fail MSG: the message, the screen and the caller's fail_extra; exit 1.
fail() {
	echo "FAIL: $*" >&2
	echo "---- screen" >&2
	tmux -L "$SOCK" capture-pane -p >&2 2>/dev/null || true
	if command -v fail_extra >/dev/null 2>&1; then
		fail_extra || true
	fi
	exit 1
}
# screen: the text on the screen now.
screen() { tmux -L "$SOCK" capture-pane -p; }
# wait_for TEXT [SECONDS]: until the screen shows TEXT and has stopped
# changing (default 5 s, times SLOW). tmux can be caught between two parts of
# one redraw on a loaded machine, so TEXT counts once two captures a moment
# apart agree (or, on a screen that keeps changing, at the timeout).
wait_for() {
	n=$(( ${2:-5} * 10 * SLOW ))
	prev=
	while [ $n -gt 0 ]; do
		cur=$(screen)
		if printf '%s\n' "$cur" | grep -qF -- "$1"; then
			[ "$cur" = "$prev" ] && return 0
			prev=$cur
			sleep 0.04
		else
			prev=
			sleep 0.1
		fi
		n=$((n - 1))
	done
	[ -n "$prev" ] && return 0
	fail "screen never showed: $1"
}
# keys KEY...: tmux key names (Enter, F6, Down) or words, sent as keys.
keys() { tmux -L "$SOCK" send-keys "$@"; }
# typed TEXT: TEXT typed literally.
typed() { tmux -L "$SOCK" send-keys -l -- "$1"; }
# sign_in USER PASSWORD: through the counter's sign-in screen to the queue.
sign_in() {
	wait_for "请输入工号和密码"
	keys "$1" Enter
	typed "$2"
	keys Enter
	wait_for "办件队列"
}
