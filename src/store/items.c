/* items.c: the one path from an item's result to the store — the counter's
 * results and upstream updates alike set the item, set the due date of the
 * items that waited for it, derive the case status from all its items
 * (core/status.c) and append the audit row. */
#include "store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/case.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/readiness.h"
#include "core/status.h"
#include "core/util.h"

/* The case a result is for: uuid, number and status (malloc'd). */
struct target {
    char *uuid, *case_no, *status;
};

static void
target_free(struct target *t)
{
    free(t->uuid);
    free(t->case_no);
    free(t->status);
}

/* Find the case by uuid or (typed) case number; upstream names cases by uuid
 * only (by_uuid). */
static int
find_target(struct yj_store *s, const char *ref, bool by_uuid, struct target *t)
{
    char canon[YJ_CASENO_SIZE];
    const char *sql = "SELECT uuid, case_no, status FROM cases WHERE uuid = ?";
    const char *key = ref;
    if (ref == NULL) {
        yj_store_set_err(s, "%s", _("没有给出办件编号。"));
        return TX_APPERR;
    }
    if (!by_uuid && !yj_store_looks_uuid(ref)) {
        if (yj_store_caseno_canon(s, ref, canon) != 0)
            return TX_APPERR;
        sql = "SELECT uuid, case_no, status FROM cases WHERE case_no = ?";
        key = canon;
    }
    sqlite3_stmt *st;
    int rc = yj_store_prep(s, &st, sql, "t", key);
    if (rc != SQLITE_OK)
        return rc;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        t->uuid = yj_store_col_str(st, 0);
        t->case_no = yj_store_col_str(st, 1);
        t->status = yj_store_col_str(st, 2);
        rc = SQLITE_OK;
    } else if (rc == SQLITE_DONE) {
        yj_store_set_err(s, _("没有找到办件 %s。"), ref);
        rc = TX_NOTFOUND;
    }
    sqlite3_finalize(st);
    return rc;
}

/* The item's status and result_seq; TX_NOTFOUND when the case has no such item. */
static int
find_item(struct yj_store *s, const struct target *t, const char *item_id, char **status,
          long long *seq)
{
    sqlite3_stmt *st;
    int rc = yj_store_prep(s, &st,
                           "SELECT status, result_seq FROM case_items"
                           " WHERE case_uuid = ? AND item_id = ?",
                           "tt", t->uuid, item_id);
    if (rc != SQLITE_OK)
        return rc;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *status = yj_store_col_str(st, 0);
        *seq = sqlite3_column_int64(st, 1);
        rc = SQLITE_OK;
    } else if (rc == SQLITE_DONE) {
        yj_store_set_err(s, _("办件 %s 中没有事项 %s。"), t->case_no ? t->case_no : t->uuid,
                         item_id);
        rc = TX_NOTFOUND;
    }
    sqlite3_finalize(st);
    return rc;
}

/* May a clerk record a result on this case and item? Only once the case was
 * accepted (accepted, or returned by an item) and the item with it. */
static int
clerk_may(struct yj_store *s, const struct target *t, const char *item_status)
{
    bool open = t->status && (strcmp(t->status, YJ_CASE_ACCEPTED) == 0 ||
                              strcmp(t->status, YJ_CASE_RETURNED) == 0);
    if (open && item_status && strcmp(item_status, YJ_ITEM_PENDING) != 0)
        return SQLITE_OK;
    yj_store_set_err(s, _("办件 %s 当前状态为“%s”，受理后才能登记事项结果。"), t->case_no,
                     yj_case_status_label(t->status));
    return TX_APPERR;
}

struct statuses {
    char **v;
    size_t n;
};

/* One item status into the list. */
static void
status_row(sqlite3_stmt *st, void *vctx)
{
    struct statuses *l = vctx;
    l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
    l->v[l->n++] = yj_store_col_str(st, 0);
}

struct waiting {
    char **id, **after, **status;
    int *limit;
    size_t n;
};

/* One item of the case; its predecessors only while it has no due date. */
static void
waiting_row(sqlite3_stmt *st, void *vctx)
{
    struct waiting *w = vctx;
    w->id = xreallocarray(w->id, w->n + 1, sizeof *w->id);
    w->after = xreallocarray(w->after, w->n + 1, sizeof *w->after);
    w->status = xreallocarray(w->status, w->n + 1, sizeof *w->status);
    w->limit = xreallocarray(w->limit, w->n + 1, sizeof *w->limit);
    w->id[w->n] = yj_store_col_str(st, 0);
    w->after[w->n] = sqlite3_column_type(st, 4) == SQLITE_NULL ? yj_store_col_str(st, 1) : NULL;
    w->status[w->n] = yj_store_col_str(st, 2);
    w->limit[w->n] = sqlite3_column_int(st, 3);
    w->n++;
}

/* Is every predecessor named in after (space separated) finished? */
static bool
preds_finished(const struct waiting *w, const char *after)
{
    const char *p = after;
    while (*p) {
        size_t len = strcspn(p, " ");
        bool done = false;
        for (size_t k = 0; len > 0 && k < w->n; k++)
            if (strlen(w->id[k]) == len && strncmp(w->id[k], p, len) == 0)
                done = yj_item_finished(w->status[k]);
        if (len > 0 && !done)
            return false;
        p += len;
        p += strspn(p, " ");
    }
    return true;
}

/* The items of the case that wait for predecessors (after_items) and have no
 * due date yet get one once the last of them is finished: their time limit in
 * working days from the day that result happened (at, else today). Whoever
 * records the result — counter, upstream through sync — goes through here. */
