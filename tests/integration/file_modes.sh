#!/bin/sh
# file_modes.sh: under a permissive umask (022) what the program creates is
# the service's alone — database, WAL and SHM, keys (terminal and centre),
# a statistics CSV export and a receipt written to a file are 0600, the key
# directory 0700 — while `yijian setup` writes the configuration readable
# (0644, its new directory 0755) for the service user.
set -eu
: "${YIJIAN:?}" "${YJ_SRC:?}"
T=$(mktemp -d /tmp/yjmodes.XXXXXX)
holder=
cleanup() {
	[ -z "$holder" ] || kill "$holder" 2>/dev/null || true
	rm -rf "$T"
}
trap cleanup EXIT INT TERM
fails=0
ok() { echo "ok - $1"; }
bad() {
	echo "FAIL - $1"
	fails=$((fails + 1))
}
mode() { # mode PATH EXPECTED
	m=$(stat -c %a "$1" 2>/dev/null || echo missing)
	if [ "$m" = "$2" ]; then ok "$(basename "$1") is $2"; else bad "$1 is $m, expected $2"; fi
}
umask 022
export YJ_TODAY=2026-11-23 YIJIAN_FORMS="$YJ_SRC/forms" YIJIAN_DATA="$YJ_SRC/data"

# setup writes the configuration (and its directory) for others to read
"$YIJIAN" setup --config "$T/etc/yijian/yijian.conf" --centre-code 310104 \
	--centre-name 测试中心 --terminal-id K01 --no-printer --yes --db "$T/var/cases.db" \
	>"$T/setup.out" 2>&1 || { cat "$T/setup.out"; bad "setup --yes"; }
mode "$T/etc/yijian/yijian.conf" 644
mode "$T/etc/yijian" 755
cat >"$T/yj.conf" <<EOC
centre_code = 310104
terminal_id = K01
keys.dir = $T/keys
holidays_file = /nonexistent
EOC
O="--config $T/yj.conf --db $T/var/cases.db"
# shellcheck disable=SC2086
"$YIJIAN" keys init $O >/dev/null 2>&1 || bad "keys init"
# shellcheck disable=SC2086
"$YIJIAN" keys centre-init $O >"$T/centre" 2>/dev/null || bad "keys centre-init"
# shellcheck disable=SC2086
NO=$("$YIJIAN" case submit birth --answers "$YJ_SRC/forms/examples/birth.json" $O) ||
	bad "case submit"
mode "$T/var/cases.db" 600
mode "$T/keys" 700
mode "$T/keys/terminal.key" 600
for k in "$T"/keys/centre-*.key; do mode "$k" 600; done

# Keep a reader on the database so the WAL and SHM stay after the next write.
python3 -c '
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN"); db.execute("SELECT count(*) FROM cases").fetchall()
print("ready", flush=True); time.sleep(30)' "$T/var/cases.db" >"$T/holder.out" &
holder=$!
i=0
until grep -q ready "$T/holder.out" 2>/dev/null || [ $i -ge 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
# shellcheck disable=SC2086
"$YIJIAN" case submit death --answers "$YJ_SRC/forms/examples/death.json" $O >/dev/null ||
	bad "second submit"
mode "$T/var/cases.db-wal" 600
mode "$T/var/cases.db-shm" 600
kill "$holder" 2>/dev/null || true
wait "$holder" 2>/dev/null || true
holder=

# exports and receipts the program writes to files
# shellcheck disable=SC2086
"$YIJIAN" counter stats --csv "$T/stats.csv" $O >/dev/null 2>&1 || bad "counter stats --csv"
mode "$T/stats.csv" 600
# shellcheck disable=SC2086
"$YIJIAN" receipt "$NO" --format text --output "$T/receipt.txt" $O || bad "receipt --output"
mode "$T/receipt.txt" 600

if [ "$fails" -ne 0 ]; then
	echo "file_modes: $fails failure(s)"
	exit 1
fi
echo "file_modes: all passed"
