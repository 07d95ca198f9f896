/* counter.c: the queue and the clerk's actions on the case store (materials: materials.c,
 * statistics: stats.c). */
#include "store/counter.h"
#include "store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/form.h"
#include "core/i18n.h"
#include "core/plan.h"
#include "core/readiness.h"
#include "core/status.h"

/* Seconds since the epoch of an ISO 8601 UTC time ("2026-11-23T08:15:00Z"), or -1. */
static long long
iso_to_unix(const char *iso)
{
    struct tm tm = {0};
    if (iso == NULL || strptime(iso, "%Y-%m-%dT%H:%M:%S", &tm) == NULL)
        return -1;
    return (long long)timegm(&tm);
}

/* ---- the queue ------------------------------------------------------------ */

/* How long the case has waited: to now, or for a closed case to its closing
 * (its last change, the hand-out), so the clock stops. */
static long
waited(const struct yj_queue_row *r, const char *updated_at, long long now)
{
    long long t = iso_to_unix(r->submitted_at);
    long long end = now;
    if (r->status && strcmp(r->status, YJ_CASE_CLOSED) == 0) {
        long long u = iso_to_unix(updated_at);
        if (u >= 0 && u < now)
            end = u;
    }
    return t >= 0 && end > t ? (long)(end - t) : 0;
}

#define QROW_COLS                                                                                  \
    "c.case_no, c.uuid, c.thing, c.status, c.channel, c.submitted_at, c.applicant_name,"           \
    " c.applicant_id,"                                                                             \
    " (SELECT count(*) FROM case_items i WHERE i.case_uuid = c.uuid),"                             \
    " (SELECT count(*) FROM case_items i WHERE i.case_uuid = c.uuid"                               \
    "   AND i.status IN ('done','certificate_issued')), c.updated_at"

struct qrow_ctx {
    long long now;
    int (*fn)(struct yj_queue_row *r, void *ctx);
    void *ctx;
};

/* One queue row handed to fn as it is read (its strings are freed after fn,
 * unless it took them). */
static int
each_row(sqlite3_stmt *st, void *vctx)
{
    struct qrow_ctx *x = vctx;
    struct yj_queue_row r;
    memset(&r, 0, sizeof r);
    char **cols[] = {&r.case_no, &r.uuid,         &r.thing,          &r.status,
                     &r.channel, &r.submitted_at, &r.applicant_name, &r.applicant_id};
    for (size_t i = 0; i < YJ_ARRAY_LEN(cols); i++)
        *cols[i] = yj_store_col_str(st, (int)i);
    r.nitems = sqlite3_column_int(st, 8);
    r.nfinished = sqlite3_column_int(st, 9);
    char *updated = yj_store_col_str(st, 10);
    r.waiting_s = waited(&r, updated, x->now);
    free(updated);
    int result = x->fn(&r, x->ctx);
    yj_queue_rows_free_one(&r);
    return result;
}

struct row_vec {
    struct yj_queue_row *v;
    size_t n;
};

/* Keep one queue row: its strings move into the vector. */
static int
keep_row(struct yj_queue_row *r, void *vctx)
{
    struct row_vec *x = vctx;
    x->v = xreallocarray(x->v, x->n + 1, sizeof *x->v);
    x->v[x->n++] = *r;
    memset(r, 0, sizeof *r);
    return 0;
}

void
yj_queue_rows_free_one(struct yj_queue_row *r)
{
    free(r->case_no);
    free(r->uuid);
    free(r->thing);
    free(r->status);
    free(r->channel);
    free(r->submitted_at);
    free(r->applicant_name);
    free(r->applicant_id);
    memset(r, 0, sizeof *r);
}

void
yj_queue_rows_free(struct yj_queue_row *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        yj_queue_rows_free_one(&v[i]);
    free(v);
}

