/* cases.c: submitting, importing, editing and purging cases, and a case as JSON.
 * Reading and the one search: case_query.c; materials: materials.c. */
#include "store/store_int.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/i18n.h"
#include "core/jsonw.h"
#include "core/paths.h"
#include "core/util.h"

/* Replace *dst with a copy of v. */
static void
set_str(char **dst, const char *v)
{
    char *n = v ? xstrdup(v) : NULL;
    free(*dst);
    *dst = n;
}

int
yj_store_caseno_canon(struct yj_store *s, const char *typed, char out[27])
{
    switch (yj_caseno_parse(typed, NULL, out)) {
    case YJ_CASENO_OK:
        return 0;
    case YJ_CASENO_BAD_CHECK:
        yj_store_set_err(s, _("办件编号 %s 的校验位不符，可能输错了一位或两位顺序颠倒，请核对。"),
                         typed);
        return -1;
    default:
        yj_store_set_err(
            s,
            _("办件编号 %s 格式不对，应为“6位中心代码-3位终端-8位日期-4位序号-校验位”，"
              "如 310104-K01-20261123-0007-M。"),
            typed);
        return -1;
    }
}

/* ---- JSON ---------------------------------------------------------------- */

#define QKEY(k)                                                                                    \
    {                                                                                              \
        "\"" k "\":", sizeof("\"" k "\":") - 1                                                     \
    }
/* The string members of a case as JSON keys, in the order they are written
 * (uuid to clerk_id; the columns 0-13 of a case row selected with CASE_COLS). */
static const struct {
    const char *q;
    size_t n;
} head_keys[YJ_STORE_CASE_NKEYS] = {
    QKEY("uuid"),         QKEY("case_no"),    QKEY("thing"),          QKEY("form_version"),
    QKEY("channel"),      QKEY("centre"),     QKEY("terminal"),       QKEY("status"),
    QKEY("submitted_at"), QKEY("updated_at"), QKEY("applicant_name"), QKEY("applicant_id"),
    QKEY("helper_id"),    QKEY("clerk_id")};

void
yj_store_json_answers(struct yj_jw *w, const struct yj_answers *a)
{
    yj_jw_obj(w);
    for (size_t i = 0; i < a->n; i++) {
        yj_jw_key(w, a->v[i].id);
        yj_jw_str(w, a->v[i].value);
    }
    yj_jw_obj_end(w);
}

void
yj_store_json_stored(struct yj_jw *w, const char *text)
{
    if (text == NULL) {
        yj_jw_null(w);
        return;
    }
    size_t n = strlen(text);
    if (yj_json_canonical(text, n, 0)) {
        yj_jw_raw(w, text, n);
        return;
    }
    /* Not in the canonical form: what jansson reads and writes back, or the
     * text as a string when it is no JSON object or array. */
    json_t *j = json_loads(text, 0, NULL);
    char *d = j ? json_dumps(j, JSON_PRESERVE_ORDER | JSON_COMPACT) : NULL;
    json_decref(j);
    if (d != NULL)
        yj_jw_raw(w, d, strlen(d));
    else
        yj_jw_strn(w, text, n);
    free(d);
}

void
yj_store_json_item(struct yj_jw *w, const char *item, const char *dept, long long limit_days,
                   const char *status, const char *due, const char *result, const char *updated)
{
    yj_jw_obj(w);
    YJ_JW_KEY(w, "item");
    yj_jw_str(w, item);
    YJ_JW_KEY(w, "dept");
    yj_jw_str(w, dept);
    YJ_JW_KEY(w, "time_limit_days");
    yj_jw_int(w, limit_days);
    YJ_JW_KEY(w, "status");
    yj_jw_str(w, status);
    YJ_JW_KEY(w, "due_date");
    yj_jw_str(w, due);
    YJ_JW_KEY(w, "result");
    yj_jw_str(w, result);
    YJ_JW_KEY(w, "updated_at");
    yj_jw_str(w, updated);
    yj_jw_obj_end(w);
}

void
yj_store_json_head(struct yj_jw *w, const char *const v[YJ_STORE_CASE_NKEYS], long long revision)
{
    for (size_t i = 0; i < YJ_STORE_CASE_NKEYS; i++) {
        yj_jw_key_raw(w, head_keys[i].q, head_keys[i].n);
        yj_jw_str(w, v[i]);
    }
    YJ_JW_KEY(w, "revision");
    yj_jw_int(w, revision);
}

