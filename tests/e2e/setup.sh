#!/bin/sh
# setup.sh: `yijian setup` end to end — the dialog in tmux at 80x24 and 64x16
# against a private cupsd, and the --yes mode.
#   the kiosk refuses an unconfigured terminal; a run quit on the first field
#   writes nothing; a wrong centre code is refused with its message, the right
#   one shows 上海市徐汇区; a bad terminal id and a plain-http upstream are
#   refused; the printer list shows the CUPS queues (default marked) and one is
#   picked; the summary; the file then holds exactly those values and kept its
#   comment and an unrelated key; terminal.key is mode 0600; `yijian keys show`
#   prints the line the dialog showed; the kiosk starts. At 64x16: too small
#   says 请放大窗口, a second run changes the terminal id and gets a new key.
#   --yes: good values written, each bad value refused (exit 1, file
#   unchanged), usage errors exit 2, an unwritable place fails in Chinese.
set -eu
: "${YIJIAN:?}" "${YJ_SRC:?}"
for t in tmux cupsd lpadmin lpstat python3; do
	command -v "$t" >/dev/null || { echo "setup: $t is missing" >&2; exit 1; }
done
T=$(mktemp -d /tmp/yjsetup.XXXXXX)
chmod 755 "$T" # cupsd's filters run as lp
SOCK="yjsetup-$$"
# shellcheck source=tests/lib/tmux.sh
. "$YJ_SRC/tests/lib/tmux.sh"
# shellcheck source=tests/lib/cups.sh
. "$YJ_SRC/tests/lib/cups.sh"
cleanup() {
	tmux_stop
	cups_stop
	[ -n "${YJ_KEEP:-}" ] || rm -rf "$T"
}
trap cleanup EXIT INT TERM
fail_extra() {
	echo "---- config" >&2
	cat "$CONF" >&2 2>/dev/null || true
	echo "---- stderr" >&2
	cat "$T/stderr" >&2 2>/dev/null || true
}
export LC_ALL=C.UTF-8 TZ=UTC
export YIJIAN_FORMS="$YJ_SRC/forms" YIJIAN_DB="$T/data/yijian.db"
CONF="$T/etc/yijian.conf"
mkdir -p "$T/etc"
cat >"$CONF" <<'EOC'
# Xuhui centre, kiosk by the door (this comment must survive)
kiosk.idle_timeout = 90
unrelated_key = keep me
EOC
cp "$CONF" "$T/orig.conf"
export YIJIAN_CONFIG="$CONF"

# session W H CMD: CMD in a fresh tmux server of that size (a new socket name
# each time: a server being killed may not have let go of the old one).
NSESS=0
session() {
	tmux_stop
	NSESS=$((NSESS + 1))
	SOCK="yjsetup-$$-$NSESS"
	tmux -L "$SOCK" -f /dev/null new-session -d -x "$1" -y "$2" "$3"
}
# dialog W H: `yijian setup` in a session of that size.
dialog() {
	session "$1" "$2" "$YIJIAN setup 2>$T/stderr; echo EXIT \$?; sleep 60"
}

cups_start "$T/cups" || fail "cupsd did not start"
for q in front back; do
	: >"$T/cups/out/$q.pdf"
	chmod 666 "$T/cups/out/$q.pdf"
	lpadmin -p "$q" -E -v "file://$T/cups/out/$q.pdf" -D "desk $q" \
		-m lsb/usr/cupsfilters/Generic-PDF_Printer-PDF.ppd || fail "lpadmin $q"
done
lpadmin -d front || fail "lpadmin -d"

# ---- an unconfigured terminal: the kiosk refuses and names yijian setup
if "$YIJIAN" kiosk >"$T/out" 2>&1; then fail "kiosk started without centre_code"; fi
grep -q "yijian setup" "$T/out" || { cat "$T/out" >&2; fail "kiosk did not name yijian setup"; }

# ---- 64x16: quit on the first field writes nothing
dialog 64 16
wait_for "第 1/5 项"
typed "3101"
keys Escape
wait_for "退出设置？"
keys Escape
sleep 0.2
screen | grep -q "退出设置？" && fail "Esc did not cancel the quit question"
keys C-c
wait_for "退出设置？"
keys Enter
wait_for "EXIT 1"
cmp -s "$CONF" "$T/orig.conf" || fail "quitting changed the configuration"
[ ! -e "$T/data/keys" ] || fail "quitting made a key"
grep -q "没有写入任何内容" "$T/stderr" || fail "no word that nothing was written"

