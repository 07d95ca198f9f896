/* health.c: measuring a database for `yijian doctor` without changing it — no
 * creation, no migration, no journal-mode switch. */
#include "store/store_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util.h"

/* One integer from a single-value query; def when the query fails. */
static long long
query_int(sqlite3 *db, const char *sql, long long def)
{
    sqlite3_stmt *st;
    long long v = def;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return def;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* PRAGMA integrity_check: true for "ok"; otherwise its first lines into out. */
static bool
integrity(sqlite3 *db, char *out, size_t outsz, int *rc_out)
{
    sqlite3_stmt *st;
    out[0] = '\0';
    int rc = sqlite3_prepare_v2(db, "PRAGMA integrity_check(10)", -1, &st, NULL);
    if (rc != SQLITE_OK) {
        snprintf(out, outsz, "%s", sqlite3_errmsg(db));
        *rc_out = rc;
        return false;
    }
    bool ok = false;
    size_t n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *line = (const char *)sqlite3_column_text(st, 0);
        if (line == NULL)
            continue;
        if (strcmp(line, "ok") == 0) {
            ok = true;
            break;
        }
        if (n < outsz)
            n += (size_t)snprintf(out + n, outsz - n, "%s%s", n ? "; " : "", line);
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        if (n < outsz)
            snprintf(out + n, outsz - n, "%s%s", n ? "; " : "", sqlite3_errmsg(db));
        *rc_out = rc;
        ok = false;
    }
    sqlite3_finalize(st);
    return ok;
}

/* Open without SQLITE_OPEN_CREATE; first read to tell a garbage file apart. */
static int
open_existing(const char *path, bool immutable, sqlite3 **db)
{
    int rc;
    if (immutable) {
        char *uri = sqlite3_mprintf("file:%s?immutable=1", path);
        rc = sqlite3_open_v2(uri, db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
        sqlite3_free(uri);
    } else {
        rc = sqlite3_open_v2(path, db, SQLITE_OPEN_READWRITE, NULL);
    }
    if (rc == SQLITE_OK) {
        sqlite3_extended_result_codes(*db, 1);
        sqlite3_busy_timeout(*db, 5000);
        sqlite3_stmt *st;
        rc = sqlite3_prepare_v2(*db, "SELECT count(*) FROM sqlite_schema", -1, &st, NULL);
        if (rc == SQLITE_OK) {
            rc = sqlite3_step(st);
            rc = rc == SQLITE_ROW ? SQLITE_OK : rc;
            sqlite3_finalize(st);
        }
    }
    return rc;
}

/* Can this process write the file and create the journal next to it? */
static bool
writable(const char *path)
{
    if (access(path, W_OK) != 0)
        return false;
    char *dir = xstrdup(path);
    char *slash = strrchr(dir, '/');
    bool ok;
    if (slash == NULL)
        ok = access(".", W_OK) == 0;
    else if (slash == dir)
        ok = access("/", W_OK) == 0;
    else {
        *slash = '\0';
        ok = access(dir, W_OK) == 0;
    }
    free(dir);
    return ok;
}

int
yj_store_health(const char *path, long long now, struct yj_store_health *h)
{
    memset(h, 0, sizeof *h);
    yj_store_migrations(&h->schema_expected);
    h->oldest_pending_age_s = -1;
    struct stat sb;
    if (stat(path, &sb) != 0 && errno == ENOENT)
        return -1;
    sqlite3 *db = NULL;
    h->readonly = !writable(path);
    int rc = open_existing(path, false, &db);
    if (rc != SQLITE_OK && h->readonly) {
        /* A WAL database on a read-only filesystem cannot make its -shm file:
         * read it as an immutable file instead. */
        sqlite3_close(db);
        db = NULL;
        rc = open_existing(path, true, &db);
    }
    if (rc != SQLITE_OK) {
        h->open_rc = rc;
        snprintf(h->integrity, sizeof h->integrity, "%s",
                 db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        sqlite3_close(db);
        return 0;
    }
    h->opened = true;
    if (sqlite3_db_readonly(db, "main") == 1)
        h->readonly = true;
    h->integrity_ok = integrity(db, h->integrity, sizeof h->integrity, &h->open_rc);
    h->schema = query_int(db, "PRAGMA user_version", 0);
    h->size_bytes = query_int(db, "PRAGMA page_count", 0) * query_int(db, "PRAGMA page_size", 0);
    h->cases = query_int(db, "SELECT count(*) FROM cases", 0);
    h->pending = query_int(db, "SELECT count(*) FROM outbox WHERE state = 'pending'", 0);
    h->held = query_int(db, "SELECT count(*) FROM outbox WHERE state = 'held'", 0);
    long long oldest =
        query_int(db,
                  "SELECT CAST(strftime('%s', min(created_at)) AS INTEGER) FROM outbox"
                  " WHERE state = 'pending'",
                  -1);
    if (oldest >= 0)
        h->oldest_pending_age_s = now > oldest ? now - oldest : 0;
    /* Form expressions that could not be computed for a citizen (core/plan.h);
     * audit rows are stamped by yj_now(), so the week is counted from it. */
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM audit WHERE action = 'forms.expr_failed'"
             " AND at >= strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', %lld, 'unixepoch')",
             (long long)yj_now() - 7 * 86400);
    h->expr_failures = query_int(db, sql, 0);
    sqlite3_close(db);
    return 0;
}
