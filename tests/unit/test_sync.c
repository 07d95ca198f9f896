/* test_sync.c: the sync policy (answers, backoff, URLs, signatures, secrets) and
 * the case sync state read from a real store. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "store/store.h"
#include "store_test.h"
#include "sync/sync.h"

#define UUID "6f1c2a34-1b2c-4d5e-8f90-0123456789ab"

/* Classify a JSON answer to POST /v1/cases for UUID revision 1. */
static enum yj_sync_verdict
cls(long status, const char *ctype, const char *body, bool *replayed, char *why, size_t n)
{
    return yj_sync_classify(true, status, ctype, body, UUID, 1, replayed, why, n);
}

static void
test_classify_ack(void **state)
{
    (void)state;
    bool rep;
    char why[256];
    assert_int_equal(cls(201, "application/json", "{\"uuid\":\"" UUID "\",\"revision\":1}", &rep,
                         why, sizeof why),
                     YJ_SYNC_ACK);
    assert_false(rep);
    assert_int_equal(cls(200, "application/json; charset=utf-8", "{\"uuid\":\"" UUID "\"}", &rep,
                         why, sizeof why),
                     YJ_SYNC_ACK);
    assert_true(rep);
}

/* A 200 is not an acknowledgement unless its JSON names this very case. */
static void
test_classify_not_ack(void **state)
{
    (void)state;
    bool rep;
    char why[256];
    /* captive portal */
    assert_int_equal(
        cls(200, "text/html", "<html>Log in to FreeWiFi</html>", &rep, why, sizeof why),
        YJ_SYNC_RETRY);
    assert_non_null(strstr(why, "captive"));
    /* JSON that names no case, another case, or another revision */
    assert_int_equal(cls(200, "application/json", "{\"ok\":true}", &rep, why, sizeof why),
                     YJ_SYNC_RETRY);
    assert_int_equal(cls(201, "application/json",
                         "{\"uuid\":\"00000000-0000-4000-8000-000000000000\"}", &rep, why,
                         sizeof why),
                     YJ_SYNC_RETRY);
    assert_int_equal(cls(201, "application/json", "{\"uuid\":\"" UUID "\",\"revision\":2}", &rep,
                         why, sizeof why),
                     YJ_SYNC_RETRY);
    /* JSON body under a non-JSON content type */
    assert_int_equal(cls(201, "text/plain", "{\"uuid\":\"" UUID "\"}", &rep, why, sizeof why),
                     YJ_SYNC_RETRY);
    /* no answer at all */
    assert_int_equal(yj_sync_classify(false, 0, NULL, NULL, UUID, 1, &rep, why, sizeof why),
                     YJ_SYNC_RETRY);
    /* 202 means "maybe later", not stored */
    assert_int_equal(cls(202, "application/json", "{\"uuid\":\"" UUID "\"}", &rep, why, sizeof why),
                     YJ_SYNC_RETRY);
}

static void
test_classify_errors(void **state)
{
    (void)state;
    bool rep;
    char why[256];
    static const long retry[] = {408, 409, 425, 429, 500, 502, 503, 504, 302};
    for (size_t i = 0; i < sizeof retry / sizeof retry[0]; i++)
        assert_int_equal(cls(retry[i], "application/json", "{}", &rep, why, sizeof why),
                         YJ_SYNC_RETRY);
    assert_int_equal(
        cls(401, "application/json", "{\"error\":\"bad signature\"}", &rep, why, sizeof why),
        YJ_SYNC_STOP);
    assert_int_equal(cls(403, NULL, NULL, &rep, why, sizeof why), YJ_SYNC_STOP);
    assert_int_equal(cls(400, "application/json", "{\"reason\":\"材料不全：缺少出生医学证明\"}",
                         &rep, why, sizeof why),
                     YJ_SYNC_HOLD);
    assert_string_equal(why, "HTTP 400: 材料不全：缺少出生医学证明");
    assert_int_equal(cls(422, "text/plain", "key reused", &rep, why, sizeof why), YJ_SYNC_HOLD);
    assert_string_equal(why, "HTTP 422: key reused");
    assert_int_equal(cls(413, NULL, NULL, &rep, why, sizeof why), YJ_SYNC_HOLD);
}

/* A long reason is cut on a character boundary, never inside a UTF-8 sequence. */
static void
test_reason_cut(void **state)
{
    (void)state;
    bool rep;
    char why[20]; /* "HTTP 400: " is 10 bytes, then 3-byte characters */
    assert_int_equal(
        cls(400, "application/json", "{\"reason\":\"一二三四五六\"}", &rep, why, sizeof why),
        YJ_SYNC_HOLD);
    assert_string_equal(why, "HTTP 400: 一二三");
}

