/* updates.c: the pull side — department results come back and change the items. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/case.h"
#include "store/store.h"
#include "sync/sync_int.h"

#define YJ_UPDATES_PAGE 200
#define YJ_UPDATES_MAX_PAGES 1000

/* Percent-encode s for a query string. */
static void
add_escaped(struct yj_buf *b, const char *s)
{
    static const char hx[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_' || *p == '.' || *p == '~') {
            yj_buf_addc(b, (char)*p);
        } else {
            yj_buf_addc(b, '%');
            yj_buf_addc(b, hx[*p >> 4]);
            yj_buf_addc(b, hx[*p & 15]);
        }
    }
}

/* Is s one of the item results the feed may carry? */
static bool
known_status(const char *s)
{
    static const char *const ok[] = {YJ_ITEM_ACCEPTED, YJ_ITEM_IN_PROGRESS, YJ_ITEM_DONE,
                                     YJ_ITEM_RETURNED, YJ_ITEM_CERTIFICATE};
    for (size_t i = 0; i < YJ_ARRAY_LEN(ok); i++)
        if (strcmp(s, ok[i]) == 0)
            return true;
    return false;
}

/* The text kept in case_items.result: certificate number, reason, or result. */
static const char *
update_result(json_t *u)
{
    static const char *const keys[] = {"result", "reason", "certificate_no"};
    for (size_t i = 0; i < YJ_ARRAY_LEN(keys); i++) {
        const char *v = json_string_value(json_object_get(u, keys[i]));
        if (v && *v)
            return v;
    }
    return NULL;
}

/* Read one update of the feed into r (pointing into u). false for a malformed
 * one, which is reported and skipped. */
static bool
read_update(json_t *u, struct yj_item_result *r)
{
    json_t *jseq = json_object_get(u, "seq");
    const char *uuid = json_string_value(json_object_get(u, "uuid"));
    const char *item = json_string_value(json_object_get(u, "item_id"));
    const char *status = json_string_value(json_object_get(u, "status"));
    if (!json_is_integer(jseq) || json_integer_value(jseq) <= 0 || !uuid || !item || !status ||
        !known_status(status)) {
        char *t = json_dumps(u, JSON_COMPACT);
        fprintf(stderr, "yijian: sync: ignoring a malformed update: %.200s\n", t ? t : "?");
        free(t);
        return false;
    }
    *r = (struct yj_item_result){.case_ref = uuid,
                                 .item_id = item,
                                 .status = status,
                                 .result = update_result(u),
                                 .seq = (long long)json_integer_value(jseq),
                                 .at = json_string_value(json_object_get(u, "at"))};
    return true;
}

/* Apply a page and store its cursor in one transaction (the store's). */
static int
apply_page(struct yj_sync *s, json_t *updates, const char *next, struct yj_sync_stats *st,
           char *err, size_t errsz)
{
    size_t n = json_array_size(updates), k = 0, i;
    struct yj_item_result *v = xcalloc(n ? n : 1, sizeof *v);
    json_t *u;
    json_array_foreach(updates, i, u)
    {
        if (read_update(u, &v[k]))
            k++;
    }
    struct yj_actor who = YJ_SYNC_ACTOR(s);
    long applied = 0;
    int rc = yj_store_sync_updates(s->store, v, k, next, &who, &applied);
    free(v);
    if (rc != 0) {
        snprintf(err, errsz, "%s", yj_store_error(s->store));
        return -1;
    }
    st->updates += applied;
    st->updates_seen += (long)n;
    return 0;
}

int
yj_sync_pull(struct yj_sync *s, struct yj_sync_stats *st, char *err, size_t errsz)
{
    char *cursor = yj_store_sync_cursor(s->store);
    int ret = 0;
    for (int page = 0; page < YJ_UPDATES_MAX_PAGES; page++) {
        struct yj_buf path = {0};
        yj_buf_adds(&path, "/v1/updates?cursor=");
        add_escaped(&path, cursor ? cursor : "");
        yj_buf_printf(&path, "&limit=%d", YJ_UPDATES_PAGE);
        struct yj_http_resp r;
        yj_http_request(s->http, "GET", path.data, NULL, 0, NULL, &r);
        yj_buf_free(&path);
        st->requests++;
        json_t *j = NULL;
        if (r.ok && r.status == 200 && strstr(r.ctype, "json"))
            j = json_loads(r.body.data, 0, NULL);
        json_t *updates = json_object_get(j, "updates");
        const char *next = json_string_value(json_object_get(j, "next_cursor"));
        if (!json_is_array(updates) || next == NULL) {
            if (!r.ok)
                fprintf(stderr, "yijian: sync: updates: no answer: %s\n", r.err);
            else
                fprintf(stderr, "yijian: sync: updates: HTTP %ld without a valid feed\n", r.status);
            json_decref(j);
            yj_buf_free(&r.body);
            ret = 1;
            break;
        }
        bool more = json_is_true(json_object_get(j, "has_more"));
        bool same = cursor && strcmp(cursor, next) == 0;
        size_t n = json_array_size(updates);
        int rc = apply_page(s, updates, next, st, err, errsz);
        free(cursor);
        cursor = xstrdup(next);
        json_decref(j);
        yj_buf_free(&r.body);
        if (rc != 0) {
            ret = -1;
            break;
        }
        if (!more || same || n == 0)
            break;
    }
    free(cursor);
    return ret;
}
