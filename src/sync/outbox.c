/* outbox.c: the push side — due outbox rows go upstream, answers are committed. */
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/case.h"
#include "store/store.h"
#include "sync/sync_int.h"

/* One outbox row in flight. */
struct orow {
    long id;
    char *uuid;
    int revision;
    char *idem;
    long attempts;
    char *body; /* the JSON sent, NULL when the local case cannot be read */
    size_t bodylen;
    bool sent;
    enum yj_sync_verdict v;
    bool replayed;
    long status;
    long retry_after;
    char why[512];
};

struct yj_sync *
yj_sync_new(struct yj_store *store, const struct yj_sync_opts *o, char *err, size_t errsz)
{
    struct yj_sync *s = xcalloc(1, sizeof *s);
    s->store = store;
    s->db = yj_store_db(store);
    s->o = o;
    s->http = yj_http_new(o, err, errsz);
    if (s->http == NULL) {
        free(s);
        return NULL;
    }
    return s;
}

void
yj_sync_free(struct yj_sync **sp)
{
    struct yj_sync *s = *sp;
    if (s == NULL)
        return;
    yj_http_free(&s->http);
    free(s);
    *sp = NULL;
}

/* A text column as a malloc'd string ("" for NULL). */
static char *
col_dup(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return xstrdup(t ? (const char *)t : "");
}

/* Parse a stored JSON column; NULL and a reason when it is unreadable. */
static json_t *
col_json(sqlite3_stmt *st, int i, const char *what, char *why, size_t whysz)
{
    const char *t = (const char *)sqlite3_column_text(st, i);
    json_error_t je;
    json_t *j = t ? json_loads(t, JSON_REJECT_DUPLICATES, &je) : NULL;
    if (j == NULL)
        snprintf(why, whysz, "local %s unreadable: %s", what, t ? je.text : "missing");
    return j;
}

/* Set key to a text column, or JSON null. */
static void
set_col(json_t *o, const char *key, sqlite3_stmt *st, int i)
{
    const char *t = (const char *)sqlite3_column_text(st, i);
    json_object_set_new(o, key, t ? json_string(t) : json_null());
}

/* Build the body of POST /v1/cases: the payload frozen in the outbox row when the
 * store wrote one (column 10), else from the case row (columns 5..9, 11..14). */
static void
build_body(struct orow *r, sqlite3_stmt *st)
{
    const char *frozen = (const char *)sqlite3_column_text(st, 10);
    if (frozen && *frozen) {
        json_t *p = json_loads(frozen, 0, NULL);
        const char *u = json_string_value(json_object_get(p, "uuid"));
        if (u && strcmp(u, r->uuid) == 0) {
            json_object_set_new(p, "revision", json_integer(r->revision));
            r->body = json_dumps(p, JSON_COMPACT | JSON_PRESERVE_ORDER);
            r->bodylen = r->body ? strlen(r->body) : 0;
            json_decref(p);
            if (r->body == NULL)
                snprintf(r->why, sizeof r->why, "local case %s cannot be encoded", r->uuid);
            return;
        }
        json_decref(p);
    }
    if (sqlite3_column_type(st, 5) == SQLITE_NULL) {
        snprintf(r->why, sizeof r->why, "local case %s is missing", r->uuid);
        return;
    }
    json_t *answers = col_json(st, 8, "answers", r->why, sizeof r->why);
    json_t *depts = answers ? col_json(st, 9, "departments", r->why, sizeof r->why) : NULL;
    if (answers == NULL || depts == NULL) {
        json_decref(answers);
        return;
    }
    json_t *o = json_object();
    json_object_set_new(o, "uuid", json_string(r->uuid));
    json_object_set_new(o, "revision", json_integer(r->revision));
    set_col(o, "case_no", st, 5);
    set_col(o, "thing", st, 6);
    set_col(o, "form_version", st, 11);
    set_col(o, "channel", st, 12);
    set_col(o, "centre", st, 13);
    set_col(o, "terminal", st, 14);
    set_col(o, "submitted_at", st, 7);
    json_object_set_new(o, "answers", answers);
    json_object_set_new(o, "departments", depts);
    r->body = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    r->bodylen = r->body ? strlen(r->body) : 0;
    if (r->body == NULL)
        snprintf(r->why, sizeof r->why, "local case %s cannot be encoded", r->uuid);
    json_decref(o);
}

