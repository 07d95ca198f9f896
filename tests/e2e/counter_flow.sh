#!/bin/sh
# counter_flow.sh: the clerk's counter in tmux, end to end.
#   sign in (a wrong password refused), find a case submitted at the kiosk by
#   its number (a mistyped check character refused), tick the materials,
#   accept, record a result for every item in dependency order (a successor
#   first is refused), hand out and close; the database and the audit log say
#   the same; the idle lock asks for the password again.
set -eu
: "${YIJIAN:?}" "${YJ_SRC:?}"
for t in tmux python3 sqlite3; do
	command -v "$t" >/dev/null || { echo "counter_flow: $t is missing" >&2; exit 1; }
done
T=$(mktemp -d /tmp/yjcounter.XXXXXX)
SOCK="yjc-flow-$$"
# shellcheck source=tests/lib/tmux.sh
. "$YJ_SRC/tests/lib/tmux.sh"
cleanup() {
	tmux_stop
	[ -n "${YJ_KEEP:-}" ] || rm -rf "$T"
}
trap cleanup EXIT INT TERM
export YJ_TODAY=2026-11-23 LC_ALL=C.UTF-8 TZ=UTC
cat >"$T/conf" <<EOC
centre_code = 310104
terminal_id = C01
EOC
export YIJIAN_CONFIG="$T/conf" YIJIAN_FORMS="$YJ_SRC/forms" YIJIAN_DB="$T/c.db"

NO=$("$YIJIAN" case submit retirement --answers "$YJ_SRC/forms/examples/retirement.json") ||
	fail "case submit"
printf 'admin secret\n' | "$YIJIAN" user add boss --name 管理员 --role admin --password-stdin >/dev/null &&
	printf 'admin secret\ncorrect horse\n' | "$YIJIAN" user add li01 --name 李明 --admin boss --password-stdin >/dev/null ||
	fail "user add"

tmux_start "$YIJIAN counter --lock-after 600 2>$T/stderr; echo EXITED \$?; sleep 60"
wait_for "请输入工号和密码"

# ---- sign in: wrong password refused, then the right one
keys li01 Enter
typed "not the password"
keys Enter
wait_for "工号或密码错误"
screen | grep -q "办件队列" && fail "signed in with a wrong password"
sleep 1.2
typed "correct horse"
keys Enter
wait_for "办件队列"
wait_for "待受理 1"

# ---- find it by number; a wrong check character is refused
BAD=$(python3 -c 'import sys; n=sys.argv[1]; c="0" if n[-1]!="0" else "1"; print(n[:-1]+c)' "$NO")
typed "$BAD"
keys Enter
wait_for "校验位不符"
typed "$(printf '%s' "$NO" | tr -d -)"
keys Enter
wait_for "办件 $NO"
wait_for "状态：待受理"

# ---- materials: accept is refused until every one is ticked
keys a
wait_for "项材料未核验"
NMAT=$(screen | python3 -c 'import re,sys; m=re.search(r"材料核验（(\d+) 项）", sys.stdin.read()); print(m.group(1))')
[ "$NMAT" -ge 1 ] || fail "no materials listed"
keys Home
i=0
while [ $i -lt "$NMAT" ]; do
	keys Space
	i=$((i + 1))
	wait_for "已核验原件" 3
done
sleep 0.3
screen | grep -q "未核验" && fail "a material is still unticked"
keys a
wait_for "确认受理"
keys Enter
wait_for "状态：已受理"

# ---- results in dependency order
python3 - "$YJ_SRC/forms/items" "$NO" >"$T/order" <<'EOP'
import json, os, subprocess, sys
items_dir, no = sys.argv[1], sys.argv[2]
case = json.loads(subprocess.check_output([os.environ["YIJIAN"], "case", "show", no, "--json"]))
if isinstance(case, list):
    case = case[0]
ids = [i["item"] for i in case["items"]]
deps = {}
for f in os.listdir(items_dir):
    d = json.load(open(os.path.join(items_dir, f)))
    deps[d["id"]] = [x for x in d.get("depends_on", []) if x in ids]
done, order = set(), []
while len(order) < len(ids):
    for i in ids:
        if i not in done and all(x in done for x in deps[i]):
            done.add(i); order.append(i); break
# a successor (waiting) first, then every item: "index item"
first_waiting = next(i for i in ids if deps[i])
print(ids.index(first_waiting), first_waiting, "waiting")
for i in order:
    print(ids.index(i), i, "ok")
EOP
[ "$(wc -l <"$T/order")" -ge 3 ] || fail "dependency order: $(cat "$T/order")"
# select item IDX: Home, then down past the materials
select_item() {
	keys Home
	k=$((NMAT + $1))
	while [ $k -gt 0 ]; do keys Down; k=$((k - 1)); done
	sleep 0.2
}
while read -r idx item what; do
	select_item "$idx"
	keys d
	if [ "$what" = waiting ]; then
		wait_for "办结之后才能办理"
		continue
	fi
	wait_for "：证照或文书编号"
	typed "ZH-$idx-$item"
	keys Enter
	wait_for "已登记办结"
done <"$T/order"
wait_for "状态：待出件"

# ---- hand out and close
keys h
wait_for "出件：领取人及说明"
typed "本人领取"
keys Enter
wait_for "状态：已办结"

# ---- the database says the same
"$YIJIAN" case show "$NO" --json >"$T/case.json" || fail "case show"
python3 - "$T/case.json" <<'EOP' || fail "case state in the database"
import json, sys
c = json.load(open(sys.argv[1]))
if isinstance(c, list): c = c[0]
assert c["status"] == "closed", c["status"]
for i in c["items"]:
    assert i["status"] == "done", i
    assert i["result"] == "ZH-%d-%s" % ([x["item"] for x in c["items"]].index(i["item"]), i["item"]), i
EOP
ACTS=$(sqlite3 -cmd ".timeout 10000" "$T/c.db" "SELECT group_concat(action || ':' || coalesce(actor_id,''), ' ') FROM audit WHERE case_no = '$NO' AND actor_kind = 'clerk'")
case "$ACTS" in *"accept:li01"*"item_result:li01"*"handout:li01"*) ;; *) fail "audit: $ACTS" ;; esac
NFAIL=$(sqlite3 -cmd ".timeout 10000" "$T/c.db" "SELECT count(*) FROM audit WHERE action = 'signin_failed' AND actor_id = 'li01'")
[ "$NFAIL" = 1 ] || fail "failed sign-in audited $NFAIL times"

# ---- back to the queue: the closed case counts as closed today
keys Escape
wait_for "今日已办结 1"

# ---- the idle lock (counter.lock_after): locks, the password unlocks
keys F10
wait_for "请输入工号和密码"
keys F10
wait_for "EXITED 0"
tmux_stop
printf 'lock_after = 2\n' >>"$T/conf"
sed -i 's/^lock_after/counter.lock_after/' "$T/conf"
tmux_start "$YIJIAN counter; sleep 60"
sign_in li01 "correct horse"
wait_for "屏幕已锁定" 10
typed "correct horse"
keys Enter
wait_for "办件队列"
NLOCK=$(sqlite3 -cmd ".timeout 10000" "$T/c.db" "SELECT count(*) FROM audit WHERE action = 'lock' AND actor_id = 'li01'")
[ "$NLOCK" -ge 1 ] || fail "the lock was not audited"
echo "counter_flow: ok ($NO)"
