/* test_flow.c: one application's way through the flow (ui/flow.c) on the real
 * form set and a real database in a temp directory — guide, pages, submit,
 * drafts, the assisted submit — and the one path from a plan to a case: the
 * kiosk and `case submit` store the same case for the same answers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>
#include <sqlite3.h>

#include "core/casebuild.h"
#include "core/paths.h"
#include "core/util.h"
#include "store/counter.h"
#include "store/store.h"
#include "ui/flow.h"

static char dir[64];
static char dbpath[128];
static struct yj_formset *set;

/* Fresh temp dir, the real forms, a fixed day. */
static int
setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/yj_flow_XXXXXX");
    if (mkdtemp(dir) == NULL)
        return -1;
    snprintf(dbpath, sizeof dbpath, "%s/t.db", dir);
    setenv("YJ_TODAY", "2026-11-23", 1);
    yj_config_set("centre_code", "310104");
    yj_config_set("terminal_id", "K01");
    yj_config_set("holidays_file", "/nonexistent/holidays.txt");
    const char *src = getenv("YJ_SRC");
    char *fdir = xasprintf("%s/forms", src ? src : ".");
    set = yj_formset_load(fdir);
    free(fdir);
    if (set == NULL || set->nproblems) {
        if (set)
            yj_formset_print_problems(set, stderr);
        return -1;
    }
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    yj_formset_free(&set);
    char *cmd = xasprintf("rm -rf '%s'", dir);
    int rc = system(cmd);
    free(cmd);
    return rc == 0 ? 0 : -1;
}

static struct yj_store *
open_db(void)
{
    char err[1024] = "";
    struct yj_store *s = yj_store_open(dbpath, err, sizeof err);
    if (s == NULL)
        fail_msg("open: %s", err);
    return s;
}

/* forms/examples/NAME.json */
static void
example(const char *name, struct yj_answers *a)
{
    const char *src = getenv("YJ_SRC");
    char *path = xasprintf("%s/forms/examples/%s.json", src ? src : ".", name);
    char err[512];
    yj_answers_init(a);
    if (yj_answers_load_file(a, path, err, sizeof err) != 0)
        fail_msg("%s", err);
    free(path);
}

