#!/usr/bin/env python3
"""Fill empty msgstr entries: zh_CN with the msgid itself, zh_TW through OpenCC.

OpenCC's s2twp gives Taiwan phrasing, and a few of its phrase rules are wrong for
this program (免提交 -> 擴音交, 代碼 -> 程式碼, the service counter 窗口 -> the
computer's 視窗, ...). TW_FIXES undoes those on every new zh_TW entry; the filled
entries are still reviewed by hand, and a later hand edit is never overwritten
(only empty msgstr are filled).
"""
import re
import subprocess
import sys

# (wrong s2twp output, reviewed zh_TW), applied in order to new zh_TW entries.
TW_FIXES = [
    ("擴音交", "免提交"),  # 免提交 (no need to submit) is not 免提 (hands-free)
    ("程式碼", "代碼"),  # 中心代碼, 地區代碼, 統一社會信用代碼: codes, not source code
    ("綜合視窗", "綜合窗口"),  # the one-stop service counter
    ("視窗", "窗口"),  # a counter; the few messages about a screen window are reviewed
    ("社群", "社區"),
    ("未透過", "未通過"),  # 通過 = passed (a check); 透過 = by means of
    ("沒有透過", "沒有通過"),
    ("型別", "類型"),
    ("許可權", "權限"),
    ("賬戶", "帳戶"),
    ("賬號", "帳號"),
    ("身分證", "身份證"),  # mainland document names: 居民身份證
    ("港澳臺", "港澳台"),  # 港澳台居民居住證, the document's name
    ("平臺", "平台"),
    ("一臺", "一台"),
    ("周（週", "週（週"),
    ("只讀", "唯讀"),
    ("網上查詢", "線上查詢"),
    ("配置項", "設定項"),
    ("退出登入", "登出"),
    ("退出程式", "結束程式"),
    ("↑↓ 滾動", "↑↓ 捲動"),
    ("F9 鎖屏", "F9 鎖定"),
    ("空格 ", "空白鍵 "),  # the key in key hints (a space in a name stays 空格)
    ("回車/", "Enter/"),
    ("回車 ", "Enter "),
    ("後回車", "後按 Enter"),
    ("按回車", "按 Enter "),
    ("（回車", "（按 Enter "),
]


def tw_fix(s):
    """Apply TW_FIXES to one converted zh_TW string."""
    for wrong, right in TW_FIXES:
        s = s.replace(wrong, right)
    return s.replace("  ）", "）").replace(" ）", "）")


def unquote(block):
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"', block)
    return "".join(parts)


def fill(path, convert):
    text = open(path, encoding="utf-8").read()
    out = []
    pattern = re.compile(r'(msgid ((?:"(?:[^"\\]|\\.)*"\s*)+))msgstr ""\n(?!")', re.M)
    pos = 0
    ids = []
    for m in pattern.finditer(text):
        if unquote(m.group(2)) == "":
            continue
        ids.append(m)
    if not ids:
        return 0
    sources = [unquote(m.group(2)) for m in ids]
    converted = convert(sources)
    for m, c in zip(ids, converted):
        out.append(text[pos:m.start()])
        out.append(m.group(1) + 'msgstr "' + c + '"\n')
        pos = m.end()
    out.append(text[pos:])
    open(path, "w", encoding="utf-8").write("".join(out))
    return len(ids)


def opencc(strings):
    data = "\n".join(s.replace("\n", "\\n") for s in strings) + "\n"
    res = subprocess.run(["opencc", "-c", "s2twp.json"], input=data.encode(), capture_output=True, check=True)
    lines = res.stdout.decode().split("\n")
    return [tw_fix(s) for s in lines[: len(strings)]]


def main():
    n1 = fill("locales/zh_CN.po", lambda s: s)
    n2 = fill("locales/zh_TW.po", opencc)
    print(f"i18n: filled {n1} zh_CN and {n2} zh_TW entries (review the zh_TW ones)", file=sys.stderr)


if __name__ == "__main__":
    main()
