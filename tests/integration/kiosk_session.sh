#!/bin/sh
# kiosk_session.sh: the kiosk's real graphical session, headless. The shipped
# packaging/kiosk-session (cage + foot, font "Noto Sans Mono CJK SC" at
# kiosk.font_size) runs `yijian kiosk` on a temporary database as an
# unprivileged user, on wlroots' headless backend with the pixman renderer
# (1280x720, no GPU). For each font size: screenshots with grim, the text read
# back with tesseract (chi_sim); Home must show every bundle's name. Then the
# keys of the birth application with its example answers (found by
# kiosk_driver.py in tmux at the same grid size) are typed into the session's
# terminal, and the first form page, the review page and the confirmation (the
# case number) must show. Last, SIGTERM to the kiosk ends foot and cage cleanly.
#
# Environment:
#   YJ_SESSION_SIZES  font sizes in points (default "16 20": kiosk.font_size's
#                     default, and large print)
#   YJ_SCREENS_OUT    keep the screenshots there (scripts/screenshots.sh)
#   YJ_SESSION_USER   the unprivileged user when run as root (default
#                     yjsession, created as a system user when missing)
# Keys go in with TIOCSTI (cage 0.1.4 has no virtual-keyboard protocol for
# wtype), which needs root: as another user only Home is checked, exit 77.
set -eu
: "${YIJIAN:?}" "${YJ_SRC:?}"
if [ "${YJ_SANITIZED:-0}" = 1 ]; then
	# What this checks is the session (cage, foot, fonts, OCR), the same in both
	# runs of scripts/test.sh; the program's memory is checked by every other
	# screen test under the sanitizers. The gcc run checks the session.
	echo "kiosk_session: skipped in the sanitizer run (checked in the gcc run)"
	exit 0
fi
export LC_ALL=C.UTF-8 TZ=UTC
SLOW=1
SIZES=${YJ_SESSION_SIZES:-16 20}

fail() {
	echo "FAIL: $*" >&2
	if [ -n "${LOG:-}" ] && [ -f "$LOG" ]; then
		echo "---- session log (last 30 lines)" >&2
		grep -v '^info:\|Basic output test failed' "$LOG" | tail -n 30 >&2 || true
	fi
	if [ -n "${OCR:-}" ] && [ -f "$OCR" ]; then
		echo "---- last OCR" >&2
		cat "$OCR" >&2
	fi
	exit 1
}

for t in cage foot grim tesseract python3 tmux fc-list pgrep setpriv; do
	command -v "$t" >/dev/null || fail "$t missing (sh scripts/deps.sh installs it)"
done
command -v Xwayland >/dev/null || fail "Xwayland missing: cage 0.1.4 does not start without it"
fc-list | grep -q "Noto Sans Mono CJK SC" || fail "font Noto Sans Mono CJK SC missing (fonts-noto-cjk)"
tesseract --list-langs 2>/dev/null | grep -qx chi_sim || fail "tesseract's chi_sim missing (tesseract-ocr-chi-sim)"

# Who runs the session: cage refuses root.
if [ "$(id -u)" -eq 0 ]; then
	U=${YJ_SESSION_USER:-yjsession}
	if ! getent passwd "$U" >/dev/null; then
		useradd --system --no-create-home --home-dir /nonexistent \
			--shell /usr/sbin/nologin "$U" || fail "cannot create the user $U"
	fi
	as_user() { setpriv --reuid="$U" --regid="$(id -g "$U")" --init-groups -- "$@"; }
	CAN_TYPE=1
else
	U=$(id -un)
	as_user() { "$@"; }
	CAN_TYPE=0
fi
# Xwayland (which cage 0.1.4 starts) needs /tmp/.X11-unix owned by root or us.
if [ -d /tmp/.X11-unix ]; then
	o=$(stat -c %U /tmp/.X11-unix)
	[ "$o" = root ] || [ "$o" = "$U" ] || fail "/tmp/.X11-unix is owned by $o"
fi