void
yj_store_case_json_write(struct yj_jw *w, const struct yj_case *c)
{
    const char *const head[YJ_STORE_CASE_NKEYS] = {
        c->uuid,           c->case_no,      c->thing_id,  c->form_version, c->channel,
        c->centre,         c->terminal,     c->status,    c->submitted_at, c->updated_at,
        c->applicant_name, c->applicant_id, c->helper_id, c->clerk_id};
    yj_jw_obj(w);
    yj_store_json_head(w, head, c->revision);
    YJ_JW_KEY(w, "answers");
    yj_store_json_answers(w, &c->answers);
    YJ_JW_KEY(w, "departments");
    yj_store_json_stored(w, c->departments_json);
    YJ_JW_KEY(w, "items");
    yj_jw_arr(w);
    for (size_t i = 0; i < c->nitems; i++) {
        const struct yj_case_item *it = &c->items[i];
        yj_store_json_item(w, it->item_id, it->dept_id, it->time_limit_days, it->status,
                           it->due_date, it->result, it->updated_at);
    }
    yj_jw_arr_end(w);
    yj_jw_obj_end(w);
}

char *
yj_store_case_json(const struct yj_case *c)
{
    struct yj_buf b = {0};
    struct yj_jw w;
    yj_jw_init(&w, &b);
    yj_store_case_json_write(&w, c);
    return yj_buf_steal(&b);
}

char *
yj_store_answers_json(const struct yj_answers *a)
{
    struct yj_buf b = {0};
    struct yj_jw w;
    yj_jw_init(&w, &b);
    yj_store_json_answers(&w, a);
    return yj_buf_steal(&b);
}

/* SQL yj_answers_canon(text): stored answers in the canonical form (migration
 * 7); text already in it, NULL, or text that does not read as answers (left
 * for a listing to report as damaged) come back unchanged. */
static void
answers_canon_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *text = (const char *)sqlite3_value_text(argv[0]);
    size_t n = text ? (size_t)sqlite3_value_bytes(argv[0]) : 0;
    struct yj_answers a;
    char err[256];
    yj_answers_init(&a);
    if (text == NULL || strlen(text) != n || yj_json_canonical(text, n, YJ_JSON_ANSWERS) ||
        yj_answers_from_json(&a, text, err, sizeof err) != 0) {
        yj_answers_free(&a);
        sqlite3_result_value(ctx, argv[0]);
        return;
    }
    char *canon = yj_store_answers_json(&a);
    yj_answers_free(&a);
    sqlite3_result_text(ctx, canon, -1, free);
}

int
yj_store_answers_register(struct yj_store *s)
{
    return sqlite3_create_function(s->db, "yj_answers_canon", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                   NULL, answers_canon_fn, NULL, NULL);
}

/* ---- writing ------------------------------------------------------------- */

/* Insert the case row, items, outbox row (revision c->revision) and audit row. */
static int
insert_case(struct yj_store *s, const struct yj_case *c, const struct yj_actor *who,
            const char *action)
{
    char *answers = yj_store_answers_json(&c->answers);
    int rc = yj_store_run(
        s,
        "INSERT INTO cases(uuid, case_no, thing, form_version, channel, centre, terminal,"
        " status, submitted_at, updated_at, applicant_name, applicant_id, helper_id, clerk_id,"
        " revision, answers_json, departments_json) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        "ttttttttttttttitt", c->uuid, c->case_no, c->thing_id,
        c->form_version ? c->form_version : "", c->channel, c->centre, c->terminal, c->status,
        c->submitted_at, c->updated_at, c->applicant_name, c->applicant_id, c->helper_id,
        c->clerk_id, (long long)c->revision, answers, c->departments_json);
    free(answers);
    for (size_t i = 0; rc == SQLITE_OK && i < c->nitems; i++) {
        const struct yj_case_item *it = &c->items[i];
        rc = yj_store_run(s,
                          "INSERT INTO case_items(case_uuid, item_id, dept_id, time_limit_days,"
                          " status, due_date, result, updated_at, after_items)"
                          " VALUES (?,?,?,?,?,?,?,?,?)",
                          "tttittt"
                          "tt",
                          c->uuid, it->item_id, it->dept_id, (long long)it->time_limit_days,
                          it->status ? it->status : YJ_ITEM_PENDING, it->due_date, it->result,
                          it->updated_at ? it->updated_at : c->updated_at, it->after);
    }
    if (rc != SQLITE_OK)
        return rc;
    char *payload = yj_store_case_json(c);
    char *key = xasprintf("%s:%d", c->uuid, c->revision);
    rc = yj_store_run(s,
                      "INSERT INTO outbox(case_uuid, revision, idem_key, payload, state,"
                      " created_at) VALUES (?,?,?,?,'pending',?)",
                      "tittt", c->uuid, (long long)c->revision, key, payload, c->updated_at);
    free(key);
    free(payload);
    if (rc != SQLITE_OK)
        return rc;
    char *detail = xasprintf("thing=%s channel=%s items=%zu revision=%d", c->thing_id, c->channel,
                             c->nitems, c->revision);
    rc = yj_store_audit_row(s, who, action, c->case_no, detail);
    free(detail);
    return rc;
}

