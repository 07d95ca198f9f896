#!/usr/bin/env python3
"""Screen tests of issue 15 points 3, 5, 7 and 8 (the citizen's kiosk), driven
with kiosk_driver.py in a private tmux server.

  kiosk15_scenarios.py yesno DB        yes/no answers as buttons, keys, taps
  kiosk15_scenarios.py consistency DB  a girl as 子: [ 确认无误 ], marked on review
  kiosk15_scenarios.py samehead DB     the deceased as the new head: refused
  kiosk15_scenarios.py guide DB        the count never grows; a disqualifying
                                       answer stops the guide there
  kiosk15_scenarios.py done DB         the confirmation page at 80x24 / 64x16
"""
import json
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kiosk_driver as k  # noqa: E402
import kiosk_touch as kt  # noqa: E402

check = k.check
# No line may start with a closing mark (line-breaking rule of docs/SCREENS.md).
CLOSERS = "）】》」』，。、；：！？"


def example(thing):
    return json.load(open(os.path.join(k.SRC, "forms", "examples", thing + ".json")))


def label(fid):
    return k.load_forms()[0][fid]["label"]["zh_CN"]


def focused_is(fid):
    return lambda s: (k.focused_label(s) or "").startswith(label(fid)[:8])


def stop_at(scr, thing, fid, ans):
    """From Home, answer the guide and fill the pages with ans until fid has
    the focus (derived fields, shown read-only, are passed with Enter)."""
    fields, lists, regions = k.load_forms()
    k.choose_thing(scr, thing)
    k.guide(scr, ans, fields, lists)
    scr.wait("一次告知")
    scr.send("Enter")
    return fill_to(scr, fid, ans)


def fill_to(scr, fid, ans):
    """Fill fields from ans, from wherever the form is, until fid has the focus."""
    fields, lists, regions = k.load_forms()
    last, since = None, time.time()
    while True:
        s = scr.cap()
        lab = k.focused_label(s)
        if lab is not None and label(fid).startswith(lab.rstrip("…")):
            return scr.wait_until(lambda t: t == s, what="a settled screen")
        if lab is None:
            time.sleep(0.05)
            continue
        key = (s.splitlines()[0], lab)
        if key == last:
            assert time.time() - since < 5 * k.SLOW, "stuck:\n" + s
            time.sleep(0.03)
            continue
        last, since = key, time.time()
        if k.focused_readonly(s):
            scr.send("Enter")
            continue
        f = k.field_by_label(lab, ans, fields)
        k.fill_field(scr, f, ans.get(f, ""), fields, lists, regions, s)
        time.sleep(0.05)


def scenario_yesno(db):
    """Point 3 at 64x16: both answers drawn as buttons with their keys (the one
    chosen marked); 2 picks 否 at once (the fields it opens appear), 1 picks 是;
    ← then Enter picks 是; a tap on [ 否 ] picks it; Enter on an unanswered one
    says how to choose and puts the highlight on 是, a second Enter picks it."""
    ans = example("death")
    scr = k.Screen(["kiosk", "--terminal", "E2E"], db, width=64, height=16)
    scr.taps = 0
    on = "[ ● 是 ]"
    try:
        s = stop_at(scr, "death", "payee.is_agent", ans)
        s = scr.wait_until(lambda s: "1 是" in s, what="the yes/no keys")
        rows = [ln for ln in s.splitlines() if "[" in ln and "是 ]" in ln and "否 ]" in ln]
        check(len(rows) == 1, "64x16: 是 and 否 drawn as two buttons on one row", s)
        check(on in rows[0], "the answer chosen (by default) is marked", s)
        check("←→ 选择" in rows[0] and "回车 确定" in rows[0] and "2 否" in rows[0],
              "the keys to choose are written beside the buttons", s)
        check(all(len(ln) <= 64 for ln in s.splitlines()), "nothing wider than 64 columns", s)
        scr.send("2")
        s = scr.wait_until(focused_is("payee.name"), what="the payee's name after 2")
        check("[ ● 否 ]" in s, "2 picked 否 at once and the payee's fields opened", s)
        scr.send("Up")
        s = scr.wait_until(lambda s: "1 是" in s, what="back on the yes/no field")
        scr.send("Left")
        scr.send("Enter")
        s = scr.wait_until(focused_is("payee.bank"), what="the bank after ← Enter")
        check(label("payee.name") not in s and on in s, "← then Enter picked 是", s)
        scr.send("Up")
        s = scr.wait_until(lambda s: "1 是" in s, what="back on the yes/no field")
        kt.tap_text(scr, "否 ]")
        s = scr.wait_until(focused_is("payee.name"), what="the payee's name after a tap on 否")
        check(True, "a tap on [ 否 ] picked it", s)
        scr.send("Up")
        s = scr.wait_until(lambda s: "1 是" in s, what="back on the yes/no field")
        scr.send("1")
        s = scr.wait_until(focused_is("payee.bank"), what="the bank after 1")
        check(on in s, "1 picked 是", s)
        s = fill_to(scr, "deposit.commitment", ans)
        s = scr.wait_until(lambda s: "1 是" in s, what="the commitment's buttons")
        check(on not in s and "[ ● 否 ]" not in s, "the commitment is not answered yet", s)
        scr.send("Enter")
        s = scr.wait("请选择“")
        check(k.focused_label(s).startswith(label("deposit.commitment")[:6]),
              "Enter on an unanswered one says to choose, and stays", s)
        scr.send("Enter")
        s = scr.wait("核对信息")
        check(True, "the second Enter picked the highlighted 是 (the last field: on to review)", s)
    finally:
        scr.kill()


