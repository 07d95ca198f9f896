#!/usr/bin/env python3
"""The keys a person presses to apply for THING with its example answers, as
JSON, for tests/integration/kiosk_session.sh to replay into the real kiosk
session (cage + foot), where the screen can only be read back by OCR.

  kiosk_session_keys.py THING DB COLS ROWS > steps.json

The keys are found by tests/e2e/kiosk_driver.py driving `yijian kiosk` in
tmux at the same grid size as the session's terminal (COLS x ROWS), reading
the screen after each one. Each step is one of
  {"key": NAME}    a tmux key name (Enter, Down, C-u, NPage, Escape ...)
  {"text": TEXT}   text typed as it is
  {"mark": WHERE}  the screen reached here: "form" (first form page),
                   "review" (核对信息), "done" (the case number)

  kiosk_session_keys.py ink SHOT.ppm OUT.pgm
  kiosk_session_keys.py png SHOT.ppm OUT.png

ink: the text of a screenshot (grim -t ppm) as black on white for tesseract,
which misreads light text on the kiosk's coloured buttons: a pixel is ink when
its colour is far from every colour covering more than 4% of the screen (the
backgrounds). png: the screenshot as PNG, for docs/screens.

  kiosk_session_keys.py type STEPS TTY MARK

types the steps after MARK's predecessor up to MARK into the terminal TTY
(the pseudo-terminal foot gave the kiosk) with TIOCSTI, as the bytes foot
sends for those keys with TERM=xterm-256color (cursor keys in application
mode, as ncurses' keypad() sets them). cage 0.1.4 has no virtual-keyboard
protocol, so wtype cannot reach foot; TIOCSTI needs CAP_SYS_ADMIN (root).
"""
import collections
import fcntl
import struct
import termios
import time
import zlib
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
import kiosk_driver as kd  # noqa: E402

steps = []
_send = kd.Screen.send


def recording_send(self, *keys, literal=False, count=True):
    for k in keys:
        steps.append({"text": k} if literal else {"key": k})
    return _send(self, *keys, literal=literal, count=count)


# The bytes foot sends for the keys kiosk_driver.py uses.
XTERM_KEYS = {
    "Enter": b"\r", "Tab": b"\t", "BTab": b"\x1b[Z", "Escape": b"\x1b", "BSpace": b"\x7f",
    "Up": b"\x1bOA", "Down": b"\x1bOB", "Right": b"\x1bOC", "Left": b"\x1bOD",
    "Home": b"\x1bOH", "End": b"\x1bOF", "NPage": b"\x1b[6~", "PPage": b"\x1b[5~",
    "C-u": b"\x15",
}


def type_steps(path, tty, mark):
    """Type the keys of the steps before `mark` (after the previous mark)."""
    steps = json.load(open(path))
    marks = [i for i, st in enumerate(steps) if "mark" in st]
    end = next(i for i in marks if steps[i]["mark"] == mark)
    start = max([i for i in marks if i < end], default=-1) + 1
    fd = os.open(tty, os.O_RDWR | os.O_NOCTTY)
    try:
        for st in steps[start:end]:
            data = XTERM_KEYS[st["key"]] if "key" in st else st["text"].encode()
            for b in data:
                fcntl.ioctl(fd, termios.TIOCSTI, bytes([b]))
            # A lone ESC must not run into the next key (ncurses' ESCDELAY is
            # 100 ms in yijian); the program may be busy, so wait long.
            time.sleep(1.0 if data == b"\x1b" else 0.12)
    finally:
        os.close(fd)
    return 0


def read_ppm(path):
    """Width, height and RGB bytes of a binary PPM (P6, maxval 255)."""
    d = open(path, "rb").read()
    head, i = [], 0
    while len(head) < 4:
        while d[i:i + 1].isspace():
            i += 1
        if d[i:i + 1] == b"#":
            i = d.index(b"\n", i)
            continue
        j = i
        while not d[j:j + 1].isspace():
            j += 1
        head.append(d[i:j])
        i = j
    if head[0] != b"P6" or head[3] != b"255":
        raise ValueError("%s: not an 8-bit P6 PPM" % path)
    w, h = int(head[1]), int(head[2])
    return w, h, d[i + 1:i + 1 + w * h * 3]


def ink(src, dst, far=60):
    w, h, px = read_ppm(src)
    seen = collections.Counter(px[k:k + 3] for k in range(0, len(px), 21))
    total = sum(seen.values())
    bgs = [tuple(c) for c, n in seen.most_common(8) if n > total * 0.04]
    out = bytearray(w * h)
    for k in range(w * h):
        r, g, b = px[3 * k], px[3 * k + 1], px[3 * k + 2]
        near = min(abs(r - x) + abs(g - y) + abs(b - z) for x, y, z in bgs)
        out[k] = 0 if near > far else 255
    open(dst, "wb").write(b"P5\n%d %d\n255\n" % (w, h) + bytes(out))
    return 0


def png(src, dst):
    w, h, px = read_ppm(src)
    raw = b"".join(b"\0" + px[y * w * 3:(y + 1) * w * 3] for y in range(h))

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff))
    with open(dst, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
                chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
    return 0


def main():
    if len(sys.argv) == 4 and sys.argv[1] in ("ink", "png"):
        return (ink if sys.argv[1] == "ink" else png)(sys.argv[2], sys.argv[3])
    if len(sys.argv) == 5 and sys.argv[1] == "type":
        return type_steps(sys.argv[2], sys.argv[3], sys.argv[4])
    if len(sys.argv) != 5:
        print(__doc__, file=sys.stderr)
        return 2
    thing, db, cols, rows = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    kd.Screen.send = recording_send
    fields, lists, regions = kd.load_forms()
    answers = json.load(open(os.path.join(kd.SRC, "forms", "examples", thing + ".json")))
    scr = kd.Screen(["kiosk", "--terminal", "E2E"], db, width=cols, height=rows)
    try:
        kd.choose_thing(scr, thing)
        kd.guide(scr, answers, fields, lists)
        scr.wait("一次告知")
        scr.send("Enter")
        scr.wait("第 1 页")
        steps.append({"mark": "form"})
        kd.fill_pages(scr, answers, fields, lists, regions)
        steps.append({"mark": "review"})
        scr.send("End")
        scr.send("Enter")
        scr.wait("您的办件编号是", 15)
        steps.append({"mark": "done"})
    finally:
        scr.kill()
    json.dump(steps, sys.stdout, ensure_ascii=False, indent=0)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