/* A row the line failed is due again at once (or after the upstream's
 * Retry-After; 0 means now) for YJ_SYNC_LINE_RETRIES attempts, then backs off;
 * a row that failed on its own backs off from the first failure. */
static void
test_row_delay(void **state)
{
    (void)state;
    assert_int_equal(yj_sync_row_delay(true, 1, 2000, 900, -1, 0.999), 0);
    assert_int_equal(yj_sync_row_delay(true, 1, 2000, 900, 0, 0.999), 0);
    assert_int_equal(yj_sync_row_delay(true, YJ_SYNC_LINE_RETRIES, 2000, 900, -1, 0.999), 0);
    assert_int_equal(yj_sync_row_delay(true, 2, 2000, 900, 7, 0.0), 7);
    assert_int_equal(yj_sync_row_delay(true, YJ_SYNC_LINE_RETRIES + 1, 2000, 900, -1, 0.999), 2);
    assert_int_equal(yj_sync_row_delay(true, YJ_SYNC_LINE_RETRIES + 3, 2000, 900, -1, 0.999), 8);
    assert_int_equal(yj_sync_row_delay(true, YJ_SYNC_LINE_RETRIES + 1, 2000, 900, 0, 0.0), 1);
    /* the case's own failure (a 500): backoff from the first failure */
    assert_int_equal(yj_sync_row_delay(false, 1, 2000, 900, -1, 0.999), 2);
    assert_int_equal(yj_sync_row_delay(false, 3, 2000, 900, -1, 0.999), 8);
    assert_int_equal(yj_sync_row_delay(false, 1, 2000, 900, 120, 0.1), 120);
}

/* The whole upstream waits only after passes that delivered nothing, and not at
 * all for the first few of them; Retry-After is a floor, 0 is no wait. */
static void
test_pass_wait(void **state)
{
    (void)state;
    for (long n = 1; n <= YJ_SYNC_EMPTY_PASSES_FREE; n++) {
        assert_true(yj_sync_pass_wait(n, 2000, 900, -1, 0.999) == 0.0);
        assert_true(yj_sync_pass_wait(n, 2000, 900, 0, 0.999) == 0.0);
        assert_true(yj_sync_pass_wait(n, 2000, 900, 5, 0.5) == 5.0);
    }
    long k = YJ_SYNC_EMPTY_PASSES_FREE;
    assert_true(yj_sync_pass_wait(k + 1, 2000, 900, -1, 0.5) == 1.0);
    assert_true(yj_sync_pass_wait(k + 3, 2000, 900, -1, 0.5) == 4.0);
    assert_true(yj_sync_pass_wait(k + 40, 2000, 900, -1, 0.5) == 450.0);
    assert_true(yj_sync_pass_wait(k + 1, 2000, 900, -1, 0.0) == 0.0); /* full jitter */
    assert_true(yj_sync_pass_wait(k + 1, 2000, 900, 30, 0.5) == 30.0);
}

static void
test_backoff(void **state)
{
    (void)state;
    /* window doubles from base, capped */
    assert_int_equal(yj_sync_backoff(1, 2000, 900, -1, 0.999), 2);
    assert_int_equal(yj_sync_backoff(3, 2000, 900, -1, 0.999), 8);
    assert_int_equal(yj_sync_backoff(30, 2000, 900, -1, 0.999), 900);
    assert_int_equal(yj_sync_backoff(1000000, 2000, 900, -1, 0.5), 450);
    /* full jitter: anywhere in the window, at least 1 s */
    assert_int_equal(yj_sync_backoff(5, 2000, 900, -1, 0.0), 1);
    assert_int_equal(yj_sync_backoff(5, 2000, 900, -1, 0.25), 8);
    /* Retry-After is a floor */
    assert_int_equal(yj_sync_backoff(1, 2000, 900, 120, 0.1), 120);
    assert_int_equal(yj_sync_backoff(10, 2000, 900, 3, 0.9), 810);
    /* spread: 1000 draws over attempt 6 (window 64 s) are not all alike */
    long lo = 1000, hi = 0;
    for (int i = 0; i < 1000; i++) {
        long d = yj_sync_backoff(6, 2000, 900, -1, (double)i / 1000.0);
        lo = d < lo ? d : lo;
        hi = d > hi ? d : hi;
    }
    assert_int_equal(lo, 1);
    assert_int_equal(hi, 64);
}

