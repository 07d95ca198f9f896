#!/bin/sh
# auth_cli.sh: clerk, helper and administrator actions of the command line
# only by signed-in accounts (issue 13): user changes by an administrator who
# signs in (the first one made on an empty database, or by setup --admin);
# counter actions and counter/assist case submit sign the clerk or helper in;
# each is refused without a password, with a wrong one and for an id that
# does not exist, changes nothing then, and the audit row names the account.
set -eu
: "${YIJIAN:?}" "${YJ_SRC:?}"
command -v sqlite3 >/dev/null || { echo "auth_cli: sqlite3 is missing" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
export YIJIAN_FORMS="$YJ_SRC/forms" YJ_TODAY=2026-11-23 LC_ALL=C.UTF-8
printf 'centre_code = 310104\nterminal_id = C03\nholidays_file = /nonexistent\n' >"$tmp/conf"
export YIJIAN_CONFIG="$tmp/conf" YIJIAN_DB="$tmp/a.db"
fails=0
ok() { echo "ok - $1"; }
bad() {
	echo "FAIL - $1"
	fails=$((fails + 1))
}
check() { # check DESCRIPTION COMMAND...
	d=$1
	shift
	if "$@"; then ok "$d"; else bad "$d"; fi
}
q() { sqlite3 "$YIJIAN_DB" "$1"; }
# run STDIN ARGS...: the exit status in $rc, stderr in $tmp/err
run() {
	input=$1
	shift
	set +e
	printf '%b' "$input" | "$YIJIAN" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	set -e
}
# Clear the sign-in delay an account waits after a failure (the tests below
# fail on purpose; the throttling itself is tested in unit/test_users).
unthrottle() { q "UPDATE users SET locked_until = 0, failed_attempts = 0 WHERE id = '$1'"; }

# --- the first administrator, then only administrators change accounts ----
run 'correct horse\n' user add li01 --name 李明 --password-stdin
check "no account yet: a clerk is not the first account (exit 1)" [ "$rc" = 1 ]
check "  and says how to make the first administrator" grep -q "user add ID --role admin" "$tmp/err"
run 'admin secret\n' user add boss --name 管理员 --role admin --password-stdin
check "the first administrator is made on an empty database" [ "$rc" = 0 ]
run 'admin secret\n' user add boss2 --name 管理员 --role admin --password-stdin
check "a second administrator needs --admin (exit 2)" [ "$rc" = 2 ]
run 'not the secret\ncorrect horse\n' user add li01 --name 李明 --admin boss --password-stdin
check "user add with a wrong administrator password refused" [ "$rc" = 1 ]
check "  with the sign-in message" grep -q "工号或密码错误" "$tmp/err"
check "  and nothing added" [ "$(q "SELECT COUNT(*) FROM users WHERE id = 'li01'")" = 0 ]
unthrottle boss
run 'admin secret\ncorrect horse\n' user add li01 --name 李明 --admin nobody_at_all --password-stdin
check "user add by an id that does not exist refused" [ "$rc" = 1 ]
run 'admin secret\ncorrect horse\n' user add li01 --name 李明 --admin boss --password-stdin
check "user add by the signed-in administrator" [ "$rc" = 0 ]
check "  audited with the administrator's id" \
	[ "$(q "SELECT actor_kind || ':' || actor_id FROM audit WHERE action = 'user_add' AND detail LIKE 'li01 %'")" = "admin:boss" ]
run 'correct horse\nanother pass\n' user add wang --name 王芳 --admin li01 --password-stdin
check "a clerk cannot change accounts" [ "$rc" = 1 ]
check "  (says the account has no right)" grep -q "无权" "$tmp/err"
run 'admin secret\n12\n' user add h1 --name 帮办 --role helper --admin boss --password-stdin
check "a helper's PIN shorter than 4 refused" [ "$rc" = 1 ]
run 'admin secret\n2468\n' user add h1 --name 帮办 --role helper --admin boss --password-stdin
check "a helper account with a 4-digit PIN" [ "$rc" = 0 ]
for verb in unlock disable enable; do
	run '' user "$verb" li01
	check "user $verb without --admin refused (exit 2)" [ "$rc" = 2 ]
	run 'wrong secret\n' user "$verb" li01 --admin boss
	check "user $verb with a wrong password refused" [ "$rc" = 1 ]
	unthrottle boss
	run 'admin secret\n' user "$verb" li01 --admin boss
	check "user $verb by the signed-in administrator" [ "$rc" = 0 ]
	check "  audited with the administrator's id" \
		[ "$(q "SELECT actor_id FROM audit WHERE action = 'user_$verb' ORDER BY id DESC LIMIT 1")" = boss ]
done
check "disable refused with a wrong password did not disable" \
	[ "$(q "SELECT COUNT(*) FROM audit WHERE action = 'user_disable'")" = 1 ]
run 'admin secret\n' user passwd li01 --admin boss --password-stdin
check "user passwd without the new password refused" [ "$rc" = 1 ]
run 'admin secret\nbattery staple\n' user passwd li01 --admin boss --password-stdin
check "user passwd by the signed-in administrator" [ "$rc" = 0 ]

# --- counter actions --------------------------------------------------------
NO=$("$YIJIAN" case submit retirement --answers "$YJ_SRC/forms/examples/retirement.json")
status() { q "SELECT status FROM cases WHERE case_no = '$NO'"; }
run 'battery staple\n' counter accept "$NO" --clerk nobody_at_all
check "counter accept by an id that does not exist refused" [ "$rc" = 1 ]
run '' counter accept "$NO" --clerk li01
check "counter accept without a password refused" [ "$rc" = 1 ]
run 'correct horse\n' counter accept "$NO" --clerk li01
check "counter accept with a wrong (the old) password refused" [ "$rc" = 1 ]
unthrottle li01
run '2468\n' counter accept "$NO" --clerk h1
check "counter accept by a helper account refused" [ "$rc" = 1 ]
check "nothing accepted by the refused attempts" [ "$(status)" = submitted ]
MATS=$("$YIJIAN" forms plan retirement --answers "$YJ_SRC/forms/examples/retirement.json" --json |
	python3 -c 'import json,sys; m=json.load(sys.stdin)["materials"]; print(" ".join(x["id"] for x in m["required"] + m["exempt"]))')
check "the case has materials to tick" [ -n "$MATS" ]
for m in $MATS; do
	unthrottle li01
	run 'battery staple\n' counter material "$NO" "$m" seen --clerk li01 --password-stdin
	check "counter material $m by the signed-in clerk" [ "$rc" = 0 ]
done
unthrottle li01
run 'battery staple\n' counter accept "$NO" --clerk li01 --password-stdin
check "counter accept by the signed-in clerk" [ "$rc" = 0 ]
check "  the case is accepted" [ "$(status)" = accepted ]
check "  audited with the clerk's id" \
	[ "$(q "SELECT actor_kind || ':' || actor_id FROM audit WHERE action = 'accept' AND case_no = '$NO'")" = "clerk:li01" ]

# --- case submit at the counter and assisted ------------------------------
ANS="$YJ_SRC/forms/examples/death.json"
n0=$(q "SELECT COUNT(*) FROM cases")
run 'battery staple\n' case submit death --answers "$ANS" --channel counter --clerk nobody_at_all
check "counter submit by an id that does not exist refused" [ "$rc" = 1 ]
run '' case submit death --answers "$ANS" --channel counter
check "counter submit without --clerk refused" [ "$rc" = 1 ]
unthrottle li01
run 'wrong staple\n' case submit death --answers "$ANS" --channel counter --clerk li01
check "counter submit with a wrong password refused" [ "$rc" = 1 ]
run '0000\n' case submit death --answers "$ANS" --channel assist --helper h1
check "assisted submit with a wrong PIN refused" [ "$rc" = 1 ]
run '2468\n' case submit death --answers "$ANS" --channel assist --helper zzz999
check "assisted submit by a helper id that does not exist refused" [ "$rc" = 1 ]
check "the refused submits stored nothing" [ "$(q "SELECT COUNT(*) FROM cases")" = "$n0" ]
unthrottle li01
unthrottle h1
run 'battery staple\n' case submit death --answers "$ANS" --channel counter --clerk li01 --password-stdin
check "counter submit by the signed-in clerk" [ "$rc" = 0 ]
C=$(cat "$tmp/out")
check "  the case names the clerk" [ "$(q "SELECT clerk_id FROM cases WHERE case_no = '$C'")" = li01 ]
check "  the audit row names the clerk" \
	[ "$(q "SELECT actor_kind || ':' || actor_id FROM audit WHERE case_no = '$C' ORDER BY id LIMIT 1")" = "clerk:li01" ]
run '2468\n' case submit death --answers "$ANS" --channel assist --helper h1
check "assisted submit by the signed-in helper" [ "$rc" = 0 ]
C=$(cat "$tmp/out")
check "  the audit row names the helper" \
	[ "$(q "SELECT actor_kind || ':' || actor_id FROM audit WHERE case_no = '$C' ORDER BY id LIMIT 1")" = "helper:h1" ]

# --- setup --admin: the first administrator of a new terminal ---------------
run 'root secret\n' setup --yes --centre-code 310104 --terminal-id K09 --no-printer \
	--config "$tmp/s.conf" --db "$tmp/s.db" --admin root1
check "setup --admin makes the first administrator" [ "$rc" = 0 ]
check "  with role admin" sh -c "'$YIJIAN' user list --config '$tmp/s.conf' --db '$tmp/s.db' | grep -q '^root1 *admin'"
run 'root secret\n' setup --yes --centre-code 310104 --terminal-id K09 --no-printer \
	--config "$tmp/s.conf" --db "$tmp/s.db" --admin root2
check "setup --admin refused once an account exists" [ "$rc" = 1 ]

[ "$fails" = 0 ] || { echo "$fails failure(s)"; exit 1; }
