/* test_counter.c: the clerk's actions and statistics on a real database. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "core/casebuild.h"
#include "core/form.h"
#include "core/paths.h"
#include "core/plan.h"
#include "core/readiness.h"
#include "core/status.h"
#include "core/util.h"
#include "print/print.h"
#include "store/counter.h"
#include "store/store.h"
#include "store_test.h"

static char dir[64];
static char dbpath[128];
static struct yj_formset *set;
static struct yj_store *s;
static const struct yj_actor clerk = {"clerk", "li01"};

/* Fresh database and the mini form set per test. */
static int
setup(void **state)
{
    (void)state;
    setenv("TZ", "UTC", 1);
    tzset();
    setenv("YJ_TODAY", "2026-11-23", 1);
    snprintf(dir, sizeof dir, "/tmp/yj_counter_XXXXXX");
    if (mkdtemp(dir) == NULL)
        return -1;
    snprintf(dbpath, sizeof dbpath, "%s/t.db", dir);
    yj_config_set("centre_code", "310104");
    yj_config_set("terminal_id", "K01");
    yj_config_set("holidays_file", "/nonexistent/holidays.txt");
    const char *src = getenv("YJ_SRC");
    char *fd = xasprintf("%s/tests/fixtures/forms-mini", src ? src : ".");
    set = yj_formset_load(fd);
    free(fd);
    if (set->nproblems) {
        yj_formset_print_problems(set, stderr);
        return -1;
    }
    char err[1024] = "";
    s = yj_store_open(dbpath, err, sizeof err);
    if (s == NULL) {
        fprintf(stderr, "open: %s\n", err);
        return -1;
    }
    return 0;
}

/* Close, free and remove. */
static int
teardown(void **state)
{
    (void)state;
    yj_store_close(&s);
    yj_formset_free(&set);
    char *cmd = xasprintf("rm -rf '%s'", dir);
    int rc = system(cmd);
    free(cmd);
    return rc == 0 ? 0 : -1;
}

/* Submit a mini birth case from the kiosk; its number into no. */
static void
submit(char no[32], const char *name, const char *id)
{
    struct yj_case c;
    memset(&c, 0, sizeof c);
    yj_answers_init(&c.answers);
    yj_answers_set(&c.answers, "guide.born_sh", "yes");
    yj_answers_set(&c.answers, "mother.name", name);
    yj_answers_set(&c.answers, "mother.id_number", id);
    yj_answers_set(&c.answers, "baby.birth_date", "2026-10-01");
    struct yj_plan p;
    assert_int_equal(yj_plan_build(&p, set, yj_formset_thing(set, "birth"), &c.answers), 0);
    assert_true(yj_plan_ok(&p));
    c.thing_id = xstrdup("birth");
    c.form_version = xstrdup(set->version);
    c.channel = xstrdup("kiosk");
    c.applicant_name = xstrdup(name);
    c.applicant_id = xstrdup(id);
    c.departments_json = yj_plan_departments_json(&p, &c.answers);
    c.items = xcalloc(p.nitems, sizeof *c.items);
    c.nitems = p.nitems;
    for (size_t i = 0; i < p.nitems; i++) {
        c.items[i].item_id = xstrdup(p.items[i]->id);
        c.items[i].dept_id = xstrdup(p.items[i]->dept->id);
        c.items[i].time_limit_days = p.items[i]->time_limit_days;
    }
    yj_plan_free(&p);
    struct yj_actor kiosk = {"kiosk", "K01"};
    assert_int_equal(yj_store_submit(s, &c, &kiosk), 0);
    snprintf(no, 32, "%s", c.case_no);
    yj_case_free(&c);
}

/* The status of a case. */
static char *
status_of(const char *no)
{
    struct yj_case c;
    assert_int_equal(yj_store_case_get(s, no, &c), 0);
    char *st = xstrdup(c.status);
    yj_case_free(&c);
    return st;
}

static void
assert_status(const char *no, const char *want)
{
    char *st = status_of(no);
    assert_string_equal(st, want);
    free(st);
}