/* One status's count into the queue's counts. */
static int
count_row(sqlite3_stmt *st, void *vctx)
{
    struct yj_queue_counts *counts = vctx;
    const char *status = (const char *)sqlite3_column_text(st, 0);
    long cnt = (long)sqlite3_column_int64(st, 1);
    counts->total += cnt;
    if (status == NULL)
        return 0;
    if (strcmp(status, YJ_CASE_SUBMITTED) == 0)
        counts->submitted = cnt;
    else if (strcmp(status, YJ_CASE_ACCEPTED) == 0)
        counts->accepted = cnt;
    else if (strcmp(status, YJ_CASE_RETURNED) == 0)
        counts->returned = cnt;
    else if (strcmp(status, YJ_CASE_DONE) == 0)
        counts->done = cnt;
    else if (strcmp(status, YJ_CASE_CLOSED) == 0)
        counts->closed = cnt;
    return 0;
}

/* Fill counts for today's and open cases of thing (NULL: all). */
static int
queue_counts(struct yj_store *s, const char *today, const char *thing,
             struct yj_queue_counts *counts)
{
    memset(counts, 0, sizeof *counts);
    sqlite3_stmt *st;
    int rc = yj_store_prep(s, &st,
                           "SELECT status, count(*) FROM cases WHERE (status <> 'closed' OR"
                           " date(submitted_at, 'localtime') = ?1) AND (?2 IS NULL OR thing = ?2)"
                           " GROUP BY status",
                           "tt", today, thing);
    if (rc != SQLITE_OK) {
        yj_store_set_sqlerr(s, rc, sqlite3_errmsg(s->db));
        return -1;
    }
    return yj_store_walk(s, st, count_row, counts);
}

int
yj_counter_queue(struct yj_store *s, const struct yj_queue_filter *f, struct yj_queue_row **out,
                 size_t *n, struct yj_queue_counts *counts)
{
    struct row_vec x = {NULL, 0};
    *out = NULL;
    *n = 0;
    if (yj_counter_queue_each(s, f, counts, keep_row, &x) != 0) {
        yj_queue_rows_free(x.v, x.n);
        return -1;
    }
    *out = x.v;
    *n = x.n;
    return 0;
}

int
yj_counter_queue_each(struct yj_store *s, const struct yj_queue_filter *f,
                      struct yj_queue_counts *counts, int (*fn)(struct yj_queue_row *r, void *ctx),
                      void *ctx)
{
    char today[11];
    if (f && f->today)
        snprintf(today, sizeof today, "%s", f->today);
    else
        yj_today(today);
    long long now = f && f->now ? f->now : (long long)yj_now();
    const char *status = f && !yj_str_empty(f->status) ? f->status : NULL;
    const char *thing = f && !yj_str_empty(f->thing) ? f->thing : NULL;
    if (counts && queue_counts(s, today, thing, counts) != 0)
        return -1;
    sqlite3_stmt *st;
    int rc = yj_store_prep(s, &st,
                           "SELECT " QROW_COLS " FROM cases c WHERE (c.status <> 'closed' OR"
                           " date(c.submitted_at, 'localtime') = ?1)"
                           " AND (?2 IS NULL OR c.status = ?2) AND (?3 IS NULL OR c.thing = ?3)"
                           " ORDER BY c.status = 'closed', c.submitted_at, c.case_no",
                           "ttt", today, status, thing);
    if (rc != SQLITE_OK) {
        yj_store_set_sqlerr(s, rc, sqlite3_errmsg(s->db));
        return -1;
    }
    struct qrow_ctx x = {now, fn, ctx};
    return yj_store_walk(s, st, each_row, &x);
}

