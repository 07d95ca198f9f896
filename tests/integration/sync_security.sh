#!/bin/sh
# Transport security of `yijian sync`: plain http only to loopback, TLS always
# verified (a private CA through sync.ca_file), mutual TLS with a client
# certificate, HMAC signatures with an owner-only key file; a refused terminal
# (401) keeps its cases queued instead of holding them.
set -eu
. "$YJ_SRC/tests/upstream/lib.sh"
command -v openssl >/dev/null || fail "openssl is needed to make test certificates"

DB="$WORK/local.db"
make_db "$DB"
add_cases "$DB" 3 0 0
CONF="$WORK/sync.conf"
pending() { q "$DB" "SELECT count(*) FROM outbox WHERE state = 'pending'"; }
run_sync() { # expected-exit url [conf]
	rc=0
	"$YIJIAN" sync --once --no-pull --config "${3:-$CONF}" --db "$DB" --upstream "$2" \
		>"$WORK/out" 2>"$WORK/err" || rc=$?
	[ "$rc" -eq "$1" ] || fail "sync exited $rc, expected $1: $(cat "$WORK/err")"
}

# 1. http:// to anything but loopback is refused before any connection.
write_conf "$CONF" sync.timeout_ms=2000
run_sync 1 "http://192.0.2.10:8080"
grep -q "loopback" "$WORK/err" || fail "no reason given for refusing http://"
run_sync 1 "ftp://127.0.0.1/"

# 2. HMAC key file: refused when group/world readable; signatures checked upstream.
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$WORK/key"
chmod 600 "$WORK/key"
up_start h --hmac-key-file "$WORK/key"
chmod 644 "$WORK/key"
write_conf "$CONF" sync.timeout_ms=2000 sync.key_file="$WORK/key"
run_sync 1 "http://127.0.0.1:$UP_PORT"
grep -q "chmod 600" "$WORK/err" || fail "a readable key file was not refused clearly"
chmod 600 "$WORK/key"
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$WORK/wrongkey"
chmod 600 "$WORK/wrongkey"
write_conf "$WORK/wrong.conf" sync.timeout_ms=2000 sync.key_file="$WORK/wrongkey"
run_sync 75 "http://127.0.0.1:$UP_PORT" "$WORK/wrong.conf"
[ "$(pending)" -eq 3 ] || fail "a refused signature moved cases out of the queue"
[ "$(q "$DB" "SELECT count(*) FROM outbox WHERE state = 'held'")" -eq 0 ] ||
	fail "401 held cases for a clerk instead of retrying"
q "$DB" "UPDATE outbox SET next_attempt_at = 0" >/dev/null
run_sync 0 "http://127.0.0.1:$UP_PORT"
[ "$(pending)" -eq 0 ] || fail "signed requests were not accepted"
bad=$(stat_of "$(up_ctl "$UP_PORT" /control/stats)" bad_signatures)
[ "$bad" -ge 1 ] || fail "the upstream never saw the bad signature"
echo "hmac: ok (bad signatures refused: $bad)"

# 3. TLS with a private CA and client certificates.
cd "$WORK"
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 \
	-subj "/CN=yijian test CA" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >srv.ext
openssl req -newkey rsa:2048 -nodes -keyout srv.key -out srv.csr -subj "/CN=127.0.0.1" 2>/dev/null
openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out srv.pem -days 2 \
	-extfile srv.ext 2>/dev/null
printf 'extendedKeyUsage=clientAuth\n' >cli.ext
openssl req -newkey rsa:2048 -nodes -keyout cli.key -out cli.csr -subj "/CN=K-TEST" 2>/dev/null
openssl x509 -req -in cli.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out cli.pem -days 2 \
	-extfile cli.ext 2>/dev/null
cd - >/dev/null
chmod 600 "$WORK/cli.key"
add_cases "$DB" 3 0 0
up_start t --tls-cert "$WORK/srv.pem" --tls-key "$WORK/srv.key" --client-ca "$WORK/ca.pem"
URL="https://127.0.0.1:$UP_PORT"
# unknown CA: verification fails, cases stay queued
write_conf "$CONF" sync.timeout_ms=3000
run_sync 75 "$URL"
grep -qi "certificate" "$WORK/err" "$WORK/out" ||
	q "$DB" "SELECT last_error FROM outbox WHERE state = 'pending' LIMIT 1" | grep -qi "certificate" ||
	fail "no certificate error reported"
[ "$(pending)" -eq 3 ] || fail "cases left the queue over an unverified connection"
# trusted CA but no client certificate: the upstream refuses the handshake
q "$DB" "UPDATE outbox SET next_attempt_at = 0" >/dev/null
write_conf "$CONF" sync.timeout_ms=3000 sync.ca_file="$WORK/ca.pem"
run_sync 75 "$URL"
[ "$(pending)" -eq 3 ] || fail "cases left the queue without a client certificate"
# a client key others can read is refused
chmod 644 "$WORK/cli.key"
write_conf "$CONF" sync.timeout_ms=3000 sync.ca_file="$WORK/ca.pem" \
	sync.client_cert="$WORK/cli.pem" sync.client_key="$WORK/cli.key"
run_sync 1 "$URL"
chmod 600 "$WORK/cli.key"
# a pinned server key that does not match: nothing leaves the queue
q "$DB" "UPDATE outbox SET next_attempt_at = 0" >/dev/null
write_conf "$CONF" sync.timeout_ms=3000 sync.ca_file="$WORK/ca.pem" \
	sync.client_cert="$WORK/cli.pem" sync.client_key="$WORK/cli.key" \
	sync.pinned_pubkey="sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
run_sync 75 "$URL"
[ "$(pending)" -eq 3 ] || fail "cases left the queue to a server whose key does not match the pin"
# the right pin (the server's public key) delivers
pin=$(openssl x509 -in "$WORK/srv.pem" -pubkey -noout | openssl pkey -pubin -outform der |
	openssl dgst -sha256 -binary | base64)
write_conf "$CONF" sync.timeout_ms=3000 sync.ca_file="$WORK/ca.pem" \
	sync.client_cert="$WORK/cli.pem" sync.client_key="$WORK/cli.key" \
	sync.pinned_pubkey="sha256//$pin"
q "$DB" "UPDATE outbox SET next_attempt_at = 0" >/dev/null
run_sync 0 "$URL"
[ "$(pending)" -eq 0 ] || fail "mutual TLS did not deliver: $(q "$DB" "SELECT last_error FROM outbox WHERE state = 'pending' LIMIT 1")"
[ "$(sqlite3 -cmd ".timeout 10000" "$WORK/t-upstream.db" "SELECT count(*) FROM received")" -eq 3 ] || fail "TLS upstream count"
echo "tls: ok (CA verified, client certificate required, server key pinned)"
echo "1 passed, 0 failed"