static void
test_lifecycle(void **state)
{
    (void)state;
    char no[32];
    submit(no, "王丽", "11010519491231002X");
    struct yj_case c;
    assert_int_equal(yj_store_case_get(s, no, &c), 0);
    struct yj_checklist cl;
    assert_int_equal(yj_counter_checklist(s, set, &c, &cl), 0);
    assert_int_equal(cl.n, 2);
    /* the plan lists required materials first: photo, then the e-licence id card */
    assert_string_equal(cl.rows[0].material_id, "photo");
    assert_false(cl.rows[0].e_licence);
    assert_string_equal(cl.rows[1].material_id, "id_card");
    assert_true(cl.rows[1].e_licence);
    assert_null(cl.rows[0].state);
    yj_checklist_free(&cl);
    yj_case_free(&c);

    /* not everything seen: accept refused, naming what is left */
    assert_int_equal(yj_counter_accept(s, set, no, &clerk), -1);
    assert_non_null(strstr(yj_store_error(s), "照片"));
    /* a photo has no e-licence */
    assert_int_equal(yj_counter_material(s, set, no, "photo", "exempt", &clerk), -1);
    assert_int_equal(yj_counter_material(s, set, no, "passport", "seen", &clerk), -1);
    assert_int_equal(yj_counter_material(s, set, no, "photo", "seen", &clerk), 0);
    assert_int_equal(yj_counter_material(s, set, no, "id_card", "exempt", &clerk), 0);
    /* results cannot be recorded before acceptance */
    assert_int_equal(yj_counter_item_result(s, set, no, "birth.cert", true, "C1", &clerk), -1);
    assert_int_equal(yj_counter_accept(s, set, no, &clerk), 0);
    assert_status(no, "accepted");
    assert_int_equal(yj_store_case_get(s, no, &c), 0);
    assert_string_equal(c.clerk_id, "li01");
    int ready[8];
    yj_counter_readiness(set, &c, ready);
    assert_string_equal(c.items[0].item_id, "birth.cert");
    assert_string_equal(c.items[0].status, "accepted");
    assert_int_equal(ready[0], YJ_READY_NOW);
    assert_int_equal(ready[1], YJ_READY_WAITING);
    yj_case_free(&c);

    /* the registration waits for the medical certificate */
    assert_int_equal(yj_counter_item_result(s, set, no, "birth.reg", true, "R1", &clerk), -1);
    assert_non_null(strstr(yj_store_error(s), "出生医学证明"));
    assert_int_equal(yj_counter_item_result(s, set, no, "birth.cert", true, "", &clerk), -1);
    assert_int_equal(yj_counter_item_result(s, set, no, "birth.cert", true, "Q310012345", &clerk),
                     0);
    assert_status(no, "accepted");
    assert_int_equal(yj_counter_item_result(s, set, no, "birth.cert", true, "again", &clerk), -1);
    /* hand-out only once every item is settled */
    assert_int_equal(yj_counter_handout(s, no, NULL, &clerk), -1);
    assert_int_equal(yj_counter_item_result(s, set, no, "birth.reg", true, "HK-7788", &clerk), 0);
    assert_status(no, "done");
    assert_int_equal(yj_counter_handout(s, no, "本人领取", &clerk), 0);
    assert_status(no, "closed");
    /* closed cases are not changed any more */
    assert_int_equal(yj_counter_material(s, set, no, "photo", "seen", &clerk), -1);

    struct yj_audit_row *a;
    size_t n;
    assert_int_equal(yj_counter_audit(s, no, &a, &n), 0);
    struct yj_buf acts = {0};
    for (size_t i = 0; i < n; i++)
        yj_buf_printf(&acts, "%s%s:%s", i ? " " : "", a[i].action, a[i].actor_id);
    assert_string_equal(acts.data, "submit:K01 material:li01 material:li01 accept:li01 "
                                   "item_result:li01 item_result:li01 handout:li01");
    yj_buf_free(&acts);
    yj_audit_rows_free(a, n);
}

