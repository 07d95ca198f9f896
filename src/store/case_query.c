/* case_query.c: reading cases — one case by number or uuid with its items, and
 * the one search (case number, ID number, name, thing, status, dates) that
 * lists, the counter's search and `case find` share. */
#include "store/store_int.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/i18n.h"
#include "core/jsonw.h"
#include "core/util.h"

#define CASE_COLS                                                                                  \
    "uuid, case_no, thing, form_version, channel, centre, terminal, status, submitted_at,"         \
    " updated_at, applicant_name, applicant_id, helper_id, clerk_id, revision, answers_json,"      \
    " departments_json"

/* The columns of CASE_COLS without the answers and departments (NULL in their
 * place): a listing that prints neither does not read them from the page. */
#define CASE_COLS_LEAN                                                                             \
    "uuid, case_no, thing, form_version, channel, centre, terminal, status, submitted_at,"         \
    " updated_at, applicant_name, applicant_id, helper_id, clerk_id, revision, NULL, NULL"

/* Only the columns of a one-line summary (uuid, number, thing, channel, status,
 * submitted, applicant): fewer columns to carry through the sort. */
#define CASE_COLS_SUMMARY                                                                          \
    "uuid, case_no, thing, channel, status, submitted_at, applicant_name, applicant_id"
/* The summary's column of each of the ROW_STRS, -1 when it has none. */
static const int summary_cols[15] = {0, 1, 2, -1, 3, -1, -1, 4, 5, -1, 6, 7, -1, -1, -1};

/* The string fields of a case that come from its row, in column order (the
 * departments are column 16). */
#define ROW_STRS(c)                                                                                \
    {                                                                                              \
        &(c)->uuid, &(c)->case_no, &(c)->thing_id, &(c)->form_version, &(c)->channel,              \
            &(c)->centre, &(c)->terminal, &(c)->status, &(c)->submitted_at, &(c)->updated_at,      \
            &(c)->applicant_name, &(c)->applicant_id, &(c)->helper_id, &(c)->clerk_id,             \
            &(c)->departments_json                                                                 \
    }

/* Point the string fields of c at the row's own text (no copies: valid until the
 * statement steps again). */
static void
borrow_row(sqlite3_stmt *st, struct yj_case *c, bool summary)
{
    char **strs[] = ROW_STRS(c);
    size_t n = YJ_ARRAY_LEN(strs);
    for (size_t i = 0; i < n; i++) {
        int col = summary ? summary_cols[i] : i + 1 < n ? (int)i : 16;
        if (col >= 0)
            *strs[i] = (char *)sqlite3_column_text(st, col);
    }
    c->revision = summary ? 0 : sqlite3_column_int(st, 14);
}

/* Forget the borrowed strings of c (before yj_case_free). */
static void
unborrow(struct yj_case *c)
{
    char **strs[] = ROW_STRS(c);
    for (size_t i = 0; i < YJ_ARRAY_LEN(strs); i++)
        *strs[i] = NULL;
}

/* Fill c from a row selected with CASE_COLS; the answers are parsed only when
 * asked for. */
static int
case_from_row(struct yj_store *s, sqlite3_stmt *st, struct yj_case *c, bool answers)
{
    memset(c, 0, sizeof *c);
    yj_answers_init(&c->answers);
    char **cols[] = {&c->uuid,         &c->case_no,    &c->thing_id,       &c->form_version,
                     &c->channel,      &c->centre,     &c->terminal,       &c->status,
                     &c->submitted_at, &c->updated_at, &c->applicant_name, &c->applicant_id,
                     &c->helper_id,    &c->clerk_id};
    for (size_t i = 0; i < YJ_ARRAY_LEN(cols); i++)
        *cols[i] = yj_store_col_str(st, (int)i);
    c->revision = sqlite3_column_int(st, 14);
    const char *ans = answers ? (const char *)sqlite3_column_text(st, 15) : NULL;
    if (ans != NULL) {
        char jerr[256];
        if (yj_answers_from_json(&c->answers, ans, jerr, sizeof jerr) != 0) {
            yj_store_set_err(s, _("办件 %s 的答案数据已损坏：%s"), c->case_no, jerr);
            return -1;
        }
    }
    c->departments_json = yj_store_col_str(st, 16);
    return 0;
}

/* The one statement of a case's items (s->st_items), bound to the case's uuid
 * (which must stay valid while it is stepped; reset it when done). */
static int
items_stmt(struct yj_store *s, const char *uuid)
{
    int rc = yj_store_cached(s, &s->st_items,
                             "SELECT item_id, dept_id, time_limit_days, status, due_date, result,"
                             " updated_at FROM case_items WHERE case_uuid = ? ORDER BY rowid");
    if (rc == SQLITE_OK)
        sqlite3_bind_text(s->st_items, 1, uuid, -1, SQLITE_STATIC);
    return rc;
}