static void
test_url(void **state)
{
    (void)state;
    char err[256];
    assert_true(yj_sync_url_ok("https://gov.example.cn/api", err, sizeof err));
    assert_true(yj_sync_url_ok("http://127.0.0.1:8080", err, sizeof err));
    assert_true(yj_sync_url_ok("http://127.9.9.9/x", err, sizeof err));
    assert_true(yj_sync_url_ok("http://localhost:1234", err, sizeof err));
    assert_true(yj_sync_url_ok("http://[::1]:1234/", err, sizeof err));
    assert_false(yj_sync_url_ok("http://gov.example.cn/api", err, sizeof err));
    assert_non_null(strstr(err, "loopback"));
    assert_false(yj_sync_url_ok("http://128.0.0.1/", err, sizeof err));
    assert_false(yj_sync_url_ok("http://[::2]/", err, sizeof err));
    assert_false(yj_sync_url_ok("ftp://127.0.0.1/", err, sizeof err));
    assert_false(yj_sync_url_ok("https://user:pw@gov.example.cn/", err, sizeof err));
    assert_false(yj_sync_url_ok("https://gov.example.cn/?k=1", err, sizeof err));
    assert_false(yj_sync_url_ok("not a url", err, sizeof err));
}

/* Vectors computed independently with Python's hmac module. */
static void
test_sign(void **state)
{
    (void)state;
    unsigned char key[32];
    for (int i = 0; i < 32; i++)
        key[i] = (unsigned char)(((i % 16) << 4) | (i % 16));
    char sig[65];
    yj_sync_sign(key, sizeof key, "POST", "/v1/cases", "1700000000", "{\"a\":1}", 7, sig);
    assert_string_equal(sig, "0668a3ee677ffae197e949c91091c10416572b6fbc11564612710f2fd3b41288");
    yj_sync_sign(key, sizeof key, "GET", "/v1/updates?cursor=&limit=200", "1700000000", NULL, 0,
                 sig);
    assert_string_equal(sig, "761f62d37a4ea49bbefa9c15ccf659fa15358842e183c206013c213e89dd69d2");
}

/* Write text to path with mode. */
static void
put(const char *path, const char *text, mode_t mode)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    assert_int_equal(chmod(path, mode), 0);
}

static void
test_key_file(void **state)
{
    (void)state;
    char dir[] = "/tmp/yj-sync-unit.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/key", dir);
    char err[512];
    unsigned char *k = NULL;
    size_t n = 0;
    put(path, "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n", 0644);
    assert_int_equal(yj_sync_read_key(path, &k, &n, err, sizeof err), -1);
    assert_non_null(strstr(err, "chmod 600"));
    assert_int_equal(chmod(path, 0640), 0);
    assert_int_equal(yj_sync_read_key(path, &k, &n, err, sizeof err), -1);
    assert_int_equal(chmod(path, 0600), 0);
    assert_int_equal(yj_sync_read_key(path, &k, &n, err, sizeof err), 0);
    assert_int_equal(n, 32);
    assert_int_equal(k[0], 0x00);
    assert_int_equal(k[1], 0x11);
    assert_int_equal(k[31], 0xff);
    free(k);
    put(path, "a raw passphrase, not hex\n", 0400);
    assert_int_equal(yj_sync_read_key(path, &k, &n, err, sizeof err), 0);
    assert_int_equal(n, strlen("a raw passphrase, not hex"));
    assert_memory_equal(k, "a raw passphrase, not hex", n);
    free(k);
    put(path, "short\n", 0600);
    assert_int_equal(yj_sync_read_key(path, &k, &n, err, sizeof err), -1);
    unlink(path);
    assert_int_equal(yj_sync_read_key(path, &k, &n, err, sizeof err), -1);
    rmdir(dir);
}