static void
test_return_and_queue(void **state)
{
    (void)state;
    char no1[32], no2[32];
    submit(no1, "王丽", "11010519491231002X");
    submit(no2, "张伟", "110105198001010016");
    struct yj_return_reason r[] = {{"photo", "照片不是近期免冠照"},
                                   {NULL, "出生医学证明复印件不清晰"}};
    assert_int_equal(yj_counter_return(s, no1, r, 0, &clerk), -1);
    struct yj_return_reason empty = {"photo", ""};
    assert_int_equal(yj_counter_return(s, no1, &empty, 1, &clerk), -1);
    assert_int_equal(yj_counter_return(s, no1, r, 2, &clerk), 0);
    assert_status(no1, "returned");
    char **reasons, **mats;
    size_t n;
    assert_int_equal(yj_counter_return_reasons(s, no1, &reasons, &mats, &n), 0);
    assert_int_equal(n, 2);
    assert_string_equal(reasons[0], "照片不是近期免冠照");
    assert_string_equal(mats[0], "photo");
    assert_null(mats[1]);
    for (size_t i = 0; i < n; i++) {
        free(reasons[i]);
        free(mats[i]);
    }
    free(reasons);
    free(mats);
    struct yj_material_state *ms;
    size_t nms;
    assert_int_equal(yj_store_material_list(s, no1, &ms, &nms), 0);
    assert_int_equal(nms, 1);
    assert_string_equal(ms[0].state, "missing");
    yj_store_material_list_free(ms, nms);

    /* the queue: both open, oldest first; counts by status */
    struct yj_queue_row *q;
    struct yj_queue_counts cnt;
    struct yj_queue_filter f = {.today = "2026-11-23"};
    assert_int_equal(yj_counter_queue(s, &f, &q, &n, &cnt), 0);
    assert_int_equal(n, 2);
    assert_string_equal(q[0].case_no, no1);
    assert_int_equal(q[0].nitems, 2);
    assert_int_equal(cnt.total, 2);
    assert_int_equal(cnt.returned, 1);
    assert_int_equal(cnt.submitted, 1);
    yj_queue_rows_free(q, n);
    f.status = "submitted";
    assert_int_equal(yj_counter_queue(s, &f, &q, &n, &cnt), 0);
    assert_int_equal(n, 1);
    assert_string_equal(q[0].case_no, no2);
    assert_int_equal(cnt.total, 2);
    yj_queue_rows_free(q, n);

    /* search by number (check character verified), ID number, name */
    assert_int_equal(yj_counter_search(s, no2, &q, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(q[0].applicant_name, "张伟");
    yj_queue_rows_free(q, n);
    char bad[32];
    snprintf(bad, sizeof bad, "%s", no2);
    size_t L = strlen(bad);
    bad[L - 1] = bad[L - 1] == 'A' ? 'B' : 'A';
    assert_int_equal(yj_counter_search(s, bad, &q, &n), -1);
    assert_non_null(strstr(yj_store_error(s), "校验位"));
    assert_int_equal(yj_counter_search(s, "11010519491231002x", &q, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(q[0].case_no, no1);
    yj_queue_rows_free(q, n);
    assert_int_equal(yj_counter_search(s, "张", &q, &n), 0);
    assert_int_equal(n, 1);
    yj_queue_rows_free(q, n);

    /* an edit needs a reason and answers the plan accepts */
    struct yj_case c;
    assert_int_equal(yj_store_case_get(s, no2, &c), 0);
    yj_answers_set(&c.answers, "mother.name", "张伟伟");
    assert_int_equal(yj_counter_edit(s, set, no2, &c.answers, "", &clerk), -1);
    assert_int_equal(yj_counter_edit(s, set, no2, &c.answers, "申请人更正姓名", &clerk), 0);
    yj_answers_set(&c.answers, "mother.name", "一二三四五六七八九十");
    assert_int_equal(yj_counter_edit(s, set, no2, &c.answers, "再改", &clerk), -1);
    assert_non_null(strstr(yj_store_error(s), "名字太长"));
    yj_case_free(&c);
    assert_int_equal(yj_store_case_get(s, no2, &c), 0);
    assert_int_equal(c.revision, 2);
    assert_string_equal(yj_answers_get(&c.answers, "mother.name"), "张伟伟");
    yj_case_free(&c);
}

/* The notice slip of case no as plain text (NULL when refused; msg says why). */
static char *
notice_text(const char *no, char *msg, size_t msgsz)
{
    struct yj_case c;
    assert_int_equal(yj_store_case_get(s, no, &c), 0);
    struct yj_receipt r;
    char *text = NULL;
    if (yj_receipt_for_case(&r, s, &c, set, "notice", msg, msgsz) == 0) {
        text = yj_receipt_text(&r, 200, false);
        yj_receipt_free(&r);
    }
    yj_case_free(&c);
    return text;
}

/* One notice renderer: the plan's materials before the counter has recorded
 * anything; afterwards exactly the reasons of the latest return and the
 * materials marked missing, once each. */
static void
test_notice_slip(void **state)
{
    (void)state;
    char no[32], msg[512];
    submit(no, "王丽", "11010519491231002X");
    char *t = notice_text(no, msg, sizeof msg);
    assert_non_null(t);
    assert_non_null(strstr(t, "一次性告知单"));
    assert_non_null(strstr(t, "需补正的材料（共 1 项）"));
    assert_non_null(strstr(t, "照片"));
    free(t);

    struct yj_return_reason r[] = {{"photo", "照片不是近期免冠照"},
                                   {NULL, "出生医学证明复印件不清晰"}};
    assert_int_equal(yj_counter_return(s, no, r, 2, &clerk), 0);
    assert_int_equal(yj_counter_material(s, set, no, "id_card", "missing", &clerk), 0);
    t = notice_text(no, msg, sizeof msg);
    assert_non_null(t);
    assert_non_null(strstr(t, "需补正的内容（共 3 项）"));
    assert_null(strstr(t, "需补正的材料"));
    assert_non_null(strstr(t, "照片（"));
    assert_non_null(strstr(t, "：照片不是近期免冠照"));
    assert_non_null(strstr(t, "出生医学证明复印件不清晰"));
    assert_non_null(strstr(t, "身份证（"));
    assert_non_null(strstr(t, "告知人：li01"));
    /* the photo is named by the return: listed once */
    const char *p1 = strstr(t, "照片（");
    assert_null(strstr(p1 + 1, "照片（"));
    free(t);

    /* a later return replaces the list */
    assert_int_equal(yj_counter_material(s, set, no, "id_card", "seen", &clerk), 0);
    struct yj_return_reason r2 = {NULL, "请补交户口簿"};
    assert_int_equal(yj_counter_return(s, no, &r2, 1, &clerk), 0);
    t = notice_text(no, msg, sizeof msg);
    assert_non_null(t);
    assert_non_null(strstr(t, "请补交户口簿"));
    assert_non_null(strstr(t, "照片（"));         /* still marked missing */
    assert_null(strstr(t, "照片不是近期免冠照")); /* not the latest return */
    assert_non_null(strstr(t, "需补正的内容（共 2 项）"));
    free(t);
}

/* Run SQL on the test database. */
static void
exec_sql(const char *sql)
{
    char *err = NULL;
    int rc = sqlite3_exec(yj_test_db(s), sql, NULL, NULL, &err);
    if (rc != SQLITE_OK)
        fail_msg("%s: %s", sql, err);
}

/* An integer from one SQL query on the test database. */
static long long
q_int(const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(yj_test_db(s), sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long long v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Retention: a closed, acknowledged case loses what clerks wrote about it at
 * the counter (return reasons, status notes); an open case keeps it. */
static void
test_purge_counter_notes(void **state)
{
    (void)state;
    char no[32], open_no[32];
    submit(no, "王丽", "11010519491231002X");
    submit(open_no, "张伟", "110105198001010016");
    struct yj_return_reason r[] = {{"photo", "王丽的照片不是近期免冠照"},
                                   {NULL, "母亲身份证 11010519491231002X 复印件不清晰"}};
    assert_int_equal(yj_counter_return(s, no, r, 2, &clerk), 0);
    assert_int_equal(yj_counter_return(s, open_no, r, 1, &clerk), 0);
    assert_int_equal(yj_counter_material(s, set, no, "photo", "seen", &clerk), 0);
    assert_int_equal(yj_counter_material(s, set, no, "id_card", "exempt", &clerk), 0);
    assert_int_equal(yj_counter_accept(s, set, no, &clerk), 0);
    assert_int_equal(yj_counter_item_result(s, set, no, "birth.cert", true, "Q1", &clerk), 0);
    assert_int_equal(yj_counter_item_result(s, set, no, "birth.reg", true, "HK1", &clerk), 0);
    assert_int_equal(yj_counter_handout(s, no, NULL, &clerk), 0);
    assert_status(no, "closed");
    exec_sql("UPDATE outbox SET state = 'acked'");
    exec_sql("UPDATE case_events SET note = '王丽本人领取'");
    assert_int_equal(yj_store_purge(s, 0), 1);
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM case_returns r JOIN cases c ON c.uuid = r.case_uuid"
             " WHERE c.case_no = '%s' AND r.reason <> ''",
             no);
    assert_int_equal(q_int(sql), 0);
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM case_events e JOIN cases c ON c.uuid = e.case_uuid"
             " WHERE c.case_no = '%s' AND e.note IS NOT NULL",
             no);
    assert_int_equal(q_int(sql), 0);
    /* the rows stay for the statistics: 2 reasons, 3 status changes */
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM case_returns r JOIN cases c ON c.uuid = r.case_uuid"
             " WHERE c.case_no = '%s'",
             no);
    assert_int_equal(q_int(sql), 2);
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM case_events e JOIN cases c ON c.uuid = e.case_uuid"
             " WHERE c.case_no = '%s' AND e.status IN ('returned','accepted','done','closed')",
             no);
    assert_int_equal(q_int(sql), 4);
    /* the open case keeps its reason and note */
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM case_returns r JOIN cases c ON c.uuid = r.case_uuid"
             " WHERE c.case_no = '%s' AND r.reason = '王丽的照片不是近期免冠照'",
             open_no);
    assert_int_equal(q_int(sql), 1);
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM case_events e JOIN cases c ON c.uuid = e.case_uuid"
             " WHERE c.case_no = '%s' AND e.note = '王丽本人领取'",
             open_no);
    assert_int_equal(q_int(sql), 1);
}

