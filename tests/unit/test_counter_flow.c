/* test_counter_flow.c: what the counter's screens ask of the store through the
 * counter flow (ui/counter_flow.c), on a real database in a temp directory:
 * the queue and its filters, the search and the scan of a case number,
 * opening a case, ticking materials, accepting, an item's result, a return,
 * the hand-out, the statistics and their CSV export. */
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

#include "core/caseno.h"
#include "core/paths.h"
#include "core/plan.h"
#include "core/readiness.h"
#include "core/status.h"
#include "core/util.h"
#include "store/store.h"
#include "store_test.h"
#include "ui/counter_flow.h"

static char dir[64];
static char dbpath[128];
static struct yj_formset *set;
static struct yj_store *s;
static const struct yj_actor clerk = {"clerk", "li01"};
static struct yj_cflow f;

/* Fresh database, the mini form set and a flow per test. */
static int
setup(void **state)
{
    (void)state;
    setenv("TZ", "UTC", 1);
    tzset();
    setenv("YJ_TODAY", "2026-11-23", 1);
    snprintf(dir, sizeof dir, "/tmp/yj_cflow_XXXXXX");
    if (mkdtemp(dir) == NULL)
        return -1;
    snprintf(dbpath, sizeof dbpath, "%s/t.db", dir);
    yj_config_set("centre_code", "310104");
    yj_config_set("terminal_id", "K01");
    yj_config_set("holidays_file", "/nonexistent/holidays.txt");
    yj_config_set("counter.export_dir", dir);
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
    yj_cflow_init(&f, s, set, &clerk, NULL);
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    yj_cflow_free(&f);
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

/* Open no again and check its status. */
static void
assert_status(const char *no, const char *want)
{
    char err[512] = "";
    assert_int_equal(yj_cflow_open(&f, no, err, sizeof err), 0);
    assert_string_equal(err, "");
    assert_string_equal(f.c.status, want);
}

/* The actions of the open case's audit trail, "action:actor ...". */
static char *
actions(void)
{
    struct yj_buf b = {0};
    for (size_t i = 0; i < f.naudit; i++)
        yj_buf_printf(&b, "%s%s:%s", i ? " " : "", f.audit[i].action, f.audit[i].actor_id);
    return b.data ? b.data : xstrdup("");
}

static void
test_queue_search_open(void **state)
{
    (void)state;
    char a[32], b[32], no[32], err[512] = "";
    submit(a, "王丽", "11010519491231002X");
    submit(b, "张伟", "110105198001010016");

    /* the queue: both, counted as waiting to be accepted */
    assert_int_equal(yj_cflow_queue(&f, NULL, NULL, err, sizeof err), 0);
    assert_int_equal(f.nrows, 2);
    assert_int_equal(f.counts.submitted, 2);
    assert_int_equal(f.counts.accepted, 0);
    /* the filters: index 0 is all, then each status */
    assert_null(yj_cflow_status_filter(0));
    assert_true(yj_cflow_nstatus_filters() > 2);
    int accepted = -1;
    for (int i = 1; i < (int)yj_cflow_nstatus_filters(); i++)
        if (strcmp(yj_cflow_status_filter(i), YJ_CASE_ACCEPTED) == 0)
            accepted = i;
    assert_true(accepted > 0);
    assert_int_equal(yj_cflow_queue(&f, yj_cflow_status_filter(accepted), NULL, err, sizeof err),
                     0);
    assert_int_equal(f.nrows, 0);
    assert_int_equal(yj_cflow_queue(&f, NULL, "birth", err, sizeof err), 0);
    assert_int_equal(f.nrows, 2);
    assert_int_equal(yj_cflow_queue(&f, NULL, "nothing_such", err, sizeof err), 0);
    assert_int_equal(f.nrows, 0);

    /* the search by name and by ID number */
    assert_int_equal(yj_cflow_search(&f, "张伟", err, sizeof err), 0);
    assert_int_equal(f.nrows, 1);
    assert_string_equal(f.rows[0].case_no, b);
    assert_int_equal(yj_cflow_search(&f, "11010519491231002X", err, sizeof err), 0);
    assert_int_equal(f.nrows, 1);
    assert_string_equal(f.rows[0].case_no, a);

    /* a scanned or typed case number: found, or not on this terminal */
    assert_true(yj_cflow_looks_caseno(a));
    assert_false(yj_cflow_looks_caseno("王丽"));
    assert_int_equal(yj_cflow_find(&f, a, no, sizeof no, err, sizeof err), 1);
    assert_string_equal(no, a);
    char other[YJ_CASENO_SIZE];
    assert_int_equal(yj_caseno_format("310104", "K01", "2026-11-23", 999, other), 0);
    assert_true(yj_cflow_looks_caseno(other));
    assert_int_equal(yj_cflow_find(&f, other, no, sizeof no, err, sizeof err), 0);
    /* a code that is no receipt is refused with a reason */
    bool existed = true;
    char msg[1024] = "";
    assert_int_equal(
        yj_cflow_import(&f, "YJ1:not-a-code", no, sizeof no, &existed, msg, sizeof msg), -1);
    assert_true(msg[0] != '\0');

    /* open: the case with its checklist, readiness and audit trail */
    assert_int_equal(yj_cflow_open(&f, a, err, sizeof err), 0);
    assert_string_equal(err, "");
    assert_true(f.have_case);
    assert_string_equal(f.case_no, a);
    assert_string_equal(f.c.status, YJ_CASE_SUBMITTED);
    assert_int_equal(f.cl.n, 2);
    assert_string_equal(f.cl.rows[0].material_id, "photo");
    assert_int_equal(f.c.nitems, 2);
    assert_int_equal(f.ready[0], YJ_READY_NOW);
    char *acts = actions();
    assert_string_equal(acts, "submit:K01");
    free(acts);
    /* queued for upstream on submit; nothing held */
    assert_string_equal(yj_cflow_sync_state(&f, f.c.uuid), YJ_SYNC_QUEUED);
    char why[128];
    assert_false(yj_cflow_sync_problem(&f, f.c.uuid, why, sizeof why));
    /* a number that is not here: refused with a message, the case stays open */
    assert_int_equal(yj_cflow_open(&f, other, err, sizeof err), -1);
    assert_true(err[0] != '\0');
    assert_true(f.have_case);
    assert_string_equal(f.case_no, a);
    yj_cflow_close(&f);
    assert_false(f.have_case);
}

static void
test_case_life(void **state)
{
    (void)state;
    char no[32], err[512] = "";
    submit(no, "王丽", "11010519491231002X");
    assert_int_equal(yj_cflow_open(&f, no, err, sizeof err), 0);

    /* not every material seen: accept refused, naming what is left */
    assert_int_equal(yj_cflow_accept(&f, err, sizeof err), -1);
    assert_non_null(strstr(err, "照片"));
    /* a photo has no e-licence */
    assert_int_equal(yj_cflow_material(&f, "photo", "exempt", err, sizeof err), -1);
    assert_true(err[0] != '\0');
    assert_int_equal(yj_cflow_material(&f, "photo", "seen", err, sizeof err), 0);
    assert_int_equal(yj_cflow_material(&f, "id_card", "exempt", err, sizeof err), 0);
    assert_status(no, YJ_CASE_SUBMITTED);
    assert_string_equal(f.cl.rows[0].state, "seen");
    assert_string_equal(f.cl.rows[1].state, "exempt");
    assert_int_equal(yj_cflow_accept(&f, err, sizeof err), 0);
    assert_status(no, YJ_CASE_ACCEPTED);
    assert_string_equal(f.c.clerk_id, "li01");

    /* an item's result: the registration waits for the certificate */
    assert_int_equal(yj_cflow_item_result(&f, "birth.reg", true, "R1", err, sizeof err), -1);
    assert_non_null(strstr(err, "出生医学证明"));
    /* the item id may point into the case open, which the act reloads */
    assert_string_equal(f.c.items[0].item_id, "birth.cert");
    assert_int_equal(
        yj_cflow_item_result(&f, f.c.items[0].item_id, true, "Q310012345", err, sizeof err), 0);
    assert_status(no, YJ_CASE_ACCEPTED);
    assert_int_equal(f.ready[0], YJ_READY_FINISHED);
    assert_int_equal(f.ready[1], YJ_READY_NOW);
    /* hand-out only once every item is settled */
    assert_int_equal(yj_cflow_handout(&f, NULL, err, sizeof err), -1);
    assert_int_equal(yj_cflow_item_result(&f, "birth.reg", true, "HK-7788", err, sizeof err), 0);
    assert_status(no, YJ_CASE_DONE);
    assert_int_equal(yj_cflow_handout(&f, "本人领取", err, sizeof err), 0);
    assert_status(no, YJ_CASE_CLOSED);
    /* closed cases are not changed any more */
    assert_int_equal(yj_cflow_material(&f, "photo", "missing", err, sizeof err), -1);
    char *acts = actions();
    assert_string_equal(acts, "submit:K01 material:li01 material:li01 accept:li01 "
                              "item_result:li01 item_result:li01 handout:li01");
    free(acts);
}

static void
test_returns(void **state)
{
    (void)state;
    char a[32], b[32], err[512] = "";
    submit(a, "王丽", "11010519491231002X");
    submit(b, "张伟", "110105198001010016");

    /* 补正: the missing photo with its reason */
    assert_int_equal(yj_cflow_open(&f, a, err, sizeof err), 0);
    assert_int_equal(yj_cflow_material(&f, "photo", "missing", err, sizeof err), 0);
    struct yj_return_reason r[] = {{"photo", "照片不清晰"}, {NULL, "请带户口簿"}};
    assert_int_equal(yj_cflow_return(&f, r, 2, err, sizeof err), 0);
    assert_status(a, YJ_CASE_RETURNED);
    assert_string_equal(f.cl.rows[0].state, "missing");
    assert_int_equal(yj_cflow_queue(&f, YJ_CASE_RETURNED, NULL, err, sizeof err), 0);
    assert_int_equal(f.nrows, 1);
    assert_string_equal(f.rows[0].case_no, a);
    assert_int_equal(f.counts.returned, 1);

    /* a department returns an item of an accepted case: the case follows it */
    assert_int_equal(yj_cflow_open(&f, b, err, sizeof err), 0);
    assert_int_equal(yj_cflow_material(&f, "photo", "seen", err, sizeof err), 0);
    assert_int_equal(yj_cflow_material(&f, "id_card", "seen", err, sizeof err), 0);
    assert_int_equal(yj_cflow_accept(&f, err, sizeof err), 0);
    assert_int_equal(yj_cflow_item_result(&f, "birth.cert", false, "", err, sizeof err), -1);
    assert_int_equal(
        yj_cflow_item_result(&f, "birth.cert", false, "出生证明信息有误", err, sizeof err), 0);
    assert_status(b, YJ_CASE_RETURNED);
    assert_int_equal(f.ready[0], YJ_READY_RETURNED);
    assert_int_equal(f.ready[1], YJ_READY_BLOCKED);
    char *acts = actions();
    assert_string_equal(acts,
                        "submit:K01 material:li01 material:li01 accept:li01 item_result:li01");
    free(acts);
}

static void
test_edit(void **state)
{
    (void)state;
    char no[32], err[512] = "";
    submit(no, "王丽", "11010519491231002X");
    assert_int_equal(yj_cflow_open(&f, no, err, sizeof err), 0);
    struct yj_answers a;
    yj_answers_init(&a);
    yj_answers_copy(&a, &f.c.answers);
    yj_answers_set(&a, "mother.name", "王莉");
    assert_int_equal(yj_cflow_edit(&f, &a, "姓名写错", err, sizeof err), 0);
    yj_answers_free(&a);
    assert_status(no, YJ_CASE_SUBMITTED);
    assert_string_equal(yj_answers_get(&f.c.answers, "mother.name"), "王莉");
    assert_int_equal(f.c.revision, 2);
}

static void
test_stats_export_session(void **state)
{
    (void)state;
    char no[32], err[512] = "", from[11], to[11];
    submit(no, "王丽", "11010519491231002X");
    yj_cflow_stats_range(false, from, to);
    assert_string_equal(from, "2026-11-17");
    assert_string_equal(to, "2026-11-23");
    yj_cflow_stats_range(true, from, to);
    assert_string_equal(from, "2026-10-27");

    assert_int_equal(yj_cflow_stats(&f, false, err, sizeof err), 0);
    assert_true(f.have_stats);
    assert_int_equal(f.st.total, 1);
    char path[4096];
    assert_int_equal(yj_cflow_stats_export(&f, false, path, sizeof path), 0);
    char *want = xasprintf("%s/yijian-stats-day-2026-11-17-2026-11-23.csv", dir);
    assert_string_equal(path, want);
    free(want);
    assert_int_equal(access(path, R_OK), 0);
    /* week by week: reloaded */
    assert_int_equal(yj_cflow_stats(&f, true, err, sizeof err), 0);
    assert_int_equal(f.st.total, 1);
    /* an export into a directory that is not there fails and says where */
    yj_config_set("counter.export_dir", "/nonexistent/dir");
    assert_int_equal(yj_cflow_stats_export(&f, true, path, sizeof path), -1);
    assert_non_null(strstr(path, "/nonexistent/dir/yijian-stats-week-"));
    yj_config_set("counter.export_dir", dir);

    /* the session's acts are audited as the clerk */
    assert_int_equal(yj_cflow_lock(&f, "idle"), 0);
    assert_int_equal(yj_cflow_signout(&f, NULL), 0);
    assert_int_equal(yj_test_int(s, "SELECT count(*) FROM audit WHERE action = 'lock' AND "
                                    "actor_id = 'li01' AND detail = 'idle'"),
                     1);
    assert_int_equal(yj_test_int(s, "SELECT count(*) FROM audit WHERE action = 'signout' AND "
                                    "actor_id = 'li01'"),
                     1);
    assert_int_equal(yj_test_int(s, "SELECT count(*) FROM audit WHERE action = 'stats_export' "
                                    "AND actor_id = 'li01'"),
                     2);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_queue_search_open, setup, teardown),
        cmocka_unit_test_setup_teardown(test_case_life, setup, teardown),
        cmocka_unit_test_setup_teardown(test_returns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_edit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stats_export_session, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
