#!/usr/bin/env python3
"""Screen tests (tmux) of the one line editor and the region picker:

  input_lines.py picklist DB   pinyin typed in a pick list's search (kiosk)
  input_lines.py counter DB    pinyin in the counter's search box and in a
                               prompt (the reason a material is missing)
  input_lines.py setup DB      pinyin in the setup dialog's centre name
  input_lines.py region DB     the region picker: opens at this centre's city
                               (centre_code 310104: 上海市's districts), each
                               level titled by what it lists, a way up to
                               another province, names (not codes) on the
                               field and the review, at 64x16, keys and taps
"""
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kiosk_driver as kd  # noqa: E402
import kiosk_touch as kt  # noqa: E402

check = kd.check


def candidate(s, char):
    """The number of the candidate char on the candidate row, or None."""
    for line in s.splitlines():
        m = re.search(r"(\d)\.%s(?:\s|$)" % re.escape(char), line)
        if m and re.search(r"1\.\S", line):
            return m.group(1)
    return None


def imesw(s):
    """The 中/英 switch as drawn ("中", "英" or None)."""
    m = re.search(r"F8\s+([中英])", s)
    return m.group(1) if m else None


def to_chinese(scr):
    s = scr.cap()
    if imesw(s) != "中":
        scr.send("F8")
        s = scr.wait_until(lambda s: imesw(s) == "中", what="中 after F8")
    return s


def compose(scr, letters, char):
    """Type letters in 中 and take char among the candidates by its number."""
    scr.send(letters, literal=True)
    s = scr.wait_until(lambda s: candidate(s, char) is not None,
                       what="%s among the candidates of %r" % (char, letters))
    scr.send(candidate(s, char), literal=True)
    return scr.wait_until(lambda s: candidate(s, char) is None, what="the candidates gone")


def scenario_picklist(db):
    fields, lists, regions = kd.load_forms()
    ans = json.load(open(os.path.join(kd.SRC, "forms", "examples", "birth.json")))
    scr = kd.Screen(["kiosk"], db, width=64, height=16)
    try:
        lab = fields["baby.ethnicity"]["label"]["zh_CN"]
        s = kd.to_page(scr, "birth", 99, ans, fields, lists, regions, stop_label=lab)
        scr.send("Enter")
        s = scr.wait("输入文字查找")
        check(imesw(s) == "英", "an open pick list shows the 中/英 switch", s)
        s = to_chinese(scr)
        check(kd.popup_state(s)[1] is not None, "F8 keeps the list open", s)
        scr.send("hui", literal=True)
        s = scr.wait_until(lambda s: candidate(s, "回") is not None, what="the candidates of hui")
        check("hui" in s and "没有找到" not in s,
              "the composition shows in the search, not yet 'not found'", s)
        scr.send(candidate(s, "回"), literal=True)
        s = scr.wait_until(lambda s: kd.popup_state(s)[0] == "回族", what="回族 selected")
        check("查找：回" in s and candidate(s, "回") is None,
              "the chosen 回 is the search, 回族 selected, the candidates gone", s)
        # Space with a composition takes the first candidate; Esc drops a
        # composition and only it (the list and its search stay).
        scr.send("zu", literal=True)
        s = scr.wait_until(lambda s: candidate(s, "族") is not None, what="the candidates of zu")
        scr.send("Escape")
        s = scr.wait_until(lambda s: candidate(s, "族") is None, what="the composition dropped")
        check("查找：回" in s and kd.popup_state(s)[0] == "回族",
              "Esc drops the composition; the search and the list stay", s)
        scr.send("Enter")
        s = scr.wait("输入文字查找", gone=True)
        check(" 回族" in s, "Enter picks 回族", s)
        # 英: letters search by pinyin initials as before (hz: 汉族).
        scr.send("Up")
        s = scr.wait_until(lambda s: kd.focused_label(s) == lab, what=lab)
        scr.send("Enter")
        scr.wait("输入文字查找")
        scr.send("F8")
        s = scr.wait_until(lambda s: imesw(s) == "英", what="英")
        scr.send("hz", literal=True)
        s = scr.wait_until(lambda s: kd.popup_state(s)[0] == "汉族", what="汉族 by hz")
        check(candidate(s, "汉") is None, "in 英 letters search by initials, no candidates", s)
    finally:
        scr.kill()


