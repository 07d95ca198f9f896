/* outbox_rows.c: the outbox rows sync sends — which are due, what each answer did to
 * its row (with an audit row), releasing held rows, when the next one is due. */
#include "store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

struct due_rows {
    struct yj_outbox_row *v;
    size_t n;
};

/* One due row into the list. */
static void
due_row(sqlite3_stmt *st, void *vctx)
{
    struct due_rows *l = vctx;
    l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
    struct yj_outbox_row *r = &l->v[l->n++];
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(st, 0);
    r->uuid = yj_store_col_str(st, 1);
    r->revision = sqlite3_column_int(st, 2);
    r->idem_key = yj_store_col_str(st, 3);
    r->attempts = (long)sqlite3_column_int64(st, 4);
    r->payload = yj_store_col_str(st, 5);
    char **cols[] = {&r->case_no,          &r->thing,        &r->submitted_at, &r->answers_json,
                     &r->departments_json, &r->form_version, &r->channel,      &r->centre,
                     &r->terminal};
    for (size_t i = 0; i < YJ_ARRAY_LEN(cols); i++)
        *cols[i] = yj_store_col_str(st, 6 + (int)i);
}

int
yj_store_outbox_due(struct yj_store *s, long long now, long max, struct yj_outbox_row **out,
                    size_t *n)
{
    struct due_rows l = {NULL, 0};
    *out = NULL;
    *n = 0;
    if (yj_store_select(s, due_row, &l,
                        "SELECT o.id, o.case_uuid, o.revision, o.idem_key, o.attempts, o.payload,"
                        " c.case_no, c.thing, c.submitted_at, c.answers_json, c.departments_json,"
                        " c.form_version, c.channel, c.centre, c.terminal"
                        " FROM outbox o LEFT JOIN cases c ON c.uuid = o.case_uuid"
                        " WHERE o.state = 'pending' AND o.next_attempt_at <= ?1"
                        "  AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.case_uuid = o.case_uuid"
                        "                  AND p.revision < o.revision AND p.state = 'pending')"
                        " ORDER BY o.next_attempt_at, o.id LIMIT ?2",
                        "ii", now, (long long)max) != 0) {
        yj_outbox_rows_free(l.v, l.n);
        return -1;
    }
    *out = l.v;
    *n = l.n;
    return 0;
}

void
yj_outbox_rows_free(struct yj_outbox_row *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        struct yj_outbox_row *r = &v[i];
        char *strs[] = {r->uuid,         r->idem_key,     r->payload,      r->case_no,
                        r->thing,        r->submitted_at, r->answers_json, r->departments_json,
                        r->form_version, r->channel,      r->centre,       r->terminal};
        for (size_t k = 0; k < YJ_ARRAY_LEN(strs); k++)
            free(strs[k]);
    }
    free(v);
}

struct mark_ctx {
    const struct yj_outbox_mark *v;
    size_t n;
    const char *last_ok;
    const struct yj_actor *who;
};

/* The audit action for a new state of a row. */
static const char *
mark_action(const char *state)
{
    if (strcmp(state, "acked") == 0)
        return "sync_acked";
    if (strcmp(state, "held") == 0)
        return "sync_held";
    return "sync_retry";
}

/* Record one row's outcome (only while it is pending) and audit it. */
static int
mark_one(struct yj_store *s, const struct yj_outbox_mark *m, const struct yj_actor *who,
         const char *now)
{
    bool acked = strcmp(m->state, "acked") == 0;
    int rc = yj_store_run(s,
                          "UPDATE outbox SET state = ?2, attempts = attempts + 1,"
                          " next_attempt_at = ?3, last_status = NULLIF(?4, 0), last_error = ?5,"
                          " acked_at = ?6 WHERE id = ?1 AND state = 'pending'",
                          "itiitt", m->id, m->state, m->next_attempt_at,
                          (long long)(m->http_status > 0 ? m->http_status : 0),
                          m->error && *m->error ? m->error : NULL, acked ? now : NULL);
    if (rc != SQLITE_OK || sqlite3_changes(s->db) == 0)
        return rc;
    sqlite3_stmt *st;
    rc = yj_store_prep(s, &st,
                       "SELECT o.revision, c.case_no FROM outbox o"
                       " LEFT JOIN cases c ON c.uuid = o.case_uuid WHERE o.id = ?",
                       "i", m->id);
    if (rc != SQLITE_OK)
        return rc;
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(st);
        return rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    char *case_no = yj_store_col_str(st, 1);
    char http[32] = "no answer";
    if (m->http_status > 0)
        snprintf(http, sizeof http, "HTTP %ld", m->http_status);
    /* no reason text: the server may echo personal data, and audit rows stay */
    char *detail = xasprintf("revision %d: %s (%s)", sqlite3_column_int(st, 0), m->state, http);
    sqlite3_finalize(st);
    rc = yj_store_audit_row(s, who, mark_action(m->state), case_no, detail);
    free(detail);
    free(case_no);
    return rc;
}

