#!/usr/bin/env python3
"""`yijian forms preview` against the kiosk in tmux, row for row.

  preview_compare.py THING COLSxROWS WORKDIR

For the thing: the preview (guide answers of its example only, so the pages
are as the kiosk first shows them) and the kiosk at the same size give the
same Home (the thing chosen), every guide question, the notice and the first
form page. The preview has no database and no input method, so the sync state
at the right end of Home's footer row and the pinyin switch (F8 中/英) at the
right end of a page's footer row are left out. Prints one "ok" line per screen compared;
exits 1 with both screens on the first difference.
"""
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kiosk_driver as kd  # noqa: E402


def blocks(text):
    """The preview's screens: name -> list of rows."""
    out, name = {}, None
    for ln in text.split("\n"):
        m = re.match(r"^=== (.*) ===$", ln)
        if m:
            name = m.group(1)
            out[name] = []
        elif name is not None:
            out[name].append(ln)
    return out


def norm(rows, height, home=False):
    rows = [r.rstrip() for r in rows][:height]
    rows += [""] * (height - len(rows))
    if home:  # the sync state, which only the kiosk has
        rows[-1] = re.sub(r"   +\S+$", "", rows[-1]).rstrip()
    rows[-1] = re.sub(r" +F8 +[中英]$", "", rows[-1])  # the kiosk's input method
    return rows


def same(name, want, got, height, home=False):
    w, g = norm(want, height, home), norm(got, height, home)
    if w != g:
        for i, (a, b) in enumerate(zip(w, g)):
            if a != b:
                print("row %d differs:\n  preview: %r\n  kiosk:   %r" % (i, a, b))
        print("--- preview %s\n%s\n--- kiosk\n%s" % (name, "\n".join(w), "\n".join(g)))
        raise SystemExit(1)
    print("ok - %s: %s as the kiosk draws it" % (THING, name))


THING = sys.argv[1]
W, H = (int(x) for x in sys.argv[2].split("x"))
WORK = sys.argv[3]
ex = json.load(open(os.path.join(kd.SRC, "forms", "examples", THING + ".json")))
guide_ans = {k: v for k, v in ex.items() if k.startswith("guide.")}
gpath = os.path.join(WORK, THING + ".guide.json")
json.dump(guide_ans, open(gpath, "w"), ensure_ascii=False)
pv = subprocess.run([kd.YIJIAN, "forms", "preview", THING, "--size", "%dx%d" % (W, H),
                     "--answers", gpath], capture_output=True, text=True, check=True).stdout
want = blocks(pv)
fields, lists, regions = kd.load_forms()
scr = kd.Screen(["kiosk", "--terminal", "K01"], os.path.join(WORK, THING + ".db"), width=W,
                height=H)
try:
    tl = json.load(open(os.path.join(kd.SRC, "forms", "things", THING + ".json")))["label"]["zh_CN"]
    home = scr.wait_until(lambda s: "请选择您要办理的事项" in s and tl in s, what="Home")
    labels = re.findall(r"\d+\. (\S+)", home)
    for _ in range(labels.index(tl)):
        scr.send("Down")
    k = labels.index(tl) + 1
    s = scr.wait_until(lambda s: ("▶ %d. " % k) in s, what="the thing chosen")
    scr.settle(0.3)
    same("Home", want["Home"], scr.cap().split("\n"), H, home=True)
    scr.send("Enter")
    for name in [n for n in want if n.startswith("guide ")]:
        fid = name.split()[-1]
        m = re.match(r"guide (\d+)/", name)
        s = scr.wait_until(lambda s: re.search(r"第 %s 问" % m.group(1), s), what=name)
        scr.settle(0.3)
        same(name, want[name], scr.cap().split("\n"), H)
        fd = fields[fid]
        v = guide_ans[fid]
        idx = (0 if v == "yes" else 1) if fd["type"] == "yesno" else \
            [c[0] for c in kd.choices(fd, lists)].index(v)
        before = scr.cap()
        for _ in range(5):
            scr.send("Up")
        for _ in range(idx):
            scr.send("Down")
        scr.send("Enter")
        scr.wait_until(lambda s: s != before, 5, "the next screen")
    scr.wait_until(lambda s: "一次告知" in s.split("\n")[0], what="the notice")
    scr.settle(0.3)
    same("notice", want["notice"], scr.cap().split("\n"), H)
    scr.send("Enter")
    first = [n for n in want if n.startswith("page 1/")][0]
    scr.wait_until(lambda s: "第 1 页" in s.split("\n")[0], what=first)
    scr.settle(0.3)
    same(first, want[first], scr.cap().split("\n"), H)
finally:
    scr.kill()