int
yj_counter_search(struct yj_store *s, const char *text, struct yj_queue_row **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (yj_str_empty(text)) {
        yj_store_set_err(s, "%s", _("请输入办件编号、身份证号或姓名。"));
        return -1;
    }
    struct yj_case_filter f = {.text = text};
    struct yj_case *v;
    size_t nv;
    if (yj_store_case_list(s, &f, &v, &nv) != 0)
        return -1;
    long long now = (long long)yj_now();
    *out = nv ? xcalloc(nv, sizeof **out) : NULL;
    for (size_t i = 0; i < nv; i++) {
        struct yj_case *c = &v[i];
        struct yj_queue_row *r = &(*out)[i];
        /* the strings move from the case to the row */
        r->case_no = c->case_no;
        r->uuid = c->uuid;
        r->thing = c->thing_id;
        r->status = c->status;
        r->channel = c->channel;
        r->submitted_at = c->submitted_at;
        r->applicant_name = c->applicant_name;
        r->applicant_id = c->applicant_id;
        c->case_no = c->uuid = c->thing_id = c->status = c->channel = c->submitted_at =
            c->applicant_name = c->applicant_id = NULL;
        r->nitems = (int)c->nitems;
        for (size_t k = 0; k < c->nitems; k++)
            r->nfinished += yj_item_finished(c->items[k].status);
        r->waiting_s = waited(r, c->updated_at, now);
    }
    *n = nv;
    yj_store_case_list_free(v, nv);
    return 0;
}

/* ---- actions -------------------------------------------------------------- */

/* Load a case and refuse closed ones for changes. */
static int
load_open_case(struct yj_store *s, const char *case_no, struct yj_case *c)
{
    int rc = yj_store_case_get(s, case_no, c);
    if (rc != 0)
        return rc;
    if (c->status && strcmp(c->status, YJ_CASE_CLOSED) == 0) {
        yj_store_set_err(s, _("办件 %s 已出件办结，不能再修改。"), c->case_no);
        yj_case_free(c);
        return -1;
    }
    return 0;
}

int
yj_counter_material(struct yj_store *s, const struct yj_formset *set, const char *case_no,
                    const char *material_id, const char *state, const struct yj_actor *who)
{
    struct yj_case c;
    int rc = load_open_case(s, case_no, &c);
    if (rc != 0)
        return rc;
    struct yj_checklist cl;
    rc = yj_counter_checklist(s, set, &c, &cl);
    if (rc != 0)
        goto out;
    const struct yj_check_row *row = NULL;
    for (size_t i = 0; material_id && i < cl.n; i++)
        if (strcmp(cl.rows[i].material_id, material_id) == 0)
            row = &cl.rows[i];
    rc = -1;
    if (row == NULL)
        yj_store_set_err(s, _("办件 %s 不需要材料 %s。"), c.case_no,
                         material_id ? material_id : "");
    else if (state && strcmp(state, "exempt") == 0 && !row->e_licence)
        yj_store_set_err(s, _("材料“%s”没有电子证照，不能免提交，请核验原件。"), row->label);
    else
        rc = yj_store_material_set(s, c.case_no, material_id, state, who);
    yj_checklist_free(&cl);
out:
    yj_case_free(&c);
    return rc;
}

struct act_ctx {
    const char *case_no; /* canonical */
    const char *uuid;
    const char *from1, *from2; /* allowed current statuses (from2 may be NULL) */
    const char *to;            /* new case status, or NULL to keep it */
    const char *action;        /* audit action */
    const char *detail;        /* audit detail */
    const struct yj_actor *who;
    bool accept_items; /* pending items become accepted */
    bool set_clerk;
    /* return */
    const struct yj_return_reason *reasons;
    size_t nreasons;
};

