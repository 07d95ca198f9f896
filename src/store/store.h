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

/* Open (creating and migrating as needed). NULL on failure, with the reason in
 * err. */
struct yj_store *yj_store_open(const char *path, char *err, size_t errsz);
void yj_store_close(struct yj_store **s);
const char *yj_store_error(const struct yj_store *s);
/* Fold the WAL into the database and truncate it (best effort: 0, or -1 when
 * another connection kept it busy). */
int yj_store_checkpoint(struct yj_store *s);

/* Who does something, for the audit log: actor kind "kiosk", "clerk", "helper",
 * "sync", "admin", "system"; actor id (clerk id, helper id, terminal id). */
struct yj_actor {
    const char *kind;
    const char *id;
};

/* Submit a case: fills c->uuid (if empty), c->case_no, c->submitted_at,
 * c->status and the items' due dates, then commits case + items + outbox row +
 * audit row in one transaction. c->items must list the chosen items (item_id,
 * dept_id, time_limit_days; status defaults to pending). c->centre/c->terminal
 * default to this terminal's identity (yj_terminal_identity: no defaults of its
 * own, so an unconfigured terminal is refused with the message); the case number
 * takes the next daily sequence of that centre and terminal. */
int yj_store_submit(struct yj_store *s, struct yj_case *c, const struct yj_actor *who);

/* An audit row that belongs to a submit (the assisted mode's authorisation:
 * who was authorised by whom). It takes the new case's number. */
struct yj_audit_entry {
    struct yj_actor who;
    const char *action; /* required */
    const char *detail; /* no personal data beyond what the action needs (masked IDs) */
};
/* yj_store_submit, writing the extra audit rows inside the same BEGIN ... COMMIT
 * after the case's own: either the case and every one of them are stored, or
 * nothing is (and c->case_no is cleared). */
int yj_store_submit_audited(struct yj_store *s, struct yj_case *c, const struct yj_actor *who,
                            const struct yj_audit_entry *extra, size_t nextra);

/* Store a case made elsewhere (kiosk QR import) under its own uuid and number,
 * as if submitted here. Importing the same uuid again changes nothing, returns 0
 * and sets *existed. */
int yj_store_import(struct yj_store *s, struct yj_case *c, const struct yj_actor *who,
                    bool *existed);

/* Load a case by number (check character verified; typed with or without
 * hyphens, any case) or by uuid. 0, YJ_STORE_NOTFOUND, or -1 (a mistyped number
 * is -1 with "check character" message). out is zeroed first; free it with
 * yj_case_free. */
int yj_store_case_get(struct yj_store *s, const char *case_no_or_uuid, struct yj_case *out);

/* Query cases. Every filter may be NULL. Results newest first. */
struct yj_case_filter {
    const char *status;
    const char *thing;
    const char *since; /* YYYY-MM-DD */
    const char *text;  /* the one search: a case number (check character verified),
                        * else an ID number (has a digit: exact, upper-cased), else
                        * part of a name */
    size_t limit;      /* 0: no limit */
};
int yj_store_case_list(struct yj_store *s, const struct yj_case_filter *f, struct yj_case **out,
                       size_t *n);
void yj_store_case_list_free(struct yj_case *v, size_t n);
/* The same rows one at a time, as they are read (constant memory, whatever the
 * number of cases): fn gets each case with the parts asked for in what (the
 * row's columns always; YJ_CASE_ANSWERS parses the answers, YJ_CASE_ITEMS reads
 * the items through one statement prepared once; without YJ_CASE_ANSWERS the
 * departments are not read either). The case's strings are the row's own (no
 * copies), valid during fn only: copy what you keep; fn may take the answers and
 * items (leaving them empty). A non-zero return from fn stops the walk and is
 * returned; else 0, or -1 with the message set. */
#define YJ_CASE_ANSWERS 1u
#define YJ_CASE_ITEMS 2u
/* Only the columns of a one-line summary: uuid, case_no, thing_id, status, channel,
 * submitted_at, applicant_name, applicant_id (the other strings NULL, revision 0;
 * no answers). */
#define YJ_CASE_SUMMARY 4u
int yj_store_case_each(struct yj_store *s, const struct yj_case_filter *f, unsigned what,
                       int (*fn)(struct yj_case *c, void *ctx), void *ctx);
/* The same walk for JSON output: fn gets each case as yj_store_case_json would
 * write it (len bytes, valid only during fn), made from the row without a
 * struct yj_case: answers stored in the canonical form are copied, not parsed.
 * Returns as yj_store_case_each. */