struct submit_ctx {
    struct yj_case *c;
    const struct yj_actor *who;
    bool *existed;
    const struct yj_audit_entry *extra; /* submit: more audit rows, same transaction */
    size_t nextra;
};

/* Is the case number already used? */
static int
caseno_used(struct yj_store *s, const char *no, bool *used)
{
    sqlite3_stmt *st;
    int rc = yj_store_prep(s, &st, "SELECT 1 FROM cases WHERE case_no = ?", "t", no);
    if (rc != SQLITE_OK)
        return rc;
    rc = sqlite3_step(st);
    *used = rc == SQLITE_ROW;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Transaction body of a submit: allocate the number, fill the derived fields,
 * insert everything. Safe to run again after a restart (fields are replaced). */
static int
submit_body(struct yj_store *s, void *vctx)
{
    struct submit_ctx *x = vctx;
    struct yj_case *c = x->c;
    char today[11], now[21], d8[9], no[YJ_CASENO_SIZE];
    yj_today(today);
    yj_now_iso(now);
    snprintf(d8, sizeof d8, "%.4s%.2s%.2s", today, today + 5, today + 8);
    char *key = xasprintf("caseno.seq.%s.%s.%s", c->centre, c->terminal, d8);
    char *have = NULL;
    int rc = yj_store_kv_read(s, key, &have);
    long seq = have ? atol(have) : 0;
    free(have);
    /* Skip numbers already taken (the clock went back, or an import). */
    for (bool used = true; rc == SQLITE_OK && used;) {
        if (++seq > YJ_CASENO_SEQ_MAX) {
            free(key);
            yj_store_set_err(s, _("本终端今天的办件编号（%d 个）已用完，请换一台终端办理。"),
                             YJ_CASENO_SEQ_MAX);
            return TX_APPERR;
        }
        if (yj_caseno_format(c->centre, c->terminal, today, (int)seq, no) != 0) {
            free(key);
            yj_store_set_err(s, _("无法生成办件编号（中心代码 %s、终端 %s、日期 %s）。"), c->centre,
                             c->terminal, today);
            return TX_APPERR;
        }
        rc = caseno_used(s, no, &used);
    }
    if (rc == SQLITE_OK) {
        char num[24];
        snprintf(num, sizeof num, "%ld", seq);
        rc = yj_store_kv_write(s, key, num);
    }
    free(key);
    if (rc != SQLITE_OK)
        return rc;
    set_str(&c->case_no, no);
    set_str(&c->submitted_at, now);
    set_str(&c->updated_at, now);
    set_str(&c->status, YJ_CASE_SUBMITTED);
    c->revision = 1;
    for (size_t i = 0; i < c->nitems; i++) {
        struct yj_case_item *it = &c->items[i];
        char due[11];
        if (yj_workdays_add(today, it->time_limit_days, &s->holidays, due) != 0) {
            yj_store_set_err(s, _("事项 %s 的办理时限不对。"), it->item_id);
            return TX_APPERR;
        }
        /* After a predecessor: due when the last one is done (items.c). */
        set_str(&it->due_date, it->after ? NULL : due);
        set_str(&it->status, YJ_ITEM_PENDING);
        set_str(&it->updated_at, now);
    }
    rc = insert_case(s, c, x->who, "submit");
    for (size_t i = 0; rc == SQLITE_OK && i < x->nextra; i++) {
        const struct yj_audit_entry *e = &x->extra[i];
        if (yj_str_empty(e->action)) {
            yj_store_set_err(s, "%s", _("办件的审计记录缺少动作名称。"));
            return TX_APPERR;
        }
        rc = yj_store_audit_row(s, &e->who, e->action, c->case_no, e->detail);
    }
    return rc;
}

/* Check what a case must have before it is stored. */
static int
check_case(struct yj_store *s, const struct yj_case *c)
{
    if (yj_str_empty(c->thing_id)) {
        yj_store_set_err(s, "%s", _("办件缺少“一件事”的编号。"));
        return -1;
    }
    if (c->nitems == 0) {
        yj_store_set_err(s, "%s", _("办件没有选中任何事项，不能提交。"));
        return -1;
    }
    for (size_t i = 0; i < c->nitems; i++) {
        const struct yj_case_item *it = &c->items[i];
        if (yj_str_empty(it->item_id) || yj_str_empty(it->dept_id) || it->time_limit_days < 0) {
            yj_store_set_err(s, "%s", _("办件的事项缺少编号、部门或办理时限。"));
            return -1;
        }
        for (size_t j = 0; j < i; j++) {
            if (strcmp(c->items[j].item_id, it->item_id) == 0) {
                yj_store_set_err(s, _("事项 %s 重复出现。"), it->item_id);
                return -1;
            }
        }
    }
    return 0;
}

int
yj_store_submit(struct yj_store *s, struct yj_case *c, const struct yj_actor *who)
{
    return yj_store_submit_audited(s, c, who, NULL, 0);
}

int
yj_store_submit_audited(struct yj_store *s, struct yj_case *c, const struct yj_actor *who,
                        const struct yj_audit_entry *extra, size_t nextra)
{
    if (check_case(s, c) != 0)
        return -1;
    if (c->centre == NULL || c->terminal == NULL) {
        const char *centre, *terminal;
        char err[512];
        if (yj_terminal_identity(&centre, &terminal, err, sizeof err) != 0) {
            yj_store_set_err(s, "%s", err);
            return -1;
        }
        if (c->centre == NULL)
            c->centre = xstrdup(centre);
        if (c->terminal == NULL)
            c->terminal = xstrdup(terminal);
    }
    if (!yj_centre_code_valid(c->centre)) {
        yj_store_set_err(s, _("中心代码 %s 不对：配置项 centre_code 应为 6 位数字。"), c->centre);
        return -1;
    }
    if (!yj_terminal_id_valid(c->terminal)) {
        yj_store_set_err(
            s, _("终端编号 %s 不对：配置项 terminal_id 应为 3 位大写字母或数字，如 K01。"),
            c->terminal);
        return -1;
    }
    if (c->channel == NULL)
        c->channel = xstrdup("kiosk");
    if (yj_str_empty(c->uuid)) {
        char u[37];
        yj_uuid_v4(u);
        set_str(&c->uuid, u);
    }
    struct submit_ctx x = {c, who, NULL, extra, nextra};
    int rc = yj_store_tx(s, submit_body, &x);
    if (rc != 0)
        set_str(&c->case_no, NULL); /* nothing was stored: show no number */
    return rc;
}

/* Transaction body of an import. */
static int
import_body(struct yj_store *s, void *vctx)
{
    struct submit_ctx *x = vctx;
    struct yj_case *c = x->c;
    sqlite3_stmt *st;
    int rc = yj_store_prep(s, &st, "SELECT case_no FROM cases WHERE uuid = ?", "t", c->uuid);
    if (rc != SQLITE_OK)
        return rc;
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW) {
        *x->existed = true;
        return SQLITE_OK;
    }
    if (rc != SQLITE_DONE)
        return rc;
    bool used;
    rc = caseno_used(s, c->case_no, &used);
    if (rc != SQLITE_OK)
        return rc;
    if (used) {
        yj_store_set_err(s, _("办件编号 %s 已被另一个办件使用，不能导入。"), c->case_no);
        return TX_APPERR;
    }
    return insert_case(s, c, x->who, "import");
}

