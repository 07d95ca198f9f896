#!/bin/sh
# startup_split.sh: `yijian` starts without curl, CUPS or FreeType; it draws
# receipts through the print module (yijian-print.so: FreeType and zlib, no
# CUPS, cairo or pango), prints through yijian-cups.so and runs sync, doctor
# and setup as yijian-full; the QR of a PDF receipt is one stencil image that
# still decodes; without the module a PDF is refused with a message and the
# text receipt still works.
set -eu
: "${YIJIAN:?}" "${YJ_SRC:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
export YIJIAN_FORMS="$YJ_SRC/forms" YIJIAN_DATA="$YJ_SRC/data" YJ_TODAY=2026-11-23
fails=0
ok() { echo "ok - $1"; }
bad() {
	echo "FAIL - $1"
	fails=$((fails + 1))
}
dir=$(dirname "$YIJIAN")

# ---- what the program links --------------------------------------------
if ldd "$YIJIAN" | grep -Eq 'lib(curl|cups|cairo|pango|fontconfig|glib|freetype)'; then
	bad "yijian links a library it should load on demand: $(ldd "$YIJIAN" | grep -Eo 'lib(curl|cups|cairo|pango|fontconfig|glib|freetype)[^ ]*' | tr '\n' ' ')"
else
	ok "yijian links none of curl, CUPS, FreeType, cairo, pango ($(ldd "$YIJIAN" | wc -l) libraries)"
fi
if ldd "$dir/yijian-print.so" | grep -Eq 'lib(cups|cairo|pango|fontconfig|glib|curl)'; then
	bad "yijian-print.so links: $(ldd "$dir/yijian-print.so" | grep -Eo 'lib(cups|cairo|pango|fontconfig|glib|curl)[^ ]*' | tr '\n' ' ')"
else
	ok "yijian-print.so draws with FreeType alone ($(ldd "$dir/yijian-print.so" | wc -l) libraries)"
fi
# Every function of ours the modules call is one the program exports.
nm -D --defined-only "$YIJIAN" | awk '{print $3}' | sort >"$tmp/def"
for m in yijian-print.so yijian-cups.so; do
	nm -D --undefined-only "$dir/$m" | awk '{print $2}' | grep -E '^(yj_|x[a-z])' |
		sort >"$tmp/und"
	missing=$(comm -23 "$tmp/und" "$tmp/def" | tr '\n' ' ')
	# (yijian-cups.so may call none at all; yijian-print.so calls several)
	if [ -z "$missing" ] && { [ -s "$tmp/und" ] || [ "$m" = yijian-cups.so ]; }; then
		ok "the program exports all $(wc -l <"$tmp/und") functions $m calls"
	else
		bad "$m calls functions the program does not export: $missing"
	fi
done

# ---- commands yijian-full runs -------------------------------------------
for c in sync doctor setup; do
	if "$YIJIAN" "$c" --help >"$tmp/h" 2>&1 && grep -q "yijian $c" "$tmp/h"; then
		ok "yijian $c --help runs (yijian-full)"
	else
		bad "yijian $c --help: $(head -3 "$tmp/h")"
	fi
done

# ---- a receipt through the module ----------------------------------------
conf=$tmp/yj.conf
printf 'centre_code = 310104\nterminal_id = K01\nkeys.dir = %s/keys\n' "$tmp" >"$conf"
O="--config $conf --db $tmp/c.db"
# shellcheck disable=SC2086
"$YIJIAN" keys init $O >/dev/null 2>&1
# shellcheck disable=SC2086
"$YIJIAN" keys centre-init $O >/dev/null 2>&1
cat "$tmp"/keys/centre-*.pub >"$tmp/keys/centre"
# shellcheck disable=SC2086
no=$("$YIJIAN" case submit birth --answers "$YJ_SRC/forms/examples/birth.json" $O)
# shellcheck disable=SC2086
if "$YIJIAN" receipt "$no" --format pdf --output "$tmp/r.pdf" $O 2>"$tmp/err"; then
	ok "PDF receipt through the print module"
else
	bad "PDF receipt: $(head -3 "$tmp/err")"
fi
# A valid PDF whose text reads back, drawn without loading CUPS.
if { if command -v qpdf >/dev/null; then qpdf --check "$tmp/r.pdf"; else pdfinfo "$tmp/r.pdf"; fi; } >"$tmp/chk" 2>&1 &&
	pdftotext "$tmp/r.pdf" - | tr -d ' \n' | grep -q "回执.*$no"; then
	ok "the PDF is valid and its text reads back"
else
	bad "PDF check or text: $(head -5 "$tmp/chk")"
fi
# shellcheck disable=SC2086
LD_DEBUG=files "$YIJIAN" receipt "$no" --format pdf --output "$tmp/r2.pdf" $O 2>"$tmp/ld" || true
if grep -q 'yijian-print.so' "$tmp/ld" && ! grep -q 'libcups' "$tmp/ld"; then
	ok "a PDF drawn to a file loads yijian-print.so and no CUPS"
else
	bad "libraries loaded for a PDF: $(grep -o 'file=[^ ]*' "$tmp/ld" | sort -u | tr '\n' ' ')"
fi
# The QR is one 1-bit stencil image of one pixel per module (version 23: 109).
pdfimages -list "$tmp/r.pdf" >"$tmp/imgs" 2>&1 || true
if [ "$(grep -c ' stencil ' "$tmp/imgs")" = 1 ] && grep -q 'stencil  *109  *109 ' "$tmp/imgs"; then
	ok "the QR is one stencil image, a pixel per module"
else
	bad "QR images: $(cat "$tmp/imgs")"
fi
pdftoppm -r 150 -png "$tmp/r.pdf" "$tmp/p" 2>/dev/null
if zbarimg -q --raw "$tmp"/p-*.png 2>/dev/null | grep -q "^YJ1:$no:"; then
	ok "the PDF's QR decodes to YJ1:$no:…"
else
	bad "the PDF's QR does not decode"
fi
# shellcheck disable=SC2086
if "$YIJIAN" receipt "$no" --format escpos --paper 80mm --output "$tmp/r.bin" $O 2>"$tmp/err" &&
	[ -s "$tmp/r.bin" ]; then
	ok "ESC/POS raster receipt through the print module"
else
	bad "ESC/POS raster: $(head -3 "$tmp/err")"
fi

# ---- without the module ---------------------------------------------------
mkdir -p "$tmp/alone"
cp "$YIJIAN" "$tmp/alone/yijian"
set +e
# shellcheck disable=SC2086
"$tmp/alone/yijian" receipt "$no" --format pdf --output "$tmp/x.pdf" $O >"$tmp/out" 2>&1
rc=$?
set -e
if [ "$rc" = 1 ] && grep -q '打印组件无法加载' "$tmp/out" && [ ! -s "$tmp/x.pdf" ]; then
	ok "no module: the PDF is refused with a message"
else
	bad "no module: rc=$rc $(head -3 "$tmp/out")"
fi
# shellcheck disable=SC2086
if "$tmp/alone/yijian" receipt "$no" --format text $O >"$tmp/t" 2>&1 && grep -q "$no" "$tmp/t"; then
	ok "no module: the text receipt still works"
else
	bad "no module: text receipt: $(head -3 "$tmp/t")"
fi

[ "$fails" = 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "all passed"
