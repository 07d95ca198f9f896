#!/usr/bin/env python3
"""Drive `yijian kiosk` / `yijian assist` in a private tmux server, reading the
screen as a person would: find the focused field by its label, type or pick its
value from a thing's example answers, and go on to the case number.

Used by the tests/e2e/*.sh screen tests and tests/bench/ui_bench.sh.
  kiosk_driver.py apply THING DB [--assist] [--keys-out FILE]  -> prints the case number
"""
import json
import os
import re
import subprocess
import sys
import time

SRC = os.environ.get("YJ_SRC", os.path.join(os.path.dirname(__file__), "..", ".."))
YIJIAN = os.environ.get("YIJIAN", os.path.join(SRC, "build", "yijian"))
# Every wait polls the screen until what it expects shows; the limits grow in
# the sanitizer build (YJ_SANITIZED=1), where drawing is several times slower.
SLOW = 4.0 if os.environ.get("YJ_SANITIZED") == "1" else 1.0


class Screen:
    """A tmux server of our own with one pane running the program."""

    def __init__(self, args, db, width=100, height=30, env=None, wrap=None):
        self.sock = "yje2e%d_%d" % (os.getpid(), int(time.time() * 1000) % 100000)
        self.keys = 0
        e = {"YJ_TODAY": "2026-11-23", "LC_ALL": "C.UTF-8"}
        if env:
            e.update(env)
        envs = " ".join("%s=%s" % kv for kv in e.items())
        conf = db + ".conf"
        if not os.path.exists(conf):
            with open(conf, "w") as f:
                f.write("centre_code = 310104\nterminal_id = E2E\n")
        cmd = "%s %s %s --config %s --db %s" % (wrap or "", YIJIAN, " ".join(args), conf, db)
        self.tmux("new", "-d", "-x", str(width), "-y", str(height),
                  "env %s %s; echo EXITED $?; sleep 600" % (envs, cmd))

    def tmux(self, *a, check=True):
        return subprocess.run(["tmux", "-L", self.sock, "-f", "/dev/null"] + list(a),
                              check=check, capture_output=True, text=True).stdout

    def send(self, *keys, literal=False, count=True):
        if count:
            self.keys += len(keys) if not literal else sum(len(k) for k in keys)
        self.tmux("send-keys", *(["-l"] if literal else []), *keys)
        time.sleep(0.02)

    def cap(self):
        return self.tmux("capture-pane", "-p")

    def wait(self, text, timeout=8.0, gone=False):
        return self.wait_until(lambda s: (text in s) != gone, timeout,
                               "%r%s" % (text, " to go" if gone else ""))

    def wait_until(self, pred, timeout=8.0, what="the screen"):
        """Poll until pred(screen) holds and the screen has stopped changing;
        timeout (seconds) scaled by SLOW.

        tmux can be caught between two parts of one redraw on a loaded
        machine (the title drawn, the lines under it not yet), so a screen is
        returned only once two captures a moment apart agree; a screen that
        keeps changing while pred holds is returned at the timeout."""
        end = time.time() + timeout * SLOW
        prev = None
        while True:
            s = self.cap()
            if pred(s):
                if s == prev or time.time() >= end:
                    return s
                prev = s
                time.sleep(0.04)
                continue
            prev = None
            if time.time() >= end:
                raise AssertionError("timed out waiting for %s; screen:\n%s" % (what, s))
            time.sleep(0.03)

    def settle(self, seconds):
        """A fixed pause, only where nothing is expected to change (a key that
        must do nothing); scaled by SLOW."""
        time.sleep(seconds * SLOW)

    def resize(self, w, h):
        self.tmux("resize-window", "-x", str(w), "-y", str(h))

    def kill(self):
        self.tmux("kill-server", check=False)


def load_forms():
    fdir = os.path.join(SRC, "forms")
    fields = json.load(open(os.path.join(fdir, "fields.json")))["fields"]
    lists = json.load(open(os.path.join(fdir, "lists.json")))["lists"]
    regions = {}
    for line in open(os.path.join(SRC, "data", "regions.tsv"), encoding="utf-8"):
        if line.startswith("#"):
            continue
        p = line.rstrip("\n").split("\t")
        if len(p) >= 3 and p[2] == "1":
            regions[p[0]] = p[1]
    return fields, lists, regions


def choices(fd, lists):
    c = fd.get("choices", [])
    if isinstance(c, str):
        c = lists[c]
    return [(x["value"], x["label"]["zh_CN"]) for x in c]


# The focus mark in each glyph set (src/core/glyph.c): ▶, ＞ (two columns wide,
# no space after it) or >.
FOCUS = r"(?:▶ |＞|> )"


def focused_label(screen):
    for line in screen.splitlines():
        m = re.match(r"^  " + FOCUS + r"(.*?)\s*$", line)
        if m:
            return m.group(1).replace("（选填）", "").replace("（自动填写）", "")
    return None


def focused_readonly(screen):
    """The focused field is derived (read-only, marked （自动填写）)."""
    return any(re.match(r"^  ▶ .*（自动填写）", line) for line in screen.splitlines())


def field_by_label(label, page_ids, fields):
    """The field labelled so; a long label wraps on a narrow screen, so its
    first line (or a cut label ending in …) names the field it begins."""
    best = None
    for exact in (True, False):
        for fid, fd in fields.items():
            lab = fd["label"]["zh_CN"]
            if lab == label or (not exact and lab.startswith(label.rstrip("…"))):
                if fid in page_ids or best is None:
                    best = fid
        if best:
            return best
    return best


def popup_state(s):
    """The selected label of an open pick list and its position (k, n), as drawn."""
    cur, pos = None, None
    for line in s.splitlines():
        mm = re.search(r"[│|] " + FOCUS + r"(.+?)\s*[│|]", line)
        if mm:
            cur = mm.group(1).strip()
        mp = re.search(r" (\d+)/(\d+) [─-][┘+]", line)
        if mp:
            pos = (int(mp.group(1)), int(mp.group(2)))
    return cur, pos


