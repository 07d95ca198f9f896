#!/bin/sh
# Pinyin input figures, in one run of `yijian kiosk` (tmux):
#  1. keystrokes to type the Chinese answers of the birth example in pinyin
#     (names, hospital, employer, street, addresses: runs of up to 4 characters
#     and their candidate number), against one key per character;
#  2. time from a key to its frame on the screen (YJ_UI_KEY_TIMES, benchmarks
#     only): median and p99 of keys handled by pinyin (librime call + the
#     candidate row and the field redrawn) against letters typed in 英 in the
#     same field (no composition: the input row alone is redrawn); and the
#     first key in 中, which opens the engine.
# Usage: YIJIAN=build/yijian sh tests/bench/ime_bench.sh [N]   (N plain letters, default 200)
set -eu
cd "$(dirname "$0")/../.."
YIJIAN=${YIJIAN:-build/yijian}
export YIJIAN YJ_SRC=$(pwd) LC_ALL=C.UTF-8
N=${1:-200}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
python3 tests/e2e/kiosk_touch.py bench "$tmp/b.db" "$tmp/times" "$N" >"$tmp/typed"
echo "== keystrokes: the birth example's Chinese answers in pinyin"
grep -v '^TOTAL' "$tmp/typed" | sed 's/^/  /'
awk '/^TOTAL/ {printf "  total: %d keys for %d characters (one key per character: %d), ratio %.2f keys per character\n", $2, $3, $3, $2/$3}' "$tmp/typed"
echo "== time from a key to its frame (same run)"
python3 - "$tmp/times" <<'PY'
import sys
t = {"pinyin": [], "plain": [], "other": []}
for line in open(sys.argv[1]):
    k, ns = line.split()
    t[k].append(int(ns) / 1e6)
def q(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(round(p * (len(v) - 1))))]
# The first pinyin key opens the engine (lazily, on the first use of 中).
print("  first key in 中 (opens librime in a fresh private directory): %.3f ms" % t["pinyin"][0])
t["pinyin"] = t["pinyin"][1:]
for k in ("plain", "pinyin"):
    v = t[k]
    print("  %-7s %5d keys  median %.3f ms  p99 %.3f ms" % (k, len(v), q(v, .5), q(v, .99)))
if t["plain"] and t["pinyin"]:
    print("  ratio pinyin/plain: median %.1fx  p99 %.1fx (baseline: a letter typed in 英, same field)"
          % (q(t["pinyin"], .5) / q(t["plain"], .5), q(t["pinyin"], .99) / q(t["plain"], .99)))
PY
