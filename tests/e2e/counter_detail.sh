#!/bin/sh
# counter_detail.sh: the clerk's case detail in tmux (issue 15, the clerk).
#   A wrong password names the field (工号或密码错误); an assisted case shows
#   its 委托代办 authorisation readable (agent, masked ID, relationship,
#   grounds) and the receipt names the agent; A asks for confirmation (and says
#   at once what is missing); D and B on an item waiting on a predecessor are
#   refused before anything is asked; D's prompt names the item; the next
#   case opens at its top; a closed case's 已等待 stops; at 80x24 the queue
#   keeps 申请人 and its footer whole.
set -eu
: "${YIJIAN:?}" "${YJ_SRC:?}"
for t in tmux python3 sqlite3; do
	command -v "$t" >/dev/null || { echo "counter_detail: $t is missing" >&2; exit 1; }
done
T=$(mktemp -d /tmp/yjcdetail.XXXXXX)
SOCK="yjc-detail-$$"
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

printf 'admin secret\n' | "$YIJIAN" user add boss --name 管理员 --role admin --password-stdin >/dev/null &&
	printf 'admin secret\ncorrect horse\n' | "$YIJIAN" user add li01 --name 李明 --admin boss --password-stdin >/dev/null &&
	printf 'admin secret\nhelp me\n' | "$YIJIAN" user add hb01 --name 王帮办 --role helper --admin boss --password-stdin >/dev/null ||
	fail "user add"
# an assisted case with its authorisation, a kiosk case, a closed case
python3 - "$YJ_SRC/forms/examples/retirement.json" "$T/assist.json" <<'EOP'
import json, sys
a = json.load(open(sys.argv[1]))
a.update({"auth.agent_name": "赵志强", "auth.agent_id_number": "310110197501012318",
          "auth.relationship": "spouse", "auth.grounds": "申请人住院，委托配偶代为办理"})
json.dump(a, open(sys.argv[2], "w"), ensure_ascii=False)
EOP
NO=$(printf 'help me\n' | "$YIJIAN" case submit retirement --channel assist --helper hb01 \
	--password-stdin --answers "$T/assist.json") || fail "case submit (assist)"
NO2=$("$YIJIAN" case submit retirement --answers "$YJ_SRC/forms/examples/retirement.json") ||
	fail "case submit"
NO3=$("$YIJIAN" case submit retirement --answers "$YJ_SRC/forms/examples/retirement.json") ||
	fail "case submit"
# closed 5 minutes after it was submitted at midnight: it waited 5 minutes
sqlite3 -cmd ".timeout 10000" "$T/c.db" "UPDATE cases SET status = 'closed',
	submitted_at = '2026-11-23T00:00:00Z', updated_at = '2026-11-23T00:05:00Z'
	WHERE case_no = '$NO3'" || fail "close $NO3"

# ---- the receipt names the agent (ID masked)
"$YIJIAN" receipt "$NO" --format text --output "$T/receipt.txt" || fail "receipt"
grep -q "代办人.*赵志强" "$T/receipt.txt" || fail "the receipt does not name the agent"
grep -q "310110197501012318" "$T/receipt.txt" && fail "the receipt shows the agent's full ID"

tmux_start "$YIJIAN counter --lock-after 600 2>$T/stderr; echo EXITED \$?; sleep 60"
wait_for "请输入工号和密码"

# ---- a wrong password: the message names the field it asked for
keys li01 Enter
typed "not the password"
keys Enter
wait_for "工号或密码错误"
sleep 1.2
typed "correct horse"
keys Enter
wait_for "办件队列"

# ---- a closed case stopped waiting when it closed
screen | grep -F "$NO3" | grep -q " 5分 " || fail "已等待 of the closed case: $(screen | grep -F "$NO3")"

# ---- the authorisation, readable
typed "$NO"
keys Enter
wait_for "办件 $NO"
wait_for "── 委托代办 ──"
for k in 0 1 2 3 4 5; do
	screen | grep -q "委托事由：" && break
	keys NPage
	sleep 0.3