int
yj_store_import(struct yj_store *s, struct yj_case *c, const struct yj_actor *who, bool *existed)
{
    bool dummy;
    if (existed == NULL)
        existed = &dummy;
    *existed = false;
    if (check_case(s, c) != 0)
        return -1;
    char canon[YJ_CASENO_SIZE];
    if (!yj_store_looks_uuid(c->uuid ? c->uuid : "")) {
        yj_store_set_err(s, "%s", _("导入的办件缺少有效的 UUID。"));
        return -1;
    }
    if (yj_store_caseno_canon(s, c->case_no, canon) != 0)
        return -1;
    set_str(&c->case_no, canon);
    char now[21];
    yj_now_iso(now);
    if (c->submitted_at == NULL)
        c->submitted_at = xstrdup(now);
    if (c->updated_at == NULL)
        c->updated_at = xstrdup(now);
    if (c->status == NULL)
        c->status = xstrdup(YJ_CASE_SUBMITTED);
    if (c->channel == NULL)
        c->channel = xstrdup("import");
    if (c->centre == NULL)
        c->centre = xstrndup(canon, 6);
    if (c->terminal == NULL)
        c->terminal = xstrndup(canon + 7, 3);
    if (c->revision < 1)
        c->revision = 1;
    /* An item without a due date (a sealed receipt code leaves them out): the
     * time limit in working days from the number's date, as at submit — but
     * one after a predecessor (it->after) waits for it, as at submit. */
    char day[11];
    snprintf(day, sizeof day, "%.4s-%.2s-%.2s", canon + 11, canon + 15, canon + 17);
    for (size_t i = 0; i < c->nitems; i++) {
        struct yj_case_item *it = &c->items[i];
        char due[11];
        if (it->after != NULL)
            set_str(&it->due_date, NULL); /* the code's date would not wait */
        if (it->due_date != NULL || it->after != NULL)
            continue;
        if (yj_workdays_add(day, it->time_limit_days, &s->holidays, due) != 0) {
            yj_store_set_err(s, _("事项 %s 的办理时限不对。"), it->item_id);
            return -1;
        }
        set_str(&it->due_date, due);
    }
    struct submit_ctx x = {c, who, existed, NULL, 0};
    return yj_store_tx(s, import_body, &x);
}