int yj_store_case_json_each(struct yj_store *s, const struct yj_case_filter *f,
                            int (*fn)(const char *json, size_t len, void *ctx), void *ctx);

/* Does text look like a case number (22 characters of [0-9A-Za-z] once hyphens
 * and blanks are dropped)? */
bool yj_store_looks_caseno(const char *text);

/* One item's result, from the counter or from an upstream update. */
struct yj_item_result {
    const char *case_ref; /* case number (as typed) or uuid */
    const char *item_id;
    const char *status; /* YJ_ITEM_* */
    const char *result; /* certificate number, the reason of a return, or NULL */
    long long seq;      /* upstream update sequence: applied only when newer than the
                         * item's; 0 = a clerk's result (the case must have been
                         * accepted: accepted or returned, the item not pending) */
    const char *at;     /* when it happened (ISO 8601 UTC); NULL = now */
};
/* THE path from an item result to the store (src/store/items.c): sets the item,
 * derives the case status from all its items (yj_case_status_derive, core/status.h;
 * a change is recorded in case_events) and appends the audit row "item_result",
 * in one transaction. Returns 0 applied, YJ_STORE_STALE (seq not newer: nothing
 * changed), YJ_STORE_NOTFOUND (no such case or item) or -1 (message set). */
int yj_store_item_result(struct yj_store *s, const struct yj_item_result *r,
                         const struct yj_actor *who);
/* Replace the answers (edit at the counter): revision + 1, new outbox row, audit
 * with the reason. */
int yj_store_case_edit(struct yj_store *s, const char *case_no, const struct yj_answers *a,
                       const char *reason, const struct yj_actor *who);

/* Drafts: one per terminal slot ("kiosk", "counter:<clerk>", ...). */
int yj_store_draft_save(struct yj_store *s, const char *slot, const char *thing, const char *page,
                        const struct yj_answers *a);
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

/* Retention: purge the personal data (answers, departments split, applicant
 * name and ID, item results, outbox payloads) of cases that are closed, whose
 * outbox rows are all acked, and whose last change (updated_at) is at least
 * older_than_days old. Case number, thing, dates and statuses stay. Returns how
 * many cases were purged, or -1. */
long yj_store_purge(struct yj_store *s, int older_than_days);

/* ---- added with the implementation (issue 3) ---- */

/* YJ_STORE_STALE: yj_store_item_result found a newer (or the same) result. */
#define YJ_STORE_STALE 2

/* The case as JSON for systems (every field unmasked, answers as an object,
 * departments_json embedded, items). Caller frees. */
char *yj_store_case_json(const struct yj_case *c);

/* PRAGMA integrity_check: 0 when the engine says "ok", else -1 (message in
 * yj_store_error). report (may be NULL) gets the engine's lines; caller frees. */
int yj_store_integrity(struct yj_store *s, char **report);

/* Materials looked at the counter: state "seen", "exempt" (e-licence) or "missing". */
struct yj_material_state {
    char *material_id;
    char *state;
    char *actor_id;
    char *at;
};
int yj_store_material_set(struct yj_store *s, const char *case_no, const char *material_id,
                          const char *state, const struct yj_actor *who);
int yj_store_material_list(struct yj_store *s, const char *case_no, struct yj_material_state **out,
                           size_t *n);
void yj_store_material_list_free(struct yj_material_state *v, size_t n);

/* The canonical (hyphenated) form of a typed case number, or -1 with a message
 * (bad format / wrong check character) in yj_store_error. */
int yj_store_caseno_canon(struct yj_store *s, const char *typed, char out[27]);

/* ---- the outbox and the sync state (src/store/outbox_rows.c, syncstate.c) ------
 *
 * src/sync sends and pulls; the store keeps the rows. Times in the outbox are
 * seconds since the epoch (now is passed in); a change of a row is audited
 * (actor "sync": sync_acked, sync_held, sync_retry; sync_released by whoever
 * released it). */

/* One outbox row due to be sent, with what the body is made of. */
struct yj_outbox_row {
    long long id;
    char *uuid;
    int revision;
    char *idem_key;
    long attempts;
    char *payload; /* the case JSON frozen at this revision, or NULL */
    /* The case row (all NULL when the case is missing), for a row without payload. */
    char *case_no, *thing, *submitted_at, *answers_json, *departments_json, *form_version, *channel,
        *centre, *terminal;
};
/* Up to max pending rows whose time has come, oldest first; a later revision of a
 * case waits while an earlier one is pending. */
int yj_store_outbox_due(struct yj_store *s, long long now, long max, struct yj_outbox_row **out,
                        size_t *n);