def pick(scr, want_labels, search=None):
    """In an open pick list, move to one of want_labels and press Enter: by
    typing the label (type-to-search) when search is given or the list is long,
    else with Down, waiting after each key until the selection has moved."""
    s = scr.wait_until(lambda s: popup_state(s)[1] is not None, what="a pick list")
    cur, pos = popup_state(s)
    if search is None and pos[1] > 12 and len(want_labels) == 1:
        search = next(iter(want_labels))
    if search:
        scr.send(search, literal=True)
        s = scr.wait_until(lambda s: popup_state(s)[0] in want_labels,
                           what="%r selected by typing %r" % (want_labels, search))
        scr.send("Enter")
        return
    scr.send("Home")
    s = scr.wait_until(lambda s: (popup_state(s)[1] or (0,))[0] == 1, what="the first entry")
    while True:
        cur, pos = popup_state(s)
        if cur in want_labels:
            scr.send("Enter")
            return
        if pos[0] >= pos[1]:
            raise AssertionError("could not find %r in the list:\n%s" % (want_labels, s))
        scr.send("Down")
        k = pos[0] + 1
        s = scr.wait_until(lambda s: (popup_state(s)[1] or (0,))[0] == k, what="entry %d" % k)


def checklist(s):
    """The rows of an open multi-select checklist as drawn: [(label, ticked,
    focused)], or None when none is open."""
    rows = []
    for line in s.splitlines():
        m = re.search(r"[│|] (▶ |＞|> )?\s*\[(✓|x| )\] (\S.*?)\s*[│|]", line)
        if m:
            rows.append((m.group(3), m.group(2) != " ", m.group(1) is not None))
    return rows or None


def multi_labels(fd, value, lists):
    """The labels of a multi answer (a list of codes) in the choices' order."""
    codes = value if isinstance(value, list) else json.loads(value or "[]")
    return [lab for v, lab in choices(fd, lists) if v in codes]


def tick(scr, fd, value, lists):
    """In the open checklist of fd (nothing ticked yet), tick the codes of
    value and finish (Tab)."""
    scr.wait_until(lambda s: checklist(s) is not None, what="the checklist")
    codes = value if isinstance(value, list) else json.loads(value or "[]")
    scr.send("Home")
    keys = []
    for v, _ in choices(fd, lists):
        if v in codes:
            keys.append("Space")
        keys.append("Down")
    scr.send(*keys)
    scr.send("Tab")


def shown_value(screen):
    """The value drawn for the focused field: the text in its box, or the choice
    shown before the list arrow; None when it cannot be read."""
    lines = screen.splitlines()
    for i, line in enumerate(lines):
        if re.match(r"^  " + FOCUS, line):
            for nxt in lines[i + 1:i + 4]:
                m = re.match(r"^    \[(.*)\]", nxt)
                if m:
                    return m.group(1).strip()
                if nxt.rstrip().endswith(("▼", " v", "﹀")):
                    return nxt.rstrip()[:-1].strip()
            return None
    return None


def already_filled(screen, fd, value, lists, regions):
    """Is the wanted value already there (a default copied from what is known)?"""
    shown = shown_value(screen)
    if not shown or not value:
        return False
    t = fd["type"]
    if t == "select":
        return shown == dict(choices(fd, lists)).get(value)
    if t == "region":
        return value in regions and shown.endswith(regions[value])
    if t == "yesno":
        return False
    if t == "multi":
        return shown == "、".join(multi_labels(fd, value, lists))
    return shown == value


def fill_field(scr, fid, value, fields, lists, regions, screen=None):
    fd = fields[fid]
    t = fd["type"]
    if screen is not None and already_filled(screen, fd, value, lists, regions):
        # Shown filled: keep it and go on (Enter leaves a text field; a list
        # would open on Enter, so Tab, and PgDn after the last field of a page).
        if t in ("select", "region", "multi"):
            scr.send("Tab")
            try:
                scr.wait_until(lambda s: s != screen, 1.0, "the focus to move")
            except AssertionError:
                scr.send("NPage")
        else:
            scr.send("Enter")
        return
    if t == "yesno":
        scr.send("Left" if value == "yes" else "Right")
        scr.send("Enter")
    elif t == "multi":
        scr.send("Enter")
        tick(scr, fd, value, lists)
    elif t == "select":
        scr.send("Enter")
        scr.wait("输入文字查找")
        lab = dict(choices(fd, lists))[value]
        pick(scr, {lab})
    elif t == "region":
        scr.send("Enter")
        # The cascade skips levels some regions do not have (Shanghai's districts
        # come right after the province): at each level, type each name not
        # chosen yet until one is in the list (type-to-search), Esc if not.
        names = [regions.get(value[:2] + "0000"), regions.get(value[:4] + "00"),
                 regions.get(value)]
        names = [n for i, n in enumerate(names) if n and n not in names[:i]]
        # The list opens where the answer or this centre's district is, selected.
        s = scr.wait_until(lambda s: popup_state(s)[1] is not None, what="the region list")
        if names and popup_state(s)[0] == names[-1]:
            scr.send("Enter")
            names = []
        while names:
            s = scr.wait_until(lambda s: popup_state(s)[1] is not None or
                               "回车 确定/下一级" not in s, what="the region list")
            if "回车 确定/下一级" not in s:
                break
            for name in list(names):
                scr.send(name, literal=True)
                s = scr.wait_until(lambda s: popup_state(s)[0] == name or "没有找到" in s,
                                   what="%r searched" % name)
                if popup_state(s)[0] == name:
                    names.remove(name)
                    before = s
                    scr.send("Enter")
                    scr.wait_until(lambda s: s != before, what="the choice of " + name)
                    break
                scr.send("Escape")
                scr.wait_until(lambda s: "查找：" not in s, what="the search cleared")
            else:
                if "请选择省/" in s:
                    raise AssertionError("none of %r in the region list:\n%s" % (names, s))
                before = s
                scr.send("Escape")  # not at this level: one level up
                scr.wait_until(lambda s: s != before, what="the level above")
    else:
        # Ctrl-U (clear), the text and Enter in one send: as typed, in order.
        scr.send("\x15" + value + "\r", literal=True)


