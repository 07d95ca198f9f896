/* test_store.c: the case store on a real database file in a temp directory. */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "core/caseno.h"
#include "core/paths.h"
#include "core/util.h"
#include "store/store.h"
#include "store_test.h"
#include "store/store_int.h"

static char dir[64];
static char dbpath[128];
static const struct yj_actor kiosk = {"kiosk", "K01"};

/* Fresh temp dir and path per test. */
static int
setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/yj_store_XXXXXX");
    if (mkdtemp(dir) == NULL)
        return -1;
    snprintf(dbpath, sizeof dbpath, "%s/t.db", dir);
    setenv("YJ_TODAY", "2026-11-23", 1);
    yj_config_set("centre_code", "310104");
    yj_config_set("terminal_id", "K01");
    yj_config_set("db_max_pages", "0");
    yj_config_set("db_busy_timeout_ms", "5000");
    yj_config_set("holidays_file", "/nonexistent/holidays.txt");
    return 0;
}

/* Remove the temp dir. */
static int
teardown(void **state)
{
    (void)state;
    char *cmd = xasprintf("rm -rf '%s'", dir);
    int rc = system(cmd);
    free(cmd);
    return rc == 0 ? 0 : -1;
}

/* Open the test database or fail the test. */
static struct yj_store *
open_db(void)
{
    char err[1024] = "";
    struct yj_store *s = yj_store_open(dbpath, err, sizeof err);
    if (s == NULL)
        fail_msg("open: %s", err);
    return s;
}

/* A hand-built case with n items. */
static void
make_case(struct yj_case *c, const char *name, const char *id, size_t n)
{
    memset(c, 0, sizeof *c);
    yj_answers_init(&c->answers);
    c->thing_id = xstrdup("birth");
    c->form_version = xstrdup("0123456789abcdef");
    c->channel = xstrdup("kiosk");
    c->applicant_name = xstrdup(name);
    c->applicant_id = xstrdup(id);
    c->departments_json = xstrdup("{\"police\":{\"items\":[\"hukou\"]}}");
    yj_answers_set(&c->answers, "mother.name", name);
    yj_answers_set(&c->answers, "mother.id_number", id);
    c->items = xcalloc(n, sizeof *c->items);
    c->nitems = n;
    static const char *const ids[] = {"hukou", "medical", "vaccine", "allowance"};
    static const int limits[] = {0, 5, 1, 20};
    for (size_t i = 0; i < n; i++) {
        c->items[i].item_id = xstrdup(ids[i % 4]);
        c->items[i].dept_id = xstrdup("police");
        c->items[i].time_limit_days = limits[i % 4];
    }
}

static void
test_open_schema(void **state)
{
    (void)state;
    struct yj_store *s = open_db();
    int nmig;
    yj_store_migrations(&nmig);
    assert_true(nmig >= 1);
    assert_int_equal(yj_test_int(s, "PRAGMA user_version"), nmig);
    assert_int_equal(yj_test_int(s, "PRAGMA foreign_keys"), 1);
    assert_int_equal(yj_test_int(s, "PRAGMA synchronous"), 2);
    assert_int_equal(yj_test_int(s, "SELECT count(*) FROM sqlite_master WHERE name IN ('cases',"
                                    "'case_items','outbox','audit','drafts','kv','materials')"),
                     7);
    yj_store_close(&s);
    assert_null(s);
    /* reopen: WAL persisted, no migration repeated */
    s = open_db();
    sqlite3_stmt *st;
    sqlite3_prepare_v2(yj_test_db(s), "PRAGMA journal_mode", -1, &st, NULL);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
    sqlite3_finalize(st);
    assert_int_equal(yj_store_integrity(s, NULL), 0);
    yj_store_close(&s);
}

