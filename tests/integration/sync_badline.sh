#!/bin/sh
# A drain on a bad line: 30% of the case requests fail (one third each 503 with
# "Retry-After: 0", dropped before the upstream stores anything, stored and then
# dropped without an answer). With batches (of 10, so that there are enough
# requests for every fault to strike), one case per request, and an
# upstream that has no batch endpoint, `sync --drain` still empties the outbox:
# every case stored exactly once, second revisions after the first, the cases the
# upstream refuses held with its reason, and each kind of fault really struck.
# Correctness only: the speed is tests/bench/sync_faults.sh.
set -eu
. "$YJ_SRC/tests/upstream/lib.sh"

N=600
[ "${YJ_SANITIZED:-0}" = 1 ] && N=150
REJECT_EVERY=53
EDIT_EVERY=20

# run NAME BATCH [upstream.py options...]
run() {
	name=$1 batch=$2
	shift 2
	db="$WORK/$name.db"
	make_db "$db"
	add_cases "$db" "$N" "$REJECT_EVERY" "$EDIT_EVERY"
	expect_held=$(q "$db" "SELECT count(*) FROM outbox o JOIN cases c ON c.uuid = o.case_uuid
		WHERE c.answers_json LIKE '%upstream.reject%'")
	up_start "$name" --bad-line 0.3 --seed 5 "$@"
	write_conf "$WORK/$name.conf" sync.batch_size="$batch"
	rc=0
	"$YIJIAN" sync --drain --no-pull --quiet --max-seconds 300 --config "$WORK/$name.conf" \
		--db "$db" --upstream "http://127.0.0.1:$UP_PORT" || rc=$?
	[ "$rc" -eq 0 ] || fail "$name: sync --drain exited $rc with $(q "$db" \
		"SELECT count(*) FROM outbox WHERE state = 'pending'") case(s) still queued"
	echo "== $name (batch_size $batch $*)"
	check_exactly_once "$db" "$UP_DB"
	held=$(q "$db" "SELECT count(*) FROM outbox WHERE state = 'held'")
	[ "$held" -eq "$expect_held" ] || fail "$name: held $held, expected $expect_held"
	bad=$(q "$db" "SELECT count(*) FROM outbox WHERE state = 'held'
		AND last_error NOT LIKE '%材料不全%'")
	[ "$bad" -eq 0 ] || fail "$name: $bad held row(s) without the upstream's reason"
	stats=$(up_ctl "$UP_PORT" /control/stats)
	for f in e503_now reset drop_after_store; do
		k=$(stat_of "$stats" "fault_bad_line_$f")
		[ "$k" -gt 0 ] || fail "$name: the fault $f never struck"
		echo "fault $f: $k"
	done
	dups=$(stat_of "$stats" duplicates)
	[ "$dups" -gt 0 ] || fail "$name: no resend after an answer lost once stored"
	mism=$(stat_of "$stats" mismatches)
	[ "$mism" -eq 0 ] || fail "$name: $mism resend(s) with another body under the same key"
}

run batch 10
run single 1
run nobatch 10 --no-batch
echo "1 passed, 0 failed"