def guide(scr, answers, fields, lists):
    while True:
        s = scr.wait_until(lambda s: "一次告知" in s.splitlines()[0] or "很抱歉" in s or
                           re.search(r"第 (\d+) 问，(?:共|最多) (\d+) 问", s), what="a guide question")
        if "一次告知" in s.splitlines()[0] or "很抱歉" in s:
            return s
        m = re.search(r"第 (\d+) 问，(?:共|最多) (\d+) 问", s)
        # The question: the first line under the title bar and the introduction.
        # The page controls for a finger ([上一步]) share row 1 with nothing else.
        lines = [re.sub(r"\[(上一步|上一页|下一页)\]", "", ln).strip() for ln in s.splitlines()[1:]]
        lines = [ln for ln in lines if ln and "智能引导" not in ln]
        q = lines[0] if lines else ""
        fid = None
        for k, fd in fields.items():
            if k in answers and k.startswith("guide.") and q and fd["label"]["zh_CN"].startswith(q):
                fid = k
        assert fid, "unknown guide question: " + q
        v = answers[fid]
        fd = fields[fid]
        if fd["type"] == "yesno":
            idx = 0 if v == "yes" else 1
        else:
            idx = [c[0] for c in choices(fd, lists)].index(v)
        before = s
        for _ in range(5):
            scr.send("Up")
        for _ in range(idx):
            scr.send("Down")
        scr.send("Enter")
        scr.wait_until(lambda s: s != before, 5, "the next guide question")


def fill_pages(scr, answers, fields, lists, regions, stop_at_review=True):
    last = None
    since = time.time()
    while True:
        s = scr.cap()
        head = s.splitlines()[0]
        if "核对信息" in head:
            return s
        lab = focused_label(s)
        m = re.search(r"第 (\d+) 页，共 (\d+) 页", head)
        if lab is None or m is None:
            time.sleep(0.05)
            continue
        key = (m.group(1), lab)
        if key == last:
            # The field just filled is still focused: the screen has not caught
            # up yet, or the value was refused.
            if time.time() - since > 5 * SLOW:
                raise AssertionError("stuck on %s:\n%s" % (key, s))
            time.sleep(0.03)
            continue
        last, since = key, time.time()
        fid = field_by_label(lab, answers, fields)
        assert fid, "no field labelled %r" % lab
        if focused_readonly(s):  # derived: shown, not typed; Enter moves on
            scr.send("Enter")
            time.sleep(0.05)
            continue
        fill_field(scr, fid, answers.get(fid, ""), fields, lists, regions, s)
        time.sleep(0.05)


HELPER_PIN = "2468"


def ensure_helper(db, helper="helper07", pin=HELPER_PIN):
    """Helpers are accounts: the administrator boss (made first when there is
    no account) adds the helper with a short PIN, once."""
    conf = db + ".conf"
    if not os.path.exists(conf):
        with open(conf, "w") as f:
            f.write("centre_code = 310104\nterminal_id = E2E\n")
    base = [YIJIAN, "user"]
    opts = ["--config", conf, "--db", db, "--password-stdin"]
    listed = subprocess.run(base + ["list", "--config", conf, "--db", db],
                            capture_output=True, text=True).stdout.split()
    if "boss" not in listed:
        subprocess.run(base + ["add", "boss", "--name", "管理员", "--role", "admin"] + opts,
                       input="admin secret\n", capture_output=True, text=True, check=True)
    if helper not in listed:
        subprocess.run(base + ["add", helper, "--name", "帮办", "--role", "helper",
                               "--admin", "boss"] + opts,
                       input="admin secret\n%s\n" % pin, capture_output=True, text=True, check=True)


def helper_signin(scr, helper="helper07", pin=HELPER_PIN):
    scr.wait("工作人员登录")
    scr.send(helper, literal=True)
    scr.send("Enter")
    scr.wait("请输入密码或 PIN")
    scr.send(pin, literal=True)
    scr.send("Enter")


def choose_thing(scr, thing):
    """On Home, move to the thing labelled as forms/things/<thing>.json says
    and open it. The title is drawn before the list: wait for the thing
    itself, so a screen caught between two refreshes is not read as the list."""
    tl = json.load(open(os.path.join(SRC, "forms", "things", thing + ".json")))["label"]["zh_CN"]
    home = scr.wait_until(lambda s: "请选择您要办理的事项" in s and tl in s,
                          what="Home listing %s" % tl)
    labels = re.findall(r"\d+\. (\S+)", home)
    for _ in range(labels.index(tl)):
        scr.send("Down")
    scr.send("Enter")


def apply(thing, db, assist=False, keys_out=None, extra=None, env=None, size=(100, 30)):
    fields, lists, regions = load_forms()
    answers = json.load(open(os.path.join(SRC, "forms", "examples", thing + ".json")))
    args = ["assist"] if assist else ["kiosk", "--terminal", "E2E"]
    if assist:
        ensure_helper(db)
    scr = Screen(args + (extra or []), db, width=size[0], height=size[1], env=env)
    try:
        if assist:
            helper_signin(scr)
        choose_thing(scr, thing)
        if assist:
            scr.wait("委托代办")
            for v in ["张卫国", "310104195001010013"]:
                scr.send(v, literal=True)
                scr.send("Enter")
            scr.send("Enter")
            scr.wait("输入文字查找")
            pick(scr, {"子女"})
            scr.send("申请人年老行动不便，委托子女代为办理", literal=True)
            scr.send("Enter")
        guide(scr, answers, fields, lists)
        scr.wait("一次告知")
        scr.send("Enter")
        fill_pages(scr, answers, fields, lists, regions)
        if assist:
            # the authorisation on the review page can be edited like a section
            scr.send("End")
            scr.send("Up")
            s = scr.wait("委托代办信息")
            line = next(l for l in s.splitlines() if "委托代办信息" in l)
            check("[修改]" in line, "the review's 委托代办 section has [修改]", s)
        scr.send("End")
        scr.send("Enter")
        s = scr.wait("您的办件编号是")
        m = re.search(r"办件编号：([0-9A-Z]+(?:-[0-9A-Z]+)+)", s)
        no = m.group(1) if m else None
        if no is None:
            raise AssertionError("no case number on the screen:\n" + s)
        if keys_out:
            open(keys_out, "w").write("%d\n" % scr.keys)
        return scr, no
    except Exception:
        scr.kill()
        raise


def main():
    if len(sys.argv) >= 3 and sys.argv[1].startswith("scenario_"):
        return
    if len(sys.argv) >= 4 and sys.argv[1] == "apply":
        ko = None
        if "--keys-out" in sys.argv:
            ko = sys.argv[sys.argv.index("--keys-out") + 1]
        scr, no = apply(sys.argv[2], sys.argv[3], "--assist" in sys.argv, ko)
        print(no)
        scr.kill()
    else:
        print(__doc__)
        sys.exit(2)