/* ---- changes ------------------------------------------------------------- */

struct change_ctx {
    const char *case_no; /* canonical */
    const char *status, *material, *reason;
    const struct yj_answers *answers;
    const struct yj_actor *who;
};

/* Look up uuid and status by canonical case number. */
int
yj_store_find_case(struct yj_store *s, const char *case_no, char **uuid, char **status,
                   int *revision)
{
    sqlite3_stmt *st;
    int rc = yj_store_prep(s, &st, "SELECT uuid, status, revision FROM cases WHERE case_no = ?",
                           "t", case_no);
    if (rc != SQLITE_OK)
        return rc;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *uuid = yj_store_col_str(st, 0);
        if (status)
            *status = yj_store_col_str(st, 1);
        if (revision)
            *revision = sqlite3_column_int(st, 2);
        rc = SQLITE_OK;
    } else if (rc == SQLITE_DONE) {
        yj_store_set_err(s, _("没有找到办件 %s。"), case_no);
        rc = TX_NOTFOUND;
    }
    sqlite3_finalize(st);
    return rc;
}

/* Transaction body: replace the answers, new revision, new outbox row. */
static int
edit_body(struct yj_store *s, void *vctx)
{
    struct change_ctx *x = vctx;
    char *uuid = NULL;
    int rev = 0;
    int rc = yj_store_find_case(s, x->case_no, &uuid, NULL, &rev);
    if (rc != SQLITE_OK)
        return rc;
    char now[21];
    yj_now_iso(now);
    char *json = yj_store_answers_json(x->answers);
    rc = yj_store_run(s,
                      "UPDATE cases SET answers_json = ?, revision = ?, updated_at = ?"
                      " WHERE uuid = ?",
                      "titt", json, (long long)rev + 1, now, uuid);
    free(json);
    struct yj_case c;
    if (rc == SQLITE_OK) {
        /* The payload of the new revision is the whole case as now stored. */
        int g = yj_store_case_get(s, uuid, &c);
        if (g != 0) {
            free(uuid);
            return TX_APPERR;
        }
        char *payload = yj_store_case_json(&c);
        char *key = xasprintf("%s:%d", uuid, rev + 1);
        rc = yj_store_run(s,
                          "INSERT INTO outbox(case_uuid, revision, idem_key, payload, state,"
                          " created_at) VALUES (?,?,?,?,'pending',?)",
                          "tittt", uuid, (long long)rev + 1, key, payload, now);
        free(key);
        free(payload);
        yj_case_free(&c);
    }
    if (rc == SQLITE_OK) {
        char *detail = xasprintf("revision %d: %s", rev + 1, x->reason ? x->reason : "");
        rc = yj_store_audit_row(s, x->who, "edit", x->case_no, detail);
        free(detail);
    }
    free(uuid);
    return rc;
}