static void
test_submit_and_get(void **state)
{
    (void)state;
    struct yj_store *s = open_db();
    struct yj_case c;
    make_case(&c, "王小红", "11010519491231002X", 3);
    assert_int_equal(yj_store_submit(s, &c, &kiosk), 0);
    assert_non_null(c.case_no);
    assert_memory_equal(c.case_no, "310104-K01-20261123-0001-", 25);
    assert_true(yj_caseno_verify(c.case_no));
    assert_string_equal(c.status, "submitted");
    assert_int_equal(c.revision, 1);
    assert_int_equal(strlen(c.uuid), 36);
    /* 2026-11-23 is a Monday: 0 -> same day, 5 -> next Monday, 1 -> Tuesday */
    assert_string_equal(c.items[0].due_date, "2026-11-23");
    assert_string_equal(c.items[1].due_date, "2026-11-30");
    assert_string_equal(c.items[2].due_date, "2026-11-24");
    struct yj_case d;
    make_case(&d, "李四", "110105194912310029", 1);
    assert_int_equal(yj_store_submit(s, &d, &kiosk), 0);
    assert_memory_equal(d.case_no, "310104-K01-20261123-0002-", 25);

    /* one outbox row and one audit row per case */
    assert_int_equal(yj_test_int(s, "SELECT count(*) FROM outbox WHERE state='pending'"), 2);
    assert_int_equal(yj_test_int(s, "SELECT count(*) FROM audit WHERE action='submit'"), 2);
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM outbox WHERE idem_key = '%s:1'", c.uuid);
    assert_int_equal(yj_test_int(s, sql), 1);

    /* typed back lower case without hyphens */
    char typed[32];
    size_t j = 0;
    for (size_t i = 0; c.case_no[i]; i++)
        if (c.case_no[i] != '-')
            typed[j++] = (char)(c.case_no[i] >= 'A' && c.case_no[i] <= 'Z' ? c.case_no[i] + 32
                                                                           : c.case_no[i]);
    typed[j] = '\0';
    struct yj_case g;
    assert_int_equal(yj_store_case_get(s, typed, &g), 0);
    assert_string_equal(g.uuid, c.uuid);
    assert_string_equal(g.applicant_name, "王小红");
    assert_string_equal(g.applicant_id, "11010519491231002X");
    assert_string_equal(yj_answers_get(&g.answers, "mother.name"), "王小红");
    assert_int_equal(g.nitems, 3);
    assert_string_equal(g.items[1].item_id, "medical");
    assert_string_equal(g.items[1].status, "pending");
    assert_string_equal(g.items[1].due_date, "2026-11-30");
    assert_string_equal(g.departments_json, c.departments_json);
    yj_case_free(&g);
    /* by uuid */
    assert_int_equal(yj_store_case_get(s, d.uuid, &g), 0);
    assert_string_equal(g.case_no, d.case_no);
    yj_case_free(&g);
    /* a mistyped digit is caught by the check character */
    char bad[32];
    snprintf(bad, sizeof bad, "%s", c.case_no);
    bad[22] = bad[22] == '1' ? '2' : '1';
    assert_int_equal(yj_store_case_get(s, bad, &g), -1);
    assert_non_null(strstr(yj_store_error(s), "校验位"));
    /* well formed but not there */
    char other[YJ_CASENO_SIZE];
    yj_caseno_format("310104", "K01", "2026-11-23", 77, other);
    assert_int_equal(yj_store_case_get(s, other, &g), YJ_STORE_NOTFOUND);

    /* the payload is frozen JSON of the case */
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM outbox WHERE json_extract(payload,'$.case_no') = '%s'",
             c.case_no);
    assert_int_equal(yj_test_int(s, sql), 1);
    yj_case_free(&c);
    yj_case_free(&d);
    yj_store_close(&s);
}

/* Sequence per day and per terminal; exhaustion is a clear error. */
static void
test_sequence(void **state)
{
    (void)state;
    struct yj_store *s = open_db();
    struct yj_case c;
    make_case(&c, "甲", "11010519491231002X", 1);
    assert_int_equal(yj_store_submit(s, &c, &kiosk), 0);
    assert_memory_equal(c.case_no + 11, "20261123-0001", 13);
    yj_case_free(&c);
    setenv("YJ_TODAY", "2026-11-24", 1);
    make_case(&c, "乙", "11010519491231002X", 1);
    assert_int_equal(yj_store_submit(s, &c, &kiosk), 0);
    assert_memory_equal(c.case_no + 11, "20261124-0001", 13);
    yj_case_free(&c);
    yj_config_set("terminal_id", "C02");
    make_case(&c, "丙", "11010519491231002X", 1);
    assert_int_equal(yj_store_submit(s, &c, &kiosk), 0);
    assert_memory_equal(c.case_no, "310104-C02-20261124-0001", 24);
    yj_case_free(&c);
    /* the day is full */
    assert_int_equal(sqlite3_exec(yj_test_db(s),
                                  "UPDATE kv SET value = 9999 WHERE key LIKE '%C02.20261124'", NULL,
                                  NULL, NULL),
                     SQLITE_OK);
    make_case(&c, "丁", "11010519491231002X", 1);
    assert_int_equal(yj_store_submit(s, &c, &kiosk), -1);
    assert_null(c.case_no);
    assert_non_null(strstr(yj_store_error(s), "用完"));
    yj_case_free(&c);
    /* the clock went back: the taken number is skipped, not duplicated */
    assert_int_equal(sqlite3_exec(yj_test_db(s),
                                  "UPDATE kv SET value = 0 WHERE key LIKE '%C02.20261124'", NULL,
                                  NULL, NULL),
                     SQLITE_OK);
    make_case(&c, "戊", "11010519491231002X", 1);
    assert_int_equal(yj_store_submit(s, &c, &kiosk), 0);
    assert_memory_equal(c.case_no, "310104-C02-20261124-0002", 24);
    yj_case_free(&c);
    /* bad configuration */
    yj_config_set("terminal_id", "k1");
    make_case(&c, "己", "11010519491231002X", 1);
    assert_int_equal(yj_store_submit(s, &c, &kiosk), -1);
    assert_non_null(strstr(yj_store_error(s), "terminal_id"));
    yj_case_free(&c);
    yj_config_set("terminal_id", "K01");
    setenv("YJ_TODAY", "2026-11-23", 1);
    yj_store_close(&s);
}

