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

#endif