/* Transaction body shared by the clerk's actions. */
static int
act_body(struct yj_store *s, void *vctx)
{
    struct act_ctx *x = vctx;
    sqlite3_stmt *st;
    int rc =
        yj_store_prep(s, &st, "SELECT uuid, status FROM cases WHERE case_no = ?", "t", x->case_no);
    if (rc != SQLITE_OK)
        return rc;
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE)
            return rc;
        yj_store_set_err(s, _("没有找到办件 %s。"), x->case_no);
        return TX_NOTFOUND;
    }
    char *uuid = yj_store_col_str(st, 0);
    char *status = yj_store_col_str(st, 1);
    sqlite3_finalize(st);
    char now[21];
    yj_now_iso(now);
    if (x->from1 && !(status && (strcmp(status, x->from1) == 0 ||
                                 (x->from2 && strcmp(status, x->from2) == 0)))) {
        yj_store_set_err(s, _("办件 %s 当前状态为“%s”，不能进行此操作。"), x->case_no,
                         yj_case_status_label(status));
        rc = TX_APPERR;
        goto out;
    }
    rc = SQLITE_OK;
    long long return_no = 0;
    if (rc == SQLITE_OK && x->nreasons > 0) {
        rc = yj_store_prep(s, &st,
                           "SELECT coalesce(max(return_no), 0) + 1 FROM case_returns"
                           " WHERE case_uuid = ?",
                           "t", uuid);
        if (rc == SQLITE_OK) {
            rc = sqlite3_step(st);
            return_no = sqlite3_column_int64(st, 0);
            rc = rc == SQLITE_ROW ? SQLITE_OK : rc;
            sqlite3_finalize(st);
        }
    }
    for (size_t i = 0; rc == SQLITE_OK && i < x->nreasons; i++) {
        const struct yj_return_reason *r = &x->reasons[i];
        if (r->material_id)
            rc = yj_store_run(s,
                              "INSERT INTO materials(case_uuid, material_id, state, actor_id, at)"
                              " VALUES (?,?,'missing',?,?) ON CONFLICT(case_uuid, material_id)"
                              " DO UPDATE SET state = 'missing', actor_id = excluded.actor_id,"
                              " at = excluded.at",
                              "tttt", uuid, r->material_id, x->who ? x->who->id : NULL, now);
        if (rc == SQLITE_OK)
            rc = yj_store_run(s,
                              "INSERT INTO case_returns(case_uuid, at, actor_id, material_id,"
                              " reason, return_no) VALUES (?,?,?,?,?,?)",
                              "ttttti", uuid, now, x->who ? x->who->id : NULL, r->material_id,
                              r->reason, return_no);
    }
    if (rc == SQLITE_OK && x->accept_items)
        rc = yj_store_run(s,
                          "UPDATE case_items SET status = 'accepted', updated_at = ?"
                          " WHERE case_uuid = ? AND status IN ('pending', 'returned')",
                          "tt", now, uuid);
    if (rc == SQLITE_OK && x->set_clerk)
        rc = yj_store_run(s, "UPDATE cases SET clerk_id = ? WHERE uuid = ?", "tt",
                          x->who ? x->who->id : NULL, uuid);
    if (rc == SQLITE_OK && x->to) {
        rc = yj_store_run(s, "UPDATE cases SET status = ?, updated_at = ? WHERE uuid = ?", "ttt",
                          x->to, now, uuid);
        if (rc == SQLITE_OK)
            rc = yj_store_run(s,
                              "INSERT INTO case_events(case_uuid, at, actor_id, status, note)"
                              " VALUES (?,?,?,?,?)",
                              "ttttt", uuid, now, x->who ? x->who->id : NULL, x->to, x->action);
    } else if (rc == SQLITE_OK) {
        rc = yj_store_run(s, "UPDATE cases SET updated_at = ? WHERE uuid = ?", "tt", now, uuid);
    }
    if (rc == SQLITE_OK) {
        char *detail = x->to ? xasprintf("%s -> %s%s%s", status, x->to, x->detail ? ": " : "",
                                         x->detail ? x->detail : "")
                             : xstrdup(x->detail ? x->detail : "");
        rc = yj_store_audit_row(s, x->who, x->action, x->case_no, detail);
        free(detail);
    }
out:
    free(uuid);
    free(status);
    return rc;
}

/* Canonical number into x->case_no's buffer and run the action. */
static int
run_action(struct yj_store *s, const char *case_no, struct act_ctx *x)
{
    return yj_store_case_tx(s, case_no, &x->case_no, act_body, x);
}

