#!/bin/sh
# forms_cache.sh: `forms show THING --json` kept between runs (src/cli/formcache.c)
# is used only while every file of the forms directory, the language and the
# program are those it was written for: a changed file, a corrupt or cut entry,
# an unwritable cache directory or a form set with problems all give what a
# fresh parse gives.
set -eu
: "${YIJIAN:?}" "${YJ_SRC:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fails=0
ok() { echo "ok - $1"; }
bad() {
	echo "FAIL - $1"
	fails=$((fails + 1))
}
cp -r "$YJ_SRC/forms" "$tmp/forms"
export YIJIAN_FORMS="$tmp/forms" XDG_CACHE_HOME="$tmp/cache"
fresh() { env -u HOME -u XDG_CACHE_HOME "$YIJIAN" forms show "$@"; }
show() { "$YIJIAN" forms show "$@"; }

fresh birth --json >"$tmp/want"
show birth --json >"$tmp/1"
n=$(find "$tmp/cache/yijian" -type f | wc -l)
show birth --json >"$tmp/2"
if cmp -s "$tmp/1" "$tmp/want" && cmp -s "$tmp/2" "$tmp/want" && [ "$n" = 1 ]; then
	ok "the first run keeps one entry, the second prints it, both as a fresh parse"
else
	bad "cached output differs from a fresh parse (entries: $n)"
fi
entry=$(find "$tmp/cache/yijian" -type f)
[ "$(stat -c %a "$entry")" = 600 ] && ok "the entry is private (600)" || bad "entry mode $(stat -c %a "$entry")"

# A changed file: the entry for the old content is not used.
sed -i 's/"zh_CN": "出生一件事"/"zh_CN": "出生一件事（新版）"/' "$tmp/forms/things/birth.json"
fresh birth --json >"$tmp/want2"
show birth --json >"$tmp/3"
if ! cmp -s "$tmp/want" "$tmp/want2" && cmp -s "$tmp/3" "$tmp/want2"; then
	ok "a changed form file: the new content is shown"
else
	bad "a changed form file: stale or wrong output"
fi
# A new file in the directory changes the key too (the loader reads items/*.json).
cp "$tmp/forms/items/birth.registration.json" "$tmp/forms/items/zz.copy.json.bak"
show birth --json >"$tmp/4"
[ "$(find "$tmp/cache/yijian" -type f | wc -l)" = 3 ] && ok "a new file: a new entry" ||
	bad "a new file did not change the key"
rm "$tmp/forms/items/zz.copy.json.bak"

# Corrupt entries: a changed byte in the text, an entry cut short, garbage.
for how in flip cut garbage; do
	for e in "$tmp"/cache/yijian/*; do
		case $how in
		flip) sed -i '$ s/}/]/' "$e" ;;
		cut) head -c 100 "$e" >"$e.t" && mv "$e.t" "$e" ;;
		garbage) printf 'not an entry' >"$e" ;;
		esac
	done
	show birth --json >"$tmp/5"
	show birth --json >"$tmp/6"
	if cmp -s "$tmp/5" "$tmp/want2" && cmp -s "$tmp/6" "$tmp/want2"; then
		ok "a corrupt entry ($how): ignored and written again"
	else
		bad "a corrupt entry ($how) was printed"
	fi
done

# The language is part of the key.
YIJIAN_LANG=en fresh birth --json >"$tmp/en.want"
YIJIAN_LANG=en show birth --json >"$tmp/en1"
YIJIAN_LANG=en show birth --json >"$tmp/en2"
if ! cmp -s "$tmp/en.want" "$tmp/want2" && cmp -s "$tmp/en1" "$tmp/en.want" &&
	cmp -s "$tmp/en2" "$tmp/en.want"; then
	ok "another language: its own entry"
else
	bad "the language is not part of the key"
fi

# A cache directory that cannot be made: the command works as without one.
: >"$tmp/notadir"
if XDG_CACHE_HOME="$tmp/notadir" show birth --json >"$tmp/7" && cmp -s "$tmp/7" "$tmp/want2"; then
	ok "no usable cache directory: parsed as before"
else
	bad "no usable cache directory"
fi

# A form set with a problem: refused as before, and nothing is kept.
rm -rf "$tmp/cache"
printf '{ "broken": ' >"$tmp/forms/items/birth.registration.json"
set +e
show birth --json >"$tmp/8" 2>"$tmp/8.err"
rc=$?
set -e
if [ "$rc" = 1 ] && grep -q 'birth.registration.json' "$tmp/8.err" && [ ! -s "$tmp/8" ] &&
	[ -z "$(find "$tmp/cache" -type f 2>/dev/null)" ]; then
	ok "a form set with a problem: exit 1 with the problem, nothing cached"
else
	bad "a form set with a problem: rc=$rc"
fi

[ "$fails" = 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "all passed"
