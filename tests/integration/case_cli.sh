#!/bin/sh
# case_cli.sh: `yijian case` against a real database file: submit (accepted and
# refused), show/list/find/export/purge, and the error paths a kiosk meets:
# full disk, read-only disk, locked and corrupt database.
set -eu
: "${YIJIAN:?}" "${YJ_SRC:?}"
tmp=$(mktemp -d)
mnt=
holder=
cleanup() {
	if [ -n "$holder" ]; then kill "$holder" 2>/dev/null || true; fi
	if [ -n "$mnt" ]; then umount "$mnt" 2>/dev/null || true; fi
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
export YIJIAN_FORMS="$YJ_SRC/forms" YIJIAN_DATA="$YJ_SRC/data" YJ_TODAY=2026-11-23
conf=$tmp/yijian.conf
printf 'centre_code = 310104\nterminal_id = C02\nholidays_file = /nonexistent\nretention_days = 30\n' >"$conf"
export YIJIAN_CONFIG="$conf"
db=$tmp/cases.db
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
count() { "$YIJIAN" case list --db "$db" --json | grep -c '"case_no"' || true; }

# --- submit ---------------------------------------------------------------
no1=$("$YIJIAN" case submit birth --answers "$YJ_SRC/forms/examples/birth.json" --db "$db")
check "submit prints a number" sh -c "expr '$no1' : '310104-C02-20261123-0001-[0-9A-Z]\$' >/dev/null"
printf 'admin secret\n' | "$YIJIAN" user add boss --name 管理员 --role admin --password-stdin \
	--db "$db" >/dev/null
printf 'admin secret\ncorrect horse\n' | "$YIJIAN" user add C007 --name 李明 --admin boss \
	--password-stdin --db "$db" >/dev/null
no2=$(printf 'correct horse\n' | "$YIJIAN" case submit death --answers "$YJ_SRC/forms/examples/death.json" \
	--db "$db" --channel counter --clerk C007 --password-stdin)
check "daily sequence" sh -c "expr '$no2' : '310104-C02-20261123-0002-' >/dev/null"

printf '{"mother.name": "李"}' >"$tmp/bad.json"
set +e
"$YIJIAN" case submit birth --answers "$tmp/bad.json" --db "$db" >"$tmp/out" 2>"$tmp/err"
rc=$?
set -e
check "refused answers exit 1" [ "$rc" = 1 ]
check "refused answers: nothing on stdout" [ ! -s "$tmp/out" ]
check "refusal names the field and the reason" grep -q '产妇姓名（mother.name）：' "$tmp/err"
check "refused answers stored nothing" [ "$(count)" = 2 ]
set +e
"$YIJIAN" case submit nosuchthing --answers "$tmp/bad.json" --db "$db" 2>/dev/null
rc=$?
"$YIJIAN" case submit birth --db "$db" 2>/dev/null
rc2=$?
set -e
check "unknown thing exit 1" [ "$rc" = 1 ]
check "missing --answers is a usage error" [ "$rc2" = 2 ]

# --- show / list / find / export -----------------------------------------
typed=$(echo "$no1" | tr -d '-' | tr 'A-Z' 'a-z')
"$YIJIAN" case show "$typed" --db "$db" >"$tmp/show"
check "show accepts the number typed without hyphens, lower case" grep -q "$no1" "$tmp/show"
check "show names the status in words" grep -q '待受理 (submitted)' "$tmp/show"
check "show masks the ID number" grep -q '310104\*\*\*\*\*\*\*\*0022' "$tmp/show"
check "show never prints the full ID" sh -c "! grep -q 310104199405120022 '$tmp/show'"
# change one character of the sequence: the check character catches it
mist=$(echo "$no1" | sed 's/-0001-/-0007-/')
set +e
"$YIJIAN" case show "$mist" --db "$db" 2>"$tmp/err"
rc=$?
set -e
check "mistyped number exit 1" [ "$rc" = 1 ]
check "mistyped number: check character message" grep -q '校验位' "$tmp/err"
"$YIJIAN" case show "$no1" --json --db "$db" >"$tmp/json"
check "show --json is unmasked JSON" grep -q '"applicant_id":"310104199405120022"' "$tmp/json"
check "show --json has items" grep -q '"items":\[{' "$tmp/json"

check "list --thing" [ "$("$YIJIAN" case list --thing birth --db "$db" | wc -l)" = 1 ]
check "list --status" [ "$("$YIJIAN" case list --status submitted --db "$db" | wc -l)" = 2 ]
check "list --since future" [ "$("$YIJIAN" case list --since 2099-01-01 --db "$db" 2>/dev/null | wc -l)" = 0 ]
set +e
"$YIJIAN" case list --since 2026-13-01 --db "$db" 2>/dev/null
rc=$?
set -e
check "list --since bad date is a usage error" [ "$rc" = 2 ]
"$YIJIAN" case find 310104199405120022 --db "$db" >"$tmp/find"
check "find by ID number" sh -c "grep -q '$no1' '$tmp/find' && [ \$(wc -l <'$tmp/find') = 1 ]"
check "find output masked" grep -q '\*\*\*\*' "$tmp/find"
"$YIJIAN" case find 张 --db "$db" >"$tmp/find"
check "find by part of a name" grep -q "$no2" "$tmp/find"
# the one search (the counter's search field too): a case number, typed loosely
"$YIJIAN" case find "$typed" --db "$db" >"$tmp/find"
check "find by case number" sh -c "grep -q '$no1' '$tmp/find' && [ \$(wc -l <'$tmp/find') = 1 ]"
"$YIJIAN" case export --format csv --db "$db" >"$tmp/x.csv"
check "export csv: header + 2 rows" [ "$(wc -l <"$tmp/x.csv")" = 3 ]
check "export csv unmasked" grep -q '310104199405120022' "$tmp/x.csv"
"$YIJIAN" case export --format json --db "$db" >"$tmp/x.json"
check "export json parses with 2 cases" python3 -c "
import json,sys; v=json.load(open('$tmp/x.json')); sys.exit(0 if len(v)==2 and v[0]['items'] else 1)"
set +e
"$YIJIAN" case export --format xml --db "$db" 2>/dev/null
rc=$?
set -e
check "export bad format is a usage error" [ "$rc" = 2 ]

# --- purge ----------------------------------------------------------------
uuid1=$(python3 -c "import json; print(json.load(open('$tmp/json'))['uuid'])")
sqlite3 -cmd ".timeout 10000" "$db" "UPDATE outbox SET state='acked' WHERE case_uuid='$uuid1';
 UPDATE cases SET status='closed', updated_at='2026-01-01T00:00:00Z' WHERE uuid='$uuid1';"
out=$("$YIJIAN" case purge --db "$db")
check "purge uses retention_days and purges one" sh -c "echo '$out' | grep -q '已清除 1 个'"
"$YIJIAN" case show "$no1" --json --db "$db" >"$tmp/json"
check "purged: no ID, no answers" python3 -c "
import json,sys; c=json.load(open('$tmp/json'))
sys.exit(0 if c['applicant_id'] is None and c['answers']=={} and c['status']=='closed' and c['case_no']=='$no1' else 1)"
check "purge leaves the other case" sh -c "'$YIJIAN' case show '$no2' --json --db '$db' | grep -q '\"applicant_id\":\"310106'"
out=$("$YIJIAN" case purge --older-than 0 --db "$db")
check "second purge finds nothing" sh -c "echo '$out' | grep -q '已清除 0 个'"

# --- corrupt --------------------------------------------------------------
head -c 8192 /dev/urandom >"$tmp/garbage.db"
set +e
"$YIJIAN" case list --db "$tmp/garbage.db" 2>"$tmp/err"
rc=$?
set -e
check "corrupt database exit 1" [ "$rc" = 1 ]
check "corrupt database message" grep -q '损坏' "$tmp/err"

# --- locked ---------------------------------------------------------------
printf 'centre_code = 310104\nterminal_id = C02\nholidays_file = /nonexistent\ndb_busy_timeout_ms = 200\n' >"$tmp/fast.conf"
(
	echo "BEGIN IMMEDIATE;"
	echo "INSERT INTO kv VALUES('lock','1');"
	sleep 5
	echo "ROLLBACK;"
) | sqlite3 -cmd ".timeout 10000" "$db" &
holder=$!
sleep 1
set +e
"$YIJIAN" case submit birth --answers "$YJ_SRC/forms/examples/birth.json" --db "$db" \
	--config "$tmp/fast.conf" >"$tmp/out" 2>"$tmp/err"
rc=$?
set -e
check "locked database exit 1" [ "$rc" = 1 ]
check "locked database message" grep -q '占用' "$tmp/err"
check "locked: no number printed" [ ! -s "$tmp/out" ]
wait "$holder" 2>/dev/null || true
holder=

# --- full disk and read-only disk: a real tiny filesystem when we may mount ----
mnt=$tmp/mnt
mkdir -p "$mnt"
if mount -t tmpfs -o size=512k tmpfs "$mnt" 2>/dev/null; then
	fdb=$mnt/cases.db
	n=0
	rc=0
	set +e
	while [ $n -lt 400 ]; do
		"$YIJIAN" case submit birth --answers "$YJ_SRC/forms/examples/birth.json" \
			--db "$fdb" >>"$tmp/full.out" 2>"$tmp/err"
		rc=$?
		[ $rc = 0 ] || break
		n=$((n + 1))
	done
	set -e
	check "full disk: submit fails (after $n cases)" [ "$rc" = 1 ] && [ "$n" -gt 0 ]
	check "full disk message" grep -q '磁盘空间已满' "$tmp/err"
	saved=$(wc -l <"$tmp/full.out")
	echo "full-disk run: $saved cases confirmed before the disk was full"
	check "full disk: every confirmed case is still there and readable" \
		[ "$("$YIJIAN" case list --db "$fdb" | wc -l)" = "$saved" ]
	umount "$mnt"
	mount -t tmpfs -o size=4m tmpfs "$mnt"
	# read-only: a filesystem remounted read-only under an existing database
	"$YIJIAN" case submit birth --answers "$YJ_SRC/forms/examples/birth.json" \
		--db "$mnt/ro.db" >/dev/null
	mount -o remount,ro "$mnt"
	set +e
	"$YIJIAN" case submit birth --answers "$YJ_SRC/forms/examples/birth.json" \
		--db "$mnt/ro.db" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	set -e
	check "read-only disk exit 1" [ "$rc" = 1 ]
	check "read-only disk message" grep -q '只读' "$tmp/err"
	check "read-only disk: no number printed" [ ! -s "$tmp/out" ]
	umount "$mnt"
	mnt=
else
	echo "# cannot mount tmpfs: full disk via db_max_pages, read-only via mode=ro"
fi
# Without privileges (and in addition): a size cap and a read-only open.
printf 'centre_code = 310104\nterminal_id = C02\nholidays_file = /nonexistent\ndb_max_pages = 40\n' >"$tmp/cap.conf"
n=0
rc=0
set +e
while [ $n -lt 400 ]; do
	"$YIJIAN" case submit birth --answers "$YJ_SRC/forms/examples/birth.json" \
		--db "$tmp/cap.db" --config "$tmp/cap.conf" >>"$tmp/cap.out" 2>"$tmp/err"
	rc=$?
	[ $rc = 0 ] || break
	n=$((n + 1))
done
set -e
check "capped database full: exit 1 after $n cases" [ "$rc" = 1 ] && [ "$n" -gt 0 ]
check "capped database full: message" grep -q '磁盘空间已满' "$tmp/err"
check "capped database: every confirmed case is there" \
	[ "$("$YIJIAN" case list --db "$tmp/cap.db" | wc -l)" = "$(wc -l <"$tmp/cap.out")" ]
set +e
"$YIJIAN" case submit birth --answers "$YJ_SRC/forms/examples/birth.json" \
	--db "file:$db?mode=ro" >"$tmp/out" 2>"$tmp/err"
rc=$?
set -e
check "read-only open: exit 1" [ "$rc" = 1 ]
check "read-only open: message" grep -q '只读' "$tmp/err"
check "read-only open still reads" sh -c "'$YIJIAN' case show '$no2' --db 'file:$db?mode=ro' >/dev/null"

if [ "$fails" -gt 0 ]; then
	echo "$fails check(s) failed"
	exit 1
fi
echo "all case CLI checks passed"