/* A failure in the middle of a submit leaves nothing behind. */
static void
test_submit_atomic(void **state)
{
    (void)state;
    struct yj_store *s = open_db();
    assert_int_equal(sqlite3_exec(yj_test_db(s),
                                  "CREATE TRIGGER boom BEFORE INSERT ON case_items WHEN "
                                  "NEW.item_id = 'vaccine' BEGIN SELECT RAISE(ABORT, 'boom'); END",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    struct yj_case c;
    make_case(&c, "王小红", "11010519491231002X", 3); /* third item is 'vaccine' */
    assert_int_equal(yj_store_submit(s, &c, &kiosk), -1);
    assert_null(c.case_no);
    assert_non_null(strstr(yj_store_error(s), "boom"));
    assert_int_equal(yj_test_int(s, "SELECT count(*) FROM cases"), 0);
    assert_int_equal(yj_test_int(s, "SELECT count(*) FROM case_items"), 0);
    assert_int_equal(yj_test_int(s, "SELECT count(*) FROM outbox"), 0);
    assert_int_equal(yj_test_int(s, "SELECT count(*) FROM audit"), 0);
    assert_int_equal(yj_test_int(s, "SELECT count(*) FROM kv"), 0);
    yj_case_free(&c);
    /* bad input is refused before any write */
    make_case(&c, "王小红", "11010519491231002X", 0);
    assert_int_equal(yj_store_submit(s, &c, &kiosk), -1);
    assert_non_null(strstr(yj_store_error(s), "事项"));
    yj_case_free(&c);
    make_case(&c, "王小红", "11010519491231002X", 2);
    free(c.items[1].item_id);
    c.items[1].item_id = xstrdup("hukou");
    assert_int_equal(yj_store_submit(s, &c, &kiosk), -1);
    assert_non_null(strstr(yj_store_error(s), "重复"));
    yj_case_free(&c);
    yj_store_close(&s);
}

static void
test_audit_append_only(void **state)
{
    (void)state;
    struct yj_store *s = open_db();
    assert_int_equal(yj_store_audit(s, &kiosk, "login", NULL, "test"), 0);
    assert_int_equal(yj_test_int(s, "SELECT count(*) FROM audit WHERE actor_kind='kiosk' AND "
                                    "actor_id='K01' AND action='login'"),
                     1);
    assert_int_not_equal(
        sqlite3_exec(yj_test_db(s), "UPDATE audit SET detail = 'x'", NULL, NULL, NULL), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(yj_test_db(s), "DELETE FROM audit", NULL, NULL, NULL),
                         SQLITE_OK);
    assert_int_equal(yj_test_int(s, "SELECT count(*) FROM audit WHERE detail = 'test'"), 1);
    yj_store_close(&s);
}

static void
test_list_and_find(void **state)
{
    (void)state;
    struct yj_store *s = open_db();
    const char *names[] = {"王小红", "王大明", "李四"};
    const char *ids[] = {"11010519491231002X", "110105194912310029", "110105194912310037"};
    char nos[3][YJ_CASENO_SIZE];
    for (int i = 0; i < 3; i++) {
        struct yj_case c;
        make_case(&c, names[i], ids[i], 1);
        if (i == 2) {
            free(c.thing_id);
            c.thing_id = xstrdup("death");
        }
        assert_int_equal(yj_store_submit(s, &c, &kiosk), 0);
        snprintf(nos[i], sizeof nos[i], "%s", c.case_no);
        yj_case_free(&c);
    }
    struct yj_case *v;
    size_t n;
    struct yj_case_filter f = {0};
    assert_int_equal(yj_store_case_list(s, &f, &v, &n), 0);
    assert_int_equal(n, 3);
    assert_string_equal(v[0].case_no, nos[2]); /* newest first */
    assert_int_equal(v[0].nitems, 1);
    yj_store_case_list_free(v, n);
    f.thing = "birth";
    assert_int_equal(yj_store_case_list(s, &f, &v, &n), 0);
    assert_int_equal(n, 2);
    yj_store_case_list_free(v, n);
    f.thing = NULL;
    f.text = "王";
    assert_int_equal(yj_store_case_list(s, &f, &v, &n), 0);
    assert_int_equal(n, 2);
    yj_store_case_list_free(v, n);
    f.text = "11010519491231002x"; /* lower-case x */
    assert_int_equal(yj_store_case_list(s, &f, &v, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(v[0].applicant_name, "王小红");
    yj_store_case_list_free(v, n);
    /* the one search also takes a case number, typed loosely, check character verified */
    char loose[YJ_CASENO_SIZE];
    snprintf(loose, sizeof loose, "%s", nos[1]);
    for (char *p = loose; *p; p++)
        *p = (char)(*p == '-' ? ' ' : tolower((unsigned char)*p));
    f.text = loose;
    assert_int_equal(yj_store_case_list(s, &f, &v, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(v[0].case_no, nos[1]);
    yj_store_case_list_free(v, n);
    loose[strlen(loose) - 1] = loose[strlen(loose) - 1] == 'a' ? 'b' : 'a';
    assert_int_equal(yj_store_case_list(s, &f, &v, &n), -1);
    assert_non_null(strstr(yj_store_error(s), "校验位"));
    f.text = NULL;
    char sql[160];
    snprintf(sql, sizeof sql, "UPDATE cases SET status = 'accepted' WHERE case_no = '%s'", nos[1]);
    assert_int_equal(sqlite3_exec(yj_test_db(s), sql, NULL, NULL, NULL), SQLITE_OK);
    f.status = "accepted";
    assert_int_equal(yj_store_case_list(s, &f, &v, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(v[0].case_no, nos[1]);
    yj_store_case_list_free(v, n);
    f.status = NULL;
    f.since = "2099-01-01";
    assert_int_equal(yj_store_case_list(s, &f, &v, &n), 0);
    assert_int_equal(n, 0);
    yj_store_case_list_free(v, n);
    f.since = "2000-01-01";
    f.limit = 2;
    assert_int_equal(yj_store_case_list(s, &f, &v, &n), 0);
    assert_int_equal(n, 2);
    yj_store_case_list_free(v, n);
    f.since = "2000-13-01";
    assert_int_equal(yj_store_case_list(s, &f, &v, &n), -1);
    assert_non_null(strstr(yj_store_error(s), "YYYY-MM-DD"));
    yj_store_close(&s);
}

/* Status, items, upstream results, edits, materials. */
static void
test_changes(void **state)
{
    (void)state;
    struct yj_store *s = open_db();
    struct yj_case c;
    make_case(&c, "王小红", "11010519491231002X", 2);
    assert_int_equal(yj_store_submit(s, &c, &kiosk), 0);
    struct yj_actor clerk = {"clerk", "C007"}, sync = {"sync", "K01"};
    /* a clerk's result (seq 0) before the case was accepted: refused */
    struct yj_item_result r = {
        .case_ref = c.case_no, .item_id = "medical", .status = "done", .result = "YB123"};
    assert_int_equal(yj_store_item_result(s, &r, &clerk), -1);
    assert_non_null(strstr(yj_store_error(s), "受理后"));
    /* upstream results (seq > 0, by uuid) apply only when newer */
    struct yj_item_result u = {
        .case_ref = c.uuid, .item_id = "hukou", .status = "in_progress", .seq = 5};
    assert_int_equal(yj_store_item_result(s, &u, &sync), 0);
    u.status = "accepted";
    u.seq = 3;
    assert_int_equal(yj_store_item_result(s, &u, &sync), YJ_STORE_STALE);
    u.status = "in_progress";
    u.seq = 5;
    assert_int_equal(yj_store_item_result(s, &u, &sync), YJ_STORE_STALE);
    u = (struct yj_item_result){.case_ref = c.uuid,
                                .item_id = "hukou",
                                .status = "certificate_issued",
                                .result = "HK9",
                                .seq = 6};
    assert_int_equal(yj_store_item_result(s, &u, &sync), 0);
    u = (struct yj_item_result){
        .case_ref = c.uuid, .item_id = "medical", .status = "accepted", .seq = 7};
    assert_int_equal(yj_store_item_result(s, &u, &sync), 0);
    u.status = "bogus";
    u.seq = 8;
    assert_int_equal(yj_store_item_result(s, &u, &sync), -1);
    u.item_id = "nope";
    u.status = "done";
    assert_int_equal(yj_store_item_result(s, &u, &sync), YJ_STORE_NOTFOUND);
    /* the department accepted it: now the clerk may record the result */
    assert_int_equal(yj_store_item_result(s, &r, &clerk), 0);
    r.item_id = "nope";
    assert_int_equal(yj_store_item_result(s, &r, &clerk), YJ_STORE_NOTFOUND);
    struct yj_case g;
    assert_int_equal(yj_store_case_get(s, c.case_no, &g), 0);
    assert_string_equal(g.items[0].status, "certificate_issued");
    assert_string_equal(g.items[0].result, "HK9");
    assert_string_equal(g.items[1].result, "YB123");
    assert_string_equal(g.status, "done"); /* every item finished */
    yj_case_free(&g);
    /* one audit row per applied result, none for the stale or refused ones */
    assert_int_equal(yj_test_int(s, "SELECT count(*) FROM audit WHERE action='item_result'"), 4);
    assert_int_equal(yj_test_int(s,
                                 "SELECT count(*) FROM audit WHERE action='item_result'"
                                 " AND detail LIKE 'submitted -> accepted: hukou: in_progress%'"),
                     1);

    struct yj_answers a;
    yj_answers_init(&a);
    yj_answers_set(&a, "mother.name", "王晓红");
    assert_int_equal(yj_store_case_edit(s, c.case_no, &a, "", &clerk), -1);
    assert_int_equal(yj_store_case_edit(s, c.case_no, &a, "姓名写错", &clerk), 0);
    assert_int_equal(yj_store_case_get(s, c.case_no, &g), 0);
    assert_int_equal(g.revision, 2);
    assert_string_equal(yj_answers_get(&g.answers, "mother.name"), "王晓红");
    yj_case_free(&g);
    yj_answers_free(&a);
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM outbox WHERE case_uuid='%s'", c.uuid);
    assert_int_equal(yj_test_int(s, sql), 2);
    snprintf(sql, sizeof sql,
             "SELECT json_extract(payload,'$.revision') FROM outbox WHERE idem_key='%s:2'", c.uuid);
    assert_int_equal(yj_test_int(s, sql), 2);

    assert_int_equal(yj_store_material_set(s, c.case_no, "birth_cert", "seen", &clerk), 0);
    assert_int_equal(yj_store_material_set(s, c.case_no, "hukou_book", "missing", &clerk), 0);
    assert_int_equal(yj_store_material_set(s, c.case_no, "birth_cert", "exempt", &clerk), 0);
    assert_int_equal(yj_store_material_set(s, c.case_no, "x", "lost", &clerk), -1);
    struct yj_material_state *m;
    size_t nm;
    assert_int_equal(yj_store_material_list(s, c.case_no, &m, &nm), 0);
    assert_int_equal(nm, 2);
    assert_string_equal(m[0].material_id, "birth_cert");
    assert_string_equal(m[0].state, "exempt");
    assert_string_equal(m[0].actor_id, "C007");
    yj_store_material_list_free(m, nm);
    assert_int_equal(yj_test_int(s, "SELECT count(*) FROM audit WHERE actor_kind='clerk'"), 5);
    yj_case_free(&c);
    yj_store_close(&s);
}

static void
test_drafts(void **state)
{
    (void)state;
    struct yj_store *s = open_db();
    struct yj_answers a, b;
    yj_answers_init(&a);
    yj_answers_init(&b);
    char *thing, *page;
    assert_int_equal(yj_store_draft_load(s, "kiosk", 1800, &thing, &page, &b), YJ_STORE_NOTFOUND);
    yj_answers_set(&a, "mother.name", "王小红");
    assert_int_equal(yj_store_draft_save(s, "kiosk", "birth", "mother", &a), 0);
    yj_answers_set(&a, "baby.name", "王小明");
    assert_int_equal(yj_store_draft_save(s, "kiosk", "birth", "baby", &a), 0);
    assert_int_equal(yj_store_draft_save(s, "counter:C007", "death", "p1", &a), 0);
    assert_int_equal(yj_store_draft_load(s, "kiosk", 1800, &thing, &page, &b), 0);
    assert_string_equal(thing, "birth");
    assert_string_equal(page, "baby");
    assert_string_equal(yj_answers_get(&b, "baby.name"), "王小明");
    assert_string_equal(yj_answers_get(&b, "mother.name"), "王小红");
    free(thing);
    free(page);
    /* an hour old: wiped on load with a 30-minute limit */
    assert_int_equal(sqlite3_exec(yj_test_db(s),
                                  "UPDATE drafts SET saved_at = saved_at - 3600 WHERE slot='kiosk'",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(yj_store_draft_load(s, "kiosk", 1800, &thing, &page, &b), YJ_STORE_NOTFOUND);
    assert_int_equal(yj_test_int(s, "SELECT count(*) FROM drafts WHERE slot='kiosk'"), 0);
    assert_int_equal(yj_store_draft_save(s, "kiosk", "birth", "mother", &a), 0);
    assert_int_equal(sqlite3_exec(yj_test_db(s), "UPDATE drafts SET saved_at = saved_at - 7200",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(yj_store_draft_expire(s, 3600), 2);
    assert_int_equal(yj_test_int(s, "SELECT count(*) FROM drafts"), 0);
    assert_int_equal(yj_store_draft_save(s, "kiosk", "birth", "mother", &a), 0);
    assert_int_equal(yj_store_draft_discard(s, "kiosk"), 0);
    assert_int_equal(yj_test_int(s, "SELECT count(*) FROM drafts"), 0);
    yj_answers_free(&a);
    yj_answers_free(&b);
    yj_store_close(&s);
}

static void
test_purge(void **state)
{
    (void)state;
    struct yj_store *s = open_db();
    struct yj_case c[3];
    for (int i = 0; i < 3; i++) {
        make_case(&c[i], "王小红", "11010519491231002X", 2);
        assert_int_equal(yj_store_submit(s, &c[i], &kiosk), 0);
    }
    /* 0: closed + acked -> purged; 1: closed, not acked -> kept; 2: acked, not closed -> kept */
    char sql[256];
    for (int i = 0; i < 3; i += 2) {
        snprintf(sql, sizeof sql, "UPDATE outbox SET state='acked' WHERE case_uuid='%s'",
                 c[i].uuid);
        assert_int_equal(sqlite3_exec(yj_test_db(s), sql, NULL, NULL, NULL), SQLITE_OK);
    }
    struct yj_actor sync = {"sync", "K01"};
    struct yj_item_result r = {
        .case_ref = c[0].uuid, .item_id = "hukou", .status = "done", .result = "HK1", .seq = 1};
    assert_int_equal(yj_store_item_result(s, &r, &sync), 0);
    for (int i = 0; i < 2; i++) {
        snprintf(sql, sizeof sql, "UPDATE cases SET status='closed' WHERE uuid='%s'", c[i].uuid);
        assert_int_equal(sqlite3_exec(yj_test_db(s), sql, NULL, NULL, NULL), SQLITE_OK);
    }
    /* not old enough yet */
    assert_int_equal(yj_store_purge(s, 1), 0);
    assert_int_equal(yj_store_purge(s, -1), -1);
    assert_int_equal(yj_store_purge(s, 0), 1);
    struct yj_case g;
    assert_int_equal(yj_store_case_get(s, c[0].case_no, &g), 0);
    assert_null(g.applicant_name);
    assert_null(g.applicant_id);
    assert_null(g.departments_json);
    assert_int_equal(g.answers.n, 0);
    assert_null(g.items[0].result);
    assert_string_equal(g.items[0].status, "done");
    assert_string_equal(g.status, "closed");
    assert_string_equal(g.thing_id, "birth");
    assert_non_null(g.submitted_at);
    yj_case_free(&g);
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM outbox WHERE case_uuid='%s' AND payload IS NULL", c[0].uuid);
    assert_int_equal(yj_test_int(s, sql), 1);
    assert_int_equal(yj_test_int(s, "SELECT count(*) FROM cases WHERE purged=1"), 1);
    assert_int_equal(yj_test_int(s, "SELECT count(*) FROM cases WHERE applicant_id IS NOT NULL"),
                     2);
    assert_int_equal(yj_test_int(s, "SELECT count(*) FROM audit WHERE action='purge'"), 1);
    /* nothing personal left in the file for the purged case */
    assert_int_equal(yj_store_purge(s, 0), 0);
    for (int i = 0; i < 3; i++)
        yj_case_free(&c[i]);
    yj_store_close(&s);
}

static void
test_import(void **state)
{
    (void)state;
    struct yj_store *s = open_db();
    struct yj_case c;
    make_case(&c, "王小红", "11010519491231002X", 1);
    char u[37], no[YJ_CASENO_SIZE];
    yj_uuid_v4(u);
    c.uuid = xstrdup(u);
    yj_caseno_format("310104", "K07", "2026-11-20", 12, no);
    /* typed compact: stored canonical */
    char compact[32];
    size_t j = 0;
    for (size_t i = 0; no[i]; i++)
        if (no[i] != '-')
            compact[j++] = no[i];
    compact[j] = '\0';
    c.case_no = xstrdup(compact);
    bool existed = true;
    assert_int_equal(yj_store_import(s, &c, &kiosk, &existed), 0);
    assert_false(existed);
    assert_string_equal(c.case_no, no);
    assert_int_equal(yj_store_import(s, &c, &kiosk, &existed), 0);
    assert_true(existed);
    assert_int_equal(yj_test_int(s, "SELECT count(*) FROM cases"), 1);
    assert_int_equal(yj_test_int(s, "SELECT count(*) FROM outbox"), 1);
    struct yj_case g;
    assert_int_equal(yj_store_case_get(s, no, &g), 0);
    assert_string_equal(g.terminal, "K07");
    assert_string_equal(g.channel, "kiosk");
    yj_case_free(&g);
    /* same number, other uuid: refused */
    yj_uuid_v4(u);
    free(c.uuid);
    c.uuid = xstrdup(u);
    assert_int_equal(yj_store_import(s, &c, &kiosk, &existed), -1);
    assert_non_null(strstr(yj_store_error(s), "已被"));
    yj_case_free(&c);
    yj_store_close(&s);
}

/* Garbage bytes where the database should be. */
static void
test_corrupt(void **state)
{
    (void)state;
    FILE *f = fopen(dbpath, "w");
    assert_non_null(f);
    for (int i = 0; i < 4096; i++)
        fputc((i * 7919) & 0xff, f);
    fclose(f);
    char err[1024] = "";
    struct yj_store *s = yj_store_open(dbpath, err, sizeof err);
    assert_null(s);
    assert_non_null(strstr(err, "损坏"));
    /* a real SQLite file from another program */
    unlink(dbpath);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
    sqlite3_exec(db, "CREATE TABLE x(a); PRAGMA user_version=1", NULL, NULL, NULL);
    sqlite3_close(db);
    s = yj_store_open(dbpath, err, sizeof err);
    assert_null(s);
    assert_non_null(strstr(err, "不是本程序"));
    /* from a newer program */
    unlink(dbpath);
    sqlite3_open(dbpath, &db);
    sqlite3_exec(db, "PRAGMA user_version=99", NULL, NULL, NULL);
    sqlite3_close(db);
    s = yj_store_open(dbpath, err, sizeof err);
    assert_null(s);
    assert_non_null(strstr(err, "升级"));
}

/* Read-only open: reading works, writing says so. */
static void
test_readonly(void **state)
{
    (void)state;
    struct yj_store *s = open_db();
    struct yj_case c;
    make_case(&c, "王小红", "11010519491231002X", 1);
    assert_int_equal(yj_store_submit(s, &c, &kiosk), 0);
    yj_store_close(&s);
    char uri[256], err[1024];
    snprintf(uri, sizeof uri, "file:%s?mode=ro", dbpath);
    s = yj_store_open(uri, err, sizeof err);
    assert_non_null(s);
    struct yj_case g;
    assert_int_equal(yj_store_case_get(s, c.case_no, &g), 0);
    yj_case_free(&g);
    struct yj_case d;
    make_case(&d, "李四", "110105194912310029", 1);
    assert_int_equal(yj_store_submit(s, &d, &kiosk), -1);
    assert_non_null(strstr(yj_store_error(s), "只读"));
    assert_null(d.case_no);
    yj_case_free(&d);
    yj_store_close(&s);
    /* a directory where nothing can be created */
    snprintf(uri, sizeof uri, "%s/missing/dir/t.db", dir);
    s = yj_store_open(uri, err, sizeof err);
    assert_null(s);
    assert_non_null(strstr(err, "无法打开"));
    yj_case_free(&c);
}

/* The database may not grow: SQLITE_FULL, and what was saved stays. */
static void
test_full(void **state)
{
    (void)state;
    struct yj_store *s = open_db();
    long long pages = yj_test_int(s, "PRAGMA page_count");
    yj_store_close(&s);
    char v[32];
    snprintf(v, sizeof v, "%lld", pages + 3);
    yj_config_set("db_max_pages", v);
    s = open_db();
    int ok = 0, rc = 0;
    char last[YJ_CASENO_SIZE] = "";
    for (int i = 0; i < 2000; i++) {
        struct yj_case c;
        make_case(&c, "王小红", "11010519491231002X", 4);
        rc = yj_store_submit(s, &c, &kiosk);
        if (rc == 0) {
            ok++;
            snprintf(last, sizeof last, "%s", c.case_no);
        } else {
            assert_null(c.case_no);
        }
        yj_case_free(&c);
        if (rc != 0)
            break;
    }
    assert_int_equal(rc, -1);
    assert_non_null(strstr(yj_store_error(s), "磁盘空间已满"));
    assert_true(ok > 0);
    yj_store_close(&s);
    yj_config_set("db_max_pages", "0");
    s = open_db();
    assert_int_equal(yj_test_int(s, "SELECT count(*) FROM cases"), ok);
    assert_int_equal(yj_test_int(s, "SELECT count(*) FROM outbox"), ok);
    assert_int_equal(yj_test_int(s, "SELECT count(*) FROM case_items"), ok * 4);
    struct yj_case g;
    assert_int_equal(yj_store_case_get(s, last, &g), 0);
    yj_case_free(&g);
    assert_int_equal(yj_store_integrity(s, NULL), 0);
    yj_store_close(&s);
}

/* Another connection holds the write lock beyond the timeout. */
static void
test_locked(void **state)
{
    (void)state;
    yj_config_set("db_busy_timeout_ms", "100");
    struct yj_store *s = open_db();
    sqlite3 *other;
    assert_int_equal(sqlite3_open(dbpath, &other), SQLITE_OK);
    assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
    struct yj_case c;
    make_case(&c, "王小红", "11010519491231002X", 1);
    assert_int_equal(yj_store_submit(s, &c, &kiosk), -1);
    assert_non_null(strstr(yj_store_error(s), "占用"));
    assert_null(c.case_no);
    sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(other);
    assert_int_equal(yj_store_submit(s, &c, &kiosk), 0);
    yj_case_free(&c);
    yj_store_close(&s);
    yj_config_set("db_busy_timeout_ms", "5000");
}

/* Two processes submitting at once: every submit succeeds, numbers unique. */
static void
test_two_writers(void **state)
{
    (void)state;
    struct yj_store *s = open_db();
    yj_store_close(&s);
    int per = getenv("YJ_SANITIZED") ? 20 : 60;
    pid_t kids[2];
    for (int k = 0; k < 2; k++) {
        kids[k] = fork();
        assert_true(kids[k] >= 0);
        if (kids[k] == 0) {
            char err[1024];
            struct yj_store *cs = yj_store_open(dbpath, err, sizeof err);
            if (cs == NULL)
                _exit(3);
            for (int i = 0; i < per; i++) {
                struct yj_case c;
                make_case(&c, "王小红", "11010519491231002X", 2);
                if (yj_store_submit(cs, &c, &kiosk) != 0) {
                    fprintf(stderr, "child: %s\n", yj_store_error(cs));
                    _exit(4);
                }
                yj_case_free(&c);
            }
            yj_store_close(&cs);
            _exit(0);
        }
    }
    for (int k = 0; k < 2; k++) {
        int st;
        assert_int_equal(waitpid(kids[k], &st, 0), kids[k]);
        assert_true(WIFEXITED(st));
        assert_int_equal(WEXITSTATUS(st), 0);
    }
    s = open_db();
    assert_int_equal(yj_test_int(s, "SELECT count(DISTINCT case_no) FROM cases"), 2 * per);
    assert_int_equal(yj_test_int(s, "SELECT max(value) FROM kv"), 2 * per);
    assert_int_equal(yj_test_int(s, "SELECT count(*) FROM outbox"), 2 * per);
    yj_store_close(&s);
}

/* Holidays from a file move due dates. */
static void
test_holidays_due(void **state)
{
    (void)state;
    char hp[128];
    snprintf(hp, sizeof hp, "%s/holidays.txt", dir);
    FILE *f = fopen(hp, "w");
    fputs("2026-11-24\n", f);
    fclose(f);
    yj_config_set("holidays_file", hp);
    struct yj_store *s = open_db();
    struct yj_case c;
    make_case(&c, "王小红", "11010519491231002X", 3);
    assert_int_equal(yj_store_submit(s, &c, &kiosk), 0);
    assert_string_equal(c.items[2].due_date, "2026-11-25"); /* 1 working day, 24th off */
    assert_string_equal(c.items[1].due_date, "2026-12-01");
    yj_case_free(&c);
    yj_store_close(&s);
    f = fopen(hp, "w");
    fputs("2026-11-24 holiday\n", f);
    fclose(f);
    char err[512];
    assert_null(yj_store_open(dbpath, err, sizeof err));
    assert_non_null(strstr(err, "节假日"));
    yj_config_set("holidays_file", "/nonexistent/holidays.txt");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_open_schema, setup, teardown),
        cmocka_unit_test_setup_teardown(test_submit_and_get, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sequence, setup, teardown),
        cmocka_unit_test_setup_teardown(test_submit_atomic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_append_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_and_find, setup, teardown),
        cmocka_unit_test_setup_teardown(test_changes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_drafts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_purge, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import, setup, teardown),
        cmocka_unit_test_setup_teardown(test_corrupt, setup, teardown),
        cmocka_unit_test_setup_teardown(test_readonly, setup, teardown),
        cmocka_unit_test_setup_teardown(test_full, setup, teardown),
        cmocka_unit_test_setup_teardown(test_locked, setup, teardown),
        cmocka_unit_test_setup_teardown(test_two_writers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_holidays_due, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
