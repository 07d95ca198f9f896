/* store_test.h: test-only access to the store's own SQLite connection, for tests
 * that check rows with SQL or set a pragma on that very connection. The product
 * API (store/store.h) hands out no sqlite3 handle; this reaches into the store's
 * private header instead, and only tests include it. */
#ifndef YJ_STORE_TEST_H
#define YJ_STORE_TEST_H

#include "store/store_int.h"

static inline sqlite3 *
yj_test_db(struct yj_store *s)
{
    return s->db;
}

/* One integer from SQL on that connection (-1 when the statement fails or gives
 * no row). */
static inline long long
yj_test_int(struct yj_store *s, const char *sql)
{
    sqlite3_stmt *st;
    long long v = -1;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

#endif
