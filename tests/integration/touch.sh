#!/bin/sh
# touch.sh: yijian-touch, the daemon that makes touch screen taps clicks, as far
# as a machine without /dev/uinput and /dev/input can run it: --help names every
# option, a missing uinput device ends it at once with a message saying so (exit
# 1), and wrong options, rotations and devices are reported (exit 2 / 1). The
# translation of events is unit.test_touch; the end-to-end path (a real touch
# screen, uinput, libinput, cage, foot) is not tested here.
set -eu
bin=$YJ_BUILD/yijian-touch
[ -x "$bin" ] || { echo "FAIL: $bin is missing"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; for f in "$tmp"/*.out "$tmp"/*.err; do [ -f "$f" ] && { echo "--- $f"; cat "$f"; }; done; exit 1; }
printf 'centre_code = 310104\n' >"$tmp/t.conf"
export YIJIAN_CONFIG="$tmp/t.conf"

"$bin" --help >"$tmp/help.out" || fail "--help"
for o in --config --device --rotate --uinput --list --help; do
	grep -q -- "$o" "$tmp/help.out" || fail "--help does not describe $o"
done

# No uinput: a clear message at once, exit 1, nothing on stdout.
rc=0
"$bin" --uinput "$tmp/no-uinput" >"$tmp/nou.out" 2>"$tmp/nou.err" || rc=$?
[ "$rc" -eq 1 ] || fail "missing uinput: exit $rc, not 1"
grep -q "yijian-touch: $tmp/no-uinput is missing: this system has no uinput (load the kernel module: modprobe uinput); taps on a touch screen cannot become clicks" \
	"$tmp/nou.err" || fail "missing uinput: no clear message"
[ ! -s "$tmp/nou.out" ] || fail "missing uinput: something on stdout"
# The default path where the machine has none (this one): the same message.
if [ ! -e /dev/uinput ]; then
	rc=0
	"$bin" >"$tmp/def.out" 2>"$tmp/def.err" || rc=$?
	[ "$rc" -eq 1 ] && grep -q "/dev/uinput is missing" "$tmp/def.err" ||
		fail "no /dev/uinput: exit $rc"
fi
# Something that is no uinput device.
rc=0
"$bin" --uinput /dev/null 2>"$tmp/null.err" || rc=$?
[ "$rc" -eq 1 ] && grep -q "cannot create the pointer" "$tmp/null.err" || fail "uinput /dev/null: exit $rc"

# Wrong rotations, from the option and from the configuration: exit 2.
for r in 45 -90 360 x ''; do
	rc=0
	"$bin" --rotate "$r" --uinput "$tmp/no-uinput" 2>"$tmp/rot.err" || rc=$?
	[ "$rc" -eq 2 ] && grep -q "is not 0, 90, 180 or 270" "$tmp/rot.err" || fail "rotation '$r': exit $rc"
done
printf '[kiosk]\ntouch_rotate = 100\n' >"$tmp/r.conf"
rc=0
"$bin" --config "$tmp/r.conf" 2>"$tmp/rc.err" || rc=$?
[ "$rc" -eq 2 ] && grep -q "'100' is not" "$tmp/rc.err" || fail "kiosk.touch_rotate = 100: exit $rc"
rc=0
"$bin" --bogus 2>"$tmp/bogus.err" || rc=$?
[ "$rc" -eq 2 ] || fail "--bogus: exit $rc"

# --list: a named device that is missing, or no input device at all.
rc=0
"$bin" --list --device "$tmp/event9" >"$tmp/l.out" 2>"$tmp/l.err" || rc=$?
[ "$rc" -eq 0 ] && grep -q "$tmp/event9: No such file or directory" "$tmp/l.err" || fail "--list --device"
grep -q "no touch screen found" "$tmp/l.out" || fail "--list says nothing"
printf '[kiosk]\ntouch_device = /dev/null\n' >"$tmp/d.conf"
"$bin" --list --config "$tmp/d.conf" >"$tmp/d.out" 2>"$tmp/d.err" || fail "--list kiosk.touch_device"
grep -q '/dev/null ".*": not an event device' "$tmp/d.err" || fail "kiosk.touch_device = /dev/null is not reported"
echo "touch: all checks passed"
