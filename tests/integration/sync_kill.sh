#!/bin/sh
# `yijian sync` is killed with SIGKILL at random moments while it drains a
# backlog (some answers are also lost on purpose after the upstream stored the
# case). Afterwards a clean run finishes the queue: nothing lost, nothing stored
# twice, the local database intact.
set -eu
. "$YJ_SRC/tests/upstream/lib.sh"

N=1500
KILLS=25
if [ "${YJ_SANITIZED:-0}" = 1 ]; then
	N=300
	KILLS=10
fi
up_start k --faults '{"drop_after_store":0.05,"e503":0.02,"slow":0.1,"slow_s":0.05,"item_e503":0.02,"retry_after":1,"seed":11}'
DB="$WORK/local.db"
make_db "$DB"
add_cases "$DB" "$N" 0 10
CONF="$WORK/sync.conf"
BASE="http://127.0.0.1:$UP_PORT"

i=0
killed=0
while [ $i -lt $KILLS ]; do
	i=$((i + 1))
	# alternate one-by-one and batched sending; one-by-one first, so the first
	# kill lands mid-drain even when a sanitized build drains a small backlog
	bs=1
	[ $((i % 2)) -eq 0 ] && bs=20
	write_conf "$CONF" sync.batch_size=$bs sync.timeout_ms=2000 sync.backoff_base_ms=100 \
		sync.backoff_max_s=1 sync.interval_s=1
	"$YIJIAN" sync --drain --quiet --max-seconds 60 --config "$CONF" --db "$DB" \
		--upstream "$BASE" >/dev/null 2>&1 &
	pid=$!
	# 20..400 ms, from the shell's own pseudo-random source
	ms=$(awk -v s="$i$$" 'BEGIN { srand(s); printf "%d", 20 + rand() * 380 }')
	sleep "$(awk -v m="$ms" 'BEGIN { printf "%.3f", m / 1000 }')"
	if kill -KILL "$pid" 2>/dev/null; then
		killed=$((killed + 1))
	fi
	wait "$pid" 2>/dev/null || :
	left=$(q "$DB" "SELECT count(*) FROM outbox WHERE state = 'pending'")
	[ "$left" -gt 0 ] || break
done
echo "killed with SIGKILL: $killed time(s); pending afterwards: $left"
[ "$killed" -gt 0 ] || fail "sync was never killed mid-drain (too fast?)"

write_conf "$CONF" sync.batch_size=50 sync.timeout_ms=2000 sync.backoff_base_ms=100 \
	sync.backoff_max_s=1
up_ctl "$UP_PORT" /control/faults '{}' >/dev/null
"$YIJIAN" sync --drain --max-seconds 120 --config "$CONF" --db "$DB" --upstream "$BASE" ||
	fail "the final drain did not finish"
echo "upstream: $(up_ctl "$UP_PORT" /control/stats)"
check_exactly_once "$DB" "$UP_DB"
held=$(q "$DB" "SELECT count(*) FROM outbox WHERE state = 'held'")
[ "$held" -eq 0 ] || fail "$held case(s) held without a reason to"
echo "1 passed, 0 failed"