def counter_user(db):
    conf = db + ".conf"
    with open(conf, "w") as f:
        f.write("centre_code = 310104\nterminal_id = C01\n")
    base = [kd.YIJIAN, "user", "add"]
    opts = ["--config", conf, "--db", db, "--password-stdin"]
    subprocess.run(base + ["boss", "--name", "管理员", "--role", "admin"] + opts,
                   input="admin secret\n", capture_output=True, text=True, check=True)
    subprocess.run(base + ["wang", "--name", "王芳", "--admin", "boss"] + opts,
                   input="admin secret\ncorrect horse\n", capture_output=True, text=True,
                   check=True)
    # a case whose applicant is 张三, and another one
    ans = json.load(open(os.path.join(kd.SRC, "forms", "examples", "birth.json")))
    ans["mother.name"] = "张三"
    path = db + ".answers.json"
    with open(path, "w") as f:
        json.dump(ans, f, ensure_ascii=False)
    env = dict(os.environ, YJ_TODAY="2026-11-23")
    for a in (path, os.path.join(kd.SRC, "forms", "examples", "birth.json")):
        subprocess.run([kd.YIJIAN, "case", "submit", "birth", "--answers", a, "--config", conf,
                        "--db", db], capture_output=True, text=True, check=True, env=env)


def scenario_counter(db):
    counter_user(db)
    scr = kd.Screen(["counter"], db, width=100, height=30)
    try:
        scr.wait("请输入工号和密码")
        scr.send("wang", literal=True)
        scr.send("Enter")
        scr.send("correct horse", literal=True)
        scr.send("Enter")
        s = scr.wait("办件队列")
        check(imesw(s) == "英", "the queue's search box has its 中/英 switch", s)
        s = to_chinese(scr)
        compose(scr, "zhangsan", "张三")
        s = scr.wait_until(lambda s: re.search(r"扫码/查询\s+张三", s) is not None, what="张三 typed")
        check("zhangsan" not in s, "the search box holds 张三, not the letters", s)
        scr.send("Enter")
        s = scr.wait("查询“张三”：找到 1 件")
        check("张三" in s.split("申请人")[-1], "the search by name in pinyin finds the case", s)
        # Capitals and digits go in as typed in 中: a case number.
        scr.send("Escape")
        scr.wait("今日及未办结")
        scr.send("Enter")
        s = scr.wait("状态：待受理")
        # The reason a material is missing, typed in pinyin in the prompt.
        scr.send("Home")
        scr.send("m")
        s = scr.wait("[缺]")
        scr.send("r")
        scr.wait("确认退回并打印一次性告知单")
        scr.send("Enter")
        s = scr.wait("的补正原因")
        check(imesw(s) == "中", "the prompt has the switch, still 中", s)
        s = compose(scr, "yuanjian", "原件")
        check("原件" in s, "the prompt shows what pinyin gave", s)
        # Enter while composing puts the letters in as typed; then Enter ends.
        scr.send("que", literal=True)
        s = scr.wait_until(lambda s: candidate(s, "缺") is not None, what="the candidates of que")
        scr.send(candidate(s, "缺"), literal=True)
        s = scr.wait_until(lambda s: "原件缺" in s, what="原件缺")
        scr.send("Enter")
        s = scr.wait_until(lambda s: "的补正原因" not in s, what="the prompt closed")
        check("原件缺" in s, "the reason typed in pinyin is kept on the return dialog", s)
    finally:
        scr.kill()


