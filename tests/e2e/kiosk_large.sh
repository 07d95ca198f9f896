#!/bin/sh
# Screen test: large print. The whole birth application in `yijian kiosk` at
# 64x16 (20 pt on a 720p screen) and at 91x17, in `yijian assist` at 64x16, the
# death application with its guide at 64x16, Home at 160x45, a 20x10 terminal,
# and a refused page at 64x16. On every screen drawn: the keys
# line is there, the focused field's label is shown, and no text is cut off
# with "…"; every answer of every guide question of the death application is
# shown whole; the cases are stored with all example answers.
set -eu
: "${YIJIAN:?}" "${YJ_SRC:?}"
command -v tmux >/dev/null || { echo "tmux missing"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
python3 - "$tmp" <<'PY'
import json, os, re, subprocess, sys, time
sys.path.insert(0, os.path.join(os.environ["YJ_SRC"], "tests", "e2e"))
import kiosk_driver as k

tmp = sys.argv[1]
fields, lists, regions = k.load_forms()

# Every screen the driver waits on, kept when it was read twice in a row (a
# frame caught half drawn is read once).
seen, last, heads = [], [None], set()
orig_cap = k.Screen.cap


def cap(self):
    s = orig_cap(self)
    m = re.search(r"第 (\d+) 页，共 \d+ 页", s.split("\n")[0])
    if m:
        heads.add(int(m.group(1)))
    if s == last[0] and (not seen or seen[-1] != s):
        seen.append(s)
    last[0] = s
    return s


k.Screen.cap = cap


def squash(s):
    return re.sub(r"\s+", "", s)


def check_screens(where, rows):
    assert seen, where + ": no screen seen"
    for s in seen:
        lines = s.split("\n")[:rows]
        head = lines[0]
        if not head.strip():
            continue  # before the first frame
        keys = lines[rows - 1] if len(lines) >= rows else ""
        assert "回车" in keys or "Esc" in keys, "%s: no keys line:\n%s" % (where, s)
        for ln in lines:
            t = ln.rstrip()
            # "……另有 N 项，详见回执" says where the rest is; nothing else ends cut.
            assert not t.endswith("…") or "……" in t, "%s: text cut:\n%s" % (where, s)
        if re.search(r"第 \d+ 页，共 \d+ 页", head) and "输入文字查找" not in s and \
                not k.checklist(s):
            assert k.focused_label(s), "%s: no focused label on a form page:\n%s" % (where, s)


def store_check(thing, db, no):
    out = subprocess.run([os.environ["YIJIAN"], "case", "show", no, "--json", "--db", db],
                         check=True, capture_output=True, text=True).stdout
    case = json.loads(out)
    ex = json.load(open(os.path.join(os.environ["YJ_SRC"], "forms", "examples", thing + ".json")))
    # A multi-select answer is stored as the JSON text of its list of codes.
    got = lambda a, v: json.loads(case["answers"][a]) if isinstance(v, list) and a in case["answers"] \
        else case["answers"].get(a)
    bad = [(a, v, case["answers"].get(a)) for a, v in ex.items() if got(a, v) != v]
    assert not bad, "%s: answers differ: %r" % (thing, bad[:5])


for (w, h) in [(64, 16), (91, 17)]:
    seen.clear()
    heads.clear()
    db = os.path.join(tmp, "birth%d.db" % w)
    scr, no = k.apply("birth", db, size=(w, h))
    try:
        if w == 64:
            # What comes next scrolls on the confirmation: ▼, then PgDn to the end.
            s = scr.wait_until(lambda s: "PgDn/PgUp 更多" in s and "▼" in s,
                               what="the confirmation's scroll mark")
            for _ in range(12):
                if "办结后会短信通知您" in s:
                    break
                scr.send("NPage")
                s = scr.wait_until(lambda t: t != s, 2, "the next lines")
            assert "办结后会短信通知您" in s and "▲" in s, s
            print("ok - the confirmation at 64x16 scrolls to its last line with PgDn")
    finally:
        scr.kill()
    store_check("birth", db, no)
    check_screens("birth %dx%d" % (w, h), h)
    assert heads == set(range(1, 9)), "birth %dx%d: form pages seen %r" % (w, h, heads)
    print("ok - birth at %dx%d: case %s stored with every example answer; %d screens with "
          "their keys line, none cut" % (w, h, no, len(seen)))

# Assisted mode (large high-contrast theme) at 64x16: sign-in, authorisation,
# the whole birth application.
seen.clear()
heads.clear()
db = os.path.join(tmp, "assist.db")
scr, no = k.apply("birth", db, assist=True, size=(64, 16))
scr.kill()
store_check("birth", db, no)
check_screens("assisted birth 64x16", 16)
assert heads == set(range(1, 9)), "assisted birth 64x16: form pages seen %r" % heads
print("ok - assisted birth at 64x16: case %s stored; %d screens with their keys line, none cut"
      % (no, len(seen)))

# The death application's guide at 64x16: every answer of every question whole.
seen.clear()
db = os.path.join(tmp, "death.db")
scr, no = k.apply("death", db, size=(64, 16))
scr.kill()
store_check("death", db, no)
check_screens("death 64x16", 16)
asked = 0
for s in seen:
    if not re.search(r"第 \d+ 问，(?:共|最多) \d+ 问", s.split("\n")[0]):
        continue
    body = squash(s)
    for fid, fd in fields.items():
        if not fid.startswith("guide.") or squash(fd["label"]["zh_CN"]) not in body:
            continue
        asked += 1
        if fd["type"] == "yesno":
            labels = ["是", "否"]
        else:
            labels = [lab for _, lab in k.choices(fd, lists)]
        for lab in labels:
            assert squash(lab) in body, "answer %r of %s not shown whole:\n%s" % (lab, fid, s)
assert asked >= 5, "only %d guide questions seen" % asked
print("ok - death at 64x16: every answer of %d guide screens shown whole" % asked)

# Home at 160x45: every thing and everything to have at hand, nothing to scroll.
scr = k.Screen(["kiosk", "--terminal", "E2E"], os.path.join(tmp, "home.db"), width=160, height=45)
try:
    s = scr.wait("请选择您要办理的事项")
    s = scr.wait_until(lambda s: "想好的婴儿姓名" in s, what="the birth materials")
    for t in ("birth", "death", "retirement"):
        tl = json.load(open(os.path.join(os.environ["YJ_SRC"], "forms", "things", t + ".json")))
        assert tl["label"]["zh_CN"] in s, s
        if t == "birth":
            for p in tl.get("prepare", []):
                assert squash(p["zh_CN"]) in squash(s), "%r not on Home:\n%s" % (p["zh_CN"], s)
    assert "▼" not in s and "更多" not in s, s
    print("ok - Home at 160x45 shows every thing and the whole birth materials list")
    # Down to 64x16: the list and a scroll mark; PgDn shows the rest.
    scr.resize(64, 16)
    s = scr.wait_until(lambda s: "PgDn 更多" in s and "▼" in s, what="the details scroll mark")
    scr.send("NPage")
    s = scr.wait("想好的婴儿姓名")
    print("ok - Home at 64x16 marks the details that do not fit (▼) and PgDn shows them")
    # 20x10: the request to enlarge the window, and back.
    scr.resize(20, 10)
    s = scr.wait("请放大窗口")
    assert "64x16" in s.replace("×", "x"), s
    scr.resize(64, 16)
    scr.wait("请选择您要办理的事项")
    print("ok - 20x10 asks for a bigger window, and 64x16 shows Home again")
finally:
    scr.kill()
PY
python3 - "$tmp" <<'PY'
import os, sys
sys.path.insert(0, os.path.join(os.environ["YJ_SRC"], "tests", "e2e"))
import kiosk_driver as k

# A refused page at 64x16: the error, the focused field and the keys together.
scr = k.Screen(["kiosk", "--terminal", "E2E"], os.path.join(sys.argv[1], "err.db"), width=64,
               height=16)
try:
    k.choose_thing(scr, "birth")
    for _ in range(5):
        s = scr.wait("问，共")
        scr.send("Enter")
        scr.wait_until(lambda t: t != s, what="the next question")
    scr.wait("一次告知")
    scr.send("Enter")
    scr.wait("第 1 页")
    scr.send("Enter")  # the birth date left empty: on to the next field
    s = scr.wait("！请填写")
    assert k.focused_label(s) == "婴儿性别", s
    lines = s.split("\n")
    assert "回车" in lines[15], s
    print("ok - 64x16: a field left empty shows its error with the next field focused and the keys")
    scr.send("NPage")  # refused: the summary of what to correct
    s = scr.wait("处需要修改或确认")
    assert "回车" in s.split("\n")[15], s
    print("ok - 64x16: a refused page shows the summary and the keys line")
finally:
    scr.kill()
PY
