#!/bin/sh
# doctor.sh: `yijian doctor` on a real terminal — a private cupsd with a file:
# queue, a loopback upstream, a key from `yijian keys init`, a database made by
# `case submit` — first all ✓ (exit 0), then each failure made real one at a
# time: ✗ on exactly that line, exit 1, and the same in --json.
set -eu
. "$YJ_SRC/tests/upstream/lib.sh"
. "$YJ_SRC/tests/lib/cups.sh"
for t in cupsd lpadmin cupsdisable cupsenable cupsreject cupsaccept sqlite3 openssl; do
	command -v "$t" >/dev/null || fail "$t is needed"
done
mnt=""
finish() {
	cups_stop
	if [ -n "$mnt" ]; then umount "$mnt" 2>/dev/null || :; fi
	cleanup
}
trap finish EXIT INT TERM
chmod 755 "$WORK" # cups filters run as lp
export YIJIAN_FORMS="$YJ_SRC/forms" YIJIAN_DATA="$YJ_SRC/data"
unset YIJIAN_DB

# --- the terminal -----------------------------------------------------------
cups_start "$WORK/cups" || fail "cupsd did not start"
OUT="$WORK/cups/out/desk.pdf"
: >"$OUT" # cupsd 2.4.2-3+deb12u10 no longer creates a file: device's file
chmod 666 "$OUT"
lpadmin -p desk -E -v "file://$OUT" -m lsb/usr/cupsfilters/Generic-PDF_Printer-PDF.ppd ||
	fail "lpadmin desk"
lpadmin -d desk || fail "lpadmin -d desk"
up_start u
UP="http://127.0.0.1:$UP_PORT"
TERM_DIR="$WORK/term"
mkdir -p "$TERM_DIR"
DB="$TERM_DIR/yijian.db"
CONF="$WORK/terminal.conf"
# conf FILE [key=value...]: the terminal's configuration plus overrides.
conf() {
	f=$1
	shift
	write_conf "$f" centre_code=310104 "centre_name=徐汇区社区事务受理服务中心" terminal_id=K07 \
		"db=$DB" "keys.dir=$TERM_DIR/keys" print.printer=desk "sync.base_url=$UP" \
		sync.timeout_ms=3000 "$@"
}
conf "$CONF"
export YIJIAN_CONFIG="$CONF"
"$YIJIAN" keys init >/dev/null 2>&1 || fail "keys init"
"$YIJIAN" case submit birth --answers "$YJ_SRC/forms/examples/birth.json" >/dev/null ||
	fail "case submit"

IDS="config database disk forms fonts printer keys upstream outbox"
passed=0
# doctor EXPECTED_RC [args...]: run text and --json; output in $WORK/out, $WORK/json.
doctor() {
	want=$1
	shift
	rc=0
	"$YIJIAN" doctor "$@" >"$WORK/out" 2>"$WORK/err" || rc=$?
	jrc=$want
	rm -f "$WORK/json"
	# The sanitizer run checks the JSON output only on the first, all-✓ run:
	# every doctor there costs seconds, and the text and JSON share the checks.
	if [ "${YJ_SANITIZED:-0}" != 1 ] || [ "$passed" = 0 ]; then
		jrc=0
		"$YIJIAN" doctor --json "$@" >"$WORK/json" 2>>"$WORK/err" || jrc=$?
	fi
	if [ "$rc" -ne "$want" ] || [ "$jrc" -ne "$want" ]; then
		cat "$WORK/out" "$WORK/err" >&2
		fail "doctor $* exited $rc (--json $jrc), expected $want"
	fi
}
# only_fails ID [PATTERN]: after `doctor 1`, exactly the line of ID is ✗ (text and
# JSON), and that line matches PATTERN (a grep -E expression) when given.
only_fails() {
	id=$1
	n=0
	for i in $IDS; do
		n=$((n + 1))
		[ "$i" = "$id" ] && break
	done
	line=$(sed -n "${n}p" "$WORK/out")
	case "$line" in
	✗*) ;;
	*)
		cat "$WORK/out" >&2
		fail "line $n ($id) is not ✗"
		;;
	esac
	nfail=$(grep -c '^✗' "$WORK/out" || :)
	if [ "$nfail" -ne 1 ]; then
		cat "$WORK/out" >&2
		fail "$nfail lines are ✗, expected only $id"
	fi
	if [ $# -ge 2 ] && ! printf '%s\n' "$line" | grep -Eq "$2"; then
		cat "$WORK/out" >&2
		fail "the $id line does not say /$2/"
	fi
	[ ! -e "$WORK/json" ] || python3 - "$WORK/json" "$id" <<'PY' || { cat "$WORK/json" >&2; fail "JSON for $id"; }
import json, sys
d = json.load(open(sys.argv[1]))
bad = [c["id"] for c in d["checks"] if not c["ok"]]
assert d["ok"] is False, "ok should be false"
assert bad == [sys.argv[2]], "failing: %r" % bad
c = [c for c in d["checks"] if c["id"] == sys.argv[2]][0]
assert c["state"] == "fail" and c["fix"], "a failing check needs a fix: %r" % c
PY
	passed=$((passed + 1))
	echo "ok - $id: $(echo "$line" | cut -c1-110)"
}

