#!/bin/sh
# Screen test: a resize whose SIGWINCH never reaches the program (in the kiosk
# session foot resizes its terminal just after starting the kiosk; a signal
# lost then would leave 请放大窗口 on the screen for good). The kiosk runs with
# SIGWINCH blocked (ncurses's handler never runs, so it never sees a resize),
# starts in a 50x12 window, which is too small, and must show Home once the
# window is 100x30, from the size it reads itself on its timeout tick.
set -eu
: "${YIJIAN:?}" "${YJ_SRC:?}"
command -v tmux >/dev/null || { echo "tmux missing"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
cat >"$tmp/nowinch.py" <<'PY'
import os, signal, sys
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGWINCH])  # kept across exec
os.execvp(sys.argv[1], sys.argv[1:])
PY
python3 - "$YJ_SRC/tests/e2e" "$tmp" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import kiosk_driver as kd
tmp = sys.argv[2]
scr = kd.Screen(["kiosk"], tmp + "/k.db", width=50, height=12, wrap="python3 %s/nowinch.py" % tmp)
try:
    scr.wait("请放大窗口")
    scr.resize(100, 30)
    s = scr.wait("请选择您要办理的事项", 5)
    assert "请放大窗口" not in s, s
    scr.resize(50, 12)
    scr.wait("请放大窗口", 5)
    print("ok - resizes without SIGWINCH are taken up on the timeout tick (50x12, 100x30, 50x12)")
finally:
    scr.kill()
PY
