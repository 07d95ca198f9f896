/* updates.c: the pull side — department results come back and change the items. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/case.h"
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

/* Apply one update inside the open transaction. Returns 1 when an item changed,
 * 0 when it was stale, a repeat, malformed or for an unknown case, -1 on error. */
static int
apply_one(sqlite3 *db, json_t *u, const char *terminal)
{
    static const char upd[] =
        "UPDATE case_items SET status = ?1, result = ?2, result_seq = ?3, updated_at = ?4 "
        "WHERE case_uuid = ?5 AND item_id = ?6 AND result_seq < ?3";
    static const char derive[] =
        "UPDATE cases SET status = CASE "
        " WHEN EXISTS (SELECT 1 FROM case_items WHERE case_uuid = ?1 AND status = 'returned') "
        "  THEN 'returned' "
        " WHEN NOT EXISTS (SELECT 1 FROM case_items WHERE case_uuid = ?1 "
        "  AND status NOT IN ('done', 'certificate_issued')) THEN 'done' "
        " WHEN EXISTS (SELECT 1 FROM case_items WHERE case_uuid = ?1 AND status <> 'pending') "
        "  THEN 'accepted' ELSE status END, updated_at = ?2 "
        "WHERE uuid = ?1 AND status <> 'closed'";
    static const char audit[] =
        "INSERT INTO audit(at, actor_kind, actor_id, action, case_no, detail) "
        "SELECT ?1, 'sync', ?2, 'item_result', case_no, ?3 FROM cases WHERE uuid = ?4";
    json_t *jseq = json_object_get(u, "seq");
    const char *uuid = json_string_value(json_object_get(u, "uuid"));
    const char *item = json_string_value(json_object_get(u, "item_id"));
    const char *status = json_string_value(json_object_get(u, "status"));
    const char *at = json_string_value(json_object_get(u, "at"));
    if (!json_is_integer(jseq) || json_integer_value(jseq) <= 0 || !uuid || !item || !status ||
        !known_status(status)) {
        char *t = json_dumps(u, JSON_COMPACT);
        fprintf(stderr, "yijian: sync: ignoring a malformed update: %.200s\n", t ? t : "?");
        free(t);
        return 0;
    }
    char now[21];
    yj_now_iso(now);
    if (at == NULL)
        at = now;
    const char *result = update_result(u);
    sqlite3_stmt *st = NULL;
    int changed = 0;
    if (sqlite3_prepare_v2(db, upd, -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, status, -1, SQLITE_STATIC);
    if (result)
        sqlite3_bind_text(st, 2, result, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, 2);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)json_integer_value(jseq));
    sqlite3_bind_text(st, 4, at, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, uuid, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, item, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        goto fail;
    changed = sqlite3_changes(db) > 0;
    sqlite3_finalize(st);
    st = NULL;
    if (!changed)
        return 0;
    if (sqlite3_prepare_v2(db, derive, -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        goto fail;
    sqlite3_finalize(st);
    char *detail = xasprintf("%s %s%s%s (update %lld)", item, status, result ? ": " : "",
                             result ? result : "", (long long)json_integer_value(jseq));
    if (sqlite3_prepare_v2(db, audit, -1, &st, NULL) != SQLITE_OK) {
        free(detail);
        return -1;
    }
    sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, terminal, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, detail, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, uuid, -1, SQLITE_STATIC);
    free(detail);
    if (sqlite3_step(st) != SQLITE_DONE)
        goto fail;
    sqlite3_finalize(st);
    return 1;
fail:
    sqlite3_finalize(st);
    return -1;
}

/* Apply a page and store its cursor in one transaction. */
static int
apply_page(struct yj_sync *s, json_t *updates, const char *next, struct yj_sync_stats *st,
           char *err, size_t errsz)
{
    if (yj_sync_begin(s->db, err, errsz) != 0)
        return -1;
    size_t i;
    json_t *u;
    long applied = 0;
    json_array_foreach(updates, i, u)
    {
        int rc = apply_one(s->db, u, s->o->terminal);
        if (rc < 0)
            goto dberr;
        applied += rc;
    }
    if (yj_sync_kv_set(s->db, YJ_KV_CURSOR, next) != 0)
        goto dberr;
    char iso[21];
    yj_now_iso(iso);
    if (yj_sync_kv_set(s->db, YJ_KV_LAST_OK, iso) != 0)
        goto dberr;
    if (yj_sync_commit(s->db, err, errsz) != 0)
        return -1;
    st->updates += applied;
    st->updates_seen += (long)json_array_size(updates);
    return 0;
dberr:
    snprintf(err, errsz, "database: %s", sqlite3_errmsg(s->db));
    yj_sync_rollback(s->db);
    return -1;
}

int
yj_sync_pull(struct yj_sync *s, struct yj_sync_stats *st, char *err, size_t errsz)
{
    char *cursor = yj_sync_kv_get(s->db, YJ_KV_CURSOR);
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
