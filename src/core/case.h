/* case.h: a submitted application (办件) as every module sees it.
 *
 * core owns the shape; src/store reads and writes it; src/print renders it;
 * src/sync sends it. Times are UTC ISO 8601 ("2026-11-23T08:15:00Z").
 */
#ifndef YJ_CASE_H
#define YJ_CASE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/answers.h"

/* Status of a whole case. */
#define YJ_CASE_SUBMITTED "submitted" /* stored, waiting at the counter */
#define YJ_CASE_ACCEPTED "accepted"   /* 受理 */
#define YJ_CASE_RETURNED "returned"   /* 补正: materials missing */
#define YJ_CASE_DONE "done"           /* every item finished, waiting for hand-out */
#define YJ_CASE_CLOSED "closed"       /* 出件, handed out */

/* Status of one item. */
#define YJ_ITEM_PENDING "pending"
#define YJ_ITEM_ACCEPTED "accepted"
#define YJ_ITEM_IN_PROGRESS "in_progress"
#define YJ_ITEM_DONE "done"
#define YJ_ITEM_RETURNED "returned"
#define YJ_ITEM_CERTIFICATE "certificate_issued"

struct yj_case_item {
    char *item_id;
    char *dept_id;
    int time_limit_days;
    char *status;   /* YJ_ITEM_* */
    char *due_date; /* YYYY-MM-DD (time limit counted in working days), or NULL */
    /* The predecessors chosen in this case, space separated, or NULL: they
     * hold it back, so its due date is set when the last one is done
     * (前置事项办结后 N 个工作日), not at submit — by the store, whoever
     * records that result (counter, sync, import). */
    char *after;
    char *result; /* certificate number, or the reason it was returned */
    char *updated_at;
};

struct yj_case {
    char *uuid;    /* random v4, the identity that crosses systems */
    char *case_no; /* human number with a check character, see caseno.h */
    char *thing_id;
    char *form_version; /* yj_formset.version when it was filled */
    char *channel;      /* "kiosk", "counter", "assist", "import" */
    char *centre;       /* centre code */
    char *terminal;     /* terminal id */
    char *status;       /* YJ_CASE_* */
    char *submitted_at;
    char *updated_at;
    char *applicant_name;
    char *applicant_id; /* full ID number (masked only when shown) */
    char *helper_id;    /* assisted filling: who helped, or NULL */
    char *clerk_id;     /* counter: who entered or accepted it, or NULL */
    int revision;       /* 1 when submitted; +1 for each edit at the counter */
    struct yj_answers answers;
    /* The per-department split frozen at submit (yj_plan_departments_json), sent
     * upstream as is so every retry carries identical bytes. */
    char *departments_json;
    struct yj_case_item *items;
    size_t nitems;
};

void yj_case_free(struct yj_case *c);
/* A random RFC 4122 version 4 UUID (37 bytes with the NUL). */
void yj_uuid_v4(char out[37]);
/* Now as UTC ISO 8601. */
void yj_now_iso(char out[21]);

#endif