# ---- scenarios for the screen tests -------------------------------------

def to_page(scr, thing, page_no, answers, fields, lists, regions, stop_label=None):
    """From Home, answer the guide and fill pages until page page_no shows (or,
    with stop_label, until the field so labelled has the focus)."""
    choose_thing(scr, thing)
    guide(scr, answers, fields, lists)
    scr.wait("一次告知")
    scr.send("Enter")
    want = "第 %d 页" % page_no
    last, since = None, time.time()
    while want not in scr.cap().splitlines()[0]:
        s = scr.cap()
        lab = focused_label(s)
        if stop_label is not None and lab == stop_label:
            return s
        if lab is None:
            time.sleep(0.05)
            continue
        key = (s.splitlines()[0], lab)
        if key == last:
            assert time.time() - since < 5 * SLOW, "stuck:\n" + s
            time.sleep(0.03)
            continue
        last, since = key, time.time()
        if focused_readonly(s):  # derived: shown, not typed; Enter moves on
            scr.send("Enter")
            continue
        fid = field_by_label(lab, answers, fields)
        fill_field(scr, fid, answers.get(fid, ""), fields, lists, regions)
        time.sleep(0.05)
    return scr.cap()


def check(cond, what, screen):
    if not cond:
        raise AssertionError(what + "\n--- screen:\n" + screen)
    print("ok -", what)


def scenario_fields(db):
    """Invalid ID number, masking, error summary, review editing, resize,
    lock-down keys, SIGTERM."""
    fields, lists, regions = load_forms()
    ans = json.load(open(os.path.join(SRC, "forms", "examples", "birth.json")))
    scr = Screen(["kiosk"], db)
    try:
        s = to_page(scr, "birth", 2, ans, fields, lists, regions)
        check("基本信息" in s or "第 2 页，共" in s, "page 2 of n is shown", s)
        # The error summary: forward with every field empty.
        scr.send("PPage")
        scr.wait("第 1 页")
        scr.send("NPage")
        scr.wait("第 2 页")
        scr.send("NPage")
        s = scr.wait("处需要修改或确认")
        check("请按回车" not in s and "1. " in s, "error summary lists the problems", s)
        scr.send("Enter")
        want = fields["baby.name"]["label"]["zh_CN"]
        s = scr.wait_until(lambda s: focused_label(s) == want, what="focus on " + want)
        check(focused_label(s) == want,
              "Enter on the summary jumps to the field", s)
        # Fill names, then a wrong ID number.
        scr.send(ans["baby.name"], literal=True); scr.send("Enter")
        scr.send(ans["mother.name"], literal=True); scr.send("Enter")
        scr.send("310104199405120023", literal=True); scr.send("Enter")
        s = scr.wait("校验位不对")
        check("校验位不对" in s, "invalid ID number rejected with its message", s)
        # Correct it; when the field is left the number is masked.
        scr.send("Up")
        scr.send("C-u"); scr.send(ans["mother.id_number"], literal=True); scr.send("Enter")
        s = scr.wait("310104********0022")
        check("310104199405120022" not in s, "ID number masked once the field is left", s)
        # Resize below the minimum and back: the typed text survives.
        scr.send("李晓", literal=True)
        scr.send("BSpace")
        scr.send("雯测试", literal=True)
        scr.send("Left"); scr.send("Left"); scr.send("BSpace")
        scr.wait("李测试")
        scr.resize(40, 12)
        s = scr.wait("请放大窗口")
        check("请放大窗口" in s, "below 64x16: please enlarge", s)
        scr.send("x")  # keys are ignored while too small
        scr.resize(100, 30)
        s = scr.wait("李测试")
        check("李测试" in s and "x" not in s.split("李测试")[0][-3:], "typed text intact after resize", s)
        # Lock-down: Ctrl-C, Ctrl-Z, Ctrl-\ and F1 change nothing.
        before = scr.cap()
        for k in ("C-c", "C-z", "C-\\", "F1", "F10"):
            scr.send(k)
        scr.settle(0.5)
        s = scr.cap()
        check(s == before and "EXITED" not in s, "Ctrl-C, Ctrl-Z, Ctrl-\\ and F-keys do nothing", s)
        pid = scr.tmux("list-panes", "-F", "#{pane_pid}").strip()
        # SIGTERM to the program (the pane runs sh -c; find its child).
        kid = subprocess.run(["pgrep", "-P", pid], capture_output=True, text=True).stdout.split()
        progs = []
        for k in kid:
            progs += subprocess.run(["pgrep", "-P", k], capture_output=True, text=True).stdout.split() or [k]
        for p in progs:
            if "yijian" in open("/proc/%s/cmdline" % p).read():
                os.kill(int(p), 15)
        s = scr.wait("EXITED 0")
        check("EXITED 0" in s, "SIGTERM ends the kiosk cleanly", s)
        # Restart: the draft of the unfinished application is offered.
        scr.kill()
        scr = Screen(["kiosk"], db)
        s = scr.wait("上次的填写还没有完成")
        check("出生一件事" not in s, "nothing of the draft before the ID's last four", s)
        scr.send(ans["mother.id_number"][-4:], literal=True)
        scr.send("Enter")
        s = scr.wait("继续填写")
        check("出生一件事" in s, "a crash-left draft is offered for resuming", s)
        scr.send("Enter")
        s = scr.wait("第 2 页")
        check(ans["baby.name"] in s, "resumed with the answers", s)
    finally:
        scr.kill()


def small_ok(s, w, h):
    """The "please enlarge" screen and nothing else on it (lines may be cut
    with an ellipsis when the terminal is narrower than they are)."""
    msgs = ("请放大窗口", "%d×%d < 64×16" % (w, h))
    text = [l.strip() for l in s.splitlines() if l.strip()]
    return bool(text) and "请放大" in s and all(
        any(m.startswith(l[:-1] if l.endswith("…") else l) for m in msgs) for l in text)


