#!/bin/sh
# `yijian sync --daemon` picks up cases as they are queued, waits while the
# upstream is away and catches up when it returns, and leaves promptly and
# cleanly on SIGTERM. `sync retry` puts a held case back in the queue.
set -eu
. "$YJ_SRC/tests/upstream/lib.sh"

up_start d
DB="$WORK/local.db"
make_db "$DB"
CONF="$WORK/sync.conf"
write_conf "$CONF" sync.interval_s=1 sync.timeout_ms=2000 sync.backoff_base_ms=200 \
	sync.backoff_max_s=1
"$YIJIAN" sync --daemon --config "$CONF" --db "$DB" --upstream "http://127.0.0.1:$UP_PORT" \
	2>"$WORK/daemon.err" &
DPID=$!
BG_PIDS="$BG_PIDS $DPID"
acked() { q "$DB" "SELECT count(*) FROM outbox WHERE state = 'acked'"; }
wait_acked() { # count seconds
	i=0
	while [ "$(acked)" -lt "$1" ]; do
		i=$((i + 1))
		[ $i -le $(($2 * 10)) ] || fail "only $(acked) of $1 acknowledged after $2 s"
		sleep 0.1
	done
}
add_cases "$DB" 20 10 0
wait_acked 18 15
# the upstream goes away for a while; cases queued meanwhile go when it is back
up_ctl "$UP_PORT" /control/refuse '{"seconds":3}' >/dev/null
sleep 0.3
add_cases "$DB" 20 0 0
sleep 1
[ "$(acked)" -eq 18 ] || fail "cases acknowledged while the upstream refused connections"
wait_acked 38 20
[ "$(q "$DB" "SELECT count(*) FROM outbox WHERE state = 'held'")" -eq 2 ] || fail "held count"
grep -q "upstream unavailable" "$WORK/daemon.err" || fail "the daemon did not log the outage"
# idle: the daemon checkpoints and truncates the WAL (within a couple of intervals)
i=0
while [ "$(stat -c %s "$DB-wal" 2>/dev/null || echo 0)" -ne 0 ]; do
	i=$((i + 1))
	[ $i -le 50 ] || fail "the WAL was not truncated while idle ($(stat -c %s "$DB-wal") bytes)"
	sleep 0.1
done
# SIGTERM: exits within a second or two, with status 0
kill -TERM "$DPID"
i=0
while kill -0 "$DPID" 2>/dev/null; do
	i=$((i + 1))
	[ $i -lt 50 ] || fail "the daemon did not stop on SIGTERM"
	sleep 0.1
done
rc=0
wait "$DPID" || rc=$?
[ "$rc" -eq 0 ] || fail "the daemon exited $rc on SIGTERM"
# a clerk fixed the held cases: release them; the upstream still refuses them
n=$("$YIJIAN" sync retry --all --db "$DB")
echo "$n"
[ "$(q "$DB" "SELECT count(*) FROM outbox WHERE state = 'held'")" -eq 0 ] || fail "retry --all"
"$YIJIAN" sync --once --no-pull --config "$CONF" --db "$DB" --upstream "http://127.0.0.1:$UP_PORT" >/dev/null
[ "$(q "$DB" "SELECT count(*) FROM outbox WHERE state = 'held' AND attempts = 2")" -eq 2 ] ||
	fail "released cases were not sent again"
rc=0
"$YIJIAN" sync retry NO-SUCH-CASE --db "$DB" 2>/dev/null || rc=$?
[ "$rc" -eq 1 ] || fail "retry of an unknown case exited $rc"
check_exactly_once "$DB" "$UP_DB"
echo "1 passed, 0 failed"