void yj_outbox_rows_free(struct yj_outbox_row *v, size_t n);

/* The outcome of sending one row. */
struct yj_outbox_mark {
    long long id;
    const char *state; /* "acked", "held", or "pending" (retry at next_attempt_at) */
    long long next_attempt_at;
    long http_status;  /* 0: no answer */
    const char *error; /* why (the server's reason for a hold), or NULL */
};
/* Record the outcomes of sent rows in one transaction: attempts + 1, state, next
 * attempt, last status and error, acked_at; a row no longer pending is left alone.
 * last_ok (ISO 8601, may be NULL) is stored as the last contact with upstream. */
int yj_store_outbox_mark(struct yj_store *s, const struct yj_outbox_mark *v, size_t n,
                         const char *last_ok, const struct yj_actor *who);
/* Put held rows of a case (uuid or case number; NULL = every held row) back in the
 * queue, unless a later revision was acknowledged. Returns how many, or -1. */
long yj_store_outbox_release(struct yj_store *s, const char *case_ref, const struct yj_actor *who);
/* Seconds from now until the next pending row is due (0 = now, -1 = none). */
long yj_store_outbox_next_due(struct yj_store *s, long long now);

/* Counts for `yijian sync status` and the kiosk's home screen. */
struct yj_outbox_summary {
    long pending, due, held, acked;
    long next_attempt_at; /* soonest next_attempt_at among pending, 0 if none */
    char cursor[128];     /* the updates cursor ("" = from the start) */
    char last_ok_at[32];  /* last time upstream answered, ISO 8601, or "" */
};
int yj_store_outbox_summary(struct yj_store *s, long long now, struct yj_outbox_summary *sum);

/* Rows a person should look at: held, or pending after a failed attempt. */
struct yj_outbox_problem {
    char *case_no; /* NULL when the case is missing */
    char *uuid;
    char *state;
    char *error;
    int revision, attempts, http_status;
};
int yj_store_outbox_problems(struct yj_store *s, size_t limit, struct yj_outbox_problem **out,
                             size_t *n);
void yj_outbox_problems_free(struct yj_outbox_problem *v, size_t n);

/* The sync state of a case for the screens (YJ_SYNC_*, core/status.h), or NULL
 * when it has no outbox row. */
const char *yj_store_sync_state(struct yj_store *s, const char *case_uuid);
/* For a held case: "HTTP <status> <the server's reason>" into out; returns 1, or 0
 * when the case is not held. */
int yj_store_sync_problem(struct yj_store *s, const char *case_uuid, char *out, size_t outsz);

/* The updates cursor (malloc'd; NULL = from the start). */
char *yj_store_sync_cursor(struct yj_store *s);
/* Apply a page of upstream results (each through yj_store_item_result; results
 * for unknown cases or items, and stale ones, change nothing) and store next_cursor
 * and the last contact, in one transaction. *applied gets how many changed an item. */
int yj_store_sync_updates(struct yj_store *s, const struct yj_item_result *v, size_t n,
                          const char *next_cursor, const struct yj_actor *who, long *applied);

/* ---- health (src/store/health.c, for `yijian doctor`) ---- */

/* What yj_store_health measured. Every field is valid even when the database
 * could not be read (then opened is false and the counts are 0). */
struct yj_store_health {
    bool opened;          /* the file could be opened and read as SQLite */
    bool readonly;        /* opened, but only for reading (file, directory or filesystem) */
    bool integrity_ok;    /* PRAGMA integrity_check said "ok" */
    char integrity[512];  /* the engine's first line(s) when not ok, or the open error */
    int open_rc;          /* SQLite code when !opened (SQLITE_NOTADB, ...), else 0 */
    long long schema;     /* PRAGMA user_version */
    int schema_expected;  /* the version this program migrates to */
    long long size_bytes; /* page_count * page_size */
    long long cases;      /* rows in cases */
    long long pending;    /* outbox rows waiting to be sent */
    long long held;       /* outbox rows held for a clerk */
    long long oldest_pending_age_s; /* age of the oldest pending row, -1 when none */
    long long expr_failures;        /* audit rows forms.expr_failed of the last 7 days */
};

/* Measure the database at path WITHOUT creating or migrating it: opened read-write
 * when possible (read-only otherwise, and as an immutable file on a read-only
 * filesystem), integrity check, schema version, size and outbox counts. now is
 * the current time (seconds since the epoch) for the ages. Returns 0 when the file
 * exists (whatever its state, described in h), -1 when there is no file at path
 * (nothing is created). */
int yj_store_health(const char *path, long long now, struct yj_store_health *h);

#endif