/* One case row with its submit time, status and optional close time. */
static void
fill_case(int k, const char *thing, const char *status, const char *at, const char *closed)
{
    char *sql = xasprintf(
        "INSERT INTO cases(uuid, case_no, thing, channel, centre, terminal, status, submitted_at,"
        " updated_at) VALUES ('u%d', 'n%d', '%s', 'kiosk', '310104', 'K01', '%s', '%s', '%s');",
        k, k, thing, status, at, at);
    exec_sql(sql);
    free(sql);
    if (closed) {
        sql = xasprintf("INSERT INTO case_events(case_uuid, at, actor_id, status) VALUES"
                        " ('u%d', '%s', 'li01', 'closed');",
                        k, closed);
        exec_sql(sql);
        free(sql);
    }
}

static void
test_stats(void **state)
{
    (void)state;
    /* Monday 16th and Tuesday 17th, then Monday 23rd. */
    fill_case(1, "birth", "closed", "2026-11-16T09:00:00Z", "2026-11-16T11:00:00Z");
    fill_case(2, "birth", "closed", "2026-11-16T10:00:00Z", "2026-11-17T14:00:00Z");
    fill_case(3, "death", "accepted", "2026-11-17T08:00:00Z", NULL);
    fill_case(4, "birth", "submitted", "2026-11-23T08:00:00Z", NULL);
    fill_case(5, "death", "closed", "2026-11-23T08:00:00Z", "2026-11-23T09:00:00Z");
    exec_sql("INSERT INTO case_items(case_uuid, item_id, dept_id, time_limit_days, status,"
             " due_date, updated_at) VALUES"
             " ('u3', 'death.cert', 'health', 0, 'done', '2026-11-17', 'x'),"
             " ('u3', 'death.hukou', 'police', 3, 'accepted', '2026-11-20', 'x'),"
             " ('u4', 'birth.reg', 'police', 5, 'pending', '2026-11-30', 'x'),"
             " ('u5', 'death.x', 'police', 1, 'accepted', '2026-11-18', 'x');");
    struct yj_stats st;
    assert_int_equal(yj_counter_stats(s, "2026-11-16", "2026-11-23", false, "2026-11-23", &st), 0);
    assert_int_equal(st.total, 5);
    assert_int_equal(st.n, 4);
    assert_string_equal(st.rows[0].period, "2026-11-16");
    assert_string_equal(st.rows[0].thing, "birth");
    assert_string_equal(st.rows[0].status, "closed");
    assert_int_equal(st.rows[0].count, 2);
    assert_int_equal(st.closed, 3);
    /* 2 h, 28 h, 1 h */
    assert_int_equal(st.max_close_s, 28 * 3600);
    assert_string_equal(st.max_close_case, "n2");
    assert_true(st.avg_close_s > 37199.0 && st.avg_close_s < 37201.0);
    /* only the open case's unfinished item is past its limit (3 days) */
    assert_int_equal(st.noverdue, 1);
    assert_string_equal(st.overdue[0].item_id, "death.hukou");
    assert_int_equal(st.overdue[0].days_over, 3);
    struct yj_buf csv = {0};
    yj_stats_csv(&st, &csv);
    assert_non_null(strstr(csv.data, "period,thing,status,count\r\n2026-11-16,birth,closed,2\r\n"));
    assert_non_null(strstr(csv.data, "\r\n5,3,10.33,28.00,n2\r\n"));
    assert_non_null(strstr(csv.data, "n3,death,death.hukou,police,accepted,2026-11-20,3\r\n"));
    yj_buf_free(&csv);
    yj_stats_free(&st);

    /* by week: the 16th and 17th fall in the week of Monday the 16th */
    assert_int_equal(yj_counter_stats(s, NULL, NULL, true, "2026-11-23", &st), 0);
    assert_int_equal(st.n, 4);
    assert_string_equal(st.rows[1].period, "2026-11-16");
    assert_string_equal(st.rows[1].thing, "death");
    assert_string_equal(st.rows[2].period, "2026-11-23");
    yj_stats_free(&st);
    /* a range that holds one day */
    assert_int_equal(yj_counter_stats(s, "2026-11-23", "2026-11-23", false, NULL, &st), 0);
    assert_int_equal(st.total, 2);
    assert_int_equal(st.closed, 1);
    yj_stats_free(&st);
    assert_int_equal(yj_counter_stats(s, "2026-13-01", NULL, false, NULL, &st), -1);
}

