/* store_int.h: what the files of src/store share (not for other modules). */
#ifndef YJ_STORE_INT_H
#define YJ_STORE_INT_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/caseno.h"
#include "store/store.h"

/* Return codes of a transaction body besides SQLite's own: the message is
 * already in s->err (TX_APPERR), or nothing was found (TX_NOTFOUND). */
#define TX_APPERR (-1)
#define TX_NOTFOUND (-2)

struct yj_store {
    sqlite3 *db;
    char *path;
    char err[1024];
    int last_rc; /* SQLite code of the last error set by yj_store_set_sqlerr */
    struct yj_holidays holidays;
    /* Statements prepared once and kept (yj_store_cached), finalized at close. */
    sqlite3_stmt *st_items;     /* the items of one case */
    sqlite3_stmt *st_case_uuid; /* one case by uuid */
    sqlite3_stmt *st_case_no;   /* one case by number */
};

/* The migrations; user_version after all of them is *count. */
const char *const *yj_store_migrations(int *count);

/* Set s->err from an SQLite result code (a message for a person) and the
 * engine's own text. */
void yj_store_set_sqlerr(struct yj_store *s, int rc, const char *detail);
/* Set s->err to a message (printf-style). */
void yj_store_set_err(struct yj_store *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Run body in BEGIN IMMEDIATE ... COMMIT, restarting the whole transaction on
 * SQLITE_BUSY (incl. BUSY_SNAPSHOT). body returns SQLITE_OK, an SQLite error
 * code, TX_APPERR or TX_NOTFOUND. Returns 0, -1 (message set) or
 * YJ_STORE_NOTFOUND. */
int yj_store_tx(struct yj_store *s, int (*body)(struct yj_store *, void *), void *ctx);
/* yj_store_tx for a change to one case: the canonical form of the typed
 * case_no goes into a buffer that *slot (a field of ctx) points at while body
 * runs. -1 with the message set when the number is not valid. */
int yj_store_case_tx(struct yj_store *s, const char *case_no, const char **slot,
                     int (*body)(struct yj_store *, void *), void *ctx);

/* Prepare and bind: types is one letter per argument, 't' const char * (NULL
 * binds NULL), 'i' long long, 'n' NULL (no argument consumed). */
int yj_store_prep(struct yj_store *s, sqlite3_stmt **st, const char *sql, const char *types, ...);
/* Prepare, bind, step to the end and finalize. SQLITE_OK or the error code. */
int yj_store_run(struct yj_store *s, const char *sql, const char *types, ...);
/* Prepare and bind sql (as yj_store_prep), call row(st, ctx) for each result
 * row, finalize. 0, or -1 with the message set (rows already handed to row
 * stay with the caller to free). */
int yj_store_select(struct yj_store *s, void (*row)(sqlite3_stmt *, void *), void *ctx,
                    const char *sql, const char *types, ...);
/* The one row walk: step st to its end calling row(st, ctx) for each result
 * row, until row returns non-zero; finalize st. 0, row's non-zero value, or
 * -1 with the message set when stepping failed. */
int yj_store_walk(struct yj_store *s, sqlite3_stmt *st, int (*row)(sqlite3_stmt *, void *),
                  void *ctx);
/* yj_store_select where sql has one parameter: the canonical form of the typed
 * case_no. -1 with the message set when the number is not valid. */
int yj_store_select_case(struct yj_store *s, void (*row)(sqlite3_stmt *, void *), void *ctx,
                         const char *case_no, const char *sql);
/* Inside a transaction: uuid (and status, revision when not NULL; malloc'd) of
 * the case with the canonical number case_no. SQLITE_OK, TX_NOTFOUND (message
 * set) or the SQLite error code. */
int yj_store_find_case(struct yj_store *s, const char *case_no, char **uuid, char **status,
                       int *revision);
/* A statement prepared once per connection and kept in *slot (a field of s,
 * finalized by yj_store_close): reset with its bindings cleared on each call.
 * Reset it again when done, so that it holds no read transaction open.
 * SQLITE_OK or the error code. */
int yj_store_cached(struct yj_store *s, sqlite3_stmt **slot, const char *sql);
/* A malloc'd copy of a text column, or NULL. */
char *yj_store_col_str(sqlite3_stmt *st, int col);

/* Does the string look like a v4-style uuid (36 chars, hyphens at 8/13/18/23)? */
bool yj_store_looks_uuid(const char *s);

/* The kv table, inside a transaction or not: *value malloc'd (NULL when absent);
 * SQLITE_OK or the error code. */
int yj_store_kv_read(struct yj_store *s, const char *key, char **value);
int yj_store_kv_write(struct yj_store *s, const char *key, const char *value);
/* The keys sync keeps: the updates cursor and the last contact with upstream. */
#define YJ_KV_CURSOR "sync.updates_cursor"
#define YJ_KV_LAST_OK "sync.last_ok_at"

/* yj_store_item_result inside an open transaction: SQLITE_OK with *outcome 0
 * (applied) or YJ_STORE_STALE, TX_NOTFOUND, TX_APPERR (message set) or an
 * SQLite code. */
int yj_store_item_result_tx(struct yj_store *s, const struct yj_item_result *r,
                            const struct yj_actor *who, int *outcome);

/* Append an audit row (inside a transaction). */
int yj_store_audit_row(struct yj_store *s, const struct yj_actor *who, const char *action,
                       const char *case_no, const char *detail);

/* ---- a case as JSON (cases.c), written with core/jsonw.h -------------------- */
struct yj_jw;
struct yj_answers;
#define YJ_STORE_CASE_NKEYS 14
/* The members uuid .. clerk_id (v[i] NULL writes null) and revision. */
void yj_store_json_head(struct yj_jw *w, const char *const v[YJ_STORE_CASE_NKEYS],
                        long long revision);
/* Answers as an object of strings. */
void yj_store_json_answers(struct yj_jw *w, const struct yj_answers *a);
/* Stored JSON text (departments): copied when canonical, else read and written
 * again as jansson does; text that is no JSON object or array as a string;
 * NULL as null. */
void yj_store_json_stored(struct yj_jw *w, const char *text);
/* One item of a case. */
void yj_store_json_item(struct yj_jw *w, const char *item, const char *dept, long long limit_days,
                        const char *status, const char *due, const char *result,
                        const char *updated);
/* The whole case (yj_store_case_json without the copy). */
void yj_store_case_json_write(struct yj_jw *w, const struct yj_case *c);
/* Answers in the form cases.answers_json holds them: compact, as
 * yj_store_json_answers writes them, so a listing copies them as they are.
 * Caller frees. */
char *yj_store_answers_json(const struct yj_answers *a);
/* Register the SQL function yj_answers_canon(text) of migration 7. */
int yj_store_answers_register(struct yj_store *s);

#endif