int
yj_counter_accept(struct yj_store *s, const struct yj_formset *set, const char *case_no,
                  const struct yj_actor *who)
{
    struct yj_case c;
    int rc = load_open_case(s, case_no, &c);
    if (rc != 0)
        return rc;
    struct yj_checklist cl;
    rc = yj_counter_checklist(s, set, &c, &cl);
    if (rc != 0)
        goto out;
    struct yj_buf missing = {0};
    size_t nmissing = 0;
    for (size_t i = 0; i < cl.n; i++) {
        const char *st = cl.rows[i].state;
        if (st == NULL || strcmp(st, "missing") == 0) {
            yj_buf_printf(&missing, "%s%s", nmissing ? "、" : "", cl.rows[i].label);
            nmissing++;
        }
    }
    if (nmissing > 0) {
        yj_store_set_err(s,
                         _("还有 %zu 项材料未核验：%s。请逐项勾选“已核验”或“电子证照免提交”，"
                           "缺少材料请退回补正。"),
                         nmissing, missing.data);
        rc = -1;
    } else {
        struct act_ctx x = {.from1 = YJ_CASE_SUBMITTED,
                            .from2 = YJ_CASE_RETURNED,
                            .to = YJ_CASE_ACCEPTED,
                            .action = "accept",
                            .who = who,
                            .accept_items = true,
                            .set_clerk = true};
        rc = run_action(s, c.case_no, &x);
    }
    yj_buf_free(&missing);
    yj_checklist_free(&cl);
out:
    yj_case_free(&c);
    return rc;
}

int
yj_counter_return(struct yj_store *s, const char *case_no, const struct yj_return_reason *r,
                  size_t n, const struct yj_actor *who)
{
    if (n == 0) {
        yj_store_set_err(s, "%s", _("退回补正必须写明缺少的材料或原因。"));
        return -1;
    }
    struct yj_buf detail = {0};
    for (size_t i = 0; i < n; i++) {
        if (yj_str_empty(r[i].reason)) {
            yj_store_set_err(s, "%s", _("每一项补正都必须写明原因。"));
            yj_buf_free(&detail);
            return -1;
        }
        yj_buf_printf(&detail, "%s%s%s%s", i ? "; " : "", r[i].material_id ? r[i].material_id : "",
                      r[i].material_id ? "=" : "", r[i].reason);
    }
    struct act_ctx x = {.from1 = YJ_CASE_SUBMITTED,
                        .from2 = YJ_CASE_RETURNED,
                        .to = YJ_CASE_RETURNED,
                        .action = "return",
                        .detail = detail.data,
                        .who = who,
                        .reasons = r,
                        .nreasons = n,
                        .set_clerk = true};
    int rc = run_action(s, case_no, &x);
    yj_buf_free(&detail);
    return rc;
}

struct reason_rows {
    char **reasons, **materials;
    size_t n;
};

/* One return reason into the lists. */
static void
reason_row(sqlite3_stmt *st, void *vctx)
{
    struct reason_rows *l = vctx;
    l->reasons = xreallocarray(l->reasons, l->n + 1, sizeof *l->reasons);
    l->materials = xreallocarray(l->materials, l->n + 1, sizeof *l->materials);
    l->reasons[l->n] = yj_store_col_str(st, 0);
    l->materials[l->n] = yj_store_col_str(st, 1);
    l->n++;
}