def scenario_search(db):
    """Type-to-search in the pick lists (ethnic groups, provinces), then a
    20x10 and a 10x5 terminal with the list open: only "please enlarge", and
    everything back when enlarged."""
    fields, lists, regions = load_forms()
    ans = json.load(open(os.path.join(SRC, "forms", "examples", "birth.json")))
    scr = Screen(["kiosk"], db)
    try:
        lab = fields["baby.ethnicity"]["label"]["zh_CN"]
        s = to_page(scr, "birth", 99, ans, fields, lists, regions, stop_label=lab)
        check(focused_label(s) == lab, "at the ethnic group field", s)
        scr.send("Enter")
        s = scr.wait("输入文字查找")
        check(popup_state(s)[1][1] == 56, "the list of the 56 ethnic groups is open", s)
        scr.send("回", literal=True)
        s = scr.wait_until(lambda s: popup_state(s)[0] == "回族", what="回族 selected")
        check("查找：回" in s, "typing 回 moves to 回族 and shows the search", s)
        scr.send("BSpace")
        s = scr.wait("查找：", gone=True)
        check(popup_state(s)[0] == "回族", "backspace clears the search, the selection stays", s)
        scr.send("维吾", literal=True)
        s = scr.wait_until(lambda s: popup_state(s)[0] == "维吾尔族", what="维吾尔族")
        check(popup_state(s)[1][0] > 2, "two characters find 维吾尔族 further down", s)
        scr.send("X", literal=True)
        s = scr.wait("没有找到")
        check(popup_state(s)[0] == "维吾尔族", "no match: said so, the selection stays", s)
        scr.send("Escape")
        s = scr.wait("查找：", gone=True)
        check("输入文字查找" in s, "Esc first forgets the search, the list stays open", s)
        scr.send("Down")
        scr.send("满", literal=True)
        s = scr.wait_until(lambda s: popup_state(s)[0] == "满族", what="满族")
        # Too small while the list is open and a search is typed: 20x10, 10x5.
        for w, h in ((20, 10), (10, 5)):
            scr.resize(w, h)
            s = scr.wait_until(lambda s: small_ok(s, w, h), what="only the enlarge message")
            check(True, "%dx%d: only the enlarge message" % (w, h), s)
            scr.send("x")  # ignored while too small
        scr.resize(100, 30)
        s = scr.wait("查找：满")
        check(popup_state(s)[0] == "满族" and "x" not in s.split("查找：满")[1][:2],
              "enlarged again: the list, its search and selection are back", s)
        scr.send("Enter")
        s = scr.wait("输入文字查找", gone=True)
        check(" 满族" in s, "Enter picks the match", s)
        # Regions: the provinces list, typed.
        lab = fields["household.region"]["label"]["zh_CN"]
        for _ in range(30):
            if focused_label(scr.cap()) == lab:
                break
            scr.send("Tab")
            scr.wait_until(lambda s: focused_label(s) is not None, what="a field")
        s = scr.wait_until(lambda s: focused_label(s) == lab, what=lab)
        scr.send("Enter")
        # The list opens at this centre's district (centre_code 310104), or at the
        # district already answered (here the father's, from his ID number).
        s = scr.wait("上海市：请选择区")
        check(popup_state(s)[0] == "徐汇区", "regions: the list opens at the district, selected", s)
        scr.send("Escape")
        s = scr.wait("请选择省/自治区/直辖市/特别行政区")
        check(popup_state(s)[0] == "上海市", "Esc: the provinces, the current one selected", s)
        # 台湾省, 香港 and 澳门 are provincial-level divisions in force.
        for typed, name in (("台湾", "台湾省"), ("香港", "香港特别行政区"), ("澳门", "澳门特别行政区")):
            scr.send(typed, literal=True)
            s = scr.wait_until(lambda s: popup_state(s)[0] == name, what=name)
            check("没有找到" not in s, "provinces: %s is listed" % name, s)
            scr.send("Escape")
            scr.wait("查找：", gone=True)
        scr.send("浙江", literal=True)
        s = scr.wait_until(lambda s: popup_state(s)[0] == "浙江省", what="浙江省")
        check("查找：浙江" in s, "provinces: typing 浙江 moves to 浙江省", s)
        scr.send("Enter")
        s = scr.wait("浙江省：请选择市")
        check("查找：" not in s, "the next level starts without a search", s)
    finally:
        scr.kill()


def columns(line):
    """(column, character, width) of a captured line, CJK two columns wide."""
    import unicodedata
    out, col = [], 0
    for ch in line:
        w = 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
        out.append((col, ch, w))
        col += w
    return out


def qr_clear(s):
    """True when the half-block code on the right is on the screen and no text
    comes within two columns of it on any of its rows."""
    blocks = set("█▀▄")
    rows = [columns(l) for l in s.splitlines()]
    qx = min((c for r in rows for c, ch, w in r if ch in blocks and c > 20), default=None)
    if qx is None:
        return False
    for r in rows:
        if not any(ch in blocks and c >= qx for c, ch, w in r):
            continue
        left = [c + w for c, ch, w in r if c < qx and ch != " "]
        if left and max(left) > qx - 2:
            return False
    return True


def scenario_print(db):
    """Print receipt on the confirmation screen through a private cupsd whose
    default queue the caller set (CUPS_SERVER in the environment): printed,
    then a stopped queue's message with the button to print again, which works
    once the queue is enabled. The caller checks the PDF and the audit rows;
    control goes through files: $PRINT_CTL/ready-N is written when step N is
    reached, the test answers with $PRINT_CTL/go-N."""
    ctl = os.environ["PRINT_CTL"]
    env = {"CUPS_SERVER": os.environ["CUPS_SERVER"], "HOME": ctl}

    def step(n):
        open(os.path.join(ctl, "ready-%d" % n), "w").close()
        end = time.time() + 60 * SLOW
        while not os.path.exists(os.path.join(ctl, "go-%d" % n)):
            assert time.time() < end, "the test did not answer step %d" % n
            time.sleep(0.05)

    scr, no = apply("retirement", db, env=env, size=(80, 24))
    try:
        open(os.path.join(ctl, "case_no"), "w").write(no)
        s = scr.cap()
        check("凭此码到窗口调取办件" in s and "到综合窗口" in s,
              "80x24: the code said to hold the case number, and where to go", s)
        check(qr_clear(s), "80x24: nothing runs into the code", s)
        scr.resize(100, 30)
        s = scr.wait_until(lambda s: "工作日内办结" in s and qr_clear(s),
                           what="100x30 laid out with the items, nothing running into the code")
        check("· 基本养老保险退休核准及待遇核定支付" in s and "工作日内办结" in s,
              "100x30: the item lines are wrapped, not cut", s)
        check("[ 打印回执 ]" in s, "the print button has the focus", s)
        scr.send("Enter")
        s = scr.wait("回执已打印", timeout=40)
        check("再打印一份" in s, "printed; the button offers another copy", s)
        step(1)  # the test checks the PDF, then stops the queue
        scr.send("Enter")
        s = scr.wait("打印没有成功", timeout=40)
        check("已暂停" in s and "办件已保存" in s and "[ 重新打印 ]" in s,
              "a stopped queue: the message, the case kept, the button to try again", s)
        check(qr_clear(s), "the message does not run into the code", s)
        step(2)  # the test enables the queue again
        scr.send("Enter")
        s = scr.wait("回执已打印", timeout=40)
        check("打印没有成功" not in s, "printing again after the queue is enabled works", s)
        step(3)  # the test makes a queue that never answers the default
        scr.send("Enter")
        s = scr.wait("正在打印", timeout=10)
        check("正在打印回执" in s or "正在打印" in s, "while the job waits: 正在打印…", s)
        s = scr.wait("打印没有成功", timeout=60)
        check("长时间没有完成打印" in s and "[ 重新打印 ]" in s,
              "a stalled job: cancelled after print.timeout, with the message", s)
        step(4)
    finally:
        scr.kill()


