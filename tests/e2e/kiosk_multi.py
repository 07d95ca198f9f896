#!/usr/bin/env python3
"""The multi-select checklist at the kiosk, at 64x16 (the smallest screen):
death's 存款所在银行 (a multi over the bank list). Enter opens the checklist;
Space ticks and unticks; a tap ticks; the list scrolls with 更多 on its border;
Esc leaves the answer as it was; Tab / 完成 stores it; ticking 其他银行 brings in
the field for the other banks' names; review shows the labels joined with 、;
the stored case holds the codes as a JSON list.

  kiosk_multi.py DB
"""
import json
import os
import re
import subprocess
import sys
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kiosk_driver as kd  # noqa: E402
from kiosk_driver import check  # noqa: E402


def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def tap_label(scr, s, label):
    for r, line in enumerate(s.splitlines()):
        i = line.find(label)
        if i >= 0:
            c = width(line[:i]) + 1
            scr.send("\x1b[<0;%d;%dM\x1b[<0;%d;%dm" % (c + 1, r + 1, c + 1, r + 1),
                     literal=True, count=False)
            return
    raise AssertionError("%r not on the screen:\n%s" % (label, s))


def row(s, label):
    rows = kd.checklist(s) or []
    return next((r for r in rows if r[0] == label), None)


def main(db):
    fields, lists, regions = kd.load_forms()
    ans = json.load(open(os.path.join(kd.SRC, "forms", "examples", "death.json")))
    scr = kd.Screen(["kiosk"], db, width=64, height=16)
    try:
        s = kd.to_page(scr, "death", 99, ans, fields, lists, regions, stop_label="存款所在银行")
        s = scr.wait("（请按回车勾选）")
        check(kd.focused_label(s) == "存款所在银行", "the multi field asks to be ticked", s)
        scr.send("Enter")
        s = scr.wait_until(lambda s: kd.checklist(s) is not None, what="the checklist")
        rows = kd.checklist(s)
        check(rows[0] == ("中国工商银行", False, True) and len(rows) < 18 and "更多" in s,
              "the checklist opens on the first bank, scrolls, 更多 on its border", s)
        scr.send("Space")
        s = scr.wait_until(lambda s: (row(s, "中国工商银行") or ("", False))[1], what="ticked")
        check("已勾选 1 项" in s, "Space ticks the row, the count follows", s)
        scr.send("Space")
        s = scr.wait_until(lambda s: row(s, "中国工商银行") and not row(s, "中国工商银行")[1],
                           what="unticked")
        check("已勾选 0 项" in s, "Space again unticks it", s)
        scr.send("Space")
        s = scr.wait("已勾选 1 项")
        tap_label(scr, s, "上海银行")
        s = scr.wait_until(lambda s: (row(s, "上海银行") or ("", False))[1], what="a tap")
        check("已勾选 2 项" in s, "a tap on 上海银行 ticks it", s)
        scr.send("Escape")
        s = scr.wait("（请按回车勾选）")
        check(kd.checklist(s) is None, "Esc leaves the field unanswered as it was", s)
        scr.send("Enter")
        scr.wait_until(lambda s: kd.checklist(s) is not None, what="the checklist again")
        scr.send("Space", "End")
        s = scr.wait("完成，回到表格")
        check(row(s, "其他银行") is not None and "更多" in s,
              "End scrolls to the end of the list (更多 above)", s)
        scr.send("Up", "Space")
        s = scr.wait("已勾选 2 项")
        check(row(s, "其他银行")[1], "其他银行 ticked", s)
        scr.send(*(["Up"] * 10), "Space")
        s = scr.wait("已勾选 3 项")
        check(row(s, "上海银行")[1] and row(s, "其他银行") is None,
              "up the list to 上海银行 (其他银行 scrolled out), ticked", s)
        scr.send("End", "Enter")
        s = scr.wait_until(lambda s: kd.focused_label(s) == "其他银行的名称",
                           what="the other banks' names asked")
        check("中国工商银行、上海银行、其他银行" in s,
              "完成 stores it: the labels joined with 、 on the page; 其他银行 asks the names", s)
        scr.send("宁波银行", literal=True)
        scr.send("Enter")
        scr.wait_until(lambda s: kd.focused_label(s) not in ("其他银行的名称", None),
                       what="the next field")
        s = kd.fill_pages(scr, ans, fields, lists, regions)
        scr.send("End")
        s = scr.wait_until(lambda s: "提交申请" in s and "宁波银行" in s, what="the review's end")
        check("中国工商银行、上海银行、其他银行" in s.replace(" ", ""),
              "review shows the ticked labels joined with 、", s)
        scr.send("Enter")
        s = scr.wait("办件编号：", timeout=15)
        no = re.search(r"办件编号：([0-9A-Z]+(?:-[0-9A-Z]+)+)", s).group(1)
    finally:
        scr.kill()
    out = subprocess.run([kd.YIJIAN, "case", "show", no, "--json", "--db", db],
                         capture_output=True, text=True).stdout
    a = json.loads(out)["answers"]
    check(json.loads(a["deposit.banks"]) == ["icbc", "bosc", "other"] and
          a["deposit.other_banks"] == "宁波银行",
          "the stored case holds the codes as a list and the other banks' names", out)


if __name__ == "__main__":
    main(sys.argv[1])