# --- all ✓ ------------------------------------------------------------------
doctor 0
n=$(grep -c '^✓' "$WORK/out" || :)
[ "$n" -eq 9 ] || { cat "$WORK/out" >&2; fail "$n of 9 lines are ✓"; }
grep -q "打印机 desk 就绪（printer-state idle，printer-state-reasons none）" "$WORK/out" ||
	fail "printer line: $(cat "$WORK/out")"
grep -q "服务中心 310104 上海市 徐汇区" "$WORK/out" || fail "the centre is not named"
python3 - "$WORK/json" <<'PY' || { cat "$WORK/json" >&2; fail "all-ok JSON"; }
import json, sys
d = json.load(open(sys.argv[1]))
ids = [c["id"] for c in d["checks"]]
assert ids == "config database disk forms fonts printer keys upstream outbox".split(), ids
assert d["ok"] is True and all(c["ok"] and c["state"] == "ok" for c in d["checks"])
by = {c["id"]: c for c in d["checks"]}
assert by["database"]["schema_version"] == by["database"]["schema_expected"] >= 1
assert by["database"]["cases"] == 1 and by["database"]["size_bytes"] > 0
assert by["disk"]["free_bytes"] > 0 and by["disk"]["total_bytes"] >= by["disk"]["free_bytes"]
assert by["outbox"]["pending"] == 1 and by["outbox"]["held"] == 0
assert 0 <= by["outbox"]["oldest_pending_age_s"] < 600
assert by["upstream"]["http_status"] == 200 and abs(by["upstream"]["clock_offset_s"]) <= 2
assert by["printer"]["printer_state"] == 3 and by["printer"]["accepting"] is True
assert by["keys"]["mode"] == "0600"
assert by["forms"]["things"] >= 3 and by["forms"]["problems"] == 0
PY
passed=$((passed + 1))
echo "ok - all ✓, exit 0, JSON with measured values"

# --- configuration ----------------------------------------------------------
YIJIAN_CONFIG="$WORK/nonexistent.conf" doctor 1 --db "$DB"
only_fails config "nonexistent.conf 不存在"
grep -v '^centre_code' "$CONF" >"$WORK/nocentre.conf"
doctor 1 --config "$WORK/nocentre.conf"
only_fails config "centre_code"
conf "$WORK/bad.conf"
echo "this line has no equals sign" >>"$WORK/bad.conf"
doctor 1 --config "$WORK/bad.conf"
only_fails config "bad.conf:[0-9]+"
conf "$WORK/abolished.conf" centre_code=310103 # 卢湾区, merged into 黄浦区 in 2011
doctor 1 --config "$WORK/abolished.conf"
only_fails config "310103"

# --- printer ----------------------------------------------------------------
cupsdisable desk
doctor 1
only_fails printer "已暂停（printer-state stopped.*运行 cupsenable desk 后重试"
cupsenable desk
cupsreject desk
doctor 1
only_fails printer "不接收打印任务.*cupsaccept desk"
cupsaccept desk
# A terminal set up without a printer (setup --no-printer): a neutral line, even
# with the queue stopped, and `yijian print` refuses with the reason.
cupsdisable desk
conf "$WORK/noprint.conf" print.enabled=no print.printer=
doctor 0 --config "$WORK/noprint.conf"
grep -q '^○ 本终端不连接打印机' "$WORK/out" || fail "print.enabled = no: $(cat "$WORK/out")"
NO1=$("$YIJIAN" case list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["case_no"])')
rc=0
"$YIJIAN" print "$NO1" --config "$WORK/noprint.conf" >"$WORK/pout" 2>&1 || rc=$?
[ "$rc" -eq 1 ] && grep -q 'print.enabled = no' "$WORK/pout" ||
	fail "print with print.enabled = no: exit $rc, $(cat "$WORK/pout")"
cupsenable desk
echo "ok - print.enabled = no: printer line ○, yijian print refuses"
rm -f "$OUT"
doctor 1
only_fails printer "输出文件 .*desk.pdf 不存在"
: >"$OUT"
chmod 666 "$OUT"
conf "$WORK/noqueue.conf" print.printer=nosuchqueue
doctor 1 --config "$WORK/noqueue.conf"
only_fails printer "找不到打印机 nosuchqueue"