def scenario_counter_newcase(db):
    """The counter's F5 (new case): the clerk li01 (created by the caller with
    password "correct horse") signs in and fills the retirement example on the
    kiosk's form screens; the case is stored with channel counter and the
    clerk's id, the submit audited as the clerk, and opens in the detail."""
    fields, lists, regions = load_forms()
    ans = json.load(open(os.path.join(SRC, "forms", "examples", "retirement.json")))
    scr = Screen(["counter", "--lock-after", "0"], db)
    try:
        scr.wait("请输入工号和密码")
        scr.send("li01", literal=True)
        scr.send("Enter")
        scr.send("correct horse", literal=True)
        scr.send("Enter")
        s = scr.wait("办件队列")
        check("F5 窗口新办" in s, "signed in: the queue offers F5 for a new case", s)
        scr.send("F5")
        choose_thing(scr, "retirement")
        guide(scr, ans, fields, lists)
        scr.wait("一次告知")
        scr.send("Enter")
        fill_pages(scr, ans, fields, lists, regions)
        scr.send("End")
        scr.send("Enter")
        s = scr.wait("已登记办件", timeout=15)
        no = re.search(r"已登记办件 ([0-9A-Z]+(?:-[0-9A-Z]+)+)", s).group(1)
        check("状态：待受理" in s, "submitted: the new case opens in the detail", s)
        out = subprocess.run([YIJIAN, "case", "show", no, "--json", "--db", db,
                              "--config", db + ".conf"], capture_output=True, text=True).stdout
        c = json.loads(out)
        if isinstance(c, list):
            c = c[0]
        check(c["channel"] == "counter" and c["clerk_id"] == "li01" and not c.get("helper_id"),
              "stored with channel counter and the clerk's id", out)
        bad = [(k, v, c["answers"].get(k)) for k, v in ans.items() if c["answers"].get(k) != v]
        check(not bad, "every example answer stored", repr(bad[:5]))
        rows = subprocess.run(["sqlite3", db, "SELECT action || ':' || actor_kind || ':' || actor_id"
                               " FROM audit WHERE case_no = '%s' ORDER BY id" % no],
                              capture_output=True, text=True).stdout.split()
        check(rows and rows[0] == "submit:clerk:li01", "the submit is audited as clerk li01",
              "\n".join(rows))
        check(not any(r.startswith("counter_new") for r in rows),
              "no re-marking after the submit", "\n".join(rows))
        scr.send("Escape")
        s = scr.wait("办件队列")
        check(no in s, "the new case is in the queue", s)
    finally:
        scr.kill()


def scenario_counter_apply(thing, db):
    """The counter's F5 with THING's example: the clerk li01 (password "correct
    horse", created by the caller) signs in, fills the form screens and
    submits; prints the case number (tests/e2e/same_case.sh)."""
    fields, lists, regions = load_forms()
    ans = json.load(open(os.path.join(SRC, "forms", "examples", thing + ".json")))
    scr = Screen(["counter", "--lock-after", "0"], db)
    try:
        scr.wait("请输入工号和密码")
        scr.send("li01", literal=True)
        scr.send("Enter")
        scr.send("correct horse", literal=True)
        scr.send("Enter")
        scr.wait("办件队列")
        scr.send("F5")
        choose_thing(scr, thing)
        guide(scr, ans, fields, lists)
        scr.wait("一次告知")
        scr.send("Enter")
        fill_pages(scr, ans, fields, lists, regions)
        scr.send("End")
        scr.send("Enter")
        s = scr.wait("已登记办件", timeout=15 * SLOW)
        print(re.search(r"已登记办件 ([0-9A-Z]+(?:-[0-9A-Z]+)+)", s).group(1))
    finally:
        scr.kill()


def scenario_review(db):
    """Edit a section from the review page and return to it."""
    fields, lists, regions = load_forms()
    ans = json.load(open(os.path.join(SRC, "forms", "examples", "retirement.json")))
    scr = Screen(["kiosk"], db)
    try:
        to_page(scr, "retirement", 1, ans, fields, lists, regions)
        s = fill_pages(scr, ans, fields, lists, regions)
        check("核对信息" in s and "[修改]" in s, "review page groups answers by section", s)
        # Edit the first section: change the first text field, return to review.
        scr.send("Home"); scr.send("Enter")
        s = scr.wait("回到核对页")
        lab = focused_label(s)
        fid = field_by_label(lab, ans, fields)
        tries = 0
        while fields[fid]["type"] not in ("text", "name", "mobile", "address") and tries < 12:
            scr.send("Tab")
            s = scr.wait_until(lambda s: focused_label(s) not in (None, lab), what="the next field")
            lab = focused_label(s); fid = field_by_label(lab, ans, fields); tries += 1
        new = {"name": "张三丰", "mobile": "13800138000"}.get(fields[fid]["type"], "修改后的内容")
        scr.send("C-u"); scr.send(new, literal=True); scr.send("Enter")
        scr.send("NPage")
        s = scr.wait("核对信息")
        check(new in s, "edited answer shown on the review page after returning", s)
        scr.send("End"); scr.send("Enter")
        s = scr.wait("办件编号：")
        no = re.search(r"办件编号：([0-9A-Z]+(?:-[0-9A-Z]+)+)", s).group(1)
        out = subprocess.run([YIJIAN, "case", "show", no, "--json", "--db", db],
                             capture_output=True, text=True).stdout
        check(json.loads(out)["answers"][fid] == new, "the edit is in the stored case", out)
        # Confirmation -> rating -> Home, wiped.
        scr.send("Right"); scr.send("Enter")
        s = scr.wait("非常满意")
        check("非常不满意" in s, "five-level rating offered", s)
        scr.send("Enter")
        s = scr.wait("请选择您要办理的事项")
        check(no not in s, "back at Home with nothing of the last person", s)
    finally:
        scr.kill()


