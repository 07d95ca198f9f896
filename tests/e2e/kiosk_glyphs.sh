#!/bin/sh
# Screen test: the glyph set for ambiguous-width characters. tmux answers the
# cursor position request (ESC[6n) with ● one column wide: today's marks. With
# YJ_AMBIWIDTH=ascii / ui.ambiwidth = 2 the screen holds no East Asian
# ambiguous character at all, through a whole application too; behind a
# terminal that never answers, ASCII.
set -eu
: "${YIJIAN:?}" "${YJ_SRC:?}"
command -v tmux >/dev/null || { echo "tmux missing"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
# A terminal that never answers ESC[6n: the program in a pty of its own, its
# output passed on without the request.
cat >"$tmp/noanswer.py" <<'PY'
import fcntl, os, pty, select, struct, sys, termios, tty
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
fcntl.ioctl(fd, termios.TIOCSWINSZ, fcntl.ioctl(0, termios.TIOCGWINSZ, b"\0" * 8))
tty.setraw(0)
while True:
    r, _, _ = select.select([0, fd], [], [])
    if fd in r:
        try:
            d = os.read(fd, 65536)
        except OSError:
            break
        if not d:
            break
        os.write(1, d.replace(b"\x1b[6n", b""))
    if 0 in r:
        os.write(fd, os.read(0, 1024))
PY
python3 - "$tmp" <<'PY'
import os, sys, unicodedata
sys.path.insert(0, os.path.join(os.environ["YJ_SRC"], "tests", "e2e"))
import kiosk_driver as k
tmp = sys.argv[1]


def ambiguous(s):
    return sorted({c for c in s if unicodedata.east_asian_width(c) == "A"})


def home(name, env=None, conf=None, wrap=None):
    db = os.path.join(tmp, name + ".db")
    if conf:
        with open(db + ".conf", "w") as f:
            f.write("centre_code = 310104\nterminal_id = E2E\n" + conf)
    scr = k.Screen(["kiosk", "--terminal", "E2E"], db, width=100, height=30, env=env, wrap=wrap)
    try:
        return scr.wait_until(lambda s: "简体中文" in s and "请准备好" in s, what="Home")
    finally:
        scr.kill()


s = home("measured")
assert "(●) 简体中文" in s and "▶ 1." in s and "┌" in s, s
print("ok - tmux answers ESC[6n with one column: ● ▶ and box lines drawn")

s = home("ascii", env={"YJ_AMBIWIDTH": "ascii"})
assert "(*) 简体中文" in s and "> 1." in s and "+----" in s and "上下 选择" in s, s
assert not ambiguous(s), "ambiguous characters on the screen: %r\n%s" % (ambiguous(s), s)
print("ok - YJ_AMBIWIDTH=ascii: ASCII marks, no ambiguous character on the screen")

s = home("wide", conf="[ui]\nambiwidth = 2\n")
assert "(＊) 简体中文" in s and "＞ 1." in s, s
assert not ambiguous(s), "ambiguous characters on the screen: %r\n%s" % (ambiguous(s), s)
print("ok - ui.ambiwidth = 2: wide marks, no ambiguous character on the screen")

s = home("unknown", wrap="python3 %s" % os.path.join(tmp, "noanswer.py"))
assert "(*) 简体中文" in s and "> 1." in s, s
assert not ambiguous(s), "ambiguous characters on the screen: %r\n%s" % (ambiguous(s), s)
print("ok - a terminal that does not answer ESC[6n gets the ASCII marks")

# The whole birth application in the ASCII set at 64x16 and in the wide set at
# 100x30: no screen holds an ambiguous character; the case number is shown in
# full-width digits (the half-block font and the code are not drawn).
orig_cap = k.Screen.cap
for ambi, size in (("ascii", (64, 16)), ("2", (100, 30))):
    bad = []

    def cap(self):
        s = orig_cap(self)
        if ambiguous(s):
            bad.append(s)
        return s

    k.Screen.cap = cap
    scr, no = k.apply("birth", os.path.join(tmp, "apply%s.db" % ambi), size=size,
                      env={"YJ_AMBIWIDTH": ambi})
    try:
        s = scr.cap()
        full = "".join(chr(ord(c) + 0xfee0) if "!" <= c <= "~" else c for c in no)
        assert full in s, "the case number in full-width digits:\n" + s
    finally:
        scr.kill()
    k.Screen.cap = orig_cap
    assert not bad, "ambiguous characters %r on:\n%s" % (ambiguous(bad[0]), bad[0])
    print("ok - YJ_AMBIWIDTH=%s: the whole birth application at %dx%d without an ambiguous "
          "character on any screen" % (ambi, size[0], size[1]))
PY
