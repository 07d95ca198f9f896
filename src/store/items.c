/* items.c: the one path from an item's result to the store — the counter's
 * results and upstream updates alike set the item, derive the case status from
 * all its items (core/status.c) and append the audit row. */
#include "store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/case.h"
#include "core/i18n.h"
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

int
yj_store_item_due(struct yj_store *s, const char *case_no, const char *item_id, int limit_days)
{
    char today[11], due[11];
    yj_today(today);
    if (yj_workdays_add(today, limit_days, &s->holidays, due) != 0) {
        yj_store_set_err(s, _("事项 %s 的办理时限不对。"), item_id);
        return -1;
    }
    int rc =
        yj_store_run(s,
                     "UPDATE case_items SET due_date = ? WHERE due_date IS NULL AND item_id = ?"
                     " AND case_uuid = (SELECT uuid FROM cases WHERE case_no = ?)",
                     "ttt", due, item_id, case_no);
    return rc == SQLITE_OK ? 0 : -1;
}
