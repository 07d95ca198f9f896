#!/usr/bin/env python3
"""A test upstream platform for `yijian sync` (python3 standard library only).

It speaks the protocol of docs/SYNC.md on a loopback address and stores what it
receives in SQLite keyed by Idempotency-Key (UNIQUE), so a resend is recognised
and answered 200 instead of being stored twice. Faults are injected on purpose,
at random with a seeded generator, to check the client's retry logic:

  reset             close the connection (RST) before reading the body
  e500 / e503 / e429  answer 500 / 503 / 429 before storing (503/429 with Retry-After)
  captive           answer 200 with an HTML page (a captive portal)
  slow              answer after slow_s seconds (within the client's timeout)
  hang              hold the request hang_s seconds (past the client's timeout), no answer
  drop_after_store  store, then drop the connection without an answer
  hang_after_store  store, then hang past the timeout
  e500_after_store  store, then answer 500
  item_e503         (batch) one item answered 503 without being stored
  updates_replay    the updates feed serves a page again from an earlier cursor
  updates_shuffle   the updates feed shuffles the order inside a page
  refuse            POST /control/refuse {"seconds": S}: the listening socket is
                    closed for S seconds, so connections are refused
  bad_line          a bad line: this share of case POSTs (single or batch) fails,
                    one third each as 503 with "Retry-After: 0", dropped before
                    storing (RST before the body is read), and stored then dropped
                    (no answer); one roll per request, so the share is exact in
                    expectation (also --bad-line RATE)

--no-batch makes POST /v1/cases:batch answer 404 (an upstream without the batch
endpoint: the client falls back to one request per case).

A case whose answers hold "upstream.reject" is refused with 400 and that text
as the reason (a permanent problem a clerk must see).

Every X-Yijian-Audit-Head a case POST carries (the terminal's audit-chain head,
"ID:HEX") is kept and listed by GET /control/stats as "audit_heads".

Control (JSON): POST /control/faults {probabilities...}, POST /control/refuse,
POST /control/publish {"updates": [...]}, GET /control/stats.
Command line: --port, --port-file, --db, --faults JSON, --seed, --hmac-key-file,
--tls-cert/--tls-key [--client-ca], --max-items, --date-offset SECONDS (the Date
header of every answer is that far from the real clock: a skewed upstream).
"""
import argparse
import hashlib
import hmac
import json
import os
import random
import socket
import sqlite3
import ssl
import struct
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BAD_LINE = ["e503_now", "reset", "drop_after_store"]
FAULT_NAMES = ["bad_line", "reset", "e500", "e503", "e429", "captive", "slow", "hang",
               "drop_after_store", "hang_after_store", "e500_after_store",
               "item_e503", "updates_replay", "updates_shuffle"]
ITEM_STATUSES = {"accepted", "in_progress", "done", "returned", "certificate_issued"}