# --- keys -------------------------------------------------------------------
KEY="$TERM_DIR/keys/terminal.key"
mv "$KEY" "$WORK/key.saved"
doctor 1
only_fails keys "没有签名密钥.*yijian keys init"
mv "$WORK/key.saved" "$KEY"
chmod 644 "$KEY"
doctor 1
only_fails keys "0644.*chmod 600"
chmod 600 "$KEY"
conf "$WORK/trusted.conf" "keys.trusted=$WORK/no-such-trusted"
doctor 1 --config "$WORK/trusted.conf"
only_fails keys "可信公钥文件"

# --- database ---------------------------------------------------------------
doctor 1 --db "$WORK/missing.db"
only_fails database "missing.db 不存在"
[ ! -e "$WORK/missing.db" ] || fail "doctor created the missing database"
head -c 16384 /dev/urandom >"$WORK/garbage.db"
doctor 1 --db "$WORK/garbage.db"
only_fails database "无法打开或不是本程序的数据库"
cp "$DB" "$WORK/corrupt.db"
pages=$(($(stat -c %s "$WORK/corrupt.db") / 4096))
# keep the header page, scribble over the b-tree pages behind it
dd if=/dev/urandom of="$WORK/corrupt.db" bs=4096 seek=2 count=$((pages - 3)) conv=notrunc 2>/dev/null
doctor 1 --db "$WORK/corrupt.db"
only_fails database "完整性检查未通过|无法打开"
cp "$DB" "$WORK/old.db"
sqlite3 "$WORK/old.db" "PRAGMA user_version = 1"
doctor 1 --db "$WORK/old.db"
only_fails database "结构版本 1 低于"
sqlite3 "$WORK/old.db" "PRAGMA user_version = 99"
doctor 1 --db "$WORK/old.db"
only_fails database "结构版本 99 高于"
# read-only: a filesystem remounted read-only under the database (root ignores
# file modes); without mount, an immutable file when chattr works here
mnt="$WORK/mnt"
mkdir -p "$mnt"
if mount -t tmpfs -o size=256m tmpfs "$mnt" 2>/dev/null; then
	cp "$DB" "$mnt/yijian.db"
	mount -o remount,ro "$mnt"
	doctor 1 --db "$mnt/yijian.db"
	only_fails database "不可写"
	umount "$mnt"
else
	mnt=""
	cp "$DB" "$WORK/ro.db"
	if chattr +i "$WORK/ro.db" 2>/dev/null; then
		doctor 1 --db "$WORK/ro.db"
		chattr -i "$WORK/ro.db"
		only_fails database "不可写"
	else
		echo "# skipped: read-only database (neither mount nor chattr is permitted here)"
	fi
fi

# --- disk, forms, fonts -----------------------------------------------------
conf "$WORK/disk.conf" doctor.min_free_percent=101
doctor 1 --config "$WORK/disk.conf"
only_fails disk "只剩"
mkdir -p "$WORK/emptyforms"
doctor 1 --forms "$WORK/emptyforms"
only_fails forms "emptyforms"
conf "$WORK/font.conf" "print.font=No Such Font Family"
doctor 1 --config "$WORK/font.conf"
only_fails fonts "No Such Font Family.*没有安装"

# --- upstream ---------------------------------------------------------------
closed=$(yj_free_port)
conf "$WORK/closed.conf" "sync.base_url=http://127.0.0.1:$closed"
doctor 1 --config "$WORK/closed.conf"
only_fails upstream "无法连接"
conf "$WORK/plain.conf" "sync.base_url=http://192.0.2.1:8080"
doctor 1 --config "$WORK/plain.conf"
only_fails upstream "loopback"
cd "$WORK"
for ca in ca other; do
	openssl req -x509 -newkey rsa:2048 -nodes -keyout $ca.key -out $ca.pem -days 2 \
		-subj "/CN=yijian doctor test $ca" 2>/dev/null
done
printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >srv.ext
openssl req -newkey rsa:2048 -nodes -keyout srv.key -out srv.csr -subj "/CN=127.0.0.1" 2>/dev/null
openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out srv.pem -days 2 \
	-extfile srv.ext 2>/dev/null
