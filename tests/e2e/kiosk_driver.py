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
        end = time.time() + timeout
        while time.time() < end:
            s = self.cap()
            if (text in s) != gone:
                return s
            time.sleep(0.05)
        raise AssertionError("timed out waiting for %r%s; screen:\n%s" %
                             (text, " to go" if gone else "", self.cap()))

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


def focused_label(screen):
    for line in screen.splitlines():
        m = re.match(r"^  ▶ (.*?)\s*$", line)
        if m:
            return m.group(1).replace("（选填）", "")
    return None


def field_by_label(label, page_ids, fields):
    best = None
    for fid, fd in fields.items():
        lab = fd["label"]["zh_CN"]
        if lab == label or (label.endswith("…") and lab.startswith(label[:-1])):
            if fid in page_ids or best is None:
                best = fid
    return best


def pick(scr, want_labels):
    """In an open pick list, move to one of want_labels and press Enter."""
    scr.send("Home")
    seen = None
    for _ in range(400):
        s = scr.cap()
        m = re.search(r"▶ (\S+)", s.split("\n", 3)[3] if s.count("\n") > 3 else s)
        cur = None
        for line in s.splitlines():
            mm = re.search(r"│ ▶ (.+?)\s*│", line)
            if mm:
                cur = mm.group(1).strip()
        if cur in want_labels:
            scr.send("Enter")
            return
        if cur == seen and cur is not None:
            pass
        seen = cur
        scr.send("Down")
    raise AssertionError("could not find %r in the list" % (want_labels,))


def fill_field(scr, fid, value, fields, lists, regions):
    fd = fields[fid]
    t = fd["type"]
    if t == "yesno":
        scr.send("Left" if value == "yes" else "Right")
        scr.send("Enter")
    elif t == "select":
        scr.send("Enter")
        scr.wait("↑↓ 选择  回车 确定")
        lab = dict(choices(fd, lists))[value]
        pick(scr, {lab})
    elif t == "region":
        scr.send("Enter")
        names = {regions.get(value[:2] + "0000"), regions.get(value[:4] + "00"),
                 regions.get(value)}
        names.discard(None)
        for _ in range(3):
            s = scr.wait("回车 确定/下一级")
            pick(scr, names)
            time.sleep(0.05)
            if "回车 确定/下一级" not in scr.cap():
                break
    else:
        scr.send("C-u")
        scr.send(value, literal=True)
        scr.send("Enter")


def guide(scr, answers, fields, lists):
    while True:
        s = scr.cap()
        if "一次告知" in s.splitlines()[0] or "很抱歉" in s:
            return s
        m = re.search(r"第 (\d+) 问，共 (\d+) 问", s)
        if not m:
            time.sleep(0.05)
            continue
        lines = s.splitlines()
        q = lines[5].strip() if len(lines) > 5 else ""
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
        end = time.time() + 5
        while scr.cap() == before and time.time() < end:
            time.sleep(0.03)


def fill_pages(scr, answers, fields, lists, regions, stop_at_review=True):
    last = None
    stuck = 0
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
        stuck = stuck + 1 if key == last else 0
        if stuck > 20:
            raise AssertionError("stuck on %s:\n%s" % (key, s))
        if stuck:
            time.sleep(0.05)
            continue
        last = key
        fid = field_by_label(lab, answers, fields)
        assert fid, "no field labelled %r" % lab
        fill_field(scr, fid, answers.get(fid, ""), fields, lists, regions)
        time.sleep(0.05)


def apply(thing, db, assist=False, keys_out=None, extra=None):
    fields, lists, regions = load_forms()
    answers = json.load(open(os.path.join(SRC, "forms", "examples", thing + ".json")))
    args = ["assist"] if assist else ["kiosk", "--terminal", "E2E"]
    scr = Screen(args + (extra or []), db)
    try:
        if assist:
            scr.wait("工作人员登录")
            scr.send("helper07", literal=True)
            scr.send("Enter")
        home = scr.wait("请选择您要办理的事项")
        # Select the thing on Home by its label.
        labels = re.findall(r"\d+\. (\S+)", home)
        tlabel = json.load(open(os.path.join(SRC, "forms", "things", thing + ".json")))["label"]["zh_CN"]
        idx = [i for i, l in enumerate(labels) if l == tlabel][0]
        for _ in range(idx):
            scr.send("Down")
        scr.send("Enter")
        if assist:
            scr.wait("委托代办")
            for v in ["张卫国", "310104195001010013"]:
                scr.send(v, literal=True)
                scr.send("Enter")
            scr.send("Enter")
            scr.wait("↑↓ 选择  回车 确定")
            pick(scr, {"子女"})
            scr.send("申请人年老行动不便，委托子女代为办理", literal=True)
            scr.send("Enter")
        guide(scr, answers, fields, lists)
        scr.wait("一次告知")
        scr.send("Enter")
        fill_pages(scr, answers, fields, lists, regions)
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

def to_page(scr, thing, page_no, answers, fields, lists, regions):
    """From Home, answer the guide and fill pages until page page_no shows."""
    home = scr.wait("请选择您要办理的事项")
    labels = re.findall(r"\d+\. (\S+)", home)
    tl = json.load(open(os.path.join(SRC, "forms", "things", thing + ".json")))["label"]["zh_CN"]
    for _ in range(labels.index(tl)):
        scr.send("Down")
    scr.send("Enter")
    guide(scr, answers, fields, lists)
    scr.wait("一次告知")
    scr.send("Enter")
    want = "第 %d 页" % page_no
    last, stuck = None, 0
    while want not in scr.cap().splitlines()[0]:
        s = scr.cap()
        lab = focused_label(s)
        if lab is None:
            time.sleep(0.05)
            continue
        key = (s.splitlines()[0], lab)
        stuck = stuck + 1 if key == last else 0
        if stuck:
            assert stuck < 40, "stuck:\n" + s
            time.sleep(0.05)
            continue
        last = key
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
        time.sleep(0.2)
        s = scr.cap()
        check(focused_label(s) == fields["baby.name"]["label"]["zh_CN"],
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
        check("请放大窗口" in s, "below 80x24: please enlarge", s)
        scr.send("x")  # keys are ignored while too small
        scr.resize(100, 30)
        s = scr.wait("李测试")
        check("李测试" in s and "x" not in s.split("李测试")[0][-3:], "typed text intact after resize", s)
        # Lock-down: Ctrl-C, Ctrl-Z, Ctrl-\ and F1 change nothing.
        before = scr.cap()
        for k in ("C-c", "C-z", "C-\\", "F1", "F10"):
            scr.send(k)
        time.sleep(0.5)
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
        check("出生一件事" in s, "a crash-left draft is offered for resuming", s)
        scr.send("Enter")
        s = scr.wait("第 2 页")
        check(ans["baby.name"] in s, "resumed with the answers", s)
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
            scr.send("Tab"); time.sleep(0.1)
            lab = focused_label(scr.cap()); fid = field_by_label(lab, ans, fields); tries += 1
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


def scenario_assist(db, thing="death"):
    """Assisted mode: helper id and authorisation in the case and the audit."""
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
    finally:
        scr.kill()


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1].startswith("scenario_"):
        globals()[sys.argv[1]](*sys.argv[2:])
    else:
        main()