static int
successors_due(struct yj_store *s, const struct target *t, const char *at)
{
    struct waiting w = {0};
    char day[11], due[11];
    if (at && strlen(at) >= 10) {
        snprintf(day, sizeof day, "%.10s", at);
        if (!yj_date_valid(day))
            yj_today(day);
    } else {
        yj_today(day);
    }
    int rc = SQLITE_OK;
    if (yj_store_select(s, waiting_row, &w,
                        "SELECT item_id, after_items, status, time_limit_days, due_date"
                        " FROM case_items WHERE case_uuid = ? ORDER BY rowid",
                        "t", t->uuid) != 0)
        rc = TX_APPERR;
    for (size_t i = 0; rc == SQLITE_OK && i < w.n; i++) {
        if (w.after[i] == NULL || yj_item_finished(w.status[i]) || !preds_finished(&w, w.after[i]))
            continue;
        if (yj_workdays_add(day, w.limit[i], &s->holidays, due) != 0) {
            yj_store_set_err(s, _("事项 %s 的办理时限不对。"), w.id[i]);
            rc = TX_APPERR;
            break;
        }
        rc = yj_store_run(s,
                          "UPDATE case_items SET due_date = ? WHERE case_uuid = ? AND item_id = ?"
                          " AND due_date IS NULL",
                          "ttt", due, t->uuid, w.id[i]);
    }
    for (size_t i = 0; i < w.n; i++) {
        free(w.id[i]);
        free(w.after[i]);
        free(w.status[i]);
    }
    free(w.id);
    free(w.after);
    free(w.status);
    free(w.limit);
    return rc;
}

/* Derive the case status from all its items and store it (with a case_events row
 * when it changes). *to gets the new status (static). */
static int
derive_case(struct yj_store *s, const struct target *t, const struct yj_actor *who, const char *now,
            const char **to)
{
    struct statuses l = {NULL, 0};
    *to = t->status;
    if (yj_store_select(s, status_row, &l,
                        "SELECT status FROM case_items WHERE case_uuid = ? ORDER BY rowid", "t",
                        t->uuid) != 0)
        return TX_APPERR;
    *to = yj_case_status_derive(t->status, (const char *const *)l.v, l.n);
    for (size_t i = 0; i < l.n; i++)
        free(l.v[i]);
    free(l.v);
    if (strcmp(*to, YJ_CASE_CLOSED) == 0)
        return SQLITE_OK; /* a closed case keeps its status and its last change */
    bool changed = t->status == NULL || strcmp(*to, t->status) != 0;
    int rc = yj_store_run(s, "UPDATE cases SET status = ?, updated_at = ? WHERE uuid = ?", "ttt",
                          *to, now, t->uuid);
    if (rc == SQLITE_OK && changed)
        rc = yj_store_run(s,
                          "INSERT INTO case_events(case_uuid, at, actor_id, status, note)"
                          " VALUES (?,?,?,?,'item_result')",
                          "tttt", t->uuid, now, who ? who->id : NULL, *to);
    return rc;
}

int
yj_store_item_result_tx(struct yj_store *s, const struct yj_item_result *r,
                        const struct yj_actor *who, int *outcome)
{
    *outcome = 0;
    if (!yj_item_status_valid(r->status)) {
        yj_store_set_err(s, _("事项状态 %s 不存在。"), r->status ? r->status : "");
        return TX_APPERR;
    }
    struct target t = {NULL, NULL, NULL};
    char *item_status = NULL;
    long long have = 0;
    char now[21];
    yj_now_iso(now);
    int rc = find_target(s, r->case_ref, r->seq > 0, &t);
    if (rc == SQLITE_OK)
        rc = find_item(s, &t, r->item_id ? r->item_id : "", &item_status, &have);
    if (rc == SQLITE_OK && r->seq <= 0)
        rc = clerk_may(s, &t, item_status);
    if (rc == SQLITE_OK && r->seq > 0 && r->seq <= have) {
        *outcome = YJ_STORE_STALE; /* a repeat, or older than what the item holds */
        goto out;
    }
    if (rc == SQLITE_OK)
        rc = yj_store_run(s,
                          "UPDATE case_items SET status = ?, result = ?, result_seq = ?,"
                          " updated_at = ? WHERE case_uuid = ? AND item_id = ?",
                          "ttittt", r->status, r->result, r->seq > 0 ? r->seq : have,
                          r->at ? r->at : now, t.uuid, r->item_id);
    if (rc == SQLITE_OK && yj_item_finished(r->status))
        rc = successors_due(s, &t, r->at);
    const char *to = t.status;
    if (rc == SQLITE_OK)
        rc = derive_case(s, &t, who, now, &to);
    if (rc == SQLITE_OK) {
        struct yj_buf d = {0};
        if (t.status && to && strcmp(t.status, to) != 0)
            yj_buf_printf(&d, "%s -> %s: ", t.status, to);
        yj_buf_printf(&d, "%s: %s", r->item_id, r->status);
        if (r->result)
            yj_buf_printf(&d, " %s", r->result);
        if (r->seq > 0)
            yj_buf_printf(&d, " (update %lld)", r->seq);
        rc = yj_store_audit_row(s, who, "item_result", t.case_no, d.data);
        yj_buf_free(&d);
    }
out:
    free(item_status);
    target_free(&t);
    return rc;
}

struct result_ctx {
    const struct yj_item_result *r;
    const struct yj_actor *who;
    int outcome;
};

/* Transaction body: one result. */
static int
result_body(struct yj_store *s, void *vctx)
{
    struct result_ctx *x = vctx;
    return yj_store_item_result_tx(s, x->r, x->who, &x->outcome);
}

int
yj_store_item_result(struct yj_store *s, const struct yj_item_result *r, const struct yj_actor *who)
{
    struct result_ctx x = {r, who, 0};
    int rc = yj_store_tx(s, result_body, &x);
    return rc == 0 ? x.outcome : rc;
}