int
yj_store_case_edit(struct yj_store *s, const char *case_no, const struct yj_answers *a,
                   const char *reason, const struct yj_actor *who)
{
    if (yj_str_empty(reason)) {
        yj_store_set_err(s, "%s", _("修改办件必须写明原因。"));
        return -1;
    }
    struct change_ctx x = {.answers = a, .reason = reason, .who = who};
    return yj_store_case_tx(s, case_no, &x.case_no, edit_body, &x);
}

/* ---- retention ----------------------------------------------------------- */

struct purge_ctx {
    int days;
    long count;
};

#define PURGE_WHERE                                                                                \
    " status = 'closed' AND purged = 0 AND updated_at <= ?1 AND NOT EXISTS"                        \
    " (SELECT 1 FROM outbox o WHERE o.case_uuid = cases.uuid AND o.state <> 'acked')"

/* Transaction body: purge personal data. */
static int
purge_body(struct yj_store *s, void *vctx)
{
    struct purge_ctx *p = vctx;
    time_t cut = yj_now() - (time_t)p->days * 86400;
    struct tm tm;
    char cutoff[21];
    gmtime_r(&cut, &tm);
    strftime(cutoff, sizeof cutoff, "%Y-%m-%dT%H:%M:%SZ", &tm);
    int rc =
        yj_store_run(s, "CREATE TEMP TABLE IF NOT EXISTS purge_set(uuid TEXT PRIMARY KEY)", "");
    if (rc == SQLITE_OK)
        rc = yj_store_run(s, "DELETE FROM temp.purge_set", "");
    if (rc == SQLITE_OK)
        rc = yj_store_run(s, "INSERT INTO temp.purge_set SELECT uuid FROM cases WHERE" PURGE_WHERE,
                          "t", cutoff);
    if (rc != SQLITE_OK)
        return rc;
    p->count = sqlite3_changes(s->db);
    if (p->count == 0)
        return SQLITE_OK;
    rc = yj_store_run(s,
                      "UPDATE cases SET answers_json = NULL, departments_json = NULL,"
                      " applicant_name = NULL, applicant_id = NULL, purged = 1"
                      " WHERE uuid IN (SELECT uuid FROM temp.purge_set)",
                      "");
    if (rc == SQLITE_OK)
        rc = yj_store_run(s,
                          "UPDATE case_items SET result = NULL"
                          " WHERE case_uuid IN (SELECT uuid FROM temp.purge_set)",
                          "");
    if (rc == SQLITE_OK)
        rc = yj_store_run(s,
                          "UPDATE outbox SET payload = NULL, last_error = NULL"
                          " WHERE case_uuid IN (SELECT uuid FROM temp.purge_set)",
                          "");
    /* What clerks wrote at the counter may name people too (reason is NOT NULL). */
    if (rc == SQLITE_OK)
        rc = yj_store_run(s,
                          "UPDATE case_events SET note = NULL"
                          " WHERE case_uuid IN (SELECT uuid FROM temp.purge_set)",
                          "");
    if (rc == SQLITE_OK)
        rc = yj_store_run(s,
                          "UPDATE case_returns SET reason = ''"
                          " WHERE case_uuid IN (SELECT uuid FROM temp.purge_set)",
                          "");
    if (rc == SQLITE_OK) {
        char *detail =
            xasprintf("%ld case(s) closed and acked, unchanged for %d day(s)", p->count, p->days);
        struct yj_actor sys = {"system", NULL};
        rc = yj_store_audit_row(s, &sys, "purge", NULL, detail);
        free(detail);
    }
    if (rc == SQLITE_OK)
        rc = yj_store_run(s, "DELETE FROM temp.purge_set", "");
    return rc;
}

long
yj_store_purge(struct yj_store *s, int older_than_days)
{
    if (older_than_days < 0) {
        yj_store_set_err(s, "%s", _("保留天数不能为负数。"));
        return -1;
    }
    struct purge_ctx p = {older_than_days, 0};
    if (yj_store_tx(s, purge_body, &p) != 0)
        return -1;
    /* Best effort: move the overwritten pages out of the WAL too. */
    if (p.count > 0)
        sqlite3_exec(s->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
    return p.count;
}
