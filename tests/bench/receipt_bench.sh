#!/bin/sh
# receipt_bench.sh: how long a PDF receipt takes, and what each example case's
# QR code comes to.
#
# Submits every forms/examples/THING.json into a temp database (terminal K01
# with a fresh key), then for each case:
#   - prints the QR version, size and content kind (`receipt --qr-info`);
# and for the first case times N interleaved rounds (default 50, BENCH_RUNS) of
#   - baseline: `receipt --format text` (same process start, form load, store
#     read, payload signing and QR encoding, no typesetting), and
#   - `receipt --format pdf` on A4 and on the 80 mm roll, and
#     `--format escpos` (the raster at 203 dpi, FreeType bitmaps),
# reporting medians, peak memory (maximum resident set, GNU time) and
# both as ratios to the baseline measured in the same run; then the PDF's size
# and callgrind's instruction counts of one run each (BENCH_CALLGRIND=0 skips).
# Usage: YIJIAN=build/yijian sh tests/bench/receipt_bench.sh
set -eu
cd "$(dirname "$0")/../.."
YIJIAN=${YIJIAN:-build/yijian}
RUNS=${BENCH_RUNS:-50}
T=$(mktemp -d /tmp/yjbench.XXXXXX)
trap 'rm -rf "$T"' EXIT INT TERM
cat >"$T/yj.conf" <<EOC
centre_name = 黄浦区社区事务受理服务中心
centre_code = 310104
terminal_id = K01
keys.dir = $T/keys
EOC
O="--config $T/yj.conf --db $T/bench.db"
# shellcheck disable=SC2086
"$YIJIAN" keys init $O >/dev/null 2>&1
# A centre key, so the QR holds the sealed copy of the case (version ~23), as
# at a centre's kiosks, not the short number-only code.
# shellcheck disable=SC2086
"$YIJIAN" keys centre-init $O >/dev/null 2>&1
cat "$T"/keys/centre-*.pub >"$T/keys/centre"
: >"$T/cases"
for f in forms/examples/*.json; do
	thing=$(basename "$f" .json)
	# shellcheck disable=SC2086
	if no=$("$YIJIAN" case submit "$thing" --answers "$f" $O 2>"$T/err"); then
		echo "$thing $no" >>"$T/cases"
	else
		echo "$thing: not submitted: $(head -3 "$T/err")"
	fi
done
echo "== QR code per example case (level M, print.qr_max_version 25)"
while read -r thing no; do
	# shellcheck disable=SC2086
	printf '%-12s %s\n' "$thing" "$("$YIJIAN" receipt "$no" --qr-info $O)"
done <"$T/cases"
read -r _ NO <"$T/cases"
echo "== render time, median of $RUNS runs each (case $NO)"
python3 - "$YIJIAN" "$NO" "$RUNS" "$T" <<'EOP'
import os, statistics, subprocess, sys, time
yj, no, runs, t = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
common = ["--config", t + "/yj.conf", "--db", t + "/bench.db"]
cases = [
    ("baseline: text", ["--format", "text"]),
    ("pdf a4", ["--format", "pdf", "--paper", "a4"]),
    ("pdf 80mm", ["--format", "pdf", "--paper", "80mm"]),
    ("escpos 80mm", ["--format", "escpos", "--paper", "80mm"]),
]
def run(cmd):
    """Wall time (s) and peak RSS (KiB) of one run of cmd. The peak comes from
    GNU time (a small C program forking the command): a child forked by python
    itself would count python's own pages in its peak; time's start-up is in
    every figure alike."""
    s = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", t + "/rss"] + cmd)
    el = time.perf_counter() - s
    if p.returncode != 0:
        sys.exit("failed: %s" % " ".join(cmd))
    return el, int(open(t + "/rss").read().split()[-1])
med, rss = {}, {}
cmds = {name: [yj, "receipt", no] + args + ["--output", t + "/out." + name.replace(" ", "_")] +
        common for name, args in cases}
for name, _ in cases:
    run(cmds[name])  # warm the page cache and font cache
ts = {name: [] for name, _ in cases}
ms = {name: [] for name, _ in cases}
# Interleaved: each round runs every format once, so a busy minute on a
# shared machine weighs on all of them alike.
for _ in range(runs):
    for name, _ in cases:
        el, kb = run(cmds[name])
        ts[name].append(el)
        ms[name].append(kb)
for name, _ in cases:
    med[name] = statistics.median(ts[name])
    rss[name] = max(ms[name])
base, mbase = med["baseline: text"], rss["baseline: text"]
for name, _ in cases:
    print("%-16s median %7.1f ms %5.2fx baseline   peak %6.1f MB %5.2fx baseline" %
          (name, med[name] * 1000, med[name] / base, rss[name] / 1024, rss[name] / mbase))
print("pdf a4 minus baseline (the typesetting alone): %.1f ms" %
      ((med["pdf a4"] - base) * 1000))
print("pdf a4 file: %d bytes, pdf 80mm file: %d bytes" % (os.path.getsize(t + "/out.pdf_a4"),
      os.path.getsize(t + "/out.pdf_80mm")))
EOP
if [ "${BENCH_CALLGRIND:-1}" = 1 ] && command -v valgrind >/dev/null; then
	echo "== callgrind instructions, one run each (case $NO)"
	ir() { # $1 = format, $2 = paper
		# shellcheck disable=SC2086
		valgrind --tool=callgrind --callgrind-out-file="$T/cg" "$YIJIAN" receipt "$NO" \
			--format "$1" --paper "$2" --output "$T/cg.out" $O 2>&1 >/dev/null |
			sed -n 's/.*Collected : *//p'
	}
	bt=$(ir text a4)
	for fp in "pdf a4" "pdf 80mm" "escpos 80mm"; do
		# shellcheck disable=SC2086
		n=$(ir $fp)
		printf '%-16s %12s Ir  %5.2fx baseline (text: %s Ir)\n' "$fp" "$n" \
			"$(echo "$n $bt" | awk '{print $1/$2}')" "$bt"
	done
fi