/* The uuid of a case. */
static char *
uuid_of(const char *no)
{
    struct yj_case c;
    assert_int_equal(yj_store_case_get(s, no, &c), 0);
    char *u = xstrdup(c.uuid);
    yj_case_free(&c);
    return u;
}

/* One upstream update (a page of one) for item of the case with uuid u. */
static void
upstream(const char *u, const char *item, const char *status, const char *result, long long seq)
{
    struct yj_item_result r = {.case_ref = u,
                               .item_id = item,
                               .status = status,
                               .result = result,
                               .seq = seq,
                               .at = "2026-11-23T08:00:00Z"};
    struct yj_actor sync = {"sync", "K01"};
    char cursor[24];
    snprintf(cursor, sizeof cursor, "%lld", seq);
    long applied = -1;
    assert_int_equal(yj_store_sync_updates(s, &r, 1, cursor, &sync, &applied), 0);
    assert_int_equal(applied, 1);
}

/* A case's whole life, once through the counter and once through upstream
 * updates: both go through yj_store_item_result and reach the same status at
 * every step (docs/STORE.md: a returned item makes the case 待补正). */
static void
test_one_rule(void **state)
{
    (void)state;
    char a[32], b[32];
    submit(a, "王丽", "11010519491231002X");
    submit(b, "张伟", "110105198001010016");
    char *ub = uuid_of(b);
    /* accepted: by the clerk (materials checked) / by the departments */
    assert_int_equal(yj_counter_material(s, set, a, "photo", "seen", &clerk), 0);
    assert_int_equal(yj_counter_material(s, set, a, "id_card", "exempt", &clerk), 0);
    assert_int_equal(yj_counter_accept(s, set, a, &clerk), 0);
    upstream(ub, "birth.cert", "accepted", NULL, 1);
    assert_status(a, "accepted");
    assert_status(b, "accepted");
    /* the medical certificate is returned: the citizen must bring something */
    assert_int_equal(
        yj_counter_item_result(s, set, a, "birth.cert", false, "缺少出生医学证明原件", &clerk), 0);
    upstream(ub, "birth.cert", "returned", "缺少出生医学证明原件", 2);
    assert_status(a, "returned");
    assert_status(b, "returned");
    char *cst = status_of(a);
    assert_string_equal(yj_case_status_label(cst), "待补正");
    free(cst);
    /* the counter does not return an item still waiting on its (returned)
     * predecessor; an upstream return of one is recorded while the case waits */
    assert_int_equal(yj_counter_item_result(s, set, a, "birth.reg", false, "等待前置", &clerk), -1);
    assert_non_null(strstr(yj_store_error(s), "办结之后才能办理"));
    upstream(ub, "birth.reg", "returned", "等待前置", 3);
    assert_status(a, "returned");
    assert_status(b, "returned");
    /* brought: the clerk accepts again (returned items reopen) / the departments
     * take them up again */
    assert_int_equal(yj_counter_accept(s, set, a, &clerk), 0);
    upstream(ub, "birth.cert", "accepted", NULL, 4);
    upstream(ub, "birth.reg", "accepted", NULL, 5);
    assert_status(a, "accepted");
    assert_status(b, "accepted");
    assert_int_equal(yj_counter_item_result(s, set, a, "birth.cert", true, "Q1", &clerk), 0);
    upstream(ub, "birth.cert", "done", "Q1", 6);
    assert_status(a, "accepted");
    assert_status(b, "accepted");
    assert_int_equal(yj_counter_item_result(s, set, a, "birth.reg", true, "HK1", &clerk), 0);
    upstream(ub, "birth.reg", "certificate_issued", "HK1", 7);
    assert_status(a, "done");
    assert_status(b, "done");
    /* the same events in case_events, the same item_result audit rows */
    char sql[300];
    for (int k = 0; k < 2; k++) {
        snprintf(sql, sizeof sql,
                 "SELECT group_concat(status, ' ') FROM (SELECT e.status FROM case_events e"
                 " JOIN cases c ON c.uuid = e.case_uuid WHERE c.case_no = '%s'"
                 " AND e.note = 'item_result' ORDER BY e.rowid)",
                 k ? b : a);
        sqlite3_stmt *st;
        assert_int_equal(sqlite3_prepare_v2(yj_test_db(s), sql, -1, &st, NULL), SQLITE_OK);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        assert_string_equal((const char *)sqlite3_column_text(st, 0),
                            k ? "accepted returned accepted done" : "returned done");
        sqlite3_finalize(st);
    }
    struct yj_audit_row *ra, *rb;
    size_t na, nb, ia = 0, ib = 0;
    assert_int_equal(yj_counter_audit(s, a, &ra, &na), 0);
    assert_int_equal(yj_counter_audit(s, b, &rb, &nb), 0);
    for (size_t i = 0; i < na; i++)
        ia += strcmp(ra[i].action, "item_result") == 0;
    for (size_t i = 0; i < nb; i++)
        ib += strcmp(rb[i].action, "item_result") == 0 && strcmp(rb[i].actor_kind, "sync") == 0;
    assert_int_equal(ia, 3); /* the waiting item's return was refused */
    assert_int_equal(ib, 7);
    yj_audit_rows_free(ra, na);
    yj_audit_rows_free(rb, nb);
    /* upstream results stay applied once: a repeat changes nothing */
    struct yj_item_result again = {
        .case_ref = ub, .item_id = "birth.reg", .status = "certificate_issued", .seq = 7};
    assert_int_equal(yj_store_item_result(s, &again, NULL), YJ_STORE_STALE);
    free(ub);
}