int
yj_counter_return_reasons(struct yj_store *s, const char *case_no, char ***reasons,
                          char ***materials, size_t *n)
{
    *reasons = NULL;
    *materials = NULL;
    *n = 0;
    struct reason_rows l = {NULL, NULL, 0};
    int rc = yj_store_select_case(
        s, reason_row, &l, case_no,
        "SELECT r.reason, r.material_id FROM case_returns r JOIN cases c"
        " ON c.uuid = r.case_uuid WHERE c.case_no = ?1"
        " AND coalesce(r.return_no, 0) = (SELECT coalesce(max(r2.return_no), 0)"
        "   FROM case_returns r2 WHERE r2.case_uuid = c.uuid)"
        " AND r.at = (SELECT max(r3.at) FROM case_returns r3"
        "   WHERE r3.case_uuid = c.uuid"
        "   AND coalesce(r3.return_no, 0) = coalesce(r.return_no, 0))"
        " ORDER BY r.id");
    if (rc != 0) {
        for (size_t i = 0; i < l.n; i++) {
            free(l.reasons[i]);
            free(l.materials[i]);
        }
        free(l.reasons);
        free(l.materials);
        return -1;
    }
    *reasons = l.reasons;
    *materials = l.materials;
    *n = l.n;
    return 0;
}

void
yj_counter_readiness(const struct yj_formset *set, const struct yj_case *c, int *ready)
{
    if (c->nitems == 0)
        return;
    struct yj_ready_in *in = xcalloc(c->nitems, sizeof *in);
    for (size_t i = 0; i < c->nitems; i++) {
        const struct yj_item *it = set ? yj_formset_item(set, c->items[i].item_id) : NULL;
        in[i].id = c->items[i].item_id;
        in[i].status = c->items[i].status;
        in[i].deps = it ? (const char *const *)it->depends_on : NULL;
        in[i].ndeps = it ? it->ndepends : 0;
    }
    for (size_t i = 0; i < c->nitems; i++)
        ready[i] = (int)yj_ready_item(in, c->nitems, i, NULL);
    free(in);
}

/* Label of an item id from the form set (the id itself when unknown). */
static const char *
item_label(const struct yj_formset *set, const char *id)
{
    const struct yj_item *it = set ? yj_formset_item(set, id) : NULL;
    return it ? yj_text(&it->label) : id;
}

int
yj_counter_item_result(struct yj_store *s, const struct yj_formset *set, const char *case_no,
                       const char *item_id, bool done, const char *text, const struct yj_actor *who)
{
    if (yj_str_empty(text)) {
        yj_store_set_err(s, "%s",
                         done ? _("办结必须填写证照或文书编号。") : _("退回必须写明原因。"));
        return -1;
    }
    struct yj_case c;
    int rc = load_open_case(s, case_no, &c);
    if (rc != 0)
        return rc;
    rc = -1;
    long idx = -1;
    for (size_t i = 0; item_id && i < c.nitems; i++)
        if (strcmp(c.items[i].item_id, item_id) == 0)
            idx = (long)i;
    if (idx < 0) {
        yj_store_set_err(s, _("办件 %s 中没有事项 %s。"), c.case_no, item_id ? item_id : "");
        goto out;
    }
    struct yj_ready_in *in = xcalloc(c.nitems, sizeof *in);
    for (size_t i = 0; i < c.nitems; i++) {
        const struct yj_item *it = set ? yj_formset_item(set, c.items[i].item_id) : NULL;
        in[i].id = c.items[i].item_id;
        in[i].status = c.items[i].status;
        in[i].deps = it ? (const char *const *)it->depends_on : NULL;
        in[i].ndeps = it ? it->ndepends : 0;
    }
    long wait = -1;
    /* a pending item (case not accepted yet): the store says why it is refused */
    enum yj_ready r = strcmp(c.items[idx].status, YJ_ITEM_PENDING) == 0
                          ? YJ_READY_NOW
                          : yj_ready_item(in, c.nitems, (size_t)idx, &wait);
    if (r == YJ_READY_FINISHED) {
        yj_store_set_err(s, _("事项“%s”已经办结。"), item_label(set, item_id));
    } else if (r == YJ_READY_WAITING || r == YJ_READY_BLOCKED ||
               (done && r == YJ_READY_RETURNED && wait >= 0)) {
        /* neither done nor returned by its department before its predecessors */
        yj_store_set_err(s, _("事项“%s”须在“%s”办结之后才能办理。"), item_label(set, item_id),
                         wait >= 0 ? item_label(set, in[wait].id) : "");
    } else {
        struct yj_item_result res = {.case_ref = c.case_no,
                                     .item_id = item_id,
                                     .status = done ? YJ_ITEM_DONE : YJ_ITEM_RETURNED,
                                     .result = text};
        rc = yj_store_item_result(s, &res, who);
        if (rc == YJ_STORE_NOTFOUND)
            rc = -1;
        /* its successors' due dates: the store sets them (items.c) */
    }
    free(in);
out:
    yj_case_free(&c);
    return rc;
}

