#!/usr/bin/env python3
"""Fill empty msgstr entries: zh_CN with the msgid itself, zh_TW through OpenCC."""
import re
import subprocess
import sys


def parse(path):
    text = open(path, encoding="utf-8").read()
    return text


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
    return lines[: len(strings)]


n1 = fill("locales/zh_CN.po", lambda s: s)
n2 = fill("locales/zh_TW.po", opencc)
print(f"i18n: filled {n1} zh_CN and {n2} zh_TW entries", file=sys.stderr)