/* Read up to max due rows, oldest first; a later revision waits for the earlier
 * one unless that one is held (a clerk's edit supersedes a refused revision). */
static int
load_due(struct yj_sync *s, long max, struct orow **out, size_t *n, char *err, size_t errsz)
{
    static const char sql[] =
        "SELECT o.id, o.case_uuid, o.revision, o.idem_key, o.attempts, "
        "       c.case_no, c.thing, c.submitted_at, c.answers_json, c.departments_json, "
        "       o.payload, c.form_version, c.channel, c.centre, c.terminal "
        "FROM outbox o LEFT JOIN cases c ON c.uuid = o.case_uuid "
        "WHERE o.state = 'pending' AND o.next_attempt_at <= ?1 "
        "  AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.case_uuid = o.case_uuid "
        "                  AND p.revision < o.revision AND p.state = 'pending') "
        "ORDER BY o.next_attempt_at, o.id LIMIT ?2";
    sqlite3_stmt *st = NULL;
    *out = NULL;
    *n = 0;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
        snprintf(err, errsz, "database: %s", sqlite3_errmsg(s->db));
        return -1;
    }
    sqlite3_bind_int64(st, 1, (sqlite3_int64)time(NULL));
    sqlite3_bind_int64(st, 2, max);
    struct orow *v = xcalloc((size_t)max, sizeof *v);
    size_t k = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && k < (size_t)max) {
        struct orow *r = &v[k++];
        r->id = (long)sqlite3_column_int64(st, 0);
        r->uuid = col_dup(st, 1);
        r->revision = sqlite3_column_int(st, 2);
        r->idem = col_dup(st, 3);
        r->attempts = (long)sqlite3_column_int64(st, 4);
        r->retry_after = -1;
        build_body(r, st);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        snprintf(err, errsz, "database: %s", sqlite3_errmsg(s->db));
        for (size_t i = 0; i < k; i++) {
            free(v[i].uuid);
            free(v[i].idem);
            free(v[i].body);
        }
        free(v);
        return -1;
    }
    *out = v;
    *n = k;
    return 0;
}

/* Set r from a whole-request transport failure or answer. */
static void
verdict_from_resp(struct orow *r, const struct yj_http_resp *resp)
{
    r->sent = true;
    r->status = resp->ok ? resp->status : 0;
    r->retry_after = resp->retry_after;
    if (!resp->ok) {
        r->v = YJ_SYNC_RETRY;
        snprintf(r->why, sizeof r->why, "no answer: %s", resp->err);
        return;
    }
    r->v = yj_sync_classify(true, resp->status, resp->ctype, resp->body.data, r->uuid, r->revision,
                            &r->replayed, r->why, sizeof r->why);
}

/* After a failed request, may the pass go on with the next cases? Not when the
 * upstream as a whole looks unavailable (no answer, overload, gateway errors,
 * a captive portal, refused credentials); yes when the failure may be this
 * request's own (500, 408, 409), so that one bad case never blocks the others. */
static bool
pass_may_go_on(const struct yj_http_resp *resp, enum yj_sync_verdict v)
{
    if (v == YJ_SYNC_ACK || v == YJ_SYNC_HOLD)
        return true;
    if (v == YJ_SYNC_STOP || !resp->ok)
        return false;
    return resp->status == 500 || resp->status == 408 || resp->status == 409 || resp->status == 425;
}

/* POST one case. Returns true when the pass may go on. */
static bool
send_one(struct yj_sync *s, struct orow *r, struct yj_sync_stats *st, bool *answered)
{
    struct yj_http_resp resp;
    yj_http_request(s->http, "POST", "/v1/cases", r->body, r->bodylen, r->idem, &resp);
    st->requests++;
    *answered |= resp.ok;
    verdict_from_resp(r, &resp);
    bool go_on = pass_may_go_on(&resp, r->v);
    yj_buf_free(&resp.body);
    return go_on;
}

/* POST several cases to /v1/cases:batch. Returns true when the pass may go on;
 * *fallback when the rows should be sent one by one instead. */