def scenario_idle(db):
    """--idle 3: a countdown warning, then the draft is discarded and Home shown."""
    fields, lists, regions = load_forms()
    ans = json.load(open(os.path.join(SRC, "forms", "examples", "birth.json")))
    scr = Screen(["kiosk", "--idle", "3"], db)
    try:
        scr.wait("请选择您要办理的事项")
        scr.send("Enter")
        scr.wait("第 1 问")
        scr.send("Enter")
        s = scr.wait("第 2 问")
        s = scr.wait("您还在吗", timeout=6)
        check("秒后将清除" in s, "idle warning with a countdown", s)
        s = scr.wait("请选择您要办理的事项", timeout=6)
        check("第 2 问" not in s, "idle timeout wiped back to Home", s)
        out = subprocess.run(["sqlite3", db, "select count(*) from drafts"],
                             capture_output=True, text=True).stdout.strip()
        check(out == "0", "the draft was discarded", out)
    finally:
        scr.kill()


def drafts(db):
    """Drafts in the store (waiting while a kiosk being ended holds the lock)."""
    return subprocess.run(["sqlite3", "-cmd", ".timeout 10000", db, "select count(*) from drafts"],
                          capture_output=True, text=True).stdout.strip()


def scenario_abandon(db):
    """Issue 15 point 1: Esc back out of an application asks before going
    Home and then discards the draft; after a crash the next start shows
    nothing of the draft until the last four characters of the applicant's ID
    number are typed; wrong ones keep it, the third wrong one discards it."""
    fields, lists, regions = load_forms()
    ans = json.load(open(os.path.join(SRC, "forms", "examples", "birth.json")))
    last4 = ans["mother.id_number"][-4:]
    scr = Screen(["kiosk"], db)
    try:
        to_page(scr, "birth", 3, ans, fields, lists, regions)
        out = subprocess.run(["sqlite3", "-cmd", ".timeout 10000", db, "select answers_json from drafts"],
                             capture_output=True, text=True).stdout
        check(ans["mother.id_number"] in out, "the draft holds the mother's ID number", out)
        s = scr.cap()
        for _ in range(60):
            scr.send("Escape")
            time.sleep(0.15)
            s = scr.cap()
            if "确定要离开吗" in s or "请选择您要办理的事项" in s:
                break
        check("确定要离开吗" in s and "清除并回首页" in s, "Esc out of the guide asks first", s)
        scr.send("Enter")  # the default: 继续填写
        s = scr.wait("确定要离开吗", gone=True)
        check("第 1 问" in s and drafts(db) == "1", "继续填写 keeps the application", s)
        scr.send("Escape")
        scr.wait("确定要离开吗")
        scr.send("Left")
        scr.send("Enter")
        s = scr.wait("请选择您要办理的事项")
        check(drafts(db) == "0", "清除并回首页 discarded the draft", s)
    finally:
        scr.kill()

    def crash_with_draft():
        scr = Screen(["kiosk"], db)
        try:
            to_page(scr, "birth", 3, ans, fields, lists, regions)
        finally:
            scr.kill()  # a crash: the draft stays
        check(drafts(db) == "1", "a crash leaves the draft", drafts(db))

    crash_with_draft()
    scr = Screen(["kiosk"], db)
    try:
        s = scr.wait("后四位")
        check("出生" not in s and "继续填写" not in s and "3101" not in s,
              "nothing of the draft shown before the secret", s)
        for n in (2, 1):
            scr.send("0000", literal=True)
            scr.send("Enter")
            s = scr.wait("还可以再试 %d 次" % n)
        check(drafts(db) == "1" and "继续填写" not in s, "wrong digits show nothing and keep it", s)
        scr.send(last4, literal=True)
        scr.send("Enter")
        s = scr.wait("继续填写")
        check("出生" in s, "the right four characters offer the draft", s)
        scr.send("Enter")
        s = scr.wait_until(lambda s: "第 3 页" in s.splitlines()[0], what="page 3")
        check(True, "继续填写 goes on at the page left", s)
    finally:
        scr.kill()
    scr = Screen(["kiosk"], db)
    try:
        scr.wait("后四位")
        for _ in range(3):
            scr.send("1234", literal=True)
            scr.send("Enter")
            time.sleep(0.2)
        s = scr.wait("请选择您要办理的事项")
        check(drafts(db) == "0" and "已清除" in s, "the third wrong answer discards the draft", s)
    finally:
        scr.kill()
    scr = Screen(["kiosk"], db)
    try:
        s = scr.wait("请选择您要办理的事项")
        check("上次的填写" not in s, "the next start offers nothing", s)
    finally:
        scr.kill()


def fill_until(scr, stop_label, answers, fields, lists, regions):
    """Fill fields from the example answers until the field so labelled has
    the focus (as to_page, from wherever the form is)."""
    last, since = None, time.time()
    while True:
        s = scr.cap()
        lab = focused_label(s)
        if lab == stop_label:
            return s
        if lab is None:
            time.sleep(0.05)
            continue
        key = (s.splitlines()[0], lab)
        if key == last:
            assert time.time() - since < 5 * SLOW, "stuck:\n" + s
            time.sleep(0.03)
            continue
        last, since = key, time.time()
        if focused_readonly(s):  # derived: shown, not typed; Enter moves on
            scr.send("Enter")
            continue
        fid = field_by_label(lab, answers, fields)
        fill_field(scr, fid, answers.get(fid, ""), fields, lists, regions)
        time.sleep(0.05)