/* The rule itself, and the status words. */
static void
test_derive(void **state)
{
    (void)state;
    const char *pend[] = {"pending", "pending"};
    const char *some[] = {"accepted", "pending"};
    const char *ret[] = {"done", "returned"};
    const char *fin[] = {"done", "certificate_issued"};
    const char *half[] = {"done", "in_progress"};
    assert_string_equal(yj_case_status_derive("submitted", pend, 2), "submitted");
    assert_string_equal(yj_case_status_derive("returned", pend, 2), "returned");
    assert_string_equal(yj_case_status_derive("submitted", some, 2), "accepted");
    assert_string_equal(yj_case_status_derive("accepted", ret, 2), "returned");
    assert_string_equal(yj_case_status_derive("returned", half, 2), "accepted");
    assert_string_equal(yj_case_status_derive("accepted", fin, 2), "done");
    assert_string_equal(yj_case_status_derive("done", half, 2), "accepted");
    assert_string_equal(yj_case_status_derive("closed", ret, 2), "closed");
    assert_string_equal(yj_case_status_label("returned"), "待补正");
    assert_string_equal(yj_item_status_label("returned"), "已退回");
    assert_string_equal(yj_sync_state_label(NULL), "本机办件");
    assert_string_equal(yj_sync_state_label(YJ_SYNC_PROBLEM), "上报有问题");
    assert_string_equal(yj_case_status_label("weird"), "weird");
    assert_true(yj_item_status_valid("certificate_issued"));
    assert_false(yj_case_status_valid("bogus"));
}