static bool
send_batch(struct yj_sync *s, struct orow **rows, size_t n, struct yj_sync_stats *st,
           bool *answered, bool *fallback)
{
    struct yj_buf b = {0};
    yj_buf_adds(&b, "{\"items\":[");
    for (size_t i = 0; i < n; i++) {
        json_t *k = json_string(rows[i]->idem);
        char *ks = json_dumps(k, JSON_ENCODE_ANY);
        yj_buf_printf(&b, "%s{\"idempotency_key\":%s,\"case\":%s}", i ? "," : "", ks,
                      rows[i]->body);
        free(ks);
        json_decref(k);
    }
    yj_buf_adds(&b, "]}");
    struct yj_http_resp resp;
    yj_http_request(s->http, "POST", "/v1/cases:batch", b.data, b.len, NULL, &resp);
    yj_buf_free(&b);
    st->requests++;
    *answered |= resp.ok;
    *fallback = false;
    bool go_on = true;
    json_t *j = NULL;
    if (resp.ok && (resp.status == 404 || resp.status == 405 || resp.status == 501)) {
        s->batch_unsupported = true;
        *fallback = true;
        goto out;
    }
    if (resp.ok && resp.status >= 400 && resp.status < 500 && resp.status != 401 &&
        resp.status != 403 && resp.status != 408 && resp.status != 409 && resp.status != 425 &&
        resp.status != 429) {
        /* The batch as a whole was refused: let the server judge each case. */
        *fallback = true;
        goto out;
    }
    json_t *results = NULL;
    if (resp.ok && resp.status == 200 && strstr(resp.ctype, "json")) {
        j = json_loads(resp.body.data, 0, NULL);
        results = json_object_get(j, "results");
    }
    if (!json_is_array(results)) {
        /* No per-item answer: the whole request failed or was not understood. */
        for (size_t i = 0; i < n; i++) {
            verdict_from_resp(rows[i], &resp);
            if (rows[i]->v == YJ_SYNC_ACK || rows[i]->v == YJ_SYNC_HOLD) {
                rows[i]->v = YJ_SYNC_RETRY;
                snprintf(rows[i]->why, sizeof rows[i]->why,
                         "HTTP %ld to a batch without per-case results", resp.status);
            }
        }
        go_on = pass_may_go_on(&resp, YJ_SYNC_RETRY);
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        struct orow *r = rows[i];
        r->sent = true;
        r->v = YJ_SYNC_RETRY;
        r->status = resp.status;
        snprintf(r->why, sizeof r->why, "no result for this case in the batch answer");
        size_t k;
        json_t *it;
        json_array_foreach(results, k, it)
        {
            const char *key = json_string_value(json_object_get(it, "idempotency_key"));
            if (key == NULL || strcmp(key, r->idem) != 0)
                continue;
            long status = (long)json_integer_value(json_object_get(it, "status"));
            r->status = status;
            r->v = yj_sync_classify_json(status, it, NULL, r->uuid, r->revision, &r->replayed,
                                         r->why, sizeof r->why);
            if (r->v == YJ_SYNC_STOP)
                go_on = false;
            break;
        }
    }
out:
    json_decref(j);
    yj_buf_free(&resp.body);
    return go_on;
}

/* Random number in [0,1). */
static double
unit_random(void)
{
    return (double)randombytes_uniform(1000000) / 1e6;
}

