/* state.c: what the screens and `yijian sync status` show. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/i18n.h"
#include "store/store.h"
#include "sync/sync_int.h"

const char *
yj_sync_case_state(struct yj_store *store, const char *case_uuid)
{
    static const char sql[] =
        "SELECT "
        " (SELECT count(*) FROM outbox WHERE case_uuid = ?1),"
        " (SELECT count(*) FROM outbox WHERE case_uuid = ?1 AND state = 'held'"
        "   AND NOT EXISTS (SELECT 1 FROM outbox n WHERE n.case_uuid = ?1"
        "                   AND n.revision > outbox.revision AND n.state = 'acked')),"
        " (SELECT count(*) FROM outbox WHERE case_uuid = ?1 AND state = 'pending'),"
        " (SELECT count(*) FROM case_items WHERE case_uuid = ?1 AND result_seq > 0)";
    sqlite3 *db = yj_store_db(store);
    sqlite3_stmt *st = NULL;
    const char *state = NULL;
    if (db == NULL || sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return NULL;
    sqlite3_bind_text(st, 1, case_uuid, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        long rows = (long)sqlite3_column_int64(st, 0);
        long held = (long)sqlite3_column_int64(st, 1);
        long pending = (long)sqlite3_column_int64(st, 2);
        long answered = (long)sqlite3_column_int64(st, 3);
        if (rows == 0)
            state = NULL;
        else if (held > 0)
            state = "problem";
        else if (pending > 0)
            state = "queued";
        else if (answered > 0)
            state = "accepted";
        else
            state = "sent";
    }
    sqlite3_finalize(st);
    return state;
}

int
yj_sync_summary(struct yj_store *store, struct yj_sync_summary *sum)
{
    static const char sql[] =
        "SELECT"
        " (SELECT count(*) FROM outbox WHERE state = 'pending'),"
        " (SELECT count(*) FROM outbox WHERE state = 'pending' AND next_attempt_at <= ?1),"
        " (SELECT count(*) FROM outbox WHERE state = 'held'),"
        " (SELECT count(*) FROM outbox WHERE state = 'acked'),"
        " (SELECT min(next_attempt_at) FROM outbox WHERE state = 'pending')";
    sqlite3 *db = yj_store_db(store);
    sqlite3_stmt *st = NULL;
    memset(sum, 0, sizeof *sum);
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_int64(st, 1, (sqlite3_int64)time(NULL));
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        sum->pending = (long)sqlite3_column_int64(st, 0);
        sum->due = (long)sqlite3_column_int64(st, 1);
        sum->held = (long)sqlite3_column_int64(st, 2);
        sum->acked = (long)sqlite3_column_int64(st, 3);
        sum->next_attempt_at = (long)sqlite3_column_int64(st, 4);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return -1;
    char *c = yj_sync_kv_get(db, YJ_KV_CURSOR);
    snprintf(sum->cursor, sizeof sum->cursor, "%s", c ? c : "");
    free(c);
    c = yj_sync_kv_get(db, YJ_KV_LAST_OK);
    snprintf(sum->last_ok_at, sizeof sum->last_ok_at, "%s", c ? c : "");
    free(c);
    return 0;
}

long
yj_sync_next_due(struct yj_store *store)
{
    sqlite3 *db = yj_store_db(store);
    sqlite3_stmt *st = NULL;
    long r = -1;
    static const char sql[] =
        "SELECT min(next_attempt_at) FROM outbox o WHERE state = 'pending' AND NOT EXISTS "
        "(SELECT 1 FROM outbox p WHERE p.case_uuid = o.case_uuid AND p.revision < o.revision "
        " AND p.state = 'pending')";
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
        long at = (long)sqlite3_column_int64(st, 0);
        long now = (long)time(NULL);
        r = at > now ? at - now : 0;
    }
    sqlite3_finalize(st);
    return r;
}

long
yj_sync_release(struct yj_store *store, const char *case_ref)
{
    static const char sql[] =
        "UPDATE outbox SET state = 'pending', next_attempt_at = 0 WHERE state = 'held' AND "
        "(?1 IS NULL OR case_uuid = ?1 OR case_uuid = "
        " (SELECT uuid FROM cases WHERE case_no = ?1)) AND NOT EXISTS "
        " (SELECT 1 FROM outbox n WHERE n.case_uuid = outbox.case_uuid "
        "  AND n.revision > outbox.revision AND n.state = 'acked')";
    sqlite3 *db = yj_store_db(store);
    char err[256];
    sqlite3_stmt *st = NULL;
    if (yj_sync_begin(db, err, sizeof err) != 0)
        return -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        goto fail;
    if (case_ref)
        sqlite3_bind_text(st, 1, case_ref, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        goto fail;
    sqlite3_finalize(st);
    long n = sqlite3_changes(db);
    if (yj_sync_commit(db, err, sizeof err) != 0)
        return -1;
    return n;
fail:
    sqlite3_finalize(st);
    yj_sync_rollback(db);
    return -1;
}

const char *
yj_sync_state_label(const char *state)
{
    if (state == NULL)
        return _("本机办件");
    if (strcmp(state, "queued") == 0)
        return _("待上报");
    if (strcmp(state, "sent") == 0)
        return _("已上报");
    if (strcmp(state, "accepted") == 0)
        return _("部门已受理");
    if (strcmp(state, "problem") == 0)
        return _("上报有问题");
    return state;
}

int
yj_sync_case_problem(struct yj_store *store, const char *case_uuid, char *out, size_t outsz)
{
    static const char sql[] = "SELECT last_status, last_error FROM outbox WHERE case_uuid = ?1"
                              " AND state = 'held' ORDER BY revision DESC LIMIT 1";
    sqlite3 *db = yj_store_db(store);
    sqlite3_stmt *st = NULL;
    int found = 0;
    out[0] = '\0';
    if (db == NULL || sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return 0;
    sqlite3_bind_text(st, 1, case_uuid, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        const unsigned char *e = sqlite3_column_text(st, 1);
        snprintf(out, outsz, "HTTP %d %s", sqlite3_column_int(st, 0), e ? (const char *)e : "");
        found = 1;
    }
    sqlite3_finalize(st);
    return found;
}