# ---- 80x24: the whole dialog
dialog 80 24
wait_for "第 1/5 项"
typed "999999"
wait_for "找不到地区代码 999999"
keys Enter
sleep 0.2
screen | grep -q "第 1/5 项" || fail "an unknown code was accepted"
keys C-u
typed "310103"
wait_for "已撤销"
keys C-u
typed "310104"
wait_for "上海市徐汇区"
screen | grep -q "找不到地区代码" && fail "the old message stayed"
keys Enter
wait_for "第 2/5 项"
wait_for "上海市徐汇区政务服务中心" # suggested from the region
keys C-u
typed "徐汇区测试中心"
keys Enter
wait_for "第 3/5 项"
wait_for "自助机用 K01"
typed "k-1"
wait_for "只能用大写字母和数字"
keys Enter
sleep 0.2
screen | grep -q "第 3/5 项" || fail "a bad terminal id was accepted"
keys C-u
typed "k02"
wait_for "310104-K02-"
keys Enter
wait_for "第 4/5 项"
wait_for "front（默认）"
wait_for "back  desk back"
wait_for "不使用打印机"
typed "ba"
sleep 0.3
screen | grep -q "▶ back" || fail "typing did not select back"
keys Enter
wait_for "第 5/5 项"
typed "http://up.example.cn"
keys Enter
wait_for "只允许本机地址"
keys C-u
typed "https://up.example.cn/yj"
keys Enter
wait_for "请确认以下设置"
screen >"$T/summary"
for want in "服务中心代码：310104（上海市徐汇区）" "服务中心名称：徐汇区测试中心" \
	"终端编号：K02" "打印机：back" "上报平台地址：https://up.example.cn/yj" "$CONF"; do
	grep -qF "$want" "$T/summary" || fail "summary lacks $want"
done
# Esc goes back a field, Enter comes back to the summary.
keys Escape
wait_for "第 5/5 项"
keys Enter
wait_for "请确认以下设置"
keys Enter
wait_for "设置已保存"
LINE=$(screen | grep -o "K02 [A-Za-z0-9+/=]\{44\}" | head -1)
[ -n "$LINE" ] || fail "no public key line on the screen"
keys Enter
wait_for "EXIT 0"

# the file: exactly the values, the comment and the unrelated key kept
cat >"$T/want" <<EOC
# Xuhui centre, kiosk by the door (this comment must survive)
kiosk.idle_timeout = 90
unrelated_key = keep me
centre_code = 310104
centre_name = 徐汇区测试中心
terminal_id = K02

[print]
printer = back
enabled = yes

[sync]
base_url = https://up.example.cn/yj
EOC
diff -u "$T/want" "$CONF" >&2 || fail "the written configuration differs"
[ "$(stat -c %a "$T/data/keys/terminal.key")" = 600 ] || fail "terminal.key is not mode 0600"
SHOWN=$("$YIJIAN" keys show) || fail "keys show"
[ "$SHOWN" = "$LINE" ] || fail "keys show printed '$SHOWN', the dialog '$LINE'"

# the kiosk starts now
session 80 24 "$YIJIAN kiosk 2>$T/stderr; echo EXIT \$?; sleep 60"
wait_for "请选择您要办理的事项" 10
tmux_stop

# ---- 64x16 again: too small, then a run that keeps everything but the terminal id
dialog 64 16
wait_for "第 1/5 项"
screen | grep -q "310104" || fail "the code was not prefilled"
tmux -L "$SOCK" resize-window -x 60 -y 15
wait_for "请放大窗口"
tmux -L "$SOCK" resize-window -x 64 -y 16
wait_for "第 1/5 项"
keys Enter
wait_for "第 2/5 项"
screen | grep -q "徐汇区测试中心" || fail "the name was not prefilled"
keys Enter
wait_for "第 3/5 项"
keys C-u
typed "K03"
keys Enter
wait_for "▶ back" # the configured queue is preselected
keys End
wait_for "▶ 不使用打印机"
keys Enter
wait_for "第 5/5 项"
keys Enter
wait_for "请确认以下设置"
wait_for "打印机：不使用打印机"
keys Enter
wait_for "设置已保存"
wait_for "已生成签名密钥"
keys Enter
wait_for "EXIT 0"
grep -qx "terminal_id = K03" "$CONF" || fail "terminal id not changed"
grep -qx "printer =" "$CONF" || fail "no-printer: printer not emptied"
grep -qx "enabled = no" "$CONF" || fail "no-printer: enabled = no not written"
grep -qx "unrelated_key = keep me" "$CONF" || fail "the unrelated key was lost"
SHOWN2=$("$YIJIAN" keys show)
case "$SHOWN2" in "K03 "*) ;; *) fail "no new key for K03: $SHOWN2" ;; esac
[ "$SHOWN2" != "$LINE" ] || fail "the key was not replaced"
tmux_stop

# ---- --yes
Y="$T/y.conf"
printf '# installer comment\nother = 1\n' >"$Y"
"$YIJIAN" setup --config "$Y" --centre-code 310104 --centre-name 徐汇中心 --terminal-id k05 \
	--printer front --upstream https://up.example.cn/ --yes >"$T/out" 2>&1 ||
	{ cat "$T/out" >&2; fail "setup --yes with good values"; }