def scenario_consistency(db):
    """Point 5: a baby girl whose relationship to the head is 子 is warned with a
    visible [ 确认无误 ] button; confirmed, the review page marks it and the stored
    case keeps the confirmation."""
    fields, lists, regions = k.load_forms()
    ans = example("birth")
    ans["household.relationship"] = "son"  # the example's baby is a girl
    scr = k.Screen(["kiosk", "--terminal", "E2E"], db, width=80, height=24)
    try:
        stop_at(scr, "birth", "household.relationship", ans)
        k.fill_field(scr, "household.relationship", "son", fields, lists, regions)
        s = scr.wait("婴儿是女孩")
        check("[ 确认无误 ]" in s, "the warning shows a [ 确认无误 ] button", s)
        check(k.focused_label(s).startswith("婴儿与户主关系"), "the focus stays on the field", s)
        scr.taps = 0
        kt.tap_text(scr, "确认无误")
        s = scr.wait("婴儿是女孩", gone=True)
        check("确认无误 ]" not in s, "a tap on the button confirmed it", s)
        s = k.fill_pages(scr, ans, fields, lists, regions)
        s = scr.wait("核对信息")
        for _ in range(30):
            if "已确认无误" in s:
                break
            before = s
            scr.send("Down")
            s = scr.wait_until(lambda t: t != before, 3, "the review scrolled")
        check("已确认无误：婴儿是女孩" in s, "the review page marks the confirmed warning", s)
        scr.send("End")
        scr.send("Enter")
        s = scr.wait("办件编号：")
        no = re.search(r"办件编号：([0-9A-Z]+(?:-[0-9A-Z]+)+)", s).group(1)
    finally:
        scr.kill()
    out = subprocess.run([k.YIJIAN, "case", "show", no, "--json", "--db", db],
                         capture_output=True, text=True).stdout
    a = json.loads(out)["answers"]
    check(a.get("_confirm.household.relationship") == "son", "the stored case keeps the confirmation",
          out[:400])
    # The clerk sees it too: the case detail marks the answer the applicant confirmed.
    conf = db + ".conf"
    base = [k.YIJIAN, "user", "add"]
    opts = ["--config", conf, "--db", db, "--password-stdin"]
    subprocess.run(base + ["boss", "--name", "管理员", "--role", "admin"] + opts,
                   input="admin secret\n", capture_output=True, text=True, check=True)
    subprocess.run(base + ["wang", "--name", "王芳", "--admin", "boss"] + opts,
                   input="admin secret\ncorrect horse\n", capture_output=True, text=True,
                   check=True)
    scr = k.Screen(["counter"], db, width=100, height=30)
    try:
        scr.wait("请输入工号和密码")
        scr.send("wang", literal=True)
        scr.send("Enter")
        scr.send("correct horse", literal=True)
        scr.send("Enter")
        scr.wait("办件队列")
        scr.send(no.replace("-", ""), literal=True)
        scr.send("Enter")
        s = scr.wait("状态：待受理")
        for _ in range(20):
            if "申请人已确认无误" in s:
                break
            before = s
            scr.send("NPage")
            s = scr.wait_until(lambda t: t != before, 3, "the detail scrolled")
        line = next((ln for ln in s.splitlines() if "申请人已确认无误" in ln), "")
        check("婴儿是女孩" in line, "the counter's detail marks the confirmed warning", s)
    finally:
        scr.kill()


def scenario_samehead(db):
    """Point 5: the deceased's own ID number entered as the new head of
    household is refused (an error: it can never be right)."""
    fields, lists, regions = k.load_forms()
    ans = example("death")
    ans["household.new_head_id_number"] = ans["deceased.id_number"]
    scr = k.Screen(["kiosk", "--terminal", "E2E"], db, width=80, height=24)
    try:
        stop_at(scr, "death", "household.new_head_id_number", ans)
        k.fill_field(scr, "household.new_head_id_number", ans["deceased.id_number"], fields, lists,
                     regions)
        s = scr.wait("新户主的身份证号码与逝者相同")
        check("确认无误" not in s, "the deceased as the new head is an error, not to be confirmed", s)
        scr.send("NPage")
        s = scr.wait("处需要修改")
        check("新户主" in s, "the page is not left with the deceased as the new head", s)
    finally:
        scr.kill()


