#!/usr/bin/env python3
"""`yijian forms preview` against the kiosk in tmux, row for row.

  preview_compare.py THING COLSxROWS WORKDIR

For the thing: the preview with its whole example (`--answers`) and the kiosk
at the same size, filled with the same example as kiosk_driver.fill_pages
fills it, give the same Home (the thing chosen), every guide question, every
form page, the review and the notice. The kiosk's pages are compared filled, on
the way back from the review (Esc, then PgUp page by page to the notice): each
shown as the preview draws it, with the focus on its first field. The preview
has no database and no input method, so the sync state at the right end of
Home's footer row and the pinyin switch (F8 中/英) at the right end of a page's
footer row are left out. Prints one "ok" line per screen compared; exits 1 with
both screens on the first difference.
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
expath = os.path.join(kd.SRC, "forms", "examples", THING + ".json")
ex = json.load(open(expath))
# The preview runs while the kiosk starts.
pv = subprocess.Popen([kd.YIJIAN, "forms", "preview", THING, "--size", "%dx%d" % (W, H),
                       "--answers", expath], stdout=subprocess.PIPE, text=True)
fields, lists, regions = kd.load_forms()
scr = kd.Screen(["kiosk", "--terminal", "K01"], os.path.join(WORK, THING + ".db"), width=W,
                height=H)
out = pv.communicate()[0]
if pv.returncode != 0:
    scr.kill()
    raise SystemExit("forms preview %s failed (exit %d)" % (THING, pv.returncode))
want = blocks(out)


def title(s):
    return s.split("\n")[0]


try:
    tl = json.load(open(os.path.join(kd.SRC, "forms", "things", THING + ".json")))["label"]["zh_CN"]
    home = scr.wait_until(lambda s: "请选择您要办理的事项" in s and tl in s, what="Home")
    labels = re.findall(r"\d+\. (\S+)", home)
    for _ in range(labels.index(tl)):
        scr.send("Down")
    k = labels.index(tl) + 1
    s = scr.wait_until(lambda s: ("▶ %d. " % k) in s, what="the thing chosen")
    same("Home", want["Home"], s.split("\n"), H, home=True)
    scr.send("Enter")
    for name in [n for n in want if n.startswith("guide ")]:
        fid = name.split()[-1]
        m = re.match(r"guide (\d+)/", name)
        s = scr.wait_until(lambda s: re.search(r"第 %s 问" % m.group(1), s), what=name)
        same(name, want[name], s.split("\n"), H)
        fd = fields[fid]
        v = ex[fid]
        idx = (0 if v == "yes" else 1) if fd["type"] == "yesno" else \
            [c[0] for c in kd.choices(fd, lists)].index(v)
        before = s
        scr.send(*(["Up"] * 5 + ["Down"] * idx + ["Enter"]))
        scr.wait_until(lambda s: s != before, 5, "the next screen")
    scr.wait_until(lambda s: "一次告知" in title(s), what="the notice")
    scr.send("Enter")
    kd.fill_pages(scr, ex, fields, lists, regions)
    s = scr.wait_until(lambda s: "核对信息" in title(s), what="the review")
    same("review", want["review"], s.split("\n"), H)
    pages = [n for n in want if n.startswith("page ")]
    scr.send("Escape")
    for name in reversed(pages):
        k = int(re.match(r"page (\d+)/", name).group(1))
        s = scr.wait_until(lambda s: ("第 %d 页" % k) in title(s) and kd.focused_label(s),
                           what=name)
        same(name, want[name], s.split("\n"), H)
        scr.send("PPage")
    s = scr.wait_until(lambda s: "一次告知" in title(s), what="the notice, back from page 1")
    same("notice", want["notice"], s.split("\n"), H)
finally:
    scr.kill()