grep -q "已写入配置文件 $Y" "$T/out" || fail "--yes did not say what it wrote"
grep -q "K05 " "$T/out" || fail "--yes printed no key line"
for l in "# installer comment" "other = 1" "centre_code = 310104" "centre_name = 徐汇中心" \
	"terminal_id = K05" "printer = front" "enabled = yes" "base_url = https://up.example.cn/"; do
	grep -qxF "$l" "$Y" || { cat "$Y" >&2; fail "--yes: '$l' missing"; }
done
cp "$Y" "$T/y.before"
bad() { # EXPECTED-MESSAGE ARGS...: refused with exit 1, the file unchanged
	want=$1
	shift
	set +e
	"$YIJIAN" setup --config "$Y" "$@" --yes >"$T/out" 2>&1
	rc=$?
	set -e
	[ $rc = 1 ] || { cat "$T/out" >&2; fail "setup $* exited $rc, not 1"; }
	grep -qF "$want" "$T/out" || { cat "$T/out" >&2; fail "setup $*: no '$want'"; }
	cmp -s "$Y" "$T/y.before" || fail "setup $* changed the file"
}
bad "找不到地区代码 999999" --centre-code 999999
bad "已撤销" --centre-code 310103
bad "只能是数字" --centre-code 31010x
bad "终端编号 K-1 不对" --terminal-id K-1
bad "只能有 3 位" --terminal-id K001
bad "服务中心名称" --centre-name ""
bad '找不到打印机“nosuch”' --printer nosuch
bad "只允许本机地址" --upstream http://up.example.cn/
set +e
"$YIJIAN" setup --config "$Y" --bogus >/dev/null 2>&1
[ $? = 2 ] || fail "an unknown option did not exit 2"
"$YIJIAN" setup --config "$Y" --printer front --no-printer --yes >/dev/null 2>&1
[ $? = 2 ] || fail "--printer with --no-printer did not exit 2"
"$YIJIAN" setup --config "$T/new.conf" --yes >/dev/null 2>&1
[ $? = 2 ] || fail "--yes without code and terminal did not exit 2"
"$YIJIAN" setup --help | grep -q -- "--no-printer" || fail "--help"
# a place that cannot be written: the reason in Chinese, nothing lost
: >"$T/plainfile"
"$YIJIAN" setup --config "$T/plainfile/yijian.conf" --centre-code 310104 --terminal-id K06 \
	--yes >"$T/out" 2>&1
rc=$?
set -e
[ $rc = 1 ] || fail "writing under a plain file exited $rc"
grep -q "路径中有一段不是目录" "$T/out" || { cat "$T/out" >&2; fail "no reason for the failure"; }
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	mkdir "$T/ro"
	cp "$T/y.before" "$T/ro/y.conf"
	chmod 755 "$T/ro"
	chmod 644 "$T/ro/y.conf"
	set +e
	YIJIAN_DB="$T/ro/db" setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"$YIJIAN" setup --config "$T/ro/y.conf" --terminal-id K07 --yes >"$T/out" 2>&1
	rc=$?
	set -e
	[ $rc = 1 ] || { cat "$T/out" >&2; fail "an unprivileged write exited $rc"; }
	grep -q "没有权限" "$T/out" || { cat "$T/out" >&2; fail "no permission message"; }
	cmp -s "$T/ro/y.conf" "$T/y.before" || fail "the failed write changed the file"
	for f in "$T"/ro/y.conf.*; do
		[ -e "$f" ] && fail "a temporary file was left: $f"
	done
fi
# run as root, the key goes to the owner of the state directory (the service
# user the package creates), so the kiosk and sync can read it
if [ "$(id -u)" = 0 ]; then
	mkdir -p "$T/state"
	chown nobody:nogroup "$T/state"
	printf '[keys]\ndir = %s/state/keys\n' "$T" >"$T/owner.conf"
	YIJIAN_DB="$T/state/yijian.db" "$YIJIAN" setup --config "$T/owner.conf" --centre-code 310104 \
		--terminal-id K08 --no-printer --yes >"$T/out" 2>&1 ||
		{ cat "$T/out" >&2; fail "setup as root with a service-owned state dir"; }
	grep -q "数据库：$T/state/yijian.db" "$T/out" || { cat "$T/out" >&2; fail "setup does not name the database"; }
	for f in "$T/state/keys" "$T/state/keys/terminal.key" "$T/state/keys/terminal.pub" \
		"$T/state/yijian.db"; do
		[ "$(stat -c %U "$f")" = nobody ] || fail "$f belongs to $(stat -c %U "$f"), not the state dir's owner"
	done
	[ "$(stat -c %a "$T/state/keys/terminal.key")" = 600 ] || fail "the private key is not 0600"
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$YIJIAN" keys show --config "$T/owner.conf" \
		>/dev/null 2>&1 || fail "the service user cannot read the key setup made"
	YIJIAN_DB="$T/state/yijian.db" setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"$YIJIAN" case submit retirement --config "$T/owner.conf" \
		--answers "$YJ_SRC/forms/examples/retirement.json" >"$T/out" 2>&1 ||
		{ cat "$T/out" >&2; fail "the service user cannot write the database setup made"; }
fi
echo "setup: ok"