def scenario_guide(db):
    """Point 7: the death guide's count never grows while answering, and says
    共 only when it is certain; a birth outside Shanghai stops at the first
    question with the reason."""
    scr = k.Screen(["kiosk", "--terminal", "E2E"], db + "2", width=64, height=16)
    try:
        k.choose_thing(scr, "birth")
        s = scr.wait("第 1 问")
        scr.send("Down")
        scr.send("Enter")  # 否: not born in Shanghai
        s = scr.wait_until(lambda s: "很抱歉" in s or "第 2 问" in s, what="the answer taken")
        check("很抱歉" in s and "第 2 问" not in s, "the guide stops at the disqualifying answer", s)
        check("本市助产机构出生" in s, "with the reason", s)
        scr.send("Right")
        scr.send("Enter")  # 返回修改回答
        s = scr.wait("第 1 问")
        check("出生" in s, "back at the question that disqualified", s)
    finally:
        scr.kill()
    fields, lists, _ = k.load_forms()
    ans = example("death")
    scr = k.Screen(["kiosk", "--terminal", "E2E"], db, width=80, height=24)
    try:
        k.choose_thing(scr, "death")
        counts = []
        while True:
            s = scr.wait_until(lambda s: "一次告知" in s.splitlines()[0] or
                               re.search(r"第 \d+ 问，(共|最多) \d+ 问", s), what="a question")
            if "一次告知" in s.splitlines()[0]:
                break
            m = re.search(r"第 (\d+) 问，(共|最多) (\d+) 问", s)
            counts.append((int(m.group(1)), m.group(2), int(m.group(3))))
            lines = [re.sub(r"\[(上一步|上一页|下一页)\]", "", ln).strip()
                     for ln in s.splitlines()[1:]]
            q = [ln for ln in lines if ln and "智能引导" not in ln][0]
            fid = next(f for f in ans if f.startswith("guide.") and
                       fields[f]["label"]["zh_CN"].startswith(q))
            fd = fields[fid]
            idx = (0 if ans[fid] == "yes" else 1) if fd["type"] == "yesno" else \
                [c[0] for c in k.choices(fd, lists)].index(ans[fid])
            before = s
            for _ in range(6):
                scr.send("Up")
            for _ in range(idx):
                scr.send("Down")
            scr.send("Enter")
            scr.wait_until(lambda s: s != before, 5, "the next question")
        totals = [c[2] for c in counts]
        check(all(b <= a for a, b in zip(totals, totals[1:])),
              "the count never grows: %s" % counts, "")
        check(counts[-1][1] == "共" and counts[-1][2] == counts[-1][0],
              "the last question says 共 n 问 with n its own number: %s" % counts[-1:], "")
        check(any(c[1] == "最多" for c in counts), "an open count says 最多 n 问", str(counts))
    finally:
        scr.kill()


def no_line_starts_closed(s):
    bad = [ln for ln in s.splitlines() if ln.strip() and ln.strip()[0] in CLOSERS]
    return not bad, bad


def scenario_done(db):
    """Point 8: the confirmation page of a death case lists on screen what to
    bring (同意变更户主意见书, 存折) and where to go whether or not the receipt
    printed; the code's caption says it holds only the number; a failed print
    offers [ 重新打印 ] and sends nobody to another page; at 64x16 the text
    scrolls with a 更多 row, no line starts with a closing mark."""
    env = {"CUPS_SERVER": os.path.join(os.path.dirname(db), "no-cups.sock")}
    scr, no = k.apply("death", db, env=env, size=(80, 24))
    try:
        s = scr.cap()
        check("凭此码到窗口调取办件" in s and "扫码查询办理进度" not in s,
              "80x24: the caption says what the code holds", s)
        ok, bad = no_line_starts_closed(s)
        check(ok, "80x24: no line starts with a closing mark %r" % bad, s)
        check("详见回执" not in s, "nothing is sent to a receipt that was not printed", s)
        check("同意变更户主意见书" in s and "存折" in s,
              "80x24: the materials to bring are on the first screen", s)
        check("[ 打印回执 ]" in s, "the print button is offered", s)
        scr.send("Enter")
        s = scr.wait("打印没有成功", 30)
        check("[ 重新打印 ]" in s and "确认页" not in s, "a failed print: try again here", s)
        check("同意变更户主意见书" in s or "更多" in s, "the list stays reachable", s)
        scr.resize(64, 16)
        s = scr.wait_until(lambda s: "更多" in s and len(s.splitlines()[0]) <= 64,
                           what="64x16 with the 更多 row")
        seen = s
        for _ in range(40):
            ok, bad = no_line_starts_closed(s)
            check(ok, "64x16: no line starts with a closing mark %r" % bad, s)
            if "按 PgDn" not in s:
                break
            before = s
            scr.send("NPage")
            s = scr.wait_until(lambda t: t != before, 3, "the text scrolled")
            seen += s
        for want in ("同意变更户主意见书", "存折", "到综合窗口", "遗属待遇申领", "短信通知"):
            check(want in seen, "64x16: %s reached by scrolling" % want, s)
        check("[ 重新打印 ]" in s, "[ 重新打印 ] still offered at the end", s)
    finally:
        scr.kill()


if __name__ == "__main__":
    globals()["scenario_" + sys.argv[1]](*sys.argv[2:])
