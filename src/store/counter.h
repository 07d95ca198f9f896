/* counter.h: the clerk's side of the comprehensive window (综合窗口) on the store —
 * the queue, clerk actions (counter.c), the materials checklist (materials.c) and
 * statistics (stats.c). Clerks, administrators and sign-in: store/users.h.
 *
 * Every action is one transaction that also appends an audit row with the
 * clerk's id; a refused action changes nothing and leaves a message for a
 * person in yj_store_error(). Case life at the counter (status words:
 * core/status.h; item results go through yj_store_item_result, the rule in
 * docs/STORE.md):
 *   submitted --accept (every material seen or exempt)--> accepted
 *   submitted|returned --return (missing materials, reasons)--> returned
 *   accepted --an item returned--> returned (reopened by accept)
 *   accepted --results of every item (predecessors first)--> done
 *   done --hand out (出件)--> closed
 */
#ifndef YJ_COUNTER_H
#define YJ_COUNTER_H

#include <stdbool.h>
#include <stddef.h>

#include "core/util.h"
#include "store/store.h"
/* For the files that still reach the users' API through this header. */
#include "store/users.h"

struct yj_formset;
struct yj_plan_material;

/* ---- the queue (counter.c) ------------------------------------------------ */

/* One case in the queue. */
struct yj_queue_row {
    char *case_no;
    char *uuid;
    char *thing;
    char *status;
    char *channel;
    char *submitted_at;
    char *applicant_name;
    char *applicant_id;
    long waiting_s; /* from submitted_at to now (closed: to its last change) */
    int nitems, nfinished;
};

struct yj_queue_filter {
    const char *status; /* NULL: any */
    const char *thing;  /* NULL: any */
    const char *today;  /* YYYY-MM-DD; NULL: yj_today() */
    long long now;      /* Unix seconds for waiting_s; 0: time(NULL) */
};

/* Counts at the top of the queue (today's and open cases of the chosen thing,
 * by status, whatever the status filter). */
struct yj_queue_counts {
    long total, submitted, accepted, returned, done, closed;
};

/* Today's cases and every case not yet closed, longest waiting first. */
int yj_counter_queue(struct yj_store *s, const struct yj_queue_filter *f, struct yj_queue_row **out,
                     size_t *n, struct yj_queue_counts *counts);
/* Find cases with the one search of yj_store_case_list (text): by case number
 * (check character verified: a mistyped number is -1 with the message), else by
 * ID number (exact) or name (substring). */
int yj_counter_search(struct yj_store *s, const char *text, struct yj_queue_row **out, size_t *n);
void yj_queue_rows_free(struct yj_queue_row *v, size_t n);
void yj_queue_rows_free_one(struct yj_queue_row *r);
/* yj_counter_queue one row at a time, as the rows are read (constant memory):
 * fn may take strings out of r (setting them NULL); the rest is freed after it
 * returns. A non-zero return from fn stops the walk and is returned; else 0, or
 * -1 with the message set. counts (may be NULL) is filled before the first row. */
int yj_counter_queue_each(struct yj_store *s, const struct yj_queue_filter *f,
                          struct yj_queue_counts *counts,
                          int (*fn)(struct yj_queue_row *r, void *ctx), void *ctx);

/* ---- the materials checklist --------------------------------------------- */

struct yj_check_row {
    const char *material_id;
    const char *label;      /* from the form files */
    const char *item_label; /* the item that asks for it */
    bool e_licence;         /* may be marked exempt by e-licence */
    char *state;            /* "seen", "exempt", "missing" or NULL (not ticked) */
    char *actor_id;
    char *at;
};

struct yj_checklist {
    struct yj_check_row *rows;
    size_t n;
};

/* The materials of case c by its plan (each once) with what was ticked. */
int yj_counter_checklist(struct yj_store *s, const struct yj_formset *set, const struct yj_case *c,
                         struct yj_checklist *out);
