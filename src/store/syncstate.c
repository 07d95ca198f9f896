/* syncstate.c: what sync keeps besides the outbox rows (the updates cursor, the
 * last contact), upstream results applied a page at a time, and the sync state
 * the screens and `yijian sync status` show. */
#include "store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/status.h"
#include "core/util.h"

int
yj_store_outbox_summary(struct yj_store *s, long long now, struct yj_outbox_summary *sum)
{
    memset(sum, 0, sizeof *sum);
    sqlite3_stmt *st;
    int rc = yj_store_prep(
        s, &st,
        "SELECT"
        " (SELECT count(*) FROM outbox WHERE state = 'pending'),"
        " (SELECT count(*) FROM outbox WHERE state = 'pending' AND next_attempt_at <= ?1),"
        " (SELECT count(*) FROM outbox WHERE state = 'held'),"
        " (SELECT count(*) FROM outbox WHERE state = 'acked'),"
        " (SELECT min(next_attempt_at) FROM outbox WHERE state = 'pending')",
        "i", now);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            sum->pending = (long)sqlite3_column_int64(st, 0);
            sum->due = (long)sqlite3_column_int64(st, 1);
            sum->held = (long)sqlite3_column_int64(st, 2);
            sum->acked = (long)sqlite3_column_int64(st, 3);
            sum->next_attempt_at = (long)sqlite3_column_int64(st, 4);
            rc = SQLITE_OK;
        }
        sqlite3_finalize(st);
    }
    char *cursor = NULL, *last = NULL;
    if (rc == SQLITE_OK)
        rc = yj_store_kv_read(s, YJ_KV_CURSOR, &cursor);
    if (rc == SQLITE_OK)
        rc = yj_store_kv_read(s, YJ_KV_LAST_OK, &last);
    snprintf(sum->cursor, sizeof sum->cursor, "%s", cursor ? cursor : "");
    snprintf(sum->last_ok_at, sizeof sum->last_ok_at, "%s", last ? last : "");
    free(cursor);
    free(last);
    if (rc != SQLITE_OK) {
        yj_store_set_sqlerr(s, rc, sqlite3_errmsg(s->db));
        return -1;
    }
    return 0;
}

struct problem_rows {
    struct yj_outbox_problem *v;
    size_t n;
};

/* One row to look at into the list. */
static void
problem_row(sqlite3_stmt *st, void *vctx)
{
    struct problem_rows *l = vctx;
    l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
    struct yj_outbox_problem *p = &l->v[l->n++];
    p->case_no = yj_store_col_str(st, 0);
    p->uuid = yj_store_col_str(st, 1);
    p->revision = sqlite3_column_int(st, 2);
    p->state = yj_store_col_str(st, 3);
    p->attempts = sqlite3_column_int(st, 4);
    p->http_status = sqlite3_column_int(st, 5);
    p->error = yj_store_col_str(st, 6);
}

int
yj_store_outbox_problems(struct yj_store *s, size_t limit, struct yj_outbox_problem **out,
                         size_t *n)
{
    struct problem_rows l = {NULL, 0};
    *out = NULL;
    *n = 0;
    if (yj_store_select(s, problem_row, &l,
                        "SELECT c.case_no, o.case_uuid, o.revision, o.state, o.attempts,"
                        " o.last_status, o.last_error FROM outbox o"
                        " LEFT JOIN cases c ON c.uuid = o.case_uuid"
                        " WHERE o.state = 'held' OR (o.state = 'pending' AND o.attempts > 0)"
                        " ORDER BY o.state, o.id LIMIT ?",
                        "i", (long long)limit) != 0) {
        yj_outbox_problems_free(l.v, l.n);
        return -1;
    }
    *out = l.v;
    *n = l.n;
    return 0;
}

void
yj_outbox_problems_free(struct yj_outbox_problem *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].case_no);
        free(v[i].uuid);
        free(v[i].state);
        free(v[i].error);
    }
    free(v);
}