/* Transaction body: every outcome, then the last contact. */
static int
mark_body(struct yj_store *s, void *vctx)
{
    struct mark_ctx *x = vctx;
    char now[21];
    yj_now_iso(now);
    int rc = SQLITE_OK;
    for (size_t i = 0; rc == SQLITE_OK && i < x->n; i++)
        rc = mark_one(s, &x->v[i], x->who, now);
    if (rc == SQLITE_OK && x->last_ok)
        rc = yj_store_kv_write(s, YJ_KV_LAST_OK, x->last_ok);
    return rc;
}

int
yj_store_outbox_mark(struct yj_store *s, const struct yj_outbox_mark *v, size_t n,
                     const char *last_ok, const struct yj_actor *who)
{
    struct mark_ctx x = {v, n, last_ok, who};
    return yj_store_tx(s, mark_body, &x);
}

struct release_ctx {
    const char *ref;
    const struct yj_actor *who;
    long count;
};

/* One released row: its audit row. */
struct released {
    char *case_no;
    int revision;
};

/* Transaction body: held rows back to pending, each audited. */
static int
release_body(struct yj_store *s, void *vctx)
{
    struct release_ctx *x = vctx;
    static const char which[] =
        " FROM outbox o LEFT JOIN cases c ON c.uuid = o.case_uuid WHERE o.state = 'held' AND"
        " (?1 IS NULL OR o.case_uuid = ?1 OR o.case_uuid ="
        "  (SELECT uuid FROM cases WHERE case_no = ?1)) AND NOT EXISTS"
        " (SELECT 1 FROM outbox n WHERE n.case_uuid = o.case_uuid"
        "  AND n.revision > o.revision AND n.state = 'acked')";
    char *sql = xasprintf("SELECT o.id, o.revision, c.case_no%s ORDER BY o.id", which);
    sqlite3_stmt *st;
    int rc = yj_store_prep(s, &st, sql, "t", x->ref);
    free(sql);
    if (rc != SQLITE_OK)
        return rc;
    long long *ids = NULL;
    struct released *rel = NULL;
    size_t n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        ids = xreallocarray(ids, n + 1, sizeof *ids);
        rel = xreallocarray(rel, n + 1, sizeof *rel);
        ids[n] = sqlite3_column_int64(st, 0);
        rel[n].revision = sqlite3_column_int(st, 1);
        rel[n].case_no = yj_store_col_str(st, 2);
        n++;
    }
    sqlite3_finalize(st);
    rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    for (size_t i = 0; rc == SQLITE_OK && i < n; i++) {
        rc =
            yj_store_run(s, "UPDATE outbox SET state = 'pending', next_attempt_at = 0 WHERE id = ?",
                         "i", ids[i]);
        if (rc == SQLITE_OK) {
            char *detail = xasprintf("revision %d: released", rel[i].revision);
            rc = yj_store_audit_row(s, x->who, "sync_released", rel[i].case_no, detail);
            free(detail);
        }
    }
    for (size_t i = 0; i < n; i++)
        free(rel[i].case_no);
    free(rel);
    free(ids);
    x->count = (long)n;
    return rc;
}

long
yj_store_outbox_release(struct yj_store *s, const char *case_ref, const struct yj_actor *who)
{
    struct release_ctx x = {case_ref, who, 0};
    if (yj_store_tx(s, release_body, &x) != 0)
        return -1;
    return x.count;
}

long
yj_store_outbox_next_due(struct yj_store *s, long long now)
{
    sqlite3_stmt *st;
    long r = -1;
    if (yj_store_prep(s, &st,
                      "SELECT min(next_attempt_at) FROM outbox o WHERE state = 'pending' AND NOT"
                      " EXISTS (SELECT 1 FROM outbox p WHERE p.case_uuid = o.case_uuid"
                      " AND p.revision < o.revision AND p.state = 'pending')",
                      "") != SQLITE_OK)
        return -1;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
        long long at = sqlite3_column_int64(st, 0);
        r = at > now ? (long)(at - now) : 0;
    }
    sqlite3_finalize(st);
    return r;
}
