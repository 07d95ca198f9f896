#!/bin/sh
# Refresh the message catalogs (a developer's tool; the build only compiles them).
#   locales/yijian.pot  extracted from src/ (msgids are the zh_CN texts)
#   locales/zh_CN.po    identity (kept so zh_CN is an explicit language)
#   locales/zh_TW.po    new or empty entries filled by OpenCC (s2twp), then reviewed
#   locales/en.po       merged; new entries stay empty (they fall back to zh_CN) until translated
set -eu
cd "$(dirname "$0")/.."
command -v opencc >/dev/null || { echo "i18n: apt-get install opencc" >&2; exit 1; }
find src -name '*.c' | sort >locales/POTFILES
xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ --add-comments=TRANSLATORS \
	--package-name=yijian --msgid-bugs-address=none --no-location --sort-output \
	-f locales/POTFILES -o locales/yijian.pot
rm -f locales/POTFILES
for lang in zh_CN zh_TW en; do
	po=locales/$lang.po
	if [ -f "$po" ]; then
		msgmerge --quiet --update --backup=none --no-fuzzy-matching "$po" locales/yijian.pot
	else
		sed -e "s/charset=CHARSET/charset=UTF-8/" -e "s/\"Language: \\\\n\"/\"Language: $lang\\\\n\"/" locales/yijian.pot | sed "0,/^#, fuzzy$/{/^#, fuzzy$/d}" >"$po"
	fi
done
python3 scripts/i18n_fill.py
for lang in zh_CN zh_TW en; do
	# the fill writes one-line msgstr: wrap them as msgmerge does, so diffs stay small
	msgcat -o "locales/$lang.po" "locales/$lang.po"
	printf '%s: ' "$lang"
	msgfmt --check --statistics -o /dev/null "locales/$lang.po"
done
echo "i18n: translate the empty en entries and review new zh_TW ones; tests/integration/i18n.sh fails until then"
