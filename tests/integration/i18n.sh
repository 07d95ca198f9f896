#!/bin/sh
# Message languages: the same message in zh_CN (default), English and Traditional
# Chinese, chosen with YIJIAN_LANG on the command line and with --lang and the
# language line of the kiosk's home screen; zh_CN when a catalog is missing.
# Then the catalogs themselves: the messages of src/ as they are now (extracted
# afresh, so a new _("...") counts) must all be translated, none fuzzy, in en and
# zh_TW; the counts are printed.
set -eu
: "${YIJIAN:?}" "${YJ_SRC:?}" "${YJ_BUILD:?}"
export YJ_TODAY=2026-11-23
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0 failn=0
ok() { pass=$((pass + 1)); }
bad() {
	failn=$((failn + 1))
	echo "FAIL: $*"
}

# --- one message in three languages (the check digit of an ID card number) ---
ID=110105194912310021
CN='error: 身份证号码的校验位不对：按前17位算，最后一位应为 X，您填的是 1；请逐位核对号码'
EN='error: The check digit of the ID card number is wrong: from the first 17 digits the last one should be X, you typed 1; please check the number digit by digit'
TW='error: 身份證號碼的校驗位不對：按前17位算，最後一位應為 X，您填的是 1；請逐位核對號碼'
run() { # run EXPECTED_LINE DESCRIPTION ENV... : yijian validate idcard $ID with ENV
	want=$1 what=$2
	shift 2
	set +e
	env -u YIJIAN_LANG "$@" "$YIJIAN" validate idcard "$ID" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	set -e
	out=$(grep '^error:' "$tmp/err" || true)
	if [ "$rc" -eq 1 ] && [ "$out" = "$want" ]; then
		ok
	else
		bad "$what: rc=$rc, got '$out' (want '$want'); output: $(cat "$tmp/out" "$tmp/err")"
	fi
}
run "$CN" "default language" YIJIAN_LOCALEDIR="$YJ_BUILD/locale"
run "$CN" "build-tree catalogs without YIJIAN_LOCALEDIR, default" LANGUAGE=en
run "$CN" "YIJIAN_LANG=zh_CN" YIJIAN_LANG=zh_CN
run "$EN" "YIJIAN_LANG=en" YIJIAN_LANG=en YIJIAN_LOCALEDIR="$YJ_BUILD/locale"
run "$EN" "YIJIAN_LANG=en_GB, build-tree catalogs" YIJIAN_LANG=en_GB
run "$TW" "YIJIAN_LANG=zh_TW" YIJIAN_LANG=zh_TW YIJIAN_LOCALEDIR="$YJ_BUILD/locale"
run "$TW" "YIJIAN_LANG=zh-TW" YIJIAN_LANG=zh-TW
# a locale directory without catalogs: the msgids, i.e. zh_CN, in every language
mkdir -p "$tmp/nolocale"
run "$CN" "English without catalogs falls back to zh_CN" YIJIAN_LANG=en YIJIAN_LOCALEDIR="$tmp/nolocale"
run "$CN" "zh_TW without catalogs falls back to zh_CN" YIJIAN_LANG=zh_TW YIJIAN_LOCALEDIR="$tmp/nolocale"
# an unknown language: a clear warning, the work still done in zh_CN
run "$CN" "unknown YIJIAN_LANG" YIJIAN_LANG=klingon
if grep -q "YIJIAN_LANG wants zh_CN, zh_TW or en, not 'klingon'" "$tmp/err"; then ok; else
	bad "no warning for an unknown YIJIAN_LANG: $(cat "$tmp/err")"
fi
# a printf message: the conversions land in the translated text
set +e
out=$(YIJIAN_LANG=en "$YIJIAN" validate mobile 1381234567 2>&1)
set -e
if [ "$out" = "error: A mobile number is 11 digits, now 10; please check" ]; then ok; else
	bad "English printf message: '$out'"
fi

# --- the kiosk: --lang, and switching on the home screen ----------------------
if command -v tmux >/dev/null; then
	if YJ_SRC="$YJ_SRC" YIJIAN="$YIJIAN" LOCALEDIR="$YJ_BUILD/locale" python3 - "$tmp" <<'EOF'; then ok; else bad "kiosk languages (see above)"; fi
import os, sys
sys.path.insert(0, os.path.join(os.environ["YJ_SRC"], "tests", "e2e"))
from kiosk_driver import Screen