def scenario_region(db):
    fields, lists, regions = kd.load_forms()
    ans = json.load(open(os.path.join(kd.SRC, "forms", "examples", "birth.json")))
    scr = kd.Screen(["kiosk"], db, width=64, height=16)
    scr.taps = 0
    try:
        lab = fields["baby.birthplace"]["label"]["zh_CN"]
        s = kd.to_page(scr, "birth", 99, ans, fields, lists, regions, stop_label=lab)
        check(kd.focused_label(s) == lab, "at the place of birth", s)
        scr.send("Enter")
        s = scr.wait("回车 确定/下一级")
        check("上海市：请选择区" in s, "the list starts at this centre's city: 上海市's districts", s)
        check(kd.popup_state(s)[0] == "徐汇区" and kd.popup_state(s)[1][1] == 16,
              "the 16 districts, this centre's (徐汇区) selected", s)
        check("[上一级]" in s and "Esc 上一级" in s, "a way up is shown (a control and a key)", s)
        check("北京市" not in s and "请选择城市" not in s, "no province list, no 'city' title", s)
        # Up: the provinces, titled by what they are; Shanghai selected.
        kt.tap_text(scr, "[上一级]")
        s = scr.wait("请选择省/自治区/直辖市/特别行政区")
        check(kd.popup_state(s)[0] == "上海市" and kd.popup_state(s)[1][1] == 34,
              "a tap on [上一级]: the 34 provinces, 上海市 selected", s)
        # Another province: its cities, then a city's districts and counties.
        scr.send("浙江", literal=True)
        s = scr.wait_until(lambda s: kd.popup_state(s)[0] == "浙江省", what="浙江省")
        scr.send("Enter")
        s = scr.wait("浙江省：请选择市")
        scr.send("杭州", literal=True)
        s = scr.wait_until(lambda s: kd.popup_state(s)[0] == "杭州市", what="杭州市")
        scr.send("Enter")
        s = scr.wait("浙江省 杭州市：请选择区/县/县级市")
        check(True, "a city's list is titled 区/县/县级市", s)
        # Back up with Esc: the province's cities, then the provinces.
        scr.send("Escape")
        s = scr.wait("浙江省：请选择市")
        scr.send("Escape")
        s = scr.wait("请选择省/自治区/直辖市/特别行政区")
        # Back to Shanghai and choose 黄浦区 with a tap.
        scr.send("上海", literal=True)
        scr.wait_until(lambda s: kd.popup_state(s)[0] == "上海市", what="上海市")
        scr.send("Enter")
        s = scr.wait("上海市：请选择区")
        kt.tap_text(scr, "黄浦区", row_from=4)
        s = scr.wait("回车 确定/下一级", gone=True)
        check("上海市 黄浦区" in s and "310101" not in s,
              "the field shows the names 上海市 黄浦区, not the code", s)
        # The review shows names too.
        kd.fill_pages(scr, ans, fields, lists, regions)
        s = scr.wait("核对信息")
        shown = []
        for _ in range(60):
            s = scr.cap()
            shown.append(s)
            if "出生地" in s:
                break
            scr.send("Down")  # the next section, scrolled into view
            scr.wait_until(lambda t: t != s, 2.0, "the review to scroll")
        s = "\n".join(shown)
        row = next((ln for ln in s.splitlines() if "出生地" in ln), "")
        check("上海市 黄浦区" in row and "310101" not in row,
              "the review shows 上海市 黄浦区, not the code", s)
        check(not re.search(r"\b310\d{3} 上海市", s), "no region code on the review", s)
    finally:
        scr.kill()


def scenario_setup(db):
    scr = kd.Screen(["setup"], db, width=80, height=24)
    try:
        s = scr.wait("第 1/5 项")
        scr.send("Enter")  # centre_code 310104, from the configuration
        s = scr.wait("第 2/5 项")
        scr.send("C-u")
        s = to_chinese(scr)
        compose(scr, "xuhui", "徐汇")
        compose(scr, "zhongxin", "中心")
        s = scr.wait("徐汇中心")
        check("xuhui" not in s and "zhongxin" not in s,
              "the centre's name is typed in pinyin in the setup dialog", s)
        # Esc drops a composition only; the step stays.
        scr.send("ce", literal=True)
        scr.wait_until(lambda s: candidate(s, "测") is not None, what="the candidates of ce")
        scr.send("Escape")
        s = scr.wait_until(lambda s: candidate(s, "测") is None, what="the composition dropped")
        check("第 2/5 项" in s and "徐汇中心" in s, "Esc drops the composition, not the step", s)
        scr.send("C-c")
        scr.wait("退出设置？")
        scr.send("Enter")
        scr.wait("EXITED")
    finally:
        scr.kill()


def main():
    if len(sys.argv) == 3 and sys.argv[1] in ("picklist", "counter", "region", "setup"):
        globals()["scenario_" + sys.argv[1]](sys.argv[2])
    else:
        print(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main()