/* Commit the answers of the sent rows in one transaction. */
static int
commit_rows(struct yj_sync *s, struct orow *v, size_t n, bool answered, char *err, size_t errsz)
{
    static const char sql[] =
        "UPDATE outbox SET state = ?2, attempts = attempts + 1, next_attempt_at = ?3, "
        "last_status = ?4, last_error = ?5, acked_at = ?6 WHERE id = ?1 AND state = 'pending'";
    sqlite3_stmt *st = NULL;
    long now = (long)time(NULL);
    char iso[21];
    yj_now_iso(iso);
    if (yj_sync_begin(s->db, err, errsz) != 0)
        return -1;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        goto dberr;
    for (size_t i = 0; i < n; i++) {
        struct orow *r = &v[i];
        if (!r->sent)
            continue;
        const char *state = r->v == YJ_SYNC_ACK    ? "acked"
                            : r->v == YJ_SYNC_HOLD ? "held"
                                                   : "pending";
        long next = now;
        if (r->v == YJ_SYNC_RETRY || r->v == YJ_SYNC_STOP)
            next = now + yj_sync_backoff(r->attempts + 1, s->o->backoff_base_ms,
                                         s->o->backoff_max_s, r->retry_after, unit_random());
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, r->id);
        sqlite3_bind_text(st, 2, state, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, next);
        if (r->status > 0)
            sqlite3_bind_int64(st, 4, r->status);
        else
            sqlite3_bind_null(st, 4);
        if (r->why[0])
            sqlite3_bind_text(st, 5, r->why, -1, SQLITE_STATIC);
        else
            sqlite3_bind_null(st, 5);
        if (r->v == YJ_SYNC_ACK)
            sqlite3_bind_text(st, 6, iso, -1, SQLITE_STATIC);
        else
            sqlite3_bind_null(st, 6);
        if (sqlite3_step(st) != SQLITE_DONE)
            goto dberr;
    }
    sqlite3_finalize(st);
    st = NULL;
    if (answered) {
        if (yj_sync_kv_set(s->db, YJ_KV_LAST_OK, iso) != 0)
            goto dberr;
    }
    return yj_sync_commit(s->db, err, errsz);
dberr:
    snprintf(err, errsz, "database: %s", sqlite3_errmsg(s->db));
    sqlite3_finalize(st);
    yj_sync_rollback(s->db);
    return -1;
}

/* Free the rows of one chunk. */
static void
free_rows(struct orow *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].uuid);
        free(v[i].idem);
        free(v[i].body);
    }
    free(v);
}

/* Send one chunk of rows; returns true when the pass may go on. */
static bool
send_chunk(struct yj_sync *s, struct orow *v, size_t n, struct yj_sync_stats *st, bool *answered)
{
    struct orow **ready = xcalloc(n, sizeof *ready);
    size_t nready = 0;
    bool go_on = true;
    for (size_t i = 0; i < n; i++) {
        if (v[i].body == NULL) { /* the local copy is broken: a clerk must look */
            v[i].sent = true;
            v[i].v = YJ_SYNC_HOLD;
        } else {
            ready[nready++] = &v[i];
        }
    }
    bool fallback = true;
    if (s->o->batch_size > 1 && !s->batch_unsupported && nready > 1)
        go_on = send_batch(s, ready, nready, st, answered, &fallback);
    if (fallback)
        for (size_t i = 0; i < nready && go_on; i++)
            go_on = send_one(s, ready[i], st, answered);
    for (size_t i = 0; i < n; i++) {
        if (!v[i].sent)
            continue;
        st->sent += v[i].body != NULL;
        if (v[i].retry_after > st->retry_after)
            st->retry_after = v[i].retry_after;
        switch (v[i].v) {
        case YJ_SYNC_ACK:
            st->acked++;
            st->replayed += v[i].replayed;
            break;
        case YJ_SYNC_HOLD:
            st->held++;
            break;
        default:
            st->retry++;
            break;
        }
    }
    free(ready);
    return go_on;
}

int
yj_sync_push(struct yj_sync *s, long max_rows, struct yj_sync_stats *st, char *err, size_t errsz)
{
    long done = 0;
    st->upstream_down = false;
    st->retry_after = -1;
    long chunk = s->o->batch_size > 1 ? s->o->batch_size : 20;
    for (;;) {
        long want = chunk;
        if (max_rows > 0 && max_rows - done < want)
            want = max_rows - done;
        if (want <= 0)
            break;
        struct orow *v;
        size_t n;
        if (load_due(s, want, &v, &n, err, errsz) != 0)
            return -1;
        if (n == 0) {
            free(v);
            break;
        }
        bool answered = false;
        bool go_on = send_chunk(s, v, n, st, &answered);
        int rc = commit_rows(s, v, n, answered, err, errsz);
        free_rows(v, n);
        if (rc != 0)
            return -1;
        done += (long)n;
        if (!go_on) {
            st->upstream_down = true;
            break;
        }
    }
    return 0;
}
