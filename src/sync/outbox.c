/* outbox.c: the push side — due outbox rows go upstream, answers are committed. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/case.h"
#include "store/auditchain.h"
#include "store/store.h"
#include "sync/sync_int.h"

/* One outbox row in flight. */
struct orow {
    long long id;
    char *uuid;
    int revision;
    char *idem;
    long attempts;
    char *body; /* the JSON sent, NULL when the local case cannot be read */
    size_t bodylen;
    bool sent;
    bool line; /* failed for the line's sake: no answer or an overload answer */
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
    free(s->tried);
    free(s);
    *sp = NULL;
}

/* Parse a stored JSON text; NULL and a reason when it is unreadable. */
static json_t *
text_json(const char *t, const char *what, char *why, size_t whysz)
{
    json_error_t je;
    json_t *j = t ? json_loads(t, JSON_REJECT_DUPLICATES, &je) : NULL;
    if (j == NULL)
        snprintf(why, whysz, "local %s unreadable: %s", what, t ? je.text : "missing");
    return j;
}

/* Set key to a text, or JSON null. */
static void
set_text(json_t *o, const char *key, const char *t)
{
    json_object_set_new(o, key, t ? json_string(t) : json_null());
}

/* Build the body of POST /v1/cases: the payload frozen in the outbox row when the
 * store wrote one, else from the case row. */
static void
build_body(struct orow *r, const struct yj_outbox_row *row)
{
    const char *frozen = row->payload;
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
    if (row->case_no == NULL) {
        snprintf(r->why, sizeof r->why, "local case %s is missing", r->uuid);
        return;
    }
    json_t *answers = text_json(row->answers_json, "answers", r->why, sizeof r->why);
    json_t *depts =
        answers ? text_json(row->departments_json, "departments", r->why, sizeof r->why) : NULL;
    if (answers == NULL || depts == NULL) {
        json_decref(answers);
        return;
    }
    json_t *o = json_object();
    json_object_set_new(o, "uuid", json_string(r->uuid));
    json_object_set_new(o, "revision", json_integer(r->revision));
    set_text(o, "case_no", row->case_no);
    set_text(o, "thing", row->thing);
    set_text(o, "form_version", row->form_version);
    set_text(o, "channel", row->channel);
    set_text(o, "centre", row->centre);
    set_text(o, "terminal", row->terminal);
    set_text(o, "submitted_at", row->submitted_at);
    json_object_set_new(o, "answers", answers);
    json_object_set_new(o, "departments", depts);
    r->body = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    r->bodylen = r->body ? strlen(r->body) : 0;
    if (r->body == NULL)
        snprintf(r->why, sizeof r->why, "local case %s cannot be encoded", r->uuid);
    json_decref(o);
}

/* Has this row failed already in this pass? */
static bool
was_tried(const struct yj_sync *s, long long id)
{
    for (size_t i = 0; i < s->ntried; i++)
        if (s->tried[i] == id)
            return true;
    return false;
}

/* Read up to max due rows (the store's order: oldest first, a later revision
 * waiting for the earlier one; a row the line failed is due again at once but
 * comes after the rows never tried) and build their bodies. A row is sent at
 * most once in a pass. */
static int
load_due(struct yj_sync *s, long max, struct orow **out, size_t *n, char *err, size_t errsz)
{
    struct yj_outbox_row *rows;
    size_t k;
    *out = NULL;
    *n = 0;
    if (yj_store_outbox_due(s->store, (long long)time(NULL), max + (long)s->ntried, &rows, &k) !=
        0) {
        snprintf(err, errsz, "%s", yj_store_error(s->store));
        return -1;
    }
    struct orow *v = xcalloc(k ? k : 1, sizeof *v);
    size_t m = 0;
    for (size_t i = 0; i < k && (long)m < max; i++) {
        if (was_tried(s, rows[i].id))
            continue;
        struct orow *r = &v[m++];
        r->id = rows[i].id;
        r->uuid = xstrdup(rows[i].uuid ? rows[i].uuid : "");
        r->revision = rows[i].revision;
        r->idem = xstrdup(rows[i].idem_key ? rows[i].idem_key : "");
        r->attempts = rows[i].attempts;
        r->retry_after = -1;
        build_body(r, &rows[i]);
    }
    yj_outbox_rows_free(rows, k);
    *out = v;
    *n = m;
    return 0;
}