/* An item after a predecessor has no due date until the predecessor is done;
 * then its time limit counts from that day (issue 17). */
static void
test_due_after_predecessor(void **state)
{
    (void)state;
    struct yj_answers a;
    yj_answers_init(&a);
    yj_answers_set(&a, "guide.born_sh", "yes");
    yj_answers_set(&a, "mother.name", "王丽");
    yj_answers_set(&a, "mother.id_number", "11010519491231002X");
    yj_answers_set(&a, "baby.birth_date", "2026-10-01");
    struct yj_plan p;
    assert_int_equal(yj_plan_build(&p, set, yj_formset_thing(set, "birth"), &a), 0);
    assert_true(yj_plan_ok(&p));
    struct yj_case c;
    yj_case_from_plan(&c, set, &p, &a, NULL);
    struct yj_actor kiosk = {"kiosk", "K01"};
    assert_int_equal(yj_store_submit(s, &c, &kiosk), 0);
    char no[32];
    snprintf(no, sizeof no, "%s", c.case_no);
    yj_case_free(&c);
    yj_plan_free(&p);
    yj_answers_free(&a);

    assert_int_equal(yj_store_case_get(s, no, &c), 0);
    assert_string_equal(c.items[0].item_id, "birth.cert");
    assert_string_equal(c.items[0].due_date, "2026-11-23"); /* on the spot */
    assert_string_equal(c.items[1].item_id, "birth.reg");
    assert_null(c.items[1].due_date); /* 前置事项办结后 5 个工作日 */
    assert_true(yj_case_item_after(set, &c, 1));
    assert_false(yj_case_item_after(set, &c, 0));
    yj_case_free(&c);

    assert_int_equal(yj_counter_material(s, set, no, "photo", "seen", &clerk), 0);
    assert_int_equal(yj_counter_material(s, set, no, "id_card", "exempt", &clerk), 0);
    assert_int_equal(yj_counter_accept(s, set, no, &clerk), 0);
    /* the certificate is done on Thursday: the registration is due 5 working
     * days later, not 5 from the submit (Monday) */
    setenv("YJ_TODAY", "2026-11-26", 1);
    assert_int_equal(yj_counter_item_result(s, set, no, "birth.cert", true, "Q1", &clerk), 0);
    assert_int_equal(yj_store_case_get(s, no, &c), 0);
    assert_string_equal(c.items[1].due_date, "2026-12-03");
    yj_case_free(&c);
    setenv("YJ_TODAY", "2026-11-23", 1);
}

