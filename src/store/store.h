/* store.h: the local case store (SQLite) — cases, items, drafts, outbox, audit.
 *
 * One database file shared by the UI process and the sync process: WAL,
 * synchronous=FULL, foreign keys, busy_timeout; every write is one
 * BEGIN IMMEDIATE ... COMMIT retried as a whole on SQLITE_BUSY. A submit
 * commits the case, its items, one outbox row and one audit row together:
 * nothing is "submitted" before that commit returns.
 *
 * Errors: functions return 0 on success and -1 on failure with a message for a
 * person (Chinese, via gettext: disk full, read-only, locked, corrupt) available
 * from yj_store_error(); YJ_STORE_NOTFOUND (1) when a lookup finds nothing.
 */
#ifndef YJ_STORE_H
#define YJ_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/answers.h"
#include "core/case.h"

#define YJ_STORE_NOTFOUND 1

struct yj_store;
struct sqlite3;

/* Open (creating and migrating as needed). NULL on failure, with the reason in
 * err. */
struct yj_store *yj_store_open(const char *path, char *err, size_t errsz);
void yj_store_close(struct yj_store **s);
const char *yj_store_error(const struct yj_store *s);
/* The raw handle, for modules that own their own tables (sync cursor...). */
struct sqlite3 *yj_store_db(struct yj_store *s);

/* Who does something, for the audit log: actor kind "kiosk", "clerk", "helper",
 * "sync", "admin", "system"; actor id (clerk id, helper id, terminal id). */
struct yj_actor {
    const char *kind;
    const char *id;
};

/* Submit a case: fills c->uuid (if empty), c->case_no, c->submitted_at,
 * c->status and the items' due dates, then commits case + items + outbox row +
 * audit row in one transaction. c->items must list the chosen items. */
int yj_store_submit(struct yj_store *s, struct yj_case *c, const struct yj_actor *who);

/* Store a case made elsewhere (kiosk QR import) under its own uuid and number,
 * as if submitted here. Importing the same uuid again changes nothing, returns 0
 * and sets *existed. */
int yj_store_import(struct yj_store *s, struct yj_case *c, const struct yj_actor *who,
                    bool *existed);

/* Load a case by number (check character verified) or by uuid. */
int yj_store_case_get(struct yj_store *s, const char *case_no_or_uuid, struct yj_case *out);

/* Query cases. Every filter may be NULL. Results newest first. */
struct yj_case_filter {
    const char *status;
    const char *thing;
    const char *since; /* YYYY-MM-DD */
    const char *text;  /* ID number or name (exact ID, name substring) */
    size_t limit;      /* 0: no limit */
};
int yj_store_case_list(struct yj_store *s, const struct yj_case_filter *f,
                       struct yj_case **out, size_t *n);
void yj_store_case_list_free(struct yj_case *v, size_t n);

/* Update a case's status / one item's status and result (with audit). */
int yj_store_case_set_status(struct yj_store *s, const char *case_no, const char *status,
                             const char *note, const struct yj_actor *who);
int yj_store_item_set(struct yj_store *s, const char *case_no, const char *item_id,
                      const char *status, const char *result, const struct yj_actor *who);
/* Replace the answers (edit at the counter): revision + 1, new outbox row, audit
 * with the reason. */
int yj_store_case_edit(struct yj_store *s, const char *case_no, const struct yj_answers *a,
                       const char *reason, const struct yj_actor *who);

/* Drafts: one per terminal slot ("kiosk", "counter:<clerk>", ...). */
int yj_store_draft_save(struct yj_store *s, const char *slot, const char *thing,
                        const char *page, const struct yj_answers *a);
/* YJ_STORE_NOTFOUND when there is none (or it is older than max_age_s, in which
 * case it is wiped). thing/page are malloc'd. */
int yj_store_draft_load(struct yj_store *s, const char *slot, long max_age_s, char **thing,
                        char **page, struct yj_answers *a);
int yj_store_draft_discard(struct yj_store *s, const char *slot);
/* Wipe every draft older than max_age_s; returns how many, or -1. */
long yj_store_draft_expire(struct yj_store *s, long max_age_s);

/* Audit: append-only from the program's side. */
int yj_store_audit(struct yj_store *s, const struct yj_actor *who, const char *action,
                   const char *case_no, const char *detail);

/* Retention: purge personal data of closed, acknowledged cases older than days. */
long yj_store_purge(struct yj_store *s, int older_than_days);

#endif