/* Load the items of c (by uuid), through the one statement prepared for it. */
static int
load_items(struct yj_store *s, struct yj_case *c)
{
    int rc = items_stmt(s, c->uuid);
    if (rc != SQLITE_OK)
        return rc;
    sqlite3_stmt *st = s->st_items;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        c->items = xreallocarray(c->items, c->nitems + 1, sizeof *c->items);
        struct yj_case_item *it = &c->items[c->nitems++];
        memset(it, 0, sizeof *it);
        it->item_id = yj_store_col_str(st, 0);
        it->dept_id = yj_store_col_str(st, 1);
        it->time_limit_days = sqlite3_column_int(st, 2);
        it->status = yj_store_col_str(st, 3);
        it->due_date = yj_store_col_str(st, 4);
        it->result = yj_store_col_str(st, 5);
        it->updated_at = yj_store_col_str(st, 6);
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

bool
yj_store_looks_uuid(const char *s)
{
    if (strlen(s) != 36)
        return false;
    for (int i = 0; i < 36; i++) {
        bool hy = i == 8 || i == 13 || i == 18 || i == 23;
        if (hy ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
            return false;
    }
    return true;
}

int
yj_store_case_get(struct yj_store *s, const char *key, struct yj_case *out)
{
    memset(out, 0, sizeof *out);
    yj_answers_init(&out->answers);
    char canon[YJ_CASENO_SIZE];
    const char *col = "uuid";
    const char *val = key;
    if (key == NULL) {
        yj_store_set_err(s, "%s", _("没有给出办件编号。"));
        return -1;
    }
    if (!yj_store_looks_uuid(key)) {
        if (yj_store_caseno_canon(s, key, canon) != 0)
            return -1;
        col = "case_no";
        val = canon;
    }
    bool by_uuid = strcmp(col, "uuid") == 0;
    sqlite3_stmt **slot = by_uuid ? &s->st_case_uuid : &s->st_case_no;
    int rc = yj_store_cached(s, slot,
                             by_uuid ? "SELECT " CASE_COLS " FROM cases WHERE uuid = ?"
                                     : "SELECT " CASE_COLS " FROM cases WHERE case_no = ?");
    if (rc != SQLITE_OK)
        goto sqlfail;
    sqlite3_stmt *st = *slot;
    sqlite3_bind_text(st, 1, val, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) {
        sqlite3_reset(st);
        yj_store_set_err(s, _("没有找到办件 %s。"), key);
        return YJ_STORE_NOTFOUND;
    }
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        goto sqlfail;
    }
    int r = case_from_row(s, st, out, true);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (r != 0) {
        yj_case_free(out);
        return -1;
    }
    rc = load_items(s, out);
    if (rc != SQLITE_OK) {
        yj_case_free(out);
        goto sqlfail;
    }
    return 0;
sqlfail:
    yj_store_set_sqlerr(s, rc, sqlite3_errmsg(s->db));
    return -1;
}

/* Local midnight of YYYY-MM-DD as UTC ISO 8601, for comparing with submitted_at. */
static int
local_day_start_utc(const char *ymd, char out[21])
{
    long d = yj_ymd_to_days(ymd);
    if (d == LONG_MIN)
        return -1;
    struct tm tm = {0};
    tm.tm_year = atoi(ymd) - 1900;
    tm.tm_mon = atoi(ymd + 5) - 1;
    tm.tm_mday = atoi(ymd + 8);
    tm.tm_isdst = -1;
    time_t t = mktime(&tm);
    struct tm u;
    gmtime_r(&t, &u);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &u);
    return 0;
}

bool
yj_store_looks_caseno(const char *text)
{
    size_t k = 0;
    for (const char *p = text; p && *p; p++) {
        if (*p == '-' || *p == ' ')
            continue;
        if (!isalnum((unsigned char)*p))
            return false;
        k++;
    }
    return k == YJ_CASENO_COMPACT_LEN;
}

/* Does the text look like an ID number (has a digit) rather than a name? */
static bool
has_digit(const char *s)
{
    for (; *s; s++)
        if (isdigit((unsigned char)*s))
            return true;
    return false;
}

/* Prepare the one search's statement selecting cols (f: which cases; NULL:
 * all) in the listing's order, bound. SQLITE_OK, else -1 with the message set. */