void yj_checklist_free(struct yj_checklist *cl);
/* Tick one material: "seen", "exempt" (only when it has an e-licence) or
 * "missing". */
int yj_counter_material(struct yj_store *s, const struct yj_formset *set, const char *case_no,
                        const char *material_id, const char *state, const struct yj_actor *who);

/* ---- actions -------------------------------------------------------------- */

/* 受理: every material of the checklist seen or exempt; pending and returned
 * items become accepted (a returned item is reopened: the citizen brought what
 * was missing). */
int yj_counter_accept(struct yj_store *s, const struct yj_formset *set, const char *case_no,
                      const struct yj_actor *who);

struct yj_return_reason {
    const char *material_id; /* NULL: a reason not tied to one material */
    const char *reason;
};
/* 补正: return for missing materials with the reasons (at least one); the
 * materials named are marked missing. */
int yj_counter_return(struct yj_store *s, const char *case_no, const struct yj_return_reason *r,
                      size_t n, const struct yj_actor *who);
/* The reasons of the latest return of a case. */
int yj_counter_return_reasons(struct yj_store *s, const char *case_no, char ***reasons,
                              char ***materials, size_t *n);

/* Record an item's result: done (text = certificate number) or returned (text =
 * the reason), through yj_store_item_result. Done needs the item's predecessors
 * done. The case follows its items: returned while any item is returned, done
 * when every item is. */
int yj_counter_item_result(struct yj_store *s, const struct yj_formset *set, const char *case_no,
                           const char *item_id, bool done, const char *text,
                           const struct yj_actor *who);
/* 出件: hand out the results and close (case must be done). */
int yj_counter_handout(struct yj_store *s, const char *case_no, const char *note,
                       const struct yj_actor *who);
/* Edit the answers (the plan must accept them) with the reason recorded. */
int yj_counter_edit(struct yj_store *s, const struct yj_formset *set, const char *case_no,
                    const struct yj_answers *a, const char *reason, const struct yj_actor *who);

/* Audit rows of a case, oldest first. */
struct yj_audit_row {
    char *at, *actor_kind, *actor_id, *action, *detail;
};
int yj_counter_audit(struct yj_store *s, const char *case_no, struct yj_audit_row **out, size_t *n);
void yj_audit_rows_free(struct yj_audit_row *v, size_t n);

/* Readiness of each item of c under the form set's depends_on
 * (enum yj_ready values, core/readiness.h) into ready[c->nitems]. */
void yj_counter_readiness(const struct yj_formset *set, const struct yj_case *c, int *ready);

/* ---- statistics ----------------------------------------------------------- */

struct yj_stat_row {
    char period[11]; /* the day, or the Monday of the week (local dates) */
    char *thing;
    char *status;
    long count;
};

struct yj_overdue_row {
    char *case_no, *thing, *item_id, *dept_id, *status, *due_date;
    long days_over; /* calendar days past the due date */
};

struct yj_stats {
    struct yj_stat_row *rows;
    size_t n;
    long total;           /* cases submitted in the period */
    long closed;          /* of them, closed */
    double avg_close_s;   /* average seconds from submit to close (0 when none) */
    long max_close_s;     /* the longest */
    char *max_close_case; /* which case took longest, or NULL */
    struct yj_overdue_row *overdue;
    size_t noverdue;
};

/* Cases submitted from..to (local dates, inclusive; NULL: unbounded) by period
 * (day, or ISO week when week), thing and current status; close times; items of
 * open cases past their due date as of today (NULL: yj_today()). */
int yj_counter_stats(struct yj_store *s, const char *from, const char *to, bool week,
                     const char *today, struct yj_stats *out);
void yj_stats_free(struct yj_stats *st);
/* The statistics as CSV (RFC 4180, UTF-8) appended to out: the table, then the
 * close times, then the overdue items. */
void yj_stats_csv(const struct yj_stats *st, struct yj_buf *out);

#endif