const char *
yj_store_sync_state(struct yj_store *s, const char *case_uuid)
{
    sqlite3_stmt *st;
    const char *state = NULL;
    if (yj_store_prep(s, &st,
                      "SELECT"
                      " (SELECT count(*) FROM outbox WHERE case_uuid = ?1),"
                      " (SELECT count(*) FROM outbox WHERE case_uuid = ?1 AND state = 'held'"
                      "   AND NOT EXISTS (SELECT 1 FROM outbox n WHERE n.case_uuid = ?1"
                      "                   AND n.revision > outbox.revision"
                      "                   AND n.state = 'acked')),"
                      " (SELECT count(*) FROM outbox WHERE case_uuid = ?1 AND state = 'pending'),"
                      " (SELECT count(*) FROM case_items WHERE case_uuid = ?1 AND result_seq > 0)",
                      "t", case_uuid) != SQLITE_OK)
        return NULL;
    if (sqlite3_step(st) == SQLITE_ROW) {
        long rows = (long)sqlite3_column_int64(st, 0);
        long held = (long)sqlite3_column_int64(st, 1);
        long pending = (long)sqlite3_column_int64(st, 2);
        long answered = (long)sqlite3_column_int64(st, 3);
        if (rows == 0)
            state = NULL;
        else if (held > 0)
            state = YJ_SYNC_PROBLEM;
        else if (pending > 0)
            state = YJ_SYNC_QUEUED;
        else if (answered > 0)
            state = YJ_SYNC_ACCEPTED;
        else
            state = YJ_SYNC_SENT;
    }
    sqlite3_finalize(st);
    return state;
}

int
yj_store_sync_problem(struct yj_store *s, const char *case_uuid, char *out, size_t outsz)
{
    sqlite3_stmt *st;
    int found = 0;
    out[0] = '\0';
    if (yj_store_prep(s, &st,
                      "SELECT last_status, last_error FROM outbox WHERE case_uuid = ?1"
                      " AND state = 'held' ORDER BY revision DESC LIMIT 1",
                      "t", case_uuid) != SQLITE_OK)
        return 0;
    if (sqlite3_step(st) == SQLITE_ROW) {
        const unsigned char *e = sqlite3_column_text(st, 1);
        snprintf(out, outsz, "HTTP %d %s", sqlite3_column_int(st, 0), e ? (const char *)e : "");
        found = 1;
    }
    sqlite3_finalize(st);
    return found;
}

char *
yj_store_sync_cursor(struct yj_store *s)
{
    char *v = NULL;
    if (yj_store_kv_read(s, YJ_KV_CURSOR, &v) != SQLITE_OK)
        return NULL;
    return v;
}

struct updates_ctx {
    const struct yj_item_result *v;
    size_t n;
    const char *next;
    const struct yj_actor *who;
    long applied;
};

/* Transaction body: every result of the page, the cursor and the last contact. */
static int
updates_body(struct yj_store *s, void *vctx)
{
    struct updates_ctx *x = vctx;
    x->applied = 0;
    for (size_t i = 0; i < x->n; i++) {
        int outcome;
        int rc = yj_store_item_result_tx(s, &x->v[i], x->who, &outcome);
        if (rc == TX_NOTFOUND)
            continue; /* an update for a case or item this terminal does not have */
        if (rc != SQLITE_OK)
            return rc;
        x->applied += outcome == 0;
    }
    char now[21];
    yj_now_iso(now);
    int rc = yj_store_kv_write(s, YJ_KV_CURSOR, x->next);
    if (rc == SQLITE_OK)
        rc = yj_store_kv_write(s, YJ_KV_LAST_OK, now);
    return rc;
}

int
yj_store_sync_updates(struct yj_store *s, const struct yj_item_result *v, size_t n,
                      const char *next_cursor, const struct yj_actor *who, long *applied)
{
    struct updates_ctx x = {v, n, next_cursor, who, 0};
    int rc = yj_store_tx(s, updates_body, &x);
    *applied = rc == 0 ? x.applied : 0;
    return rc == 0 ? 0 : -1;
}