done
wait_for "代办人：赵志强"
wait_for "代办人身份证：310110"
wait_for "与申请人的关系：配偶"
wait_for "委托事由：申请人住院，委托配偶代为办理"
screen | grep -q "310110197501012318" && fail "the agent's full ID on screen"
screen | grep -q '"auth\.' && fail "the authorisation shown as JSON"
keys Home
sleep 0.3

# ---- A with materials unchecked: said at once, nothing asked
keys a
wait_for "项材料未核验"
screen | grep -q "确认受理" && fail "asked to confirm with materials unchecked"
NMAT=$(screen | python3 -c 'import re,sys; m=re.search(r"材料核验（(\d+) 项）", sys.stdin.read()); print(m.group(1))')
i=0
while [ $i -lt "$NMAT" ]; do
	keys Space
	i=$((i + 1))
	wait_for "已核验原件" 3
done
sleep 0.3
# ---- A asks for confirmation; Esc leaves the case as it was
keys a
wait_for "确认受理"
keys Escape
sleep 0.3
screen | grep -q "状态：待受理" || fail "Esc on the confirmation accepted"
keys a
wait_for "确认受理"
keys Enter
wait_for "状态：已受理"

# ---- an item waiting on a predecessor: D and B refused before asking
python3 - "$YJ_SRC/forms/items" "$NO" >"$T/order" <<'EOP'
import json, os, subprocess, sys
items_dir, no = sys.argv[1], sys.argv[2]
case = json.loads(subprocess.check_output([os.environ["YIJIAN"], "case", "show", no, "--json"]))
if isinstance(case, list):
    case = case[0]
ids = [i["item"] for i in case["items"]]
deps, label = {}, {}
for f in os.listdir(items_dir):
    d = json.load(open(os.path.join(items_dir, f)))
    deps[d["id"]] = [x for x in d.get("depends_on", []) if x in ids]
    lab = d.get("label")
    label[d["id"]] = lab.get("zh_CN", "") if isinstance(lab, dict) else lab
waiting = next(i for i in ids if deps[i])
ready = next(i for i in ids if not deps[i])
print(ids.index(waiting), ids.index(ready), label[ready])
EOP
read -r WIDX RIDX RLABEL <"$T/order"
select_item() {
	keys Home
	k=$((NMAT + $1))
	while [ $k -gt 0 ]; do keys Down; k=$((k - 1)); done
	sleep 0.3
}
select_item "$WIDX"
keys b
wait_for "办结之后才能办理"
screen | grep -q "部门退回：原因" && fail "B asked for a reason on a waiting item"
keys d
sleep 0.5
screen | grep -q "证照或文书编号" && fail "D asked for a number on a waiting item"
wait_for "办结之后才能办理"
# ---- D names the item
select_item "$RIDX"
keys d
wait_for "办结“$RLABEL”：证照或文书编号"
keys Escape
sleep 0.3

# ---- the next case opens at its top (the focus was on an item)
keys Escape
wait_for "办件队列"
typed "$NO2"
keys Enter
wait_for "办件 $NO2"
keys Space
wait_for "已核验原件"

# ---- the review's [修改] then PgDn comes back to the section edited
keys u
wait_for "核对信息"
keys Down Down
sleep 0.5
focused() { screen | grep -E '^ *(▶|＞|>) .*\[修改\]' | sed 's/\[修改\].*//; s/ *$//'; }
F1=$(focused)
[ -n "$F1" ] || fail "no section focused on the review"
keys Enter
wait_for "回到核对页"
keys NPage
wait_for "核对信息"
sleep 0.3
F2=$(focused)
[ "$F1" = "$F2" ] || fail "the review came back at '$F2', not at the section edited '$F1'"
keys F10
wait_for "办件 $NO2"
keys Escape
wait_for "办件队列"

# ---- 80x24: the queue keeps 申请人, the footer is whole
tmux -L "$SOCK" resize-window -x 80 -y 24
sleep 0.5
keys F4
sleep 0.5
screen | grep -q "申请人" || fail "no 申请人 column at 80x24"
screen | grep -q "赵美玲" || fail "no applicant's name at 80x24"
screen | tail -n 1 | grep -q "F10 退出登录" || fail "footer cut at 80x24: $(screen | tail -n 1)"

keys F10
wait_for "请输入工号和密码"
keys F10
wait_for "EXITED 0"
echo "counter_detail: ok ($NO)"