/* Run SQL on the store's own connection. */
static void
sql(struct yj_store *s, const char *text)
{
    char *msg = NULL;
    int rc = sqlite3_exec(yj_test_db(s), text, NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        fail_msg("%s: %s", text, msg);
}

static void
test_case_state(void **state)
{
    (void)state;
    char dir[] = "/tmp/yj-sync-unit.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256], err[512];
    snprintf(path, sizeof path, "%s/t.db", dir);
    struct yj_store *s = yj_store_open(path, err, sizeof err);
    assert_non_null(s);
    struct yj_actor admin = {"admin", NULL};
    sql(s, "INSERT INTO cases(uuid, case_no, thing, channel, centre, terminal, status,"
           " submitted_at, updated_at, revision, answers_json, departments_json)"
           " VALUES('u1', 'N1', 'newborn', 'kiosk', 'c', 't', 'submitted', 'x', 'x', 1, '{}',"
           " '{}');"
           "INSERT INTO case_items(case_uuid, item_id, dept_id, status, updated_at)"
           " VALUES('u1', 'hukou', 'police', 'pending', 'x');"
           "INSERT INTO outbox(case_uuid, revision, idem_key, state, created_at)"
           " VALUES('u1', 1, 'u1:1', 'pending', 'x');");
    assert_null(yj_store_sync_state(s, "nope"));
    assert_string_equal(yj_store_sync_state(s, "u1"), "queued");
    /* the store hands out the due row with its case, and records the answer */
    struct yj_outbox_row *due;
    size_t ndue;
    assert_int_equal(yj_store_outbox_due(s, 0, 10, &due, &ndue), 0);
    assert_int_equal(ndue, 1);
    assert_string_equal(due[0].idem_key, "u1:1");
    assert_string_equal(due[0].case_no, "N1");
    assert_null(due[0].payload);
    struct yj_outbox_mark m = {.id = due[0].id,
                               .state = "held",
                               .next_attempt_at = 0,
                               .http_status = 400,
                               .error = "HTTP 400: bad"};
    yj_outbox_rows_free(due, ndue);
    struct yj_actor sync = {"sync", "K01"};
    assert_int_equal(yj_store_outbox_mark(s, &m, 1, "2026-11-23T08:00:00Z", &sync), 0);
    assert_int_equal(yj_store_outbox_mark(s, &m, 1, NULL, &sync), 0); /* no longer pending */
    assert_string_equal(yj_store_sync_state(s, "u1"), "problem");
    char why[300];
    assert_int_equal(yj_store_sync_problem(s, "u1", why, sizeof why), 1);
    assert_string_equal(why, "HTTP 400 HTTP 400: bad");
    assert_int_equal(yj_test_int(s, "SELECT count(*) FROM audit WHERE action = 'sync_held' AND"
                                    " actor_kind = 'sync' AND case_no = 'N1'"
                                    " AND detail = 'revision 1: held (HTTP 400)'"),
                     1);
    /* release puts a held row back in the queue */
    assert_int_equal(yj_store_outbox_release(s, "N1", &admin), 1);
    assert_int_equal(yj_test_int(s, "SELECT count(*) FROM audit WHERE action = 'sync_released' AND"
                                    " actor_kind = 'admin' AND detail = 'revision 1: released'"),
                     1);
    assert_string_equal(yj_store_sync_state(s, "u1"), "queued");
    assert_int_equal(yj_store_outbox_release(s, "u1", &admin), 0);
    sql(s, "UPDATE outbox SET state = 'held', last_error = 'HTTP 400: bad' WHERE id = 1");
    /* the clerk's edit supersedes the held revision: queued, then sent */
    sql(s, "INSERT INTO outbox(case_uuid, revision, idem_key, state, created_at)"
           " VALUES('u1', 2, 'u1:2', 'pending', 'x')");
    assert_string_equal(yj_store_sync_state(s, "u1"), "problem");
    sql(s, "UPDATE outbox SET state = 'acked' WHERE revision = 2");
    assert_string_equal(yj_store_sync_state(s, "u1"), "sent");
    sql(s, "UPDATE case_items SET status = 'accepted', result_seq = 4");
    assert_string_equal(yj_store_sync_state(s, "u1"), "accepted");
    /* a held revision superseded by an acknowledged one is never sent again */
    assert_int_equal(yj_store_outbox_release(s, NULL, &admin), 0);
    struct yj_sync_summary sum;
    assert_int_equal(yj_sync_summary(s, &sum), 0);
    assert_int_equal(sum.pending, 0);
    assert_int_equal(sum.acked, 1);
    assert_int_equal(sum.held, 1);
    assert_string_equal(sum.last_ok_at, "2026-11-23T08:00:00Z");
    yj_store_close(&s);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classify_ack),
        cmocka_unit_test(test_classify_not_ack),
        cmocka_unit_test(test_classify_errors),
        cmocka_unit_test(test_reason_cut),
        cmocka_unit_test(test_backoff),
        cmocka_unit_test(test_row_delay),
        cmocka_unit_test(test_pass_wait),
        cmocka_unit_test(test_url),
        cmocka_unit_test(test_sign),
        cmocka_unit_test(test_key_file),
        cmocka_unit_test(test_case_state),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