/* An answer that says the upstream is overloaded or a gateway failed. */
static bool
overload_status(long status)
{
    return status == 429 || (status >= 502 && status <= 504);
}

/* Set r from a whole-request transport failure or answer. */
static void
verdict_from_resp(struct orow *r, const struct yj_http_resp *resp)
{
    r->sent = true;
    r->status = resp->ok ? resp->status : 0;
    r->retry_after = resp->retry_after;
    r->line = !resp->ok || overload_status(resp->status);
    if (!resp->ok) {
        r->v = YJ_SYNC_RETRY;
        snprintf(r->why, sizeof r->why, "no answer: %s", resp->err);
        return;
    }
    r->v = yj_sync_classify(true, resp->status, resp->ctype, resp->body.data, r->uuid, r->revision,
                            &r->replayed, r->why, sizeof r->why);
}

/* After a request, may the pass go on with the next cases? Not when the
 * upstream as a whole looks unavailable (no answer, a captive portal, refused
 * credentials, YJ_SYNC_OVERLOAD_STOP overload answers in a row: on a bad line a
 * single 503 says little); yes when the failure may be this request's own (500,
 * 408, 409, 425), so that one bad case never blocks the others. */
static bool
pass_may_go_on(struct yj_sync *s, const struct yj_http_resp *resp, enum yj_sync_verdict v)
{
    if (resp->ok && overload_status(resp->status) && v == YJ_SYNC_RETRY)
        return ++s->overloads < YJ_SYNC_OVERLOAD_STOP;
    if (resp->ok)
        s->overloads = 0;
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
    bool go_on = pass_may_go_on(s, &resp, r->v);
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
        go_on = pass_may_go_on(s, &resp, YJ_SYNC_RETRY);
        goto out;
    }
    s->overloads = 0; /* a batch answered item by item */
    for (size_t i = 0; i < n; i++) {
        struct orow *r = rows[i];
        r->sent = true;
        r->line = false;
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
            r->line = overload_status(status);
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
    long now = (long)time(NULL);
    char iso[21];
    yj_now_iso(iso);
    struct yj_outbox_mark *m = xcalloc(n ? n : 1, sizeof *m);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        struct orow *r = &v[i];
        if (!r->sent)
            continue;
        long next = now;
        if (r->v == YJ_SYNC_RETRY || r->v == YJ_SYNC_STOP) {
            next = now + yj_sync_row_delay(r->line && r->v == YJ_SYNC_RETRY, r->attempts + 1,
                                           s->o->backoff_base_ms, s->o->backoff_max_s,
                                           r->retry_after, unit_random());
            s->tried = xreallocarray(s->tried, s->ntried + 1, sizeof *s->tried);
            s->tried[s->ntried++] = r->id;
        }
        m[k++] = (struct yj_outbox_mark){.id = r->id,
                                         .state = r->v == YJ_SYNC_ACK    ? "acked"
                                                  : r->v == YJ_SYNC_HOLD ? "held"
                                                                         : "pending",
                                         .next_attempt_at = next,
                                         .http_status = r->status,
                                         .error = r->why};
    }
    struct yj_actor who = YJ_SYNC_ACTOR(s);
    int rc = yj_store_outbox_mark(s->store, m, k, answered ? iso : NULL, &who);
    free(m);
    if (rc != 0) {
        snprintf(err, errsz, "%s", yj_store_error(s->store));
        return -1;
    }
    return 0;
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
    s->overloads = 0;
    s->ntried = 0;
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
        /* The audit chain's head goes with the cases (docs/SYNC.md). */
        long long head_id = 0;
        char head_hex[65] = "", head[96];
        if (yj_store_audit_head(s->store, &head_id, head_hex) == 0 && head_id > 0) {
            snprintf(head, sizeof head, "%lld:%s", head_id, head_hex);
            yj_http_set_audit_head(s->http, head);
        }
        bool answered = false;
        bool go_on = send_chunk(s, v, n, st, &answered);
        if (answered && head_id > 0)
            yj_store_audit_head_sent(s->store, head_id, head_hex);
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