/* The same through upstream results (sync): the predecessor's result sets the
 * waiting item's due date from the day it happened; a return does not. */
static void
test_due_after_upstream(void **state)
{
    (void)state;
    struct yj_answers a;
    yj_answers_init(&a);
    yj_answers_set(&a, "guide.born_sh", "yes");
    yj_answers_set(&a, "mother.name", "王丽");
    yj_answers_set(&a, "mother.id_number", "11010519491231002X");
    yj_answers_set(&a, "baby.birth_date", "2026-10-01");
    struct yj_plan p;
    assert_int_equal(yj_plan_build(&p, set, yj_formset_thing(set, "birth"), &a), 0);
    struct yj_case c;
    yj_case_from_plan(&c, set, &p, &a, NULL);
    struct yj_actor kiosk = {"kiosk", "K01"};
    assert_int_equal(yj_store_submit(s, &c, &kiosk), 0);
    char no[32], u[40];
    snprintf(no, sizeof no, "%s", c.case_no);
    snprintf(u, sizeof u, "%s", c.uuid);
    yj_case_free(&c);
    yj_plan_free(&p);
    yj_answers_free(&a);

    upstream(u, "birth.cert", YJ_ITEM_RETURNED, "照片不清晰", 1);
    assert_int_equal(yj_store_case_get(s, no, &c), 0);
    assert_null(c.items[1].due_date);
    yj_case_free(&c);
    struct yj_item_result r = {.case_ref = u,
                               .item_id = "birth.cert",
                               .status = YJ_ITEM_CERTIFICATE,
                               .result = "Q1",
                               .seq = 2,
                               .at = "2026-11-27T16:00:00Z"}; /* a Friday */
    struct yj_actor sync = {"sync", "K01"};
    long applied = -1;
    assert_int_equal(yj_store_sync_updates(s, &r, 1, "2", &sync, &applied), 0);
    assert_int_equal(yj_store_case_get(s, no, &c), 0);
    assert_string_equal(c.items[1].due_date, "2026-12-04");
    yj_case_free(&c);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_lifecycle, setup, teardown),
        cmocka_unit_test_setup_teardown(test_due_after_predecessor, setup, teardown),
        cmocka_unit_test_setup_teardown(test_due_after_upstream, setup, teardown),
        cmocka_unit_test_setup_teardown(test_one_rule, setup, teardown),
        cmocka_unit_test(test_derive),
        cmocka_unit_test_setup_teardown(test_return_and_queue, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stats, setup, teardown),
        cmocka_unit_test_setup_teardown(test_notice_slip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_purge_counter_notes, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