int
yj_counter_handout(struct yj_store *s, const char *case_no, const char *note,
                   const struct yj_actor *who)
{
    struct act_ctx x = {.from1 = YJ_CASE_DONE,
                        .to = YJ_CASE_CLOSED,
                        .action = "handout",
                        .detail = yj_str_empty(note) ? NULL : note,
                        .who = who};
    return run_action(s, case_no, &x);
}

int
yj_counter_edit(struct yj_store *s, const struct yj_formset *set, const char *case_no,
                const struct yj_answers *a, const char *reason, const struct yj_actor *who)
{
    if (yj_str_empty(reason)) {
        yj_store_set_err(s, "%s", _("修改办件必须写明原因。"));
        return -1;
    }
    struct yj_case c;
    int rc = load_open_case(s, case_no, &c);
    if (rc != 0)
        return rc;
    rc = -1;
    const struct yj_thing *t = set ? yj_formset_thing(set, c.thing_id) : NULL;
    if (t == NULL) {
        yj_store_set_err(s, _("找不到一件事 %s 的表单定义。"), c.thing_id);
        yj_case_free(&c);
        return -1;
    }
    struct yj_answers copy;
    yj_answers_init(&copy);
    yj_answers_copy(&copy, a);
    struct yj_plan p;
    memset(&p, 0, sizeof p);
    if (yj_plan_build(&p, set, t, &copy) != 0 || !yj_plan_ok(&p)) {
        const char *why = _("答案未通过校验");
        for (size_t i = 0; i < p.nissues; i++)
            if (p.issues[i].level == YJ_V_ERR || p.issues[i].level == YJ_V_WARN) {
                why = p.issues[i].msg;
                break;
            }
        if (!p.eligible && p.nineligible > 0)
            why = p.ineligible[0];
        yj_store_set_err(s, _("修改后的答案不能保存：%s"), why);
    } else {
        rc = yj_store_case_edit(s, c.case_no, &copy, reason, who);
    }
    yj_plan_free(&p);
    yj_answers_free(&copy);
    yj_case_free(&c);
    return rc;
}

struct audit_rows {
    struct yj_audit_row *v;
    size_t n;
};

/* One audit row into the list. */
static void
audit_row(sqlite3_stmt *st, void *vctx)
{
    struct audit_rows *l = vctx;
    l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
    struct yj_audit_row *r = &l->v[l->n++];
    r->at = yj_store_col_str(st, 0);
    r->actor_kind = yj_store_col_str(st, 1);
    r->actor_id = yj_store_col_str(st, 2);
    r->action = yj_store_col_str(st, 3);
    r->detail = yj_store_col_str(st, 4);
}

int
yj_counter_audit(struct yj_store *s, const char *case_no, struct yj_audit_row **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    struct audit_rows l = {NULL, 0};
    if (yj_store_select_case(s, audit_row, &l, case_no,
                             "SELECT at, actor_kind, actor_id, action, detail FROM audit"
                             " WHERE case_no = ? ORDER BY id") != 0) {
        yj_audit_rows_free(l.v, l.n);
        return -1;
    }
    *out = l.v;
    *n = l.n;
    return 0;
}

void
yj_audit_rows_free(struct yj_audit_row *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].at);
        free(v[i].actor_kind);
        free(v[i].actor_id);
        free(v[i].action);
        free(v[i].detail);
    }
    free(v);
}