/* One number from the database (a COUNT(*) query). */
static long
count(const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    long n = -1;
    assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    if (sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

/* Run SQL on the database from outside the store. */
static void
exec_sql(const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
        fail_msg("%s: %s", sql, err);
    sqlite3_close(db);
}

/* Print the problems of the current page (to see why a check failed). */
static void
show_problems(const struct yj_flow *f)
{
    const struct yj_fmsg *m[32];
    size_t n = yj_flow_page_problems(f, m, 32);
    for (size_t i = 0; i < n; i++)
        fprintf(stderr, "  %s: %s\n", m[i]->field->id, m[i]->msg ? m[i]->msg : "");
}

/* Answer as a person at the kiosk: each guide question in turn, then each page
 * field by field (leaving every field), checking each page before the next. */
static void
drive(struct yj_flow *f, const char *thing, const struct yj_answers *ex)
{
    const struct yj_thing *t = yj_formset_thing(set, thing);
    assert_non_null(t);
    yj_flow_begin(f, t, NULL);
    const struct yj_question *q;
    while ((q = yj_flow_guide_current(f, NULL, NULL)) != NULL) {
        const char *v = yj_answers_get(ex, q->field->id);
        if (v == NULL)
            fail_msg("%s: no answer to guide question %s", thing, q->field->id);
        assert_int_not_equal(yj_flow_guide_answer(f, v), YJ_GUIDE_STOP);
    }
    assert_true(f->plan.eligible);
    for (f->page = 0; f->page < yj_flow_npages(f); f->page++) {
        for (size_t i = 0;; i++) {
            const struct yj_plan_section *ps = yj_flow_section(f); /* replans move it */
            if (ps == NULL || i >= ps->nfields)
                break;
            const struct yj_field *fd = ps->fields[i];
            const char *v = yj_answers_get(ex, fd->id);
            if (v != NULL)
                yj_flow_leave(f, fd, v);
        }
        if (yj_flow_page_check(f) != 0) {
            show_problems(f);
            fail_msg("%s: page %zu has problems", thing, f->page);
        }
    }
}

/* The kiosk's case: the flow driven by hand, then yj_flow_submit. */
static void
kiosk_case(struct yj_store *s, const char *thing, const struct yj_answers *ex, char no[64])
{
    struct yj_flow f;
    char err[512] = "";
    yj_flow_init(&f, set);
    drive(&f, thing, ex);
    if (yj_flow_submit(&f, s, "K01", NULL, err, sizeof err) != 0)
        fail_msg("kiosk submit %s: %s", thing, err);
    snprintf(no, 64, "%s", f.case_no);
    yj_flow_wipe(&f);
}

/* What `yijian case submit THING --answers FILE` does (src/cli/case.c). */
static void
cli_case(struct yj_store *s, const char *thing, const struct yj_answers *ex, const char *channel,
         const char *clerk, char no[64])
{
    struct yj_answers a;
    yj_answers_init(&a);
    /* A file may list the answers in any order: take them backwards. */
    for (size_t i = ex->n; i-- > 0;)
        yj_answers_set(&a, ex->v[i].id, ex->v[i].value);
    struct yj_plan p;
    memset(&p, 0, sizeof p);
    assert_int_equal(yj_plan_build(&p, set, yj_formset_thing(set, thing), &a), 0);
    assert_true(yj_plan_ok(&p));
    struct yj_case c;
    struct yj_case_origin o = {channel, NULL, NULL, clerk};
    yj_case_from_plan(&c, set, &p, &a, &o);
    struct yj_actor who = {"kiosk", "K01"};
    assert_int_equal(yj_store_submit(s, &c, &who), 0);
    snprintf(no, 64, "%s", c.case_no);
    yj_case_free(&c);
    yj_plan_free(&p);
    yj_answers_free(&a);
}

/* The stored case as JSON without what differs by nature (uuid, number, times;
 * with origin false also channel, clerk and helper). Caller frees. */
static char *
stored(struct yj_store *s, const char *no, bool origin)
{
    struct yj_case c;
    assert_int_equal(yj_store_case_get(s, no, &c), 0);
    char *text = yj_store_case_json(&c);
    yj_case_free(&c);
    json_error_t jerr;
    json_t *o = json_loads(text, 0, &jerr);
    free(text);
    assert_non_null(o);
    static const char *const drop[] = {"uuid", "case_no", "submitted_at", "updated_at"};
    for (size_t i = 0; i < YJ_ARRAY_LEN(drop); i++)
        json_object_del(o, drop[i]);
    if (!origin) {
        json_object_del(o, "channel");
        json_object_del(o, "clerk_id");
        json_object_del(o, "helper_id");
    }
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(o, "items"), i, it) json_object_del(it, "updated_at");
    char *out = json_dumps(o, JSON_COMPACT); /* key order kept: answers order counts */
    json_decref(o);
    return out;
}

/* The stored applicant of a case. */
static void
applicant(struct yj_store *s, const char *no, char *name, char *id)
{
    struct yj_case c;
    assert_int_equal(yj_store_case_get(s, no, &c), 0);
    strcpy(name, c.applicant_name ? c.applicant_name : "");
    strcpy(id, c.applicant_id ? c.applicant_id : "");
    yj_case_free(&c);
}

/* Kiosk, `case submit` and the counter's new case store the same case. */
static void
same_case(const char *thing, const char *want_name, const char *want_id)
{
    struct yj_store *s = open_db();
    struct yj_answers ex;
    example(thing, &ex);
    char kno[64], cno[64], ctr[64], name[128], id[64];
    kiosk_case(s, thing, &ex, kno);
    cli_case(s, thing, &ex, "kiosk", NULL, cno);
    assert_string_not_equal(kno, cno);
    char *k = stored(s, kno, true), *c = stored(s, cno, true);
    assert_string_equal(k, c);
    free(k);
    free(c);
    /* The counter's F5: the same flow with the counter's origin. */
    struct yj_flow f;
    char err[512] = "";
    yj_flow_init(&f, set);
    yj_flow_set_origin(&f, "counter", NULL, "C007");
    drive(&f, thing, &ex);
    assert_int_equal(yj_flow_submit(&f, s, "K01", NULL, err, sizeof err), 0);
    snprintf(ctr, sizeof ctr, "%s", f.case_no);
    yj_flow_wipe(&f);
    k = stored(s, kno, false);
    c = stored(s, ctr, false);
    assert_string_equal(k, c);
    free(k);
    free(c);
    struct yj_case cc;
    assert_int_equal(yj_store_case_get(s, ctr, &cc), 0);
    assert_string_equal(cc.channel, "counter");
    assert_string_equal(cc.clerk_id, "C007");
    for (size_t i = 0; i < cc.nitems; i++)
        assert_string_not_equal(cc.items[i].dept_id, "");
    yj_case_free(&cc);
    applicant(s, kno, name, id);
    assert_string_equal(name, want_name);
    assert_string_equal(id, want_id);
    yj_answers_free(&ex);
    yj_store_close(&s);
}

static void
test_same_birth(void **state)
{
    (void)state;
    same_case("birth", "李晓雯", "310104199405120022");
}

/* The family member who applies, never the deceased (issue 14 item 6). */
static void
test_same_death(void **state)
{
    (void)state;
    same_case("death", "张丽", "31010619680722048X");
    struct yj_store *s = open_db();
    struct yj_case_filter byid = {NULL, NULL, NULL, "31010619680722048X", 0};
    struct yj_case_filter deceased = {NULL, NULL, NULL, "310106194103150138", 0};
    struct yj_case *v;
    size_t n;
    assert_int_equal(yj_store_case_list(s, &byid, &v, &n), 0);
    assert_int_equal(n, 3);
    yj_store_case_list_free(v, n);
    assert_int_equal(yj_store_case_list(s, &deceased, &v, &n), 0);
    assert_int_equal(n, 0);
    yj_store_case_list_free(v, n);
    yj_store_close(&s);
}

static void
test_same_retirement(void **state)
{
    (void)state;
    same_case("retirement", "赵美玲", "310110197106100222");
}

static void
test_same_medical(void **state)
{
    (void)state;
    same_case("medical", "孙桂兰", "310106194803150446");
}

/* A derived field is read-only: what is typed there is not taken. */
static void
test_derived_readonly(void **state)
{
    (void)state;
    struct yj_answers ex;
    example("medical", &ex);
    struct yj_flow f;
    yj_flow_init(&f, set);
    drive(&f, "medical", &ex);
    const struct yj_field *g = yj_formset_field(set, "patient.gender");
    assert_true(yj_plan_derived(&f.plan, g));
    assert_false(yj_plan_derived(&f.plan, yj_formset_field(set, "patient.name")));
    assert_string_equal(yj_answers_get(&f.a, "patient.gender"), "F");
    yj_flow_leave(&f, g, "M");
    assert_string_equal(yj_answers_get(&f.a, "patient.gender"), "F");
    yj_flow_wipe(&f);
    yj_answers_free(&ex);
}

/* The applicant rule on its own: applicant.*, then agent.*, never deceased.*. */
static void
test_applicant_rule(void **state)
{
    (void)state;
    struct yj_answers a;
    example("death", &a);
    struct yj_plan p;
    memset(&p, 0, sizeof p);
    assert_int_equal(yj_plan_build(&p, set, yj_formset_thing(set, "death"), &a), 0);
    const char *name, *id;
    yj_case_applicant(&p, &a, &name, &id);
    assert_string_equal(name, "张丽");
    assert_string_equal(id, "31010619680722048X");
    /* Without the agent's answers nobody else stands in: never the deceased. */
    yj_answers_set(&a, "agent.id_number", NULL);
    yj_answers_set(&a, "agent.name", NULL);
    yj_case_applicant(&p, &a, &name, &id);
    assert_true(name == NULL || strcmp(name, "张国华") != 0);
    assert_true(id == NULL || strcmp(id, "310106194103150138") != 0);
    /* Answers are stored in id order, however they were given. */
    struct yj_case c;
    yj_case_from_plan(&c, set, &p, &a, NULL);
    for (size_t i = 1; i < c.answers.n; i++)
        assert_true(strcmp(c.answers.v[i - 1].id, c.answers.v[i].id) < 0);
    assert_string_equal(c.channel, "kiosk");
    assert_null(c.terminal);
    assert_int_equal(c.nitems, p.nitems);
    yj_case_free(&c);
    yj_plan_free(&p);
    yj_answers_free(&a);
}

/* Guide: a "no" that makes the person ineligible stops; back steps back. */
static void
test_guide_stop(void **state)
{
    (void)state;
    struct yj_flow f;
    yj_flow_init(&f, set);
    yj_flow_begin(&f, yj_formset_thing(set, "birth"), NULL);
    size_t k, n;
    const struct yj_question *q = yj_flow_guide_current(&f, &k, &n);
    assert_non_null(q);
    assert_int_equal(k, 1);
    assert_false(yj_flow_guide_back(&f));
    enum yj_guide_step st = YJ_GUIDE_NEXT;
    while (st == YJ_GUIDE_NEXT)
        st = yj_flow_guide_answer(&f, "no");
    assert_int_equal(st, YJ_GUIDE_STOP);
    assert_false(f.plan.eligible);
    assert_true(yj_flow_guide_back(&f));
    /* Submitting an ineligible application stores nothing. */
    struct yj_store *s = open_db();
    char err[512] = "";
    assert_int_equal(yj_flow_submit(&f, s, "K01", NULL, err, sizeof err), -1);
    assert_true(err[0] != '\0');
    assert_int_equal(count("SELECT COUNT(*) FROM cases"), 0);
    yj_store_close(&s);
    yj_flow_wipe(&f);
    assert_null(f.thing);
    assert_int_equal(f.a.n, 0);
}

/* A page with a wrong value is refused with the field's message. */
static void
test_page_problem(void **state)
{
    (void)state;
    struct yj_answers ex;
    example("retirement", &ex);
    struct yj_flow f;
    yj_flow_init(&f, set);
    drive(&f, "retirement", &ex);
    const struct yj_field *fd = yj_formset_field(set, "retiree.id_number");
    assert_non_null(fd);
    assert_true(yj_flow_goto_section(&f, f.plan.sections[0].section->id));
    assert_int_equal(yj_flow_leave(&f, fd, "310110197106100223"), YJ_V_ERR);
    assert_non_null(yj_flow_msg(&f, fd));
    struct yj_store *s = open_db();
    char err[512] = "";
    assert_int_equal(yj_flow_submit(&f, s, "K01", NULL, err, sizeof err), -1);
    assert_int_equal(count("SELECT COUNT(*) FROM cases"), 0);
    yj_store_close(&s);
    yj_flow_wipe(&f);
    yj_answers_free(&ex);
}

/* Drafts: saved with the page, loaded back, discarded; no slot, no draft. */
static void
test_drafts(void **state)
{
    (void)state;
    struct yj_answers ex;
    example("birth", &ex);
    struct yj_store *s = open_db();
    struct yj_flow f;
    yj_flow_init(&f, set);
    drive(&f, "birth", &ex);
    f.page = 2;
    char err[512] = "";
    assert_int_equal(yj_flow_draft_save(&f, s, "", "form", err, sizeof err), 0);
    assert_int_equal(count("SELECT COUNT(*) FROM drafts"), 0);
    assert_int_equal(yj_flow_draft_save(&f, s, "kiosk", "form", err, sizeof err), 0);
    char *thing = NULL, *page = NULL;
    struct yj_answers a;
    yj_answers_init(&a);
    assert_int_equal(yj_flow_draft_load(s, "kiosk", 1800, &thing, &page, &a), 0);
    assert_string_equal(thing, "birth");
    assert_string_equal(page, "form:2");
    assert_int_equal(a.n, f.a.n);
    assert_string_equal(yj_answers_get(&a, "mother.id_number"), "310104199405120022");
    free(thing);
    free(page);
    yj_answers_free(&a);
    /* Resuming the draft gives the same plan. */
    struct yj_flow g;
    yj_flow_init(&g, set);
    yj_answers_init(&a);
    thing = page = NULL;
    assert_int_equal(yj_flow_draft_load(s, "kiosk", 1800, &thing, &page, &a), 0);
    yj_flow_begin(&g, yj_formset_thing(set, thing), &a);
    assert_int_equal(g.plan.nitems, f.plan.nitems);
    assert_true(yj_plan_ok(&g.plan));
    free(thing);
    free(page);
    yj_answers_free(&a);
    yj_flow_wipe(&g);
    yj_flow_draft_discard(s, "kiosk");
    yj_answers_init(&a);
    assert_int_not_equal(yj_flow_draft_load(s, "kiosk", 1800, &thing, &page, &a), 0);
    yj_answers_free(&a);
    yj_flow_wipe(&f);
    yj_answers_free(&ex);
    yj_store_close(&s);
}

/* Fill the assisted mode's authorisation answers (scr_assist.c's fields). */
static void
authorise(struct yj_flow *f)
{
    yj_answers_set(&f->a, "auth.agent_name", "周明");
    yj_answers_set(&f->a, "auth.agent_id_number", "310104198807150031");
    yj_answers_set(&f->a, "auth.relationship", "child");
    yj_answers_set(&f->a, "auth.grounds", "申请人年老行动不便");
}

/* The assisted submit stores the case and its authorisation together. */
static void
test_assisted_submit(void **state)
{
    (void)state;
    struct yj_answers ex;
    example("retirement", &ex);
    struct yj_store *s = open_db();
    struct yj_flow f;
    yj_flow_init(&f, set);
    yj_flow_set_origin(&f, "assist", NULL, NULL);
    drive(&f, "retirement", &ex);
    authorise(&f);
    char err[512] = "";
    assert_int_equal(yj_flow_submit(&f, s, "K01", "H007", err, sizeof err), 0);
    char *q = xasprintf("SELECT COUNT(*) FROM audit WHERE action = 'assist.authorisation'"
                        " AND case_no = '%s' AND actor_kind = 'helper' AND actor_id = 'H007'"
                        " AND detail LIKE '%%310104********0031%%'"
                        " AND detail NOT LIKE '%%310104198807150031%%'",
                        f.case_no);
    assert_int_equal(count(q), 1);
    free(q);
    q = xasprintf("SELECT COUNT(*) FROM cases WHERE case_no = '%s' AND channel = 'assist'"
                  " AND helper_id = 'H007'",
                  f.case_no);
    assert_int_equal(count(q), 1);
    free(q);
    assert_int_equal(count("SELECT COUNT(*) FROM audit WHERE action = 'submit'"
                           " AND actor_kind = 'helper' AND actor_id = 'H007'"),
                     1);
    /* A kiosk submit writes no authorisation. */
    yj_flow_set_origin(&f, "kiosk", NULL, NULL);
    drive(&f, "retirement", &ex);
    assert_int_equal(yj_flow_submit(&f, s, "K01", NULL, err, sizeof err), 0);
    assert_int_equal(count("SELECT COUNT(*) FROM audit WHERE action = 'assist.authorisation'"), 1);
    yj_flow_wipe(&f);
    yj_answers_free(&ex);
    yj_store_close(&s);
}

/* A failure inside the submit transaction (here: the authorisation row is
 * refused) leaves neither the case nor the authorisation, nor a number used. */
static void
test_assisted_rollback(void **state)
{
    (void)state;
    struct yj_answers ex;
    example("retirement", &ex);
    struct yj_store *s = open_db();
    exec_sql("CREATE TRIGGER refuse_auth BEFORE INSERT ON audit"
             " WHEN NEW.action = 'assist.authorisation'"
             " BEGIN SELECT RAISE(ABORT, 'refused'); END;");
    struct yj_flow f;
    yj_flow_init(&f, set);
    yj_flow_set_origin(&f, "assist", NULL, NULL);
    drive(&f, "retirement", &ex);
    authorise(&f);
    char err[512] = "";
    assert_int_equal(yj_flow_submit(&f, s, "K01", "H007", err, sizeof err), -1);
    assert_true(err[0] != '\0');
    assert_string_equal(f.case_no, "");
    assert_int_equal(count("SELECT COUNT(*) FROM cases"), 0);
    assert_int_equal(count("SELECT COUNT(*) FROM case_items"), 0);
    assert_int_equal(count("SELECT COUNT(*) FROM outbox"), 0);
    assert_int_equal(count("SELECT COUNT(*) FROM audit WHERE action IN"
                           " ('submit', 'assist.authorisation')"),
                     0);
    /* The same submit goes through once nothing refuses it, as number 1. */
    exec_sql("DROP TRIGGER refuse_auth");
    assert_int_equal(yj_flow_submit(&f, s, "K01", "H007", err, sizeof err), 0);
    assert_non_null(strstr(f.case_no, "-0001-"));
    assert_int_equal(count("SELECT COUNT(*) FROM audit WHERE action = 'assist.authorisation'"), 1);
    /* An extra row without an action is refused the same way. */
    struct yj_case c;
    struct yj_plan *p = &f.plan;
    yj_case_from_plan(&c, set, p, &f.a, NULL);
    struct yj_actor who = {"kiosk", "K01"};
    struct yj_audit_entry bad = {{"helper", "H007"}, NULL, "x"};
    assert_int_equal(yj_store_submit_audited(s, &c, &who, &bad, 1), -1);
    assert_null(c.case_no);
    assert_int_equal(count("SELECT COUNT(*) FROM cases"), 1);
    yj_case_free(&c);
    yj_flow_wipe(&f);
    yj_answers_free(&ex);
    yj_store_close(&s);
}

/* What the screens around an application ask: the queue line, rating, sign-in. */
static void
test_screen_calls(void **state)
{
    (void)state;
    struct yj_store *s = open_db();
    char line[96];
    assert_int_equal(yj_flow_queue_line(s, line, sizeof line), 0);
    assert_string_equal(line, "已全部上报");
    assert_int_equal(yj_flow_queue_line(NULL, line, sizeof line), -1);
    struct yj_answers ex;
    example("birth", &ex);
    char no[64];
    kiosk_case(s, "birth", &ex, no);
    assert_int_equal(yj_flow_queue_line(s, line, sizeof line), 0);
    assert_string_equal(line, "待上报 1 件");
    struct yj_flow f;
    yj_flow_init(&f, set);
    snprintf(f.case_no, sizeof f.case_no, "%s", no);
    assert_int_equal(yj_flow_rate(&f, s, "K01", NULL, 5, "非常满意"), 0);
    assert_int_equal(count("SELECT COUNT(*) FROM audit WHERE action = 'rating'"
                           " AND actor_kind = 'kiosk' AND actor_id = 'K01'"
                           " AND detail = '{\"rating\":5,\"label\":\"非常满意\"}'"),
                     1);
    /* Helpers are accounts: an unknown id, a wrong PIN and a clerk-only
     * refusal are refused with a reason; the right PIN signs in. */
    char msg[256];
    struct yj_actor admin = {"admin", "boss"};
    assert_int_equal(yj_user_add(s, "H007", "帮办", YJ_ROLE_HELPER, "2468", &admin), 0);
    assert_int_equal(yj_flow_helper_signin(s, "zzz999", "2468", "K01", msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "工号或密码错误"));
    assert_int_equal(yj_flow_helper_signin(s, "H007", "1357", "K01", msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "工号或密码错误"));
    assert_int_equal(count("SELECT COUNT(*) FROM audit WHERE action = 'assist.signin'"), 0);
    assert_int_equal(count("UPDATE users SET locked_until = 0 WHERE id = 'H007' RETURNING 1"), 1);
    assert_int_equal(yj_flow_helper_signin(s, "H007", "2468", "K01", msg, sizeof msg), 0);
    assert_int_equal(yj_flow_helper_signout(s, "H007"), 0);
    assert_int_equal(count("SELECT COUNT(*) FROM audit WHERE actor_id = 'H007' AND action IN"
                           " ('assist.signin', 'assist.signout')"),
                     2);
    struct yj_actor who = yj_flow_actor(&f, "K01", "H007");
    assert_string_equal(who.kind, "kiosk");
    assert_string_equal(who.id, "H007");
    yj_flow_set_origin(&f, "counter", NULL, "C007");
    who = yj_flow_actor(&f, "K01", NULL);
    assert_string_equal(who.kind, "clerk");
    assert_string_equal(who.id, "C007");
    yj_flow_wipe(&f);
    yj_answers_free(&ex);
    yj_store_close(&s);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_same_birth, setup, teardown),
        cmocka_unit_test_setup_teardown(test_same_death, setup, teardown),
        cmocka_unit_test_setup_teardown(test_same_retirement, setup, teardown),
        cmocka_unit_test_setup_teardown(test_same_medical, setup, teardown),
        cmocka_unit_test_setup_teardown(test_derived_readonly, setup, teardown),
        cmocka_unit_test_setup_teardown(test_applicant_rule, setup, teardown),
        cmocka_unit_test_setup_teardown(test_guide_stop, setup, teardown),
        cmocka_unit_test_setup_teardown(test_page_problem, setup, teardown),
        cmocka_unit_test_setup_teardown(test_drafts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_assisted_submit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_assisted_rollback, setup, teardown),
        cmocka_unit_test_setup_teardown(test_screen_calls, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
