#!/usr/bin/env python3
"""Screen tests of input inside the program: pinyin typed on a keyboard, and a
whole application made with taps alone (SGR 1006 mouse reports sent to the
program, and its on-screen keyboard).

  kiosk_touch.py pinyin DB                  zhang san -> 张三 in a name field
  kiosk_touch.py touch THING DB [--taps-out FILE] [--size COLSxROWS]
                                            Home to the case number by taps
                                            (default size 100x30)
"""
import json
import os
import re
import sys
import time
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kiosk_driver as kd  # noqa: E402

SLOW = kd.SLOW


def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def find(screen, text, row_from=0):
    """(row, column) of text on the screen, in cells, or None."""
    for r, line in enumerate(screen.splitlines()):
        if r < row_from:
            continue
        i = line.find(text)
        if i >= 0:
            return r, width(line[:i])
    return None


def tap(scr, r, c):
    """A press and a release of button 1 at row r, column c (0-based)."""
    scr.taps += 1
    seq = "\x1b[<0;%d;%dM\x1b[<0;%d;%dm" % (c + 1, r + 1, c + 1, r + 1)
    scr.send(seq, literal=True, count=False)


def tap_text(scr, text, what=None, row_from=0, timeout=8.0):
    s = scr.wait_until(lambda s: find(s, text, row_from) is not None, timeout,
                       what or repr(text))
    r, c = find(s, text, row_from)
    before = s
    tap(scr, r, c + max(width(text) // 2 - 1, 0))
    return before


def changed(scr, before, what, timeout=5.0):
    return scr.wait_until(lambda s: s != before, timeout, what)


# ---- pinyin readings for the driver (Rime's luna_pinyin, traditional) ------

def load_readings():
    """Character -> its readings, most used first; a simplified character gets
    those of its traditional forms (data/hanzi.tsv), as the engine does."""
    rd = {}
    body = False
    for line in open("/usr/share/rime-data/luna_pinyin.dict.yaml", encoding="utf-8"):
        line = line.rstrip("\n")
        if line == "...":
            body = True
            continue
        if not body or not line or line.startswith("#"):
            continue
        p = line.split("\t")
        if len(p) < 2 or len(p[0]) != 1:
            continue
        w = p[2] if len(p) > 2 else "100%"
        try:
            wt = float(w.rstrip("%")) * (1 if w.endswith("%") else 0.001)
        except ValueError:
            wt = 0
        rd.setdefault(p[0], []).append((wt, p[1]))
    trad = {}
    for line in open(os.path.join(kd.SRC, "data", "hanzi.tsv"), encoding="utf-8"):
        if line.startswith("#"):
            continue
        c, std = line.rstrip("\n").split("\t")[:2]
        if std != "s":
            trad.setdefault(std, []).append(c)
    out = {}
    for c in set(rd) | set(trad):
        cand = list(rd.get(c, []))
        for t in trad.get(c, []):
            cand += [(w + 1000, p) for w, p in rd.get(t, [])]
        seen, order = set(), []
        for w, p in sorted(cand, reverse=True):
            if p not in seen:
                seen.add(p)
                order.append(p)
        out[c] = order
    return out


def cand_row(s):
    """The candidates drawn: {text: number} of the row with '1.'."""
    for line in s.splitlines():
        if re.search(r"(^|\s)1\.\S", line):
            return dict((m.group(2), int(m.group(1)))
                        for m in re.finditer(r"(\d)\.(\S+)", line))
    return {}


# ---- the keyboard pinyin test ---------------------------------------------

def scenario_pinyin(db):
    fields, lists, regions = kd.load_forms()
    ans = json.load(open(os.path.join(kd.SRC, "forms", "examples", "birth.json")))
    scr = kd.Screen(["kiosk"], db)
    try:
        want = fields["baby.name"]["label"]["zh_CN"]
        s = kd.to_page(scr, "birth", 99, ans, fields, lists, regions, stop_label=want)
        kd.check(imesw_state(s) == "英", "a name field shows the 中/英 switch, 英 first", s)
        scr.send("F8")
        s = scr.wait_until(lambda s: imesw_state(s) == "中", what="中 on F8")
        for ch in "zhang":
            scr.send(ch, literal=True)
        s = scr.wait_until(lambda s: "1.张" in s, what="the candidates of zhang")
        kd.check("zhang" in s and "2." in s, "the composition in the field, numbered candidates", s)
        for ch in " san":
            scr.send("Space" if ch == " " else ch, literal=ch != " ")
        # Space while composing chose the first candidate of zhang: 张, then san.
        s = scr.wait_until(lambda s: "1.三" in s or "1.散" in s, what="the candidates of san")
        kd.check("[张" in s.replace(" ", ""), "Space chose 张 into the field", s)
        scr.send("Escape")
        s = scr.wait_until(lambda s: not cand_row(s), what="Esc to cancel the composition")
        kd.check(want == kd.focused_label(s) and "[张" in s.replace(" ", ""),
                 "Esc cancels the composition only (the page and 张 stay)", s)
        for ch in "san":
            scr.send(ch, literal=True)
        s = scr.wait_until(lambda s: cand_row(s), what="san again")
        first = cand_row(s)
        scr.send("=", literal=True)
        s = scr.wait_until(lambda s: cand_row(s) and cand_row(s) != first and "[-]" in s,
                           what="the next page of candidates on =")
        kd.check(True, "= pages the candidates forward", s)
        scr.send("-", literal=True)
        s = scr.wait_until(lambda s: cand_row(s) == first, what="- back to the first page")
        kd.check(True, "- pages back", s)
        scr.send("BSpace")
        s = scr.wait("sa")
        scr.send("n", literal=True)
        s = scr.wait_until(lambda s: "三" in cand_row(s), what="三 among the candidates")
        scr.send(str(cand_row(s)["三"]), literal=True)
        s = scr.wait_until(lambda s: "[张三" in s.replace(" ", "") and not cand_row(s),
                           what="张三 in the field")
        kd.check(True, "a digit chose 三: the field holds 张三", s)
        scr.send("Enter")
        s = scr.wait_until(lambda s: kd.focused_label(s) != want, what="the next field")
        kd.check("张三" in s, "Enter stores 张三 and goes on", s)
        # The mother's name: whole words, a digit picks.
        for ch in "lixiaowen":
            scr.send(ch, literal=True)
        s = scr.wait_until(lambda s: cand_row(s), what="lixiaowen")
        scr.send("1", literal=True)
        s = scr.wait_until(lambda s: not cand_row(s), what="the choice")
        # 英 again: letters are letters.
        scr.send("F8")
        scr.wait_until(lambda s: imesw_state(s) == "英", what="英 on F8")
        scr.send("ab", literal=True)
        s = scr.wait_until(lambda s: "ab]" in s.replace(" ", ""), what="ab typed as it is")
        kd.check(not cand_row(s), "in 英, letters go into the field as they are", s)
    finally:
        scr.kill()
    # Without librime: 中 says why, and letters and digits still go in.
    scr = kd.Screen(["kiosk"], db + "2", env={"YJ_RIME_LIB": "/nonexistent/librime.so.1"})
    try:
        want = fields["baby.name"]["label"]["zh_CN"]
        kd.to_page(scr, "birth", 99, ans, fields, lists, regions, stop_label=want)
        scr.send("F8")
        s = scr.wait("拼音输入不可用")
        kd.check("librime" in s, "no librime: 中 says pinyin is unavailable, and why", s)
        scr.send("zhang", literal=True)
        s = scr.wait_until(lambda s: "[zhang" in s.replace(" ", ""), what="zhang typed as it is")
        kd.check(imesw_state(s) == "英" and not cand_row(s),
                 "no librime: back to 英, letters still typed", s)
    finally:
        scr.kill()


# ---- the whole application by taps ----------------------------------------

def osk_key(scr, label, s=None):
    """Tap the on-screen keyboard's key labelled label (the keyboard is the
    block of rows above the footer)."""
    s = s or scr.cap()
    lines = s.splitlines()
    h = len(lines)
    for r in range(h - 2, max(h - 12, 0), -1):
        line = lines[r]
        for m in re.finditer(r"(?<!\S)%s(?!\S)" % re.escape(label), line):
            tap(scr, r, width(line[:m.start()]))
            return
    raise AssertionError("no key %r on the keyboard:\n%s" % (label, s))


def osk_type_ascii(scr, text, upper):
    for ch in text:
        k = ch
        if ch.isalpha() and ch != "X":
            k = ch.upper() if upper else ch.lower()
        before = scr.cap()
        osk_key(scr, k, before)
        scr.wait_until(lambda s: s != before, what="key %r" % ch)


def imesw_state(s):
    """中 or 英 as the switch at the footer's right end shows, else None."""
    m = re.search(r"F8\s+([中英])\s*$", s.splitlines()[-1])
    return m.group(1) if m else None


def osk_type_chinese(scr, text, readings):
    """Each character by its pinyin, tapped, then its candidate tapped."""
    for ch in text:
        if ord(ch) < 128:
            osk_type_ascii(scr, ch, False)
            continue
        for py in readings.get(ch, []):
            for k in py:
                before = scr.cap()
                osk_key(scr, k, before)
                scr.wait_until(lambda s: s != before, what="pinyin %r" % py)
            s = scr.wait_until(lambda s: cand_row(s), what="candidates of %r" % py)
            pages = 0
            while ch not in cand_row(s) and pages < 8 and "[=]" in s:
                before = s
                tap_text(scr, "[=]")
                s = scr.wait_until(lambda s: s != before and cand_row(s), what="next page")
                pages += 1
            row = cand_row(s)
            if ch in row:
                before = s
                tap_text(scr, "%d.%s" % (row[ch], ch))
                scr.wait_until(lambda s: not cand_row(s), what="%s chosen" % ch)
                break
            for _ in py:  # not this reading: rub it out
                before = scr.cap()
                osk_key(scr, "⌫", before)
                scr.wait_until(lambda s: s != before, what="backspace")
        else:
            raise AssertionError("could not type %r by pinyin" % ch)


def tap_list(scr, labels):
    """In an open pick list, tap the row showing one of labels, paging down."""
    for _ in range(60):
        s = scr.wait_until(lambda s: kd.popup_state(s)[1] is not None, what="a pick list")
        for lab in labels:
            for r, line in enumerate(s.splitlines()):
                m = re.search(r"│ [▶ ] (.+?)\s*│", line)
                if m and m.group(1).strip() == lab:
                    # the row's own label: the page behind may show it too
                    tap(scr, r, width(line[:m.start(1)]))
                    return
        cur, pos = kd.popup_state(s)
        if pos[0] >= pos[1]:
            raise AssertionError("none of %r in the list:\n%s" % (labels, s))
        before = s
        tap_text(scr, "[下页]")
        changed(scr, before, "the next page of the list")
    raise AssertionError("list too long")


def touch_field(scr, fid, value, fields, lists, regions, readings, screen):
    fd = fields[fid]
    t = fd["type"]
    if t not in ("select", "region") and kd.already_filled(screen, fd, value, lists, regions):
        osk_key(scr, "确定", screen)  # a list shown filled is tapped and chosen again
        return None
    if t == "yesno":
        lines = screen.splitlines()
        for r, line in enumerate(lines):
            if re.match(r"^  ▶ ", line):
                for rr in range(r + 1, min(r + 4, len(lines))):
                    word = "是" if value == "yes" else "否"
                    m = re.search(r"\[ \S? *%s \]" % word, lines[rr])
                    if m:
                        tap(scr, rr, width(lines[rr][:m.start()]) + 1)
                        return None
        raise AssertionError("no yes/no answer drawn:\n" + screen)
    if t in ("select", "region"):
        lines = screen.splitlines()
        for r, line in enumerate(lines):
            if re.match(r"^  ▶ ", line):
                tap(scr, r + 1 if "▼" in lines[r + 1] else r + 2, 8)
                break
        if t == "select":
            tap_list(scr, [dict(kd.choices(fd, lists))[value]])
            return None
        names = [regions.get(value[:2] + "0000"), regions.get(value[:4] + "00"),
                 regions.get(value)]
        names = [n for i, n in enumerate(names) if n and n not in names[:i]]
        s = scr.wait_until(lambda s: kd.popup_state(s)[1] is not None, what="the region list")
        if kd.popup_state(s)[0] == names[-1]:
            tap_list(scr, [names[-1]])
            return None
        # From the province list: tap [上一级] until it shows, then each level.
        while "请选择省/" not in s:
            before = s
            tap_text(scr, "[上一级]")
            s = changed(scr, before, "one level up")
        while True:
            s = scr.wait_until(lambda s: kd.popup_state(s)[1] is not None or
                               "回车 确定/下一级" not in s, what="a level")
            if "回车 确定/下一级" not in s:
                return None
            before = s
            tap_list(scr, names)
            changed(scr, before, "the next level")
    # Text: empty it, then type on the keyboard.
    shown = kd.shown_value(screen) or ""
    for _ in range(len(shown)):
        before = scr.cap()
        osk_key(scr, "⌫", before)
        scr.wait_until(lambda s: s != before, what="backspace")
    if any(ord(c) > 127 for c in value):
        if imesw_state(scr.cap()) != "中":
            before = scr.cap()
            osk_key(scr, "中/英", before)
            scr.wait_until(lambda s: imesw_state(s) == "中", what="中")
        osk_type_chinese(scr, value, readings)
    else:
        if imesw_state(scr.cap()) == "中":
            before = scr.cap()
            osk_key(scr, "中/英", before)
            scr.wait_until(lambda s: imesw_state(s) == "英", what="英")
        osk_type_ascii(scr, value, not kd_is_pinyin(t))
    osk_key(scr, "确定")
    return None


def kd_is_pinyin(t):
    return t in ("text", "name", "address")


def scenario_touch(thing, db, taps_out=None, size=(100, 30)):
    fields, lists, regions = kd.load_forms()
    readings = load_readings()
    ans = json.load(open(os.path.join(kd.SRC, "forms", "examples", thing + ".json")))
    conf = db + ".conf"
    with open(conf, "w") as f:
        f.write("centre_code = 310104\nterminal_id = E2E\n[ui]\nosk = yes\n")
    scr = kd.Screen(["kiosk"], db, width=size[0], height=size[1])
    scr.taps = 0
    try:
        tl = json.load(open(os.path.join(kd.SRC, "forms", "things", thing + ".json")))
        tap_text(scr, ". " + tl["label"]["zh_CN"], "Home listing the thing")
        # The guide: tap each answer.
        while True:
            s = scr.wait_until(lambda s: "一次告知" in s.splitlines()[0] or
                               re.search(r"第 (\d+) 问，(?:共|最多) (\d+) 问", s), what="a question")
            if "一次告知" in s.splitlines()[0]:
                break
            # The question: the first line under the title bar and the introduction
            # (row 5 at 100x30; row 1 or 2 at 64x16, past the page controls).
            lines = [re.sub(r"\[(上一步|上一页|下一页)\]", "", ln).strip()
                     for ln in s.splitlines()[1:]]
            q = next(ln for ln in lines if ln and "智能引导" not in ln)
            fid = next(k for k, fd in fields.items() if k in ans and k.startswith("guide.")
                       and fd["label"]["zh_CN"].startswith(q))
            fd = fields[fid]
            if fd["type"] == "yesno":
                lab = "是" if ans[fid] == "yes" else "否"
            else:
                lab = dict(kd.choices(fd, lists))[ans[fid]]
            lab = lab[:6]
            for r, line in enumerate(s.splitlines()):
                m = re.match(r"^( {2,}(?:▶ |  ))" + re.escape(lab), line)
                if m:
                    tap(scr, r, width(m.group(1)) + 1)
                    break
            else:
                raise AssertionError("no choice %r:\n%s" % (lab, s))
            changed(scr, s, "the next question")
        tap_text(scr, "我已了解，开始填表")
        last, since = None, time.time()
        while True:
            s = scr.cap()
            head = s.splitlines()[0]
            if "核对信息" in head:
                break
            lab = kd.focused_label(s)
            m = re.search(r"第 (\d+) 页，共 (\d+) 页", head)
            if lab is None or m is None or kd.popup_state(s)[1] is not None:
                if time.time() - since > 10 * SLOW:
                    raise AssertionError("no focused field:\n" + s)
                time.sleep(0.05)
                continue
            key = (m.group(1), lab)
            if key == last:
                if time.time() - since > 6 * SLOW:
                    raise AssertionError("stuck on %s:\n%s" % (key, s))
                time.sleep(0.05)
                continue
            last, since = key, time.time()
            fid = kd.field_by_label(lab, ans, fields)
            assert fid, "no field labelled %r" % lab
            if os.environ.get("YJ_TOUCH_TRACE"):
                print("page %s %s = %r (%d taps)" % (m.group(1), fid, ans.get(fid), scr.taps),
                      file=sys.stderr)
            touch_field(scr, fid, ans.get(fid, ""), fields, lists, regions, readings, s)
            time.sleep(0.05)
        tap_text(scr, "提交申请")
        s = scr.wait("您的办件编号是", 15)
        no = re.search(r"办件编号：([0-9A-Z]+(?:-[0-9A-Z]+)+)", s).group(1)
        tap_text(scr, "完成", row_from=len(s.splitlines()) - 4)
        scr.wait("请您对本次办理做个评价")
        tap_text(scr, "★★★★☆")
        scr.wait("请选择您要办理的事项")
        if taps_out:
            open(taps_out, "w").write("%d\n" % scr.taps)
        return no
    finally:
        scr.kill()


# ---- the benchmark's typing (tests/bench/ime_bench.sh) ---------------------

def first_reading(readings, c):
    r = readings.get(c)
    return r[0] if r else None


def type_pinyin(scr, text, readings):
    """Type text in 中 on the keyboard the way a person who knows what to pick
    would: the longest run of up to 4 characters whose pinyin offers it on the
    first page, then its number (Space for the first). Returns the keys that
    count (a run that was not offered is cancelled and not counted)."""
    keys = 0
    i = 0
    while i < len(text):
        c = text[i]
        if ord(c) < 128:
            scr.send(c, literal=True, count=False)
            keys += 1
            i += 1
            continue
        for k in range(min(4, len(text) - i), 0, -1):
            run = text[i:i + k]
            if any(ord(x) < 128 or first_reading(readings, x) is None for x in run):
                continue
            ok = False
            for alt in range(3 if k == 1 else 1):
                py = "".join(first_reading(readings, x) for x in run) if alt == 0 else \
                    (readings[run][alt] if alt < len(readings[run]) else None)
                if py is None:
                    break
                for ch in py:
                    scr.send(ch, literal=True, count=False)
                s = scr.wait_until(lambda s: cand_row(s), what="candidates of %r" % py)
                s = scr.wait_until(lambda s: py[-1] in s, what="the composition %r" % py)
                row = cand_row(s)
                pages = 0
                while k == 1 and run not in row and pages < 6 and "[=]" in s:
                    before = s
                    scr.send("=", literal=True, count=False)
                    s = scr.wait_until(lambda s: s != before and cand_row(s), what="a page")
                    row = cand_row(s)
                    pages += 1
                if run in row:
                    scr.send("Space" if row[run] == 1 else str(row[run]),
                             literal=row[run] != 1, count=False)
                    scr.wait_until(lambda s: not cand_row(s), what="%s chosen" % run)
                    keys += len(py) + 1 + pages
                    i += k
                    ok = True
                    break
                scr.send("Escape", count=False)
                scr.wait_until(lambda s: not cand_row(s), what="the composition cancelled")
            if ok:
                break
        else:
            raise AssertionError("could not type %r by pinyin" % c)
    return keys


def bench_typing(db, times, plain_n):
    """In the household address field: each Chinese answer of the birth example
    typed in pinyin, then plain_n letters in 英 (no composition)."""
    fields, lists, regions = kd.load_forms()
    readings = load_readings()
    ans = json.load(open(os.path.join(kd.SRC, "forms", "examples", "birth.json")))
    scr = kd.Screen(["kiosk", "--idle", "0"], db, env={"YJ_UI_KEY_TIMES": times})
    try:
        want = fields["household.address"]["label"]["zh_CN"]
        kd.to_page(scr, "birth", 99, ans, fields, lists, regions, stop_label=want)
        scr.send("F8", count=False)
        scr.wait_until(lambda s: imesw_state(s) == "中", what="中")
        total_keys = total_chars = 0
        for fid, v in ans.items():
            if fields[fid]["type"] not in ("text", "name", "address") or \
                    not any(ord(c) > 127 for c in v):
                continue
            scr.send("C-u", count=False)
            scr.wait_until(lambda s: "[ " in s or "[" in s, what="the field emptied")
            keys = type_pinyin(scr, v, readings)
            s = scr.wait_until(lambda s: ("[" + v) in s.replace(" ", ""), what=v)
            print("%-24s %3d keys  %2d characters  %s" % (fid, keys, len(v), v))
            total_keys += keys
            total_chars += len(v)
        print("TOTAL %d %d" % (total_keys, total_chars))
        scr.send("C-u", count=False)
        scr.send("F8", count=False)
        scr.wait_until(lambda s: imesw_state(s) == "英", what="英")
        for k in range(plain_n):
            if k % 40 == 0:
                scr.send("C-u", count=False)
            scr.send("abcdefghij"[k % 10], literal=True, count=False)
            time.sleep(0.01)
        time.sleep(0.5)
    finally:
        scr.kill()


def main():
    if len(sys.argv) >= 5 and sys.argv[1] == "bench":
        bench_typing(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif len(sys.argv) >= 3 and sys.argv[1] == "pinyin":
        scenario_pinyin(sys.argv[2])
    elif len(sys.argv) >= 4 and sys.argv[1] == "touch":
        to = sys.argv[sys.argv.index("--taps-out") + 1] if "--taps-out" in sys.argv else None
        size = (100, 30)
        if "--size" in sys.argv:
            size = tuple(int(n) for n in sys.argv[sys.argv.index("--size") + 1].split("x"))
        print(scenario_touch(sys.argv[2], sys.argv[3], to, size))
    else:
        print(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main()