tmp = sys.argv[1]
CN, TW, EN = "请选择您要办理的事项", "請選擇您要辦理的事項", "Please choose the service you want"
fails = []


def expect(cond, what, screen):
    if not cond:
        fails.append(what)
        print("FAIL: %s; screen:\n%s" % (what, screen))


def home(lang_args, db, env):
    scr = Screen(["kiosk"] + lang_args, os.path.join(tmp, db), env=env)
    return scr


env = {"YIJIAN_LOCALEDIR": os.environ["LOCALEDIR"]}
# --lang en starts in English, with every language offered
scr = home(["--lang", "en"], "a.db", env)
try:
    s = scr.wait(EN)
    expect("One application for one life event" in s and "Language 语言:" in s,
           "--lang en: English title and language line", s)
    expect("简体中文" in s and "繁體中文" in s and "English" in s, "three languages offered", s)
    expect(CN not in s, "--lang en: no zh_CN prompt", s)
finally:
    scr.kill()
# default zh_CN; on the language line Right switches to 繁體, then English
scr = home([], "b.db", env)
try:
    s = scr.wait(CN)
    expect("一件事 一次办" in s and "(●) 简体中文" in s, "default zh_CN home", s)
    for _ in range(12):
        scr.send("Down")
    scr.send("Right")
    s = scr.wait(TW)
    expect("(●) 繁體中文" in s and "一件事 一次辦" in s, "Right: Traditional Chinese", s)
    scr.send("Right")
    s = scr.wait(EN)
    expect("(●) English" in s and "↑↓ Select  Enter Start  ←→ Language" in s,
           "Right again: English, footer too", s)
    scr.send("Right")
    s = scr.wait(CN)
    expect("(●) 简体中文" in s, "Right a third time: back to zh_CN", s)
finally:
    scr.kill()
# no catalogs: zh_CN only, the other languages not offered
os.makedirs(os.path.join(tmp, "empty"), exist_ok=True)
scr = home([], "c.db", {"YIJIAN_LOCALEDIR": os.path.join(tmp, "empty")})
try:
    s = scr.wait(CN)
    expect("简体中文" in s and "English" not in s and "繁體中文" not in s,
           "without catalogs only zh_CN is offered", s)
finally:
    scr.kill()
sys.exit(1 if fails else 0)
EOF
else
	echo "SKIP: kiosk languages (no tmux)"
fi

# --- the catalogs against the messages of src/ now ---------------------------
find "$YJ_SRC/src" -name '*.c' | sort >"$tmp/files"
xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ --no-location \
	-f "$tmp/files" -o "$tmp/yijian.pot"
total=$(msgattrib --no-obsolete "$tmp/yijian.pot" | grep -c '^msgid ' || true)
total=$((total - 1)) # the header
for lang in zh_CN zh_TW en; do
	po="$YJ_SRC/locales/$lang.po"
	if ! msgfmt --check -o /dev/null "$po" 2>"$tmp/check"; then
		bad "$lang.po: msgfmt --check: $(cat "$tmp/check")"
		continue
	fi
	msgmerge --quiet --no-fuzzy-matching -o "$tmp/$lang.po" "$po" "$tmp/yijian.pot"
	stats=$(LC_ALL=C msgfmt --statistics -o /dev/null "$tmp/$lang.po" 2>&1)
	tr=$(printf '%s' "$stats" | sed -n 's/^\([0-9]*\) translated.*/\1/p')
	fz=$(printf '%s' "$stats" | sed -n 's/.* \([0-9]*\) fuzzy.*/\1/p')
	un=$(printf '%s' "$stats" | sed -n 's/.* \([0-9]*\) untranslated.*/\1/p')
	echo "$lang: ${tr:-0} translated, ${fz:-0} fuzzy, ${un:-0} untranslated of $total messages in src/"
	[ "$lang" = zh_CN ] && continue
	if [ "${tr:-0}" -eq "$total" ] && [ "${fz:-0}" -eq 0 ] && [ "${un:-0}" -eq 0 ]; then
		ok
	else
		bad "$lang.po is behind src/ (run scripts/i18n.sh and translate); untranslated or fuzzy:"
		for sel in --untranslated --only-fuzzy; do
			msgattrib "$sel" --no-obsolete "$tmp/$lang.po" | grep '^msgid' | sed -n '2,11p'
		done
	fi
done

echo "$pass passed, $failn failed"
[ "$failn" -eq 0 ]