cd - >/dev/null
up_start tls --tls-cert "$WORK/srv.pem" --tls-key "$WORK/srv.key"
conf "$WORK/tls.conf" "sync.base_url=https://127.0.0.1:$UP_PORT" "sync.ca_file=$WORK/ca.pem"
doctor 0 --config "$WORK/tls.conf"
grep -q "TLS 已验证" "$WORK/out" || fail "TLS upstream: $(cat "$WORK/out")"
echo "ok - TLS upstream with the right CA is ✓"
conf "$WORK/wrongca.conf" "sync.base_url=https://127.0.0.1:$UP_PORT" "sync.ca_file=$WORK/other.pem"
doctor 1 --config "$WORK/wrongca.conf"
only_fails upstream "TLS"
up_start skew --date-offset 300
conf "$WORK/skew.conf" "sync.base_url=http://127.0.0.1:$UP_PORT"
doctor 1 --config "$WORK/skew.conf"
only_fails upstream "时钟比上游慢 (29[89]|30[012]) 秒"
[ ! -e "$WORK/json" ] || python3 -c 'import json,sys; c=[c for c in json.load(open(sys.argv[1]))["checks"] if c["id"]=="upstream"][0]; sys.exit(0 if 295 <= c["clock_offset_s"] <= 305 else 1)' \
	"$WORK/json" || fail "clock_offset_s: $(cat "$WORK/json")"
up_start skew2 --date-offset -120
conf "$WORK/skew2.conf" "sync.base_url=http://127.0.0.1:$UP_PORT"
doctor 1 --config "$WORK/skew2.conf"
only_fails upstream "时钟比上游快"
conf "$WORK/nosync.conf" sync.base_url=
doctor 0 --config "$WORK/nosync.conf"
grep -q '^○ 没有配置上游平台' "$WORK/out" || fail "no upstream: $(cat "$WORK/out")"
echo "ok - no sync.base_url is a neutral ○ line, exit 0"
conf "$WORK/require.conf" sync.base_url= doctor.require_upstream=yes
doctor 1 --config "$WORK/require.conf"
only_fails upstream "sync.base_url"

# --- outbox -----------------------------------------------------------------
q "$DB" "UPDATE outbox SET state = 'held', last_status = 400, last_error = 'HTTP 400: test'" >/dev/null
doctor 1
only_fails outbox "1 个办件被上游退回.*sync retry"
q "$DB" "UPDATE outbox SET state = 'pending', created_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-2 days')" >/dev/null
doctor 1
only_fails outbox "已等了 2 天"
doctor 0 --config "$WORK/nosync.conf"
echo "ok - an old pending case with no upstream configured is not a failure"
q "$DB" "UPDATE outbox SET created_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')" >/dev/null
doctor 0

# --- from nothing: setup --yes, the first case, then doctor all ✓ ------------
# A new terminal as an administrator brings it up: no configuration file, the
# database path the only thing the environment says; `yijian setup` writes the
# configuration and the key and makes the database.
NEW="$WORK/new"
mkdir -p "$NEW"
rc=0
YIJIAN_DB="$NEW/yijian.db" "$YIJIAN" doctor --config "$NEW/yijian.conf" >"$WORK/out" 2>&1 || rc=$?
[ "$rc" -eq 1 ] && grep -q '^✗ 配置' "$WORK/out" || fail "a bare terminal: exit $rc, $(cat "$WORK/out")"
YIJIAN_DB="$NEW/yijian.db" "$YIJIAN" setup --config "$NEW/yijian.conf" --centre-code 310104 \
	--centre-name 徐汇区社区事务受理服务中心 --terminal-id K09 --printer desk --upstream "$UP" \
	--yes >"$WORK/setup.out" 2>&1 || { cat "$WORK/setup.out" >&2; fail "setup --yes"; }
YIJIAN_DB="$NEW/yijian.db" doctor 0 --config "$NEW/yijian.conf"
n=$(grep -c '^✓' "$WORK/out" || :)
[ "$n" -eq 9 ] || { cat "$WORK/out" >&2; fail "after setup: $n of 9 lines are ✓"; }
YIJIAN_DB="$NEW/yijian.db" "$YIJIAN" case submit retirement --config "$NEW/yijian.conf" \
	--answers "$YJ_SRC/forms/examples/retirement.json" >"$WORK/no" || fail "the first case"
grep -q '^310104-K09-' "$WORK/no" || fail "case number $(cat "$WORK/no") is not this terminal's"
echo "ok - from nothing: setup --yes then doctor all ✓; the first case is numbered 310104-K09-"

# --- usage ------------------------------------------------------------------
"$YIJIAN" doctor --help >"$WORK/out" || fail "--help exit"
for id in $IDS; do grep -q "^  $id " "$WORK/out" || fail "--help does not describe $id"; done
rc=0
"$YIJIAN" doctor extra 2>/dev/null || rc=$?
[ "$rc" -eq 2 ] || fail "an extra argument exited $rc, expected 2"
echo "ok - --help, usage error"
echo "$passed doctor checks passed"