def draft_answer(db, fid):
    out = subprocess.run(["sqlite3", "-cmd", ".timeout 10000", db, "select answers_json from drafts"],
                         capture_output=True, text=True).stdout
    return json.loads(out).get(fid) if out.strip() else None


def scenario_typing(db):
    """Issue 15 point 4: a weight in 斤 is converted, an ID typed in groups
    keeps every digit (the counter counts no spaces), a digit too many is
    refused with a message rather than cut, and a wrong check character is
    shown in full with what it should be."""
    fields, lists, regions = load_forms()
    ans = json.load(open(os.path.join(SRC, "forms", "examples", "birth.json")))
    scr = Screen(["kiosk"], db)
    try:
        to_page(scr, "birth", 99, ans, fields, lists, regions, stop_label="出生体重（克）")
        scr.send("6.5斤", literal=True)
        scr.send("Enter")
        s = scr.wait_until(lambda s: focused_label(s) != "出生体重（克）", what="the weight left")
        check("请填写数字" not in s and draft_answer(db, "baby.weight_g") == "3250",
              "6.5斤 accepted and stored as 3250 (g)", s)
        fill_until(scr, "产妇公民身份号码", ans, fields, lists, regions)
        scr.send("310104 19940512 0022", literal=True)
        s = scr.wait("18/18 字")
        check("310104 19940512 0022" in s and "多出的内容" not in s,
              "an ID typed with spaces is not cut; the counter counts no spaces", s)
        scr.send("Enter")
        s = scr.wait_until(lambda s: focused_label(s) != "产妇公民身份号码", what="the ID left")
        check(draft_answer(db, "mother.id_number") == ans["mother.id_number"],
              "stored without the spaces", s)
        fill_until(scr, "父亲公民身份号码", ans, fields, lists, regions)
        scr.send("3101041992080301755", literal=True)
        s = scr.wait("19/18 字")
        check("多出的内容" not in s, "a digit too many is kept for the check, not cut", s)
        scr.send("Enter")
        s = scr.wait("18位")
        check("3101041992080301755" in s, "refused with a message, the number in full", s)
        scr.send("Up")
        scr.wait_until(lambda s: focused_label(s) == "父亲公民身份号码", what="back on the ID")
        scr.send("C-u")
        scr.send("310104199208030173", literal=True)
        scr.send("Enter")
        s = scr.wait("最后一位应为 5，您填的是 3")
        check("310104199208030173" in s, "a wrong check character: the number shown unmasked", s)
    finally:
        scr.kill()


def scenario_home15(db):
    """Issue 15 points 9 and 10: a citizen's Home shows no sync words (a case
    waits to be reported), and ←/→ switch the language with the focus on a
    thing, as the footer says."""
    subprocess.run([YIJIAN, "case", "submit", "birth", "--db", db, "--answers",
                    os.path.join(SRC, "forms", "examples", "birth.json")],
                   check=True, capture_output=True, env=dict(
                       os.environ, YJ_TODAY="2026-11-23",
                       YIJIAN_CONFIG=os.path.join(SRC, "tests", "fixtures", "terminal.conf")))
    scr = Screen(["kiosk"], db)
    try:
        s = scr.wait("请选择您要办理的事项")
        check("待上报" not in s and "已全部上报" not in s, "no sync words on the citizen's Home", s)
        check("←→ 切换语言" in s, "the footer offers ←→ for the language", s)
        check(re.search(r"▶ 1\. ", s) or "1. " in s, "the focus is on the first thing", s)
        scr.send("Right")
        s = scr.wait("請選擇您要辦理的事項")
        check("(●) 繁體中文" in s, "→ with the focus on a thing switched the language", s)
        scr.send("Right")
        s = scr.wait("Please choose the service you want")
        check("(●) English" in s, "→ again: English", s)
        scr.send("Left", "Left")
        s = scr.wait("请选择您要办理的事项")
        check("(●) 简体中文" in s, "← ← switched it back", s)
        scr.send("Enter")
        s = scr.wait("第 1 问")
        check(True, "the focus stayed on the thing (Enter opens its guide)", s)
    finally:
        scr.kill()
    out = subprocess.run([YIJIAN, "doctor", "--db", db, "--config", db + ".conf"],
                         capture_output=True, text=True)
    check("待上报 1 个" in out.stdout, "doctor still counts the waiting case", out.stdout + out.stderr)


def scenario_assist(db, thing="death"):
    """Assisted mode: the helper signs in with a PIN (an unknown id and a wrong
    PIN refused, no home screen, no sign-in row); helper id and authorisation
    in the case and the audit."""
    ensure_helper(db)
    ensure_helper(db, "helper08", "1357")
    scr = Screen(["assist"], db)
    try:
        for who, pin in (("zzz999", "2468"), ("helper08", "0000")):
            helper_signin(scr, who, pin)
            s = scr.wait("工号或密码错误")
            check("请选择您要办理的事项" not in s, "%s refused with a wrong PIN" % who, s)
        rows = subprocess.run(["sqlite3", db, "select count(*) from audit where action = 'assist.signin'"],
                              capture_output=True, text=True).stdout.strip()
        check(rows == "0", "no assist.signin row for a refused sign-in", rows)
    finally:
        scr.kill()
    scr, no = apply(thing, db, assist=True)
    try:
        s = scr.cap()
        check(no is not None, "assisted application reaches a case number", s)
        out = subprocess.run([YIJIAN, "case", "show", no, "--json", "--db", db],
                             capture_output=True, text=True).stdout
        c = json.loads(out)
        check(c["helper_id"] == "helper07" and c["channel"] == "assist", "helper id in the case", out)
        check(c["answers"].get("auth.agent_name") == "张卫国" and c["answers"].get("auth.relationship") == "child"
              and "auth.grounds" in c["answers"], "authorisation in the answers", out)
        a = subprocess.run(["sqlite3", db, "select count(*) from audit where detail like '%auth.agent_name%'"],
                           capture_output=True, text=True).stdout.strip()
        check(a != "0", "authorisation in the audit rows", a)
        a = subprocess.run(["sqlite3", db, "select actor_kind || ':' || actor_id from audit"
                            " where action = 'assist.signin'"], capture_output=True, text=True).stdout.strip()
        check(a == "helper:helper07", "the sign-in row names the signed-in helper", a)
    finally:
        scr.kill()


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1].startswith("scenario_"):
        globals()[sys.argv[1]](*sys.argv[2:])
    else:
        main()