W=$(mktemp -d /tmp/yj-session.XXXXXX)
chmod 0755 "$W"
CAGE=""
stop_session() {
	[ -n "$CAGE" ] || return 0
	if kill -0 "$CAGE" 2>/dev/null; then
		kill -TERM "$CAGE" 2>/dev/null || true
		i=0
		while kill -0 "$CAGE" 2>/dev/null && [ $i -lt 50 ]; do
			sleep 0.1
			i=$((i + 1))
		done
		kill -KILL "$CAGE" 2>/dev/null || true
	fi
	CAGE=""
}
cleanup() {
	stop_session
	[ -n "${YJ_KEEP:-}" ] || rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# The bundles' names as Home draws them.
NAMES=$(python3 -c '
import glob, json, sys
for f in sorted(glob.glob(sys.argv[1] + "/forms/things/*.json")):
    print(json.load(open(f))["label"]["zh_CN"])' "$YJ_SRC")
[ -n "$NAMES" ] || fail "no bundles in forms/things"

TOOL=$YJ_SRC/tests/integration/kiosk_session_keys.py
# The shipped session script, running the program under test.
sed "s|@YJ_BIN@|$YIJIAN|" "$YJ_SRC/packaging/kiosk-session.in" >"$W/kiosk-session"
chmod 0755 "$W/kiosk-session"
[ -x "$YIJIAN" ] || fail "$YIJIAN is not a program"
as_user test -x "$YIJIAN" || fail "$U cannot run $YIJIAN"

# shoot NAME: a screenshot of the session to $D/NAME.ppm, its text to $D/NAME.txt
# (read from the ink, see kiosk_session_keys.py, and from the screenshot; spaces and hyphens removed:
# tesseract puts spaces between Chinese characters and at 20 pt read 一件事 as "一-件事").
shoot() {
	rm -f "$D/$1.ppm"
	as_user env XDG_RUNTIME_DIR="$RUN" WAYLAND_DISPLAY="$DISPLAY_NAME" grim -t ppm "$D/$1.ppm" ||
		fail "grim failed"
	python3 "$TOOL" ink "$D/$1.ppm" "$D/$1.pgm" || fail "no ink from $D/$1.ppm"
	# The screenshot itself too: where a large light area (the QR code) has
	# the text's colour, the ink loses the text.
	OCR=$D/$1.txt
	{
		tesseract "$D/$1.pgm" - -l chi_sim 2>/dev/null || true
		tesseract "$D/$1.ppm" - -l chi_sim 2>/dev/null || true
		# As one block of text: at 20 pt the highlighted row just under the
		# title bar is read only this way.
		tesseract "$D/$1.ppm" - -l chi_sim --psm 6 2>/dev/null || true
	} | tr -d ' \t-' >"$OCR"
}
# wait_text NAME SECONDS WORD...: screenshots until every WORD is read back.
wait_text() {
	n=$1
	end=$(($(date +%s) + $2 * SLOW))
	shift 2
	while :; do
		kill -0 "$CAGE" 2>/dev/null || fail "the session ended (waiting for $*)"
		shoot "$n"
		ok=1
		for w in "$@"; do
			grep -q -- "$w" "$OCR" || ok=0
		done
		[ $ok = 1 ] && return 0
		[ "$(date +%s)" -lt "$end" ] || fail "$* not read back from the screen ($n)"
		sleep 1
	done
}
keep() { # keep NAME: the screenshot, for scripts/screenshots.sh
	if [ -n "${YJ_SCREENS_OUT:-}" ]; then
		mkdir -p "$YJ_SCREENS_OUT"
		python3 "$TOOL" png "$D/$1.ppm" "$YJ_SCREENS_OUT/$1.png" || fail "no PNG of $1"
	fi
}
# child PID NAME: the process NAME started by PID (within 30 s).
child() {
	i=0
	while [ $i -lt $((300 * SLOW)) ]; do
		for c in $(pgrep -P "$1" || true); do
			if [ "$(cat "/proc/$c/comm" 2>/dev/null)" = "$2" ]; then
				echo "$c"
				return 0
			fi
		done
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

for S in $SIZES; do
	D=$W/$S
	RUN=$D/run
	mkdir -p "$RUN"
	chmod 0700 "$RUN"
	cat >"$D/yijian.conf" <<EOC
centre_code = 310104
centre_name = 徐汇区社区事务受理服务中心（演示）
terminal_id = K01
db = $D/kiosk.db
[kiosk]
idle_timeout = 3600
font_size = $S
EOC
	chown -R "$U" "$D"
	LOG=$D/session.log
	cat >"$D/start.sh" <<EOS
echo \$\$ >"$D/pid"
exec env -i PATH="$PATH" HOME="$D" LANG=C.UTF-8 TZ=UTC YJ_TODAY=2026-11-23 \
	XDG_RUNTIME_DIR="$RUN" WLR_BACKENDS=headless WLR_RENDERER=pixman \
	WLR_LIBINPUT_NO_DEVICES=1 YIJIAN_CONFIG="$D/yijian.conf" \
	${YIJIAN_FORMS:+YIJIAN_FORMS="$YIJIAN_FORMS"} ${YIJIAN_DATA:+YIJIAN_DATA="$YIJIAN_DATA"} \
	"$W/kiosk-session"
EOS
	as_user sh "$D/start.sh" >"$LOG" 2>&1 &
	i=0
	until [ -s "$D/pid" ]; do
		i=$((i + 1))
		[ $i -lt 100 ] || fail "the session did not start"
		sleep 0.1
	done
	CAGE=$(cat "$D/pid")
	FOOT=$(child "$CAGE" foot) || fail "cage did not start foot (${S} pt)"
	KIOSK=$(child "$FOOT" yijian) || fail "foot did not start the kiosk (${S} pt)"
	DISPLAY_NAME=""
	i=0
	while [ -z "$DISPLAY_NAME" ]; do
		for sock in "$RUN"/wayland-[0-9]*; do
			[ -S "$sock" ] && DISPLAY_NAME=${sock##*/}
		done
		i=$((i + 1))
		[ $i -lt 100 ] || fail "no Wayland socket in the session's runtime directory"
		sleep 0.1
	done
	# foot counts ambiguous-width characters one column wide while the CJK
	# font draws them two wide: the shipped session must choose the ASCII marks
	# (what that set draws is checked in tmux by e2e.kiosk_glyphs).
	tr '\0' '\n' <"/proc/$KIOSK/environ" | grep -qx 'YJ_AMBIWIDTH=ascii' ||
		fail "the session did not start the kiosk with YJ_AMBIWIDTH=ascii (${S} pt)"
	TTY=$(readlink "/proc/$KIOSK/fd/0")
	GRID=$(stty -F "$TTY" size 2>/dev/null || as_user stty -F "$TTY" size)
	echo "kiosk_session: ${S} pt: terminal ${GRID#* }x${GRID% *} (columns x rows) on $TTY"

	# ---- Home: every bundle's name
	# shellcheck disable=SC2086
	# and the language row's radio mark in ASCII, "(*)": the glyph set foot needs.
	wait_text "kiosk-${S}pt-home" 60 $NAMES '*)简体中文'
	keep "kiosk-${S}pt-home"
	echo "kiosk_session: ${S} pt: Home read back: $(echo "$NAMES" | tr '\n' ' ')"

	if [ $CAN_TYPE = 1 ]; then
		# ---- the birth application, typed into the session's terminal
		ROWS=${GRID% *}
		COLS=${GRID#* }
		python3 "$TOOL" birth "$D/keys.db" \
			"$COLS" "$ROWS" >"$D/steps.json" || fail "no key sequence for ${COLS}x${ROWS}"
		for m in form review "done"; do
			python3 "$TOOL" type "$D/steps.json" \
				"$TTY" "$m" || fail "typing into $TTY"
			case $m in
			form) wait_text "kiosk-${S}pt-form" 60 "第1页" ;;
			review) wait_text "kiosk-${S}pt-review" 60 "核对信息" ;;
			done) wait_text "kiosk-${S}pt-done" 60 "办件编号" ;;
			esac
			keep "kiosk-${S}pt-$m"
			echo "kiosk_session: ${S} pt: $m page read back"
		done
		n=$(sqlite3 -cmd ".timeout 10000" "$D/kiosk.db" "SELECT count(*) FROM cases" 2>/dev/null || echo "?")
		[ "$n" = 1 ] || fail "the session stored $n cases, not 1"
	fi

	# ---- clean shutdown: the kiosk ends on SIGTERM, then foot, then cage
	kill -TERM "$KIOSK"
	i=0
	while kill -0 "$CAGE" 2>/dev/null; do
		i=$((i + 1))
		[ $i -lt $((200 * SLOW)) ] || fail "cage still running 20 s after the kiosk got SIGTERM"
		sleep 0.1
	done
	wait || true
	CAGE=""
	if grep -q "Assertion\|Aborted\|Segmentation" "$LOG"; then
		fail "the session did not end cleanly"
	fi
	echo "kiosk_session: ${S} pt: SIGTERM ended kiosk, foot and cage"
done

if [ $CAN_TYPE = 0 ]; then
	echo "kiosk_session: not root: Home checked, the form pages need TIOCSTI (root) - skipped"
	exit 77
fi
echo "kiosk_session: ok"