static int
listing_prepare(struct yj_store *s, const struct yj_case_filter *f, const char *cols,
                sqlite3_stmt **out)
{
    struct yj_buf sql = {0};
    const char *args[4];
    size_t nargs = 0;
    char since[21], idup[64], canon[YJ_CASENO_SIZE];
    yj_buf_printf(&sql, "SELECT %s FROM cases WHERE 1", cols);
    if (f && f->status) {
        yj_buf_adds(&sql, " AND status = ?");
        args[nargs++] = f->status;
    }
    if (f && f->thing) {
        yj_buf_adds(&sql, " AND thing = ?");
        args[nargs++] = f->thing;
    }
    if (f && f->since) {
        if (local_day_start_utc(f->since, since) != 0) {
            yj_store_set_err(s, _("日期 %s 不对，应为 YYYY-MM-DD。"), f->since);
            yj_buf_free(&sql);
            return -1;
        }
        yj_buf_adds(&sql, " AND submitted_at >= ?");
        args[nargs++] = since;
    }
    if (f && !yj_str_empty(f->text)) {
        if (yj_store_looks_caseno(f->text)) {
            if (yj_store_caseno_canon(s, f->text, canon) != 0) {
                yj_buf_free(&sql);
                return -1;
            }
            yj_buf_adds(&sql, " AND case_no = ?");
            args[nargs++] = canon;
        } else if (has_digit(f->text)) {
            size_t i = 0;
            for (; i < sizeof idup - 1 && f->text[i]; i++)
                idup[i] = (char)toupper((unsigned char)f->text[i]);
            idup[i] = '\0';
            yj_buf_adds(&sql, " AND applicant_id = ?");
            args[nargs++] = idup;
        } else {
            yj_buf_adds(&sql, " AND instr(applicant_name, ?) > 0");
            args[nargs++] = f->text;
        }
    }
    yj_buf_adds(&sql, " ORDER BY submitted_at DESC, case_no DESC");
    if (f && f->limit > 0)
        yj_buf_printf(&sql, " LIMIT %zu", f->limit);
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(s->db, sql.data, -1, &st, NULL);
    yj_buf_free(&sql);
    if (rc != SQLITE_OK) {
        yj_store_set_sqlerr(s, rc, sqlite3_errmsg(s->db));
        return -1;
    }
    for (size_t i = 0; i < nargs; i++)
        sqlite3_bind_text(st, (int)i + 1, args[i], -1, SQLITE_TRANSIENT);
    *out = st;
    return SQLITE_OK;
}

struct each_ctx {
    struct yj_store *s;
    unsigned what;
    int (*fn)(struct yj_case *c, void *ctx);
    void *ctx;
};

/* One row of yj_store_case_each: the case made from it, handed to fn. */
static int
each_case(sqlite3_stmt *st, void *vctx)
{
    struct each_ctx *x = vctx;
    bool summary = (x->what & YJ_CASE_SUMMARY) != 0;
    bool answers = !summary && (x->what & YJ_CASE_ANSWERS) != 0;
    struct yj_case c;
    memset(&c, 0, sizeof c);
    yj_answers_init(&c.answers);
    borrow_row(st, &c, summary);
    const char *ans = answers ? (const char *)sqlite3_column_text(st, 15) : NULL;
    char jerr[256];
    int result = 0;
    if (ans != NULL && yj_answers_from_json(&c.answers, ans, jerr, sizeof jerr) != 0) {
        yj_store_set_err(x->s, _("办件 %s 的答案数据已损坏：%s"), c.case_no, jerr);
        result = -1;
    }
    if (result == 0 && (x->what & YJ_CASE_ITEMS)) {
        int irc = load_items(x->s, &c);
        if (irc != SQLITE_OK) {
            yj_store_set_sqlerr(x->s, irc, sqlite3_errmsg(x->s->db));
            result = -1;
        }
    }
    if (result == 0)
        result = x->fn(&c, x->ctx);
    unborrow(&c);
    yj_case_free(&c);
    return result;
}

int
yj_store_case_each(struct yj_store *s, const struct yj_case_filter *f, unsigned what,
                   int (*fn)(struct yj_case *c, void *ctx), void *ctx)
{
    bool lean = (what & YJ_CASE_ANSWERS) == 0;
    bool summary = (what & YJ_CASE_SUMMARY) != 0;
    sqlite3_stmt *st;
    if (listing_prepare(s, f,
                        summary ? CASE_COLS_SUMMARY
                        : lean  ? CASE_COLS_LEAN
                                : CASE_COLS,
                        &st) != SQLITE_OK)
        return -1;
    struct each_ctx x = {s, what, fn, ctx};
    return yj_store_walk(s, st, each_case, &x);
}

/* Write the case at the current row of st (selected with CASE_COLS) as JSON:
 * the answers copied when stored in the canonical form, else read and written
 * again; the items written as the one items statement reads them. 0, or -1
 * with the message set. */