class State:
    """Everything shared by the request threads."""

    def __init__(self, args):
        self.lock = threading.RLock()
        self.db = sqlite3.connect(args.db, check_same_thread=False, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA busy_timeout=10000")
        # The process may be killed, the machine is not: WAL + NORMAL survives that.
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript("""
            CREATE TABLE IF NOT EXISTS received (
              id INTEGER PRIMARY KEY,
              idem_key TEXT NOT NULL UNIQUE,
              uuid TEXT NOT NULL,
              revision INTEGER NOT NULL,
              body_sha256 TEXT NOT NULL,
              body TEXT NOT NULL,
              received_at REAL NOT NULL);
            CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, n INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS audit_heads (
              id INTEGER PRIMARY KEY,
              terminal TEXT, head TEXT NOT NULL, received_at REAL NOT NULL);
            CREATE TABLE IF NOT EXISTS updates (
              seq INTEGER PRIMARY KEY AUTOINCREMENT,
              uuid TEXT NOT NULL, item_id TEXT NOT NULL, dept_id TEXT,
              status TEXT NOT NULL, result TEXT, at TEXT NOT NULL);
        """)
        self.faults = {}
        self.slow_s = 0.3
        self.hang_s = 3.0
        self.retry_after = 1
        self.rng = random.Random(args.seed)
        self.line_rng = random.Random(args.seed)  # bad_line: one draw per request
        self.refuse_until = 0.0
        self.key = None
        self.max_items = args.max_items
        self.no_batch = args.no_batch
        self.date_offset = args.date_offset
        if args.hmac_key_file:
            raw = open(args.hmac_key_file, "rb").read().rstrip(b"\r\n")
            try:
                text = raw.decode()
                if len(text) >= 32 and len(text) % 2 == 0:
                    raw = bytes.fromhex(text)
            except ValueError:
                pass
            self.key = raw
        if args.faults:
            self.set_faults(json.loads(args.faults))
        if args.bad_line:
            self.faults["bad_line"] = args.bad_line

    def set_faults(self, spec):
        with self.lock:
            self.faults = {k: float(v) for k, v in spec.items() if k in FAULT_NAMES}
            self.slow_s = float(spec.get("slow_s", self.slow_s))
            self.hang_s = float(spec.get("hang_s", self.hang_s))
            self.retry_after = int(spec.get("retry_after", self.retry_after))
            if "seed" in spec:
                self.rng.seed(spec["seed"])

    def roll(self, names):
        """Pick at most one of the named faults (or None) by their probabilities."""
        with self.lock:
            x = self.rng.random()
            for n in names:
                p = self.faults.get(n, 0.0)
                if x < p:
                    self.bump_locked("fault_" + n)
                    return n
                x -= p
            return None

    def roll_bad_line(self):
        """None, or which failure of a bad line strikes this request."""
        with self.lock:
            p = self.faults.get("bad_line", 0.0)
            if p <= 0 or self.line_rng.random() >= p:
                return None
            f = BAD_LINE[self.line_rng.randrange(len(BAD_LINE))]
            self.bump_locked("fault_bad_line")
            self.bump_locked("fault_bad_line_" + f)
            return f

    def bump_locked(self, name, by=1):
        self.db.execute("INSERT INTO counters(name, n) VALUES(?, ?) "
                        "ON CONFLICT(name) DO UPDATE SET n = n + excluded.n", (name, by))

    def bump(self, name, by=1):
        with self.lock:
            self.bump_locked(name, by)

    def store(self, key, case):
        """Store one case; returns (status, answer dict). A resend is recognised by
        its key; its content is compared in canonical form (batch or single)."""
        raw = json.dumps(case, ensure_ascii=False, sort_keys=True,
                         separators=(",", ":")).encode()
        sha = hashlib.sha256(raw).hexdigest()
        with self.lock:
            self.bump_locked("case_posts")
            row = self.db.execute("SELECT id, body_sha256 FROM received WHERE idem_key = ?",
                                  (key,)).fetchone()
            if row is not None:
                if row[1] != sha:
                    self.bump_locked("mismatches")
                    return 422, {"uuid": case["uuid"], "reason":
                                 "Idempotency-Key %s reused with a different body" % key}
                self.bump_locked("duplicates")
                return 200, {"uuid": case["uuid"], "revision": case["revision"],
                             "receipt_id": row[0], "replayed": True}
            try:
                cur = self.db.execute(
                    "INSERT INTO received(idem_key, uuid, revision, body_sha256, body, "
                    "received_at) VALUES(?, ?, ?, ?, ?, ?)",
                    (key, case["uuid"], case["revision"], sha, raw.decode(), time.time()))
            except sqlite3.IntegrityError:
                self.bump_locked("duplicates")
                return 200, {"uuid": case["uuid"], "revision": case["revision"]}
            self.bump_locked("stored")
            return 201, {"uuid": case["uuid"], "revision": case["revision"],
                         "receipt_id": cur.lastrowid,
                         "received_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}

    def stats(self):
        with self.lock:
            d = dict(self.db.execute("SELECT name, n FROM counters").fetchall())
            d["distinct_stored"] = self.db.execute(
                "SELECT count(*) FROM received").fetchone()[0]
            d["stored_twice"] = self.db.execute(
                "SELECT count(*) FROM (SELECT uuid, revision FROM received "
                "GROUP BY uuid, revision HAVING count(*) > 1)").fetchone()[0]
            d["updates_published"] = self.db.execute(
                "SELECT count(*) FROM updates").fetchone()[0]
            heads = self.db.execute(
                "SELECT terminal, head FROM audit_heads ORDER BY id").fetchall()
            d["audit_heads"] = [{"terminal": t, "head": h} for t, h in heads]
            return d

    def record_head(self, terminal, head):
        """Keep each audit-chain head a terminal sends (X-Yijian-Audit-Head),
        as the platform would, to compare with a terminal's history later."""
        with self.lock:
            self.db.execute("INSERT INTO audit_heads(terminal, head, received_at) "
                            "VALUES (?, ?, ?)", (terminal, head, time.time()))


def check_case(key, case):
    """Reason the case is malformed, or None."""
    if not isinstance(case, dict):
        return "the body is not a JSON object"
    for f in ("uuid", "case_no", "thing", "submitted_at"):
        if not isinstance(case.get(f), str) or not case.get(f):
            return "missing field %s" % f
    if not isinstance(case.get("revision"), int) or case["revision"] < 1:
        return "missing field revision"
    if not isinstance(case.get("answers"), dict):
        return "answers must be an object"
    depts = case.get("departments")
    if not isinstance(depts, dict):
        return "departments must be an object, one section per department"
    for d, sec in depts.items():
        if not isinstance(sec, dict) or not isinstance(sec.get("items"), list):
            return "department %s has no items" % d
    if key != "%s:%d" % (case["uuid"], case["revision"]):
        return "Idempotency-Key %s does not match uuid:revision" % key
    reject = case["answers"].get("upstream.reject")
    if reject:
        return str(reject)
    return None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "yijian-test-upstream/1"
    # One write per answer, sent at once: no 40 ms Nagle/delayed-ACK stalls.
    wbufsize = 65536
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args):  # quiet; the counters tell the story
        pass

    def date_time_string(self, timestamp=None):
        """The Date header, shifted by --date-offset (a server with a wrong clock)."""
        if timestamp is None:
            timestamp = time.time() + self.server.state.date_offset
        return super().date_time_string(timestamp)

    @property
    def st(self):
        return self.server.state

    def send_json(self, status, obj, headers=None):
        data = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def send_html(self):
        data = b"<html><body>Welcome to FreeWiFi. Please log in.</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def reset(self):
        """Close with an RST and no answer."""
        self.wfile = open(os.devnull, "wb")  # drop anything buffered
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
        except OSError:
            pass
        self.close_connection = True
        self.connection.close()

    def read_body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n > 0 else b""

    def signature_ok(self, body):
        if self.st.key is None:
            return True
        ts = self.headers.get("X-Yijian-Timestamp", "")
        sig = self.headers.get("X-Yijian-Signature", "")
        if not ts.isdigit() or abs(time.time() - int(ts)) > 300:
            return False
        msg = "%s\n%s\n%s\n%s" % (self.command, self.path, ts, hashlib.sha256(body).hexdigest())
        want = "hmac-sha256=" + hmac.new(self.st.key, msg.encode(), hashlib.sha256).hexdigest()
        return hmac.compare_digest(want, sig)

    def pre_faults(self):
        """Faults before anything is stored. True when the request was answered."""
        f = self.st.roll(["e500", "e503", "e429", "captive", "hang", "slow"])
        if f == "e500":
            self.send_json(500, {"error": "internal error (injected)"})
        elif f in ("e503", "e429"):
            self.send_json(503 if f == "e503" else 429, {"error": "busy (injected)"},
                           {"Retry-After": str(self.st.retry_after)})
        elif f == "captive":
            self.send_html()
        elif f == "hang":
            time.sleep(self.st.hang_s)
            self.reset()
        elif f == "slow":
            time.sleep(self.st.slow_s)
            return False
        return f not in (None, "slow")

    def post_faults(self):
        """Faults after storing. True when the answer must not be sent."""
        if getattr(self, "bad_line", None) == "drop_after_store":
            self.reset()
            return True
        f = self.st.roll(["drop_after_store", "hang_after_store", "e500_after_store"])
        if f == "drop_after_store":
            self.reset()
        elif f == "hang_after_store":
            time.sleep(self.st.hang_s)
            self.reset()
        elif f == "e500_after_store":
            self.send_json(500, {"error": "stored, but failed to answer (injected)"})
        return f is not None

    def refusing(self):
        """While refusing, a kept-alive connection is reset too."""
        if time.time() < self.st.refuse_until:
            self.reset()
            return True
        return False

    def do_POST(self):
        path = urllib.parse.urlsplit(self.path).path
        if path.startswith("/control/"):
            return self.control(path, self.read_body())
        if self.refusing():
            return
        self.st.bump("requests")
        if path not in ("/v1/cases", "/v1/cases:batch") or (
                path == "/v1/cases:batch" and self.st.no_batch):
            self.read_body()
            return self.send_json(404, {"error": "no such endpoint"})
        self.bad_line = self.st.roll_bad_line()
        if self.bad_line == "reset" or self.st.roll(["reset"]):
            return self.reset()
        body = self.read_body()
        if self.bad_line == "e503_now":
            return self.send_json(503, {"error": "busy (injected)"}, {"Retry-After": "0"})
        head = self.headers.get("X-Yijian-Audit-Head")
        if head:
            self.st.record_head(self.headers.get("X-Yijian-Terminal"), head)
        if not self.signature_ok(body):
            self.st.bump("bad_signatures")
            return self.send_json(401, {"error": "bad or missing signature"})
        if self.pre_faults():
            return
        try:
            doc = json.loads(body)
        except ValueError:
            return self.send_json(400, {"reason": "the body is not JSON"})
        if path == "/v1/cases":
            return self.one_case(doc)
        return self.batch(doc)

    def one_case(self, case):
        key = self.headers.get("Idempotency-Key")
        if not key:
            return self.send_json(400, {"reason": "missing Idempotency-Key"})
        why = check_case(key, case)
        if why:
            self.st.bump("rejected")
            return self.send_json(400, {"uuid": case.get("uuid") if isinstance(case, dict)
                                        else None, "reason": why})
        status, ans = self.st.store(key, case)
        if self.post_faults():
            return
        self.send_json(status, ans)

    def batch(self, doc):
        items = doc.get("items") if isinstance(doc, dict) else None
        if not isinstance(items, list) or not items:
            return self.send_json(400, {"reason": "items must be a non-empty list"})
        if len(items) > self.st.max_items:
            return self.send_json(413, {"reason": "at most %d items" % self.st.max_items})
        results = []
        with self.st.lock:  # one transaction per batch, as a real platform would
            self.st.db.execute("BEGIN IMMEDIATE")
            try:
                self.batch_items(items, results)
            finally:
                self.st.db.execute("COMMIT")
        if self.post_faults():
            return
        self.send_json(200, {"results": results})

    def batch_items(self, items, results):
        for it in items:
            key = it.get("idempotency_key") if isinstance(it, dict) else None
            case = it.get("case") if isinstance(it, dict) else None
            res = {"idempotency_key": key}
            if isinstance(case, dict):
                res["uuid"] = case.get("uuid")
                res["revision"] = case.get("revision")
            why = check_case(key, case) if key else "missing idempotency_key"
            if why:
                self.st.bump("rejected")
                res.update(status=400, reason=why)
            elif self.st.roll(["item_e503"]):
                res.update(status=503, reason="item not processed (injected)")
            else:
                status, ans = self.st.store(key, case)
                res.update(ans)
                res["status"] = status
            results.append(res)

    def do_GET(self):
        u = urllib.parse.urlsplit(self.path)
        if u.path == "/control/stats":
            return self.send_json(200, self.st.stats())
        if u.path != "/v1/updates":
            return self.send_json(404, {"error": "no such endpoint"})
        if self.refusing():
            return
        self.st.bump("requests")
        if not self.signature_ok(b""):
            self.st.bump("bad_signatures")
            return self.send_json(401, {"error": "bad or missing signature"})
        q = urllib.parse.parse_qs(u.query)
        cur = q.get("cursor", [""])[0]
        limit = int(q.get("limit", ["100"])[0] or 100)
        if cur and not cur.isdigit():
            return self.send_json(400, {"reason": "bad cursor"})
        after = int(cur or 0)
        if after > 0 and self.st.roll(["updates_replay"]):
            after = max(0, after - 3)
        with self.st.lock:
            rows = self.st.db.execute(
                "SELECT seq, uuid, item_id, dept_id, status, result, at FROM updates "
                "WHERE seq > ? ORDER BY seq LIMIT ?", (after, limit + 1)).fetchall()
        more = len(rows) > limit
        rows = rows[:limit]
        ups = [{"seq": r[0], "uuid": r[1], "item_id": r[2], "dept_id": r[3], "status": r[4],
                "result": r[5], "at": r[6]} for r in rows]
        nxt = str(max([int(cur or 0)] + [r[0] for r in rows]))
        if self.st.roll(["updates_shuffle"]):
            with self.st.lock:
                self.st.rng.shuffle(ups)
        self.send_json(200, {"updates": ups, "next_cursor": nxt, "has_more": more})

    def control(self, path, body):
        try:
            doc = json.loads(body or b"{}")
        except ValueError:
            return self.send_json(400, {"reason": "not JSON"})
        if path == "/control/faults":
            self.st.set_faults(doc)
            return self.send_json(200, {"faults": self.st.faults})
        if path == "/control/refuse":
            self.st.refuse_until = time.time() + float(doc.get("seconds", 1))
            return self.send_json(200, {"refusing_for": doc.get("seconds", 1)})
        if path == "/control/publish":
            seqs = []
            now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
            with self.st.lock:
                for u in doc.get("updates", []):
                    if u.get("status") not in ITEM_STATUSES:
                        return self.send_json(400, {"reason": "bad status %r" % u.get("status")})
                    cur = self.st.db.execute(
                        "INSERT INTO updates(uuid, item_id, dept_id, status, result, at) "
                        "VALUES(?, ?, ?, ?, ?, ?)",
                        (u["uuid"], u["item_id"], u.get("dept_id"), u["status"],
                         u.get("result"), u.get("at", now)))
                    seqs.append(cur.lastrowid)
            return self.send_json(200, {"seqs": seqs})
        return self.send_json(404, {"error": "no such control"})


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file")
    ap.add_argument("--db", required=True)
    ap.add_argument("--faults", help="JSON object of fault probabilities")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--hmac-key-file")
    ap.add_argument("--tls-cert")
    ap.add_argument("--tls-key")
    ap.add_argument("--client-ca", help="require client certificates signed by this CA")
    ap.add_argument("--max-items", type=int, default=500)
    ap.add_argument("--no-batch", action="store_true",
                    help="no POST /v1/cases:batch (answered 404)")
    ap.add_argument("--bad-line", type=float, default=0.0,
                    help="share of case POSTs failing as on a bad line (see bad_line)")
    ap.add_argument("--date-offset", type=float, default=0.0,
                    help="seconds added to the clock of the Date header")
    args = ap.parse_args()
    if args.host not in ("127.0.0.1", "::1", "localhost"):
        sys.exit("upstream.py: loopback addresses only")
    ctx = None
    if args.tls_cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.tls_cert, args.tls_key)
        if args.client_ca:
            ctx.verify_mode = ssl.CERT_REQUIRED
            ctx.load_verify_locations(args.client_ca)

    def make():
        s = Server((args.host, args.port), Handler)
        if ctx is not None:
            s.socket = ctx.wrap_socket(s.socket, server_side=True)
        s.timeout = 0.05
        return s

    srv = make()
    args.port = srv.server_address[1]
    state = State(args)
    srv.state = state
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % args.port)
        os.rename(tmp, args.port_file)
    try:
        while True:
            if state.refuse_until > time.time():
                if srv is not None:
                    srv.server_close()
                    srv = None
                time.sleep(0.05)
                continue
            if srv is None:
                srv = make()
                srv.state = state
            try:
                srv.handle_request()
            except (ssl.SSLError, OSError):
                pass
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
