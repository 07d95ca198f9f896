/* db.c: transactions retried on SQLITE_BUSY, and the kv table. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "sync/sync_int.h"

/* Sleep ms milliseconds. */
static void
nap(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Run sql, retrying for about 30 s while the database is busy. */
static int
exec_retry(sqlite3 *db, const char *sql, char *err, size_t errsz)
{
    int rc = SQLITE_OK;
    for (int i = 0; i < 600; i++) {
        rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
        if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
            break;
        nap(50);
    }
    if (rc != SQLITE_OK) {
        snprintf(err, errsz, "database: %s: %s", sql, sqlite3_errmsg(db));
        return -1;
    }
    return 0;
}

int
yj_sync_begin(sqlite3 *db, char *err, size_t errsz)
{
    return exec_retry(db, "BEGIN IMMEDIATE", err, errsz);
}

int
yj_sync_commit(sqlite3 *db, char *err, size_t errsz)
{
    if (exec_retry(db, "COMMIT", err, errsz) != 0) {
        yj_sync_rollback(db);
        return -1;
    }
    return 0;
}

void
yj_sync_rollback(sqlite3 *db)
{
    if (!sqlite3_get_autocommit(db))
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}

char *
yj_sync_kv_get(sqlite3 *db, const char *key)
{
    sqlite3_stmt *st = NULL;
    char *v = NULL;
    if (sqlite3_prepare_v2(db, "SELECT value FROM kv WHERE key = ?", -1, &st, NULL) != SQLITE_OK)
        return NULL;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        v = xstrdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return v;
}

int
yj_sync_kv_set(sqlite3 *db, const char *key, const char *value)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "INSERT INTO kv(key, value) VALUES(?, ?) "
                           "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}