static int
row_json(struct yj_store *s, sqlite3_stmt *st, struct yj_jw *w)
{
    const char *head[YJ_STORE_CASE_NKEYS];
    for (int i = 0; i < YJ_STORE_CASE_NKEYS; i++)
        head[i] = (const char *)sqlite3_column_text(st, i);
    yj_jw_obj(w);
    yj_store_json_head(w, head, sqlite3_column_int(st, 14));
    YJ_JW_KEY(w, "answers");
    const char *ans = (const char *)sqlite3_column_text(st, 15);
    size_t alen = ans ? (size_t)sqlite3_column_bytes(st, 15) : 0;
    if (ans == NULL) {
        yj_jw_raw(w, "{}", 2);
    } else if (strlen(ans) == alen && yj_json_canonical(ans, alen, YJ_JSON_ANSWERS)) {
        yj_jw_raw(w, ans, alen);
    } else { /* stored some other way (by hand, or damaged): read it as a case is read */
        struct yj_answers a;
        yj_answers_init(&a);
        char jerr[256];
        if (yj_answers_from_json(&a, ans, jerr, sizeof jerr) != 0) {
            yj_store_set_err(s, _("办件 %s 的答案数据已损坏：%s"), head[1], jerr);
            yj_answers_free(&a);
            return -1;
        }
        yj_store_json_answers(w, &a);
        yj_answers_free(&a);
    }
    YJ_JW_KEY(w, "departments");
    yj_store_json_stored(w, (const char *)sqlite3_column_text(st, 16));
    YJ_JW_KEY(w, "items");
    yj_jw_arr(w);
    int rc = items_stmt(s, head[0]);
    sqlite3_stmt *it = s->st_items;
    while (rc == SQLITE_OK && (rc = sqlite3_step(it)) == SQLITE_ROW) {
        rc = SQLITE_OK;
        const char *v[7];
        for (int k = 0; k < 7; k++)
            v[k] = (const char *)sqlite3_column_text(it, k);
        yj_store_json_item(w, v[0], v[1], sqlite3_column_int(it, 2), v[3], v[4], v[5], v[6]);
    }
    if (it != NULL) {
        sqlite3_reset(it);
        sqlite3_clear_bindings(it);
    }
    if (rc != SQLITE_DONE) {
        yj_store_set_sqlerr(s, rc, sqlite3_errmsg(s->db));
        return -1;
    }
    yj_jw_arr_end(w);
    yj_jw_obj_end(w);
    return 0;
}

struct json_each_ctx {
    struct yj_store *s;
    struct yj_buf buf; /* one case's JSON, reused */
    int (*fn)(const char *json, size_t len, void *ctx);
    void *ctx;
};

/* One row of yj_store_case_json_each: its JSON handed to fn. */
static int
each_json(sqlite3_stmt *st, void *vctx)
{
    struct json_each_ctx *x = vctx;
    struct yj_jw w;
    yj_buf_reset(&x->buf);
    yj_jw_init(&w, &x->buf);
    int result = row_json(x->s, st, &w);
    return result != 0 ? result : x->fn(x->buf.data, x->buf.len, x->ctx);
}

int
yj_store_case_json_each(struct yj_store *s, const struct yj_case_filter *f,
                        int (*fn)(const char *json, size_t len, void *ctx), void *ctx)
{
    sqlite3_stmt *st;
    if (listing_prepare(s, f, CASE_COLS, &st) != SQLITE_OK)
        return -1;
    struct json_each_ctx x = {s, {0}, fn, ctx};
    int result = yj_store_walk(s, st, each_json, &x);
    yj_buf_free(&x.buf);
    return result;
}

struct case_vec {
    struct yj_case *v;
    size_t n;
};

/* Keep one case of a listing: the row's strings copied, answers and items moved. */
static int
keep_case(struct yj_case *c, void *vctx)
{
    struct case_vec *x = vctx;
    x->v = xreallocarray(x->v, x->n + 1, sizeof *x->v);
    struct yj_case *k = &x->v[x->n++];
    *k = *c;
    char **strs[] = ROW_STRS(k);
    for (size_t i = 0; i < YJ_ARRAY_LEN(strs); i++)
        *strs[i] = *strs[i] ? xstrdup(*strs[i]) : NULL;
    yj_answers_init(&c->answers);
    c->items = NULL;
    c->nitems = 0;
    return 0;
}

int
yj_store_case_list(struct yj_store *s, const struct yj_case_filter *f, struct yj_case **out,
                   size_t *n)
{
    struct case_vec x = {NULL, 0};
    *out = NULL;
    *n = 0;
    if (yj_store_case_each(s, f, YJ_CASE_ANSWERS | YJ_CASE_ITEMS, keep_case, &x) != 0) {
        yj_store_case_list_free(x.v, x.n);
        return -1;
    }
    *out = x.v;
    *n = x.n;
    return 0;
}

void
yj_store_case_list_free(struct yj_case *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        yj_case_free(&v[i]);
    free(v);
}
