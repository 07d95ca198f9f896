#!/bin/sh
# hostile.sh: the hostile inputs of issue 13 re-run against the real program:
# oversized values, junk keys, backtracking patterns (in a rule and typed by a
# citizen), form files that are symlinks (/dev/zero, /etc/shadow), FIFOs and
# huge, a form set that nearly fills the Lua budget, and the default database
# directory without ~/.local. Every run is timed out: it counts crashes (exit
# >= 128, a signal), hangs (the timeout) and data lost (the case stored first
# still there, intact; nothing refused stored or queued). All must be zero, and
# each refusal says why.
set -eu
: "${YIJIAN:?}" "${YJ_SRC:?}"
command -v sqlite3 >/dev/null || { echo "hostile: sqlite3 is missing" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
export YJ_TODAY=2026-11-23 LC_ALL=C.UTF-8 YIJIAN_FORMS="$YJ_SRC/forms"
printf 'centre_code = 310104\nterminal_id = K07\nholidays_file = /nonexistent\n' >"$tmp/conf"
export YIJIAN_CONFIG="$tmp/conf" YIJIAN_DB="$tmp/h.db"
LIMIT=${YJ_HOSTILE_TIMEOUT:-20}
[ "${YJ_SANITIZED:-}" = 1 ] && LIMIT=60
tried=0 crashes=0 hangs=0 fails=0
ok() { echo "ok - $1"; }
bad() {
	echo "FAIL - $1"
	fails=$((fails + 1))
}
# try EXPECTED_RC MESSAGE_GREP DESCRIPTION ARGS...: run the program under a
# timeout; count a crash or a hang; check the exit and what stderr says.
try() {
	want=$1 msg=$2 what=$3
	shift 3
	tried=$((tried + 1))
	set +e
	timeout -s KILL "$LIMIT" "$YIJIAN" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	set -e
	if [ "$rc" = 137 ] || [ "$rc" = 124 ]; then
		hangs=$((hangs + 1))
		bad "$what: hangs (killed after ${LIMIT}s)"
	elif [ "$rc" -ge 128 ]; then
		crashes=$((crashes + 1))
		bad "$what: crashed (exit $rc)"
	elif [ "$rc" != "$want" ]; then
		bad "$what: exit $rc, not $want ($(head -c 300 "$tmp/err"))"
	elif [ -n "$msg" ] && ! grep -q -- "$msg" "$tmp/err" "$tmp/out"; then
		bad "$what: no message '$msg' ($(head -c 300 "$tmp/err"))"
	else
		ok "$what"
	fi
}

# A case stored before: it must be there, unchanged, at the end.
FIRST=$("$YIJIAN" case submit birth --answers "$YJ_SRC/forms/examples/birth.json")
sum0=$(sqlite3 "$YIJIAN_DB" "SELECT answers_json FROM cases WHERE case_no = '$FIRST'" | cksum)

# --- answers: oversized values and junk keys ------------------------------
python3 - "$YJ_SRC/forms/examples/birth.json" "$tmp" <<'EOP'
import json, sys
base, out = json.load(open(sys.argv[1])), sys.argv[2]
def w(name, d):
    json.dump(d, open("%s/%s.json" % (out, name), "w"), ensure_ascii=False)
d = dict(base); d["zz"] = "a" * 10_000_000; w("big10m", d)
d = dict(base)
for i in range(9): d["mother.f%d" % i] = "b" * 1_000_000
w("nine1m", d)
d = dict(base); d["mother.name"] = "李" * 3000; w("long_value", d)
d = dict(base)
for k in list(d)[:40]: d[k] = "c" * 8000
w("long_case", d)
d = dict(base)
for i in range(100_000): d["zz%06d" % i] = "x"
w("junk100k", d)
d = dict(base)
for i in range(5000): d["j%d" % i] = 1
w("junk5k", d)
d = dict(base); d["zz"] = "x"; d["evil.key"] = "y"; w("undeclared", d)
d = dict(base); d["mother"] = {"name": {"deep": {"er": "x"}}}; w("nested", d)
d = dict(base); d["mother.name"] = [1, 2]; w("list", d)
EOP
printf '{"a": ' >"$tmp/truncated.json"
head -c 3000000 /dev/zero | tr '\0' '[' >"$tmp/deep.json"
for f in big10m nine1m junk100k; do
	try 1 "答案文件太大" "case submit $f refused" case submit birth --answers "$tmp/$f.json"
	try 1 "答案文件太大" "forms plan $f refused" forms plan birth --answers "$tmp/$f.json"
done
try 1 "答案太多" "case submit junk5k refused (more than 1000 keys)" case submit birth --answers "$tmp/junk5k.json"
try 1 "内容太长" "case submit long_value refused (one value)" case submit birth --answers "$tmp/long_value.json"
try 1 "全部答案太长" "case submit long_case refused (the case)" case submit birth --answers "$tmp/long_case.json"
try 1 "全部答案太长" "forms plan long_case refused" forms plan birth --answers "$tmp/long_case.json"
try 1 "zz、evil.key" "case submit undeclared keys refused by name" case submit birth --answers "$tmp/undeclared.json"
try 1 "不属于任何表单" "forms plan undeclared keys refused" forms plan birth --answers "$tmp/undeclared.json"
try 1 "" "case submit nested junk refused" case submit birth --answers "$tmp/nested.json"
try 1 "" "case submit a list refused" case submit birth --answers "$tmp/list.json"
try 1 "" "case submit truncated JSON refused" case submit birth --answers "$tmp/truncated.json"
try 1 "" "case submit deeply nested JSON refused" case submit birth --answers "$tmp/deep.json"
try 1 "" "case submit /dev/zero refused" case submit birth --answers /dev/zero

# --- patterns -------------------------------------------------------------
# rule RULESDIR EXPR: a copy of the form set with one more rule in birth.
rule() {
	rm -rf "$tmp/$1"
	cp -r "$YJ_SRC/forms" "$tmp/$1"
	python3 - "$tmp/$1/things/birth.json" "$2" <<'EOP'
import json, sys
p = sys.argv[1]
d = json.load(open(p))
d["rules"].append({"id": "hostile", "expr": sys.argv[2], "fields": ["mother.name"],
                   "message": {"zh_CN": "x", "zh_TW": "x", "en": "x"}, "level": "error"})
json.dump(d, open(p, "w"), ensure_ascii=False)
EOP
}
rule f_rep '("a"):rep(100):find(".-.-.-.-.-.-.-.-x") == nil'
try 1 "too complex a pattern" "forms check refuses a backtracking pattern" forms check --forms "$tmp/f_rep"
try 1 "" "forms plan refuses that form set" forms plan birth --forms "$tmp/f_rep" --answers "$YJ_SRC/forms/examples/birth.json"
rule f_meta 'not filled(mother.name) or ("a"):rep(3) == "aaa"'
# An expression that fails at run time takes its safe default (a rule does not
# block) and is listed for staff: the call fails, rep is not reached.
try 0 "method 'rep'" "string.rep through a string's metatable fails, listed by forms plan" forms plan birth --forms "$tmp/f_meta" --answers "$YJ_SRC/forms/examples/birth.json"
rule f_dump 'string.dump == nil and ("").dump == nil and string.rep == nil'
try 0 "" "string.dump and rep unreachable by name and metatable" forms plan birth --forms "$tmp/f_dump" --answers "$YJ_SRC/forms/examples/birth.json"
rule f_dyn 'not filled(mother.employer) or not filled(father.name) or mother.employer:find(father.name) == nil or true'
python3 - "$YJ_SRC/forms/examples/birth.json" "$tmp/typed.json" <<'EOP'
import json, sys
d = json.load(open(sys.argv[1]))
d["mother.employer"] = "a" * 100
d["father.name"] = ".-.-.-.-.-.-.-.-x"
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
EOP
try 0 "" "forms check passes a rule matching one answer against another" forms check --forms "$tmp/f_dyn"
try 1 "too complex" "a pattern typed as an answer is refused when run, not a hang" forms plan birth --forms "$tmp/f_dyn" --answers "$tmp/typed.json"
try 1 "" "case submit with a typed pattern refused, not a hang" case submit birth --forms "$tmp/f_dyn" --answers "$tmp/typed.json"

# --- form files: symlinks, FIFOs, devices, size ------------------------------
fs() { rm -rf "$tmp/$1" && cp -r "$YJ_SRC/forms" "$tmp/$1"; }
fs f_zero && ln -s /dev/zero "$tmp/f_zero/things/zero.json"
try 1 "symbolic link" "a form file linked to /dev/zero refused" forms check --forms "$tmp/f_zero"
fs f_shadow && ln -s /etc/shadow "$tmp/f_shadow/items/shadow.json"
try 1 "symbolic link" "a form file linked to /etc/shadow refused" forms check --forms "$tmp/f_shadow"
check_no_root() { ! grep -q "root:" "$tmp/err" "$tmp/out"; }
if check_no_root; then ok "  and nothing of it echoed"; else bad "  /etc/shadow echoed"; fi
fs f_fifo && mkfifo "$tmp/f_fifo/items/fifo.json"
try 1 "not a regular file" "a FIFO among the form files refused, not a hang" forms check --forms "$tmp/f_fifo"
fs f_lists && rm "$tmp/f_lists/lists.json" 2>/dev/null; mkfifo "$tmp/f_lists/lists.json"
try 1 "not a regular file" "lists.json as a FIFO refused, not a hang" forms check --forms "$tmp/f_lists"
fs f_link && ln -sf "$YJ_SRC/forms/fields.json" "$tmp/f_link/fields.json.tmp" && rm "$tmp/f_link/fields.json" &&
	mv "$tmp/f_link/fields.json.tmp" "$tmp/f_link/fields.json"
try 1 "symbolic link" "fields.json as a symlink (even to a good file) refused" forms check --forms "$tmp/f_link"
fs f_huge && head -c 5000000 /dev/zero | tr '\0' ' ' >"$tmp/f_huge/items/huge.json"
try 1 "too large" "a 5 MB form file refused" forms check --forms "$tmp/f_huge"
try 1 "" "the kiosk's case submit refuses a bad form set too" case submit birth --forms "$tmp/f_fifo" --answers "$YJ_SRC/forms/examples/birth.json"

# --- a form set that nearly fills the Lua memory budget ----------------------
fs f_fill
# 60 rules of 60 KB in each of three things: every file within the size
# limit, together past the 8 MiB the expressions may use.
python3 - "$tmp/f_fill/things" <<'EOP'
import json, sys
for t in ("birth", "death", "retirement"):
    p = "%s/%s.json" % (sys.argv[1], t)
    d = json.load(open(p))
    for i in range(60):
        d["rules"].append({"id": "fill%d" % i, "expr": "'%s%d' ~= '%s'" % (t, i, "y" * 60000),
                           "fields": [d["rules"][0]["fields"][0]] if d.get("rules") else [],
                           "message": {"zh_CN": "x", "zh_TW": "x", "en": "x"}, "level": "error"})
    json.dump(d, open(p, "w"), ensure_ascii=False)
EOP
try 1 "memory" "forms check on a set past the Lua budget: a problem, not an abort" forms check --forms "$tmp/f_fill"

# --- the default database without ~/.local ----------------------------------
mkdir "$tmp/home"
tried=$((tried + 1))
set +e
env -u YIJIAN_DB -u XDG_DATA_HOME HOME="$tmp/home" timeout -s KILL "$LIMIT" "$YIJIAN" case submit birth \
	--answers "$YJ_SRC/forms/examples/birth.json" >/dev/null 2>"$tmp/err"
rc=$?
set -e
if [ "$rc" = 0 ] && [ -f "$tmp/home/.local/share/yijian/yijian.db" ]; then
	ok "the default database directory is made with its parents"
else
	bad "default database without ~/.local: exit $rc ($(head -c 200 "$tmp/err"))"
fi
if [ "$(stat -c %a "$tmp/home/.local")" = 700 ]; then ok "  owner only"; else bad "  ~/.local not 0700"; fi

# --- data lost? -------------------------------------------------------------
n=$(sqlite3 "$YIJIAN_DB" "SELECT COUNT(*) FROM cases")
sum1=$(sqlite3 "$YIJIAN_DB" "SELECT answers_json FROM cases WHERE case_no = '$FIRST'" | cksum)
lost=0
[ "$n" = 1 ] || { lost=$((lost + 1)); bad "cases stored: $n, not 1 (a refused one stored?)"; }
[ "$sum0" = "$sum1" ] || { lost=$((lost + 1)); bad "the first case changed"; }
[ "$(sqlite3 "$YIJIAN_DB" "PRAGMA integrity_check")" = ok ] || { lost=$((lost + 1)); bad "integrity"; }
[ "$(sqlite3 "$YIJIAN_DB" "SELECT COUNT(*) FROM outbox WHERE payload LIKE '%zz%'")" = 0 ] ||
	{ lost=$((lost + 1)); bad "junk queued upstream"; }
echo "# hostile inputs: $tried tried, $crashes crashes, $hangs hangs, $lost data lost"
[ "$crashes" = 0 ] && [ "$hangs" = 0 ] && [ "$lost" = 0 ] || fails=$((fails + 1))
[ "$fails" = 0 ] || { echo "$fails failure(s)"; exit 1; }
